//! Headless Chromium for the interop tests: the wasm test page built and served on
//! loopback, and a minimal WebDriver client for `/usr/bin/chromedriver` (std only).

#![allow(dead_code)]

mod http;
mod page;
mod webdriver;

pub use page::{PageServer, web_pkg};
pub use webdriver::Browser;

/// Whether the browser tests should run (they need `chromium chromium-driver`).
pub fn skip() -> bool {
    std::env::var("MEETCUTE_SKIP_BROWSER_TESTS").is_ok_and(|v| v == "1")
}
