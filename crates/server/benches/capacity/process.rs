//! The server under measure, as a process of its own: started, read from /proc, interrupted.

use std::process::{Child, Command, Stdio};

pub struct Process {
    child: Child,
    pub url: String,
}

impl Process {
    pub fn start(database_url: &str, port: u16, sockets: usize) -> Process {
        let child = Command::new(env!("CARGO_BIN_EXE_meetcute-server"))
            .args([
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--database-url",
                database_url,
            ])
            .args(["--max-sockets", &(sockets + 1_000).to_string()])
            .args(["--registrations-per-ip-per-hour", "1000000"])
            .args(["--login-attempts-per-minute", "1000000"])
            .args(["--reconnect-spread-secs", "10"])
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .spawn()
            .expect("the server binary");
        Process {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    /// Resident memory, KiB.
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    /// CPU time used so far (user + system), in clock ticks of 10 ms.
    pub fn cpu_ticks(&self) -> u64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        let fields: Vec<&str> = stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        let field = |i: usize| {
            fields
                .get(i)
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        field(11) + field(12)
    }

    /// Asks it to stop as Ctrl-C would: it says goodbye to every socket.
    pub fn interrupt(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
