//! The real server on a random port, a fresh database per test, real HTTP and WebSocket clients.

mod accounts;
mod authorization;
mod bad_input;
mod calls;
mod capacity;
mod concurrency;
mod helpers;
mod instances;
mod live_instances;
mod matches;
mod restart;
mod sync;
