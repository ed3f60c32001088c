//! The real server on a random port, a fresh database per test, real HTTP and WebSocket clients.

mod accounts;
mod authorization;
mod availability;
mod bad_input;
mod call_requests;
mod calls;
mod capacity;
mod concurrency;
mod helpers;
mod instances;
mod live_instances;
mod matches;
mod presence;
mod restart;
mod socket;
mod sync;
