//! The desktop binary: straight into the library's `run()`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    meetcute_app_lib::run();
}
