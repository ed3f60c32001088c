//! A headless Chromium session through chromedriver.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::http::{request, request_within};

pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    profile: std::path::PathBuf,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with fake camera and microphone.
    pub fn start() -> Browser {
        let port = free_port();
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "chromedriver (apt: chromium chromium-driver; or MEETCUTE_SKIP_BROWSER_TESTS=1)",
            );
        let profile =
            std::env::temp_dir().join(format!("meetcute-chromium-{}-{port}", std::process::id()));
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            "--autoplay-policy=no-user-gesture-required",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args},
        }}});
        // From here on, Drop stops chromedriver whatever happens.
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            profile,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        // A request that reaches chromedriver while it starts may never be answered.
        while let Err(e) = request_within(port, "GET", "/status", None, Duration::from_secs(1)) {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not come up: {e}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let created = request(port, "POST", "/session", Some(&caps)).expect("a WebDriver session");
        browser.session = created["value"]["sessionId"]
            .as_str()
            .expect("session id")
            .to_owned();
        browser
    }

    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let v = request(self.port, method, &path, body).unwrap_or_else(|e| panic!("{path}: {e}"));
        if v["value"].get("error").is_some() {
            panic!("{path}: {}", v["value"]);
        }
        v["value"].clone()
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(&json!({ "url": url })));
    }

    /// Runs a synchronous script and returns its value.
    pub fn eval(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(&json!({ "script": script, "args": args })),
        )
    }

    /// Runs `body` as an async function (awaiting it); a thrown error fails the test.
    pub fn eval_async(&self, body: &str, args: Value) -> Value {
        let script = format!(
            "const done = arguments[arguments.length - 1];
             (async (...args) => {{ {body} }})(...Array.from(arguments).slice(0, -1))
               .then((v) => done({{ ok: v === undefined ? null : v }}), (e) => done({{ err: String(e) }}));"
        );
        let v = self.call(
            "POST",
            "/execute/async",
            Some(&json!({ "script": script, "args": args })),
        );
        if let Some(e) = v.get("err") {
            panic!("script failed: {e}");
        }
        v["ok"].clone()
    }

    /// Waits until `window.meetcute.ready` (the wasm module loaded).
    pub fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let v = self.eval("return window.meetcute ? [window.meetcute.ready, window.meetcute.error] : [false, null];", json!([]));
            assert!(v[1].is_null(), "page failed: {}", v[1]);
            if v[0] == json!(true) {
                return;
            }
            assert!(Instant::now() < deadline, "the test page did not load");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = request(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
