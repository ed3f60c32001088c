//! meetcute-core against the real meetcute-server (in-process, random port, fresh databases).

mod account;
mod bad_server;
mod helpers;
mod offline;
mod proxy;
mod queued;
mod reaching;
mod reconnect;
mod story;
