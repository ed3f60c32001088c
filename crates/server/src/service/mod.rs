//! What the server does, apart from how it is asked (HTTP, WebSocket, timers).

pub mod accounts;
pub mod availability;
pub mod call_requests;
pub mod calls;
pub mod demo;
pub mod matches;
pub mod matchmaking;
pub mod notices;
pub mod presence;
pub mod views;
