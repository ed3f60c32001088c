//! The wasm test page: built once per test run, served from loopback.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `meetcute-media-web` built for wasm32 and bound by wasm-bindgen (`--target web`).
/// `MEETCUTE_WEB_PKG` may point at a prebuilt pkg directory instead.
pub fn web_pkg() -> PathBuf {
    static PKG: OnceLock<PathBuf> = OnceLock::new();
    PKG.get_or_init(|| {
        if let Ok(dir) = std::env::var("MEETCUTE_WEB_PKG") {
            return PathBuf::from(dir);
        }
        let target = std::env::var("CARGO_TARGET_DIR")
            .map_or_else(|_| workspace().join("target"), PathBuf::from)
            .join("media-web-wasm");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args([
                "build",
                "-p",
                "meetcute-media-web",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .env("CARGO_TARGET_DIR", &target)
            .current_dir(workspace())
            .status()
            .expect("cargo runs");
        assert!(
            status.success(),
            "building meetcute-media-web for wasm32 failed"
        );
        let wasm = target.join("wasm32-unknown-unknown/debug/meetcute_media_web.wasm");
        let pkg = target.join("pkg");
        let status = Command::new("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(&pkg)
            .arg(&wasm)
            .status()
            .expect("wasm-bindgen-cli (same version as wasm-bindgen in Cargo.lock)");
        assert!(status.success(), "wasm-bindgen failed");
        pkg
    })
    .clone()
}

/// A static file server for the test page (`/` and `/page.js`) and its `/pkg/`.
pub struct PageServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl PageServer {
    pub fn start(pkg: PathBuf) -> PageServer {
        let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("../media-web/testpage");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    serve(stream, &page, &pkg);
                }
            }
        });
        PageServer {
            port,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://localhost:{}/", self.port)
    }
}

fn serve(mut stream: TcpStream, page: &Path, pkg: &Path) {
    let mut line = String::new();
    if BufReader::new(&stream).read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let file = match path {
        "/" => page.join("index.html"),
        p if p.starts_with("/pkg/") && !p.contains("..") => pkg.join(&p[5..]),
        p if !p.contains("..") => page.join(p.trim_start_matches('/')),
        _ => PathBuf::new(),
    };
    let mime = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    };
    let response = match std::fs::read(&file) {
        Ok(body) => {
            let head = format!(
                "HTTP/1.0 200 OK\r\nContent-Type: {mime}\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            [head.into_bytes(), body].concat()
        }
        Err(_) => b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n".to_vec(),
    };
    let _ = stream.write_all(&response);
}

impl Drop for PageServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
