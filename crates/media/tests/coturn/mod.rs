//! A throwaway `coturn` (Debian package `coturn`) for tests: the REST-API shared-secret
//! scheme, killed when the guard drops.
//!
//! Why it does not listen on 127.0.0.1: libnice (webrtcbin's ICE agent) never gathers on
//! loopback interfaces, and binds each host socket to its interface (`IP_UNICAST_IF`), so
//! its TURN requests to 127.0.0.1 leave through eth0 and are lost. The server therefore
//! listens (UDP only) on the machine's own primary IPv4 address, which libnice's host
//! candidate reaches locally; relayed addresses stay on 127.0.0.1, and relaying is
//! allowed to 127.0.0.1 peers only. The port is random and every request needs
//! credentials made from a random secret, for the few seconds a test runs.
//!
//! It reads no config file (`-n`: Debian's `/etc/turnserver.conf` sends the log to
//! syslog), keeps its SQLite file and pid file in its own temporary directory, and
//! logs verbosely to a file there (`log()`), so a test can see allocations succeed.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::net::{IpAddr, Ipv4Addr, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where the Debian package installs the server.
pub const TURNSERVER: &str = "/usr/bin/turnserver";

/// The realm the server is started with.
pub const REALM: &str = "meetcute.test";

/// A running `turnserver`; dropping it kills the process and removes its files.
pub struct Coturn {
    child: Child,
    dir: tempfile::TempDir,
    /// The address it listens on (see the module notes).
    pub ip: Ipv4Addr,
    /// The UDP listening port.
    pub port: u16,
    /// The `static-auth-secret` it checks credentials with.
    pub secret: String,
}

impl Coturn {
    /// Whether the server binary is installed.
    pub fn available() -> bool {
        Path::new(TURNSERVER).is_file()
    }

    /// Starts a server on a free port of `ip` and waits until it answers STUN.
    pub fn start(ip: Ipv4Addr) -> Result<Coturn, String> {
        let mut last_error = String::new();
        // A free port can be taken between the probe and coturn's bind: try a few.
        for _ in 0..3 {
            match Self::start_once(ip) {
                Ok(c) => return Ok(c),
                Err(e) => {
                    tracing::warn!(error = %e, "coturn did not come up, retrying");
                    last_error = e;
                }
            }
        }
        Err(last_error)
    }

    fn start_once(ip: Ipv4Addr) -> Result<Coturn, String> {
        let dir = tempfile::Builder::new()
            .prefix("meetcute-coturn-")
            .tempdir()
            .map_err(|e| format!("temp dir: {e}"))?;
        let log = std::fs::File::create(dir.path().join("turn.log"))
            .map_err(|e| format!("log file: {e}"))?;
        let port = free_udp_port(ip)?;
        let secret = random_secret();
        let path = |name: &str| dir.path().join(name).display().to_string();
        let child = Command::new(TURNSERVER)
            .arg("-n")
            .arg(format!("--listening-ip={ip}"))
            .arg(format!("--listening-port={port}"))
            .args([
                "--no-tcp",
                "--no-tls",
                "--no-dtls",
                "--no-cli",
                "--no-tcp-relay",
            ])
            .arg("--relay-ip=127.0.0.1")
            .args([
                "--use-auth-secret",
                &format!("--static-auth-secret={secret}"),
            ])
            .arg(format!("--realm={REALM}"))
            // Both peers' relayed addresses are on 127.0.0.1, which coturn refuses by
            // default; allow those and nothing else.
            .arg("--allow-loopback-peers")
            .arg("--denied-peer-ip=0.0.0.0-255.255.255.255")
            .arg("--allowed-peer-ip=127.0.0.1")
            .arg(format!("--userdb={}", path("turndb")))
            .arg(format!("--pidfile={}", path("turnserver.pid")))
            .args(["--log-file=stdout", "--simple-log", "--verbose"])
            .stdin(Stdio::null())
            .stdout(Stdio::from(
                log.try_clone().map_err(|e| format!("log file: {e}"))?,
            ))
            .stderr(Stdio::from(log))
            .spawn()
            .map_err(|e| format!("spawning {TURNSERVER}: {e}"))?;
        let mut coturn = Coturn {
            child,
            dir,
            ip,
            port,
            secret,
        };
        coturn.wait_until_listening(Duration::from_secs(10))?;
        tracing::info!(%ip, port, pid = coturn.child.id(), "coturn is listening");
        Ok(coturn)
    }

    /// The TURN URL as the server hands it to clients.
    pub fn turn_url(&self) -> String {
        format!("turn:{}:{}?transport=udp", self.ip, self.port)
    }

    /// Everything the server logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// The last lines of the log, for error messages.
    pub fn log_tail(&self) -> String {
        let log = self.log();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("turn.log")
    }

    /// Sends STUN Binding requests until one is answered, the server exits, or time runs out.
    fn wait_until_listening(&mut self, timeout: Duration) -> Result<(), String> {
        let socket = UdpSocket::bind((self.ip, 0)).map_err(|e| format!("probe socket: {e}"))?;
        socket
            .set_read_timeout(Some(Duration::from_millis(200)))
            .map_err(|e| format!("probe socket: {e}"))?;
        let request = binding_request();
        let deadline = Instant::now() + timeout;
        let mut buf = [0u8; 1500];
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "turnserver exited ({status}):\n{}",
                    self.log_tail()
                ));
            }
            if socket.send_to(&request, (self.ip, self.port)).is_ok()
                && let Ok((n, _)) = socket.recv_from(&mut buf)
                && is_binding_success(&buf[..n], &request)
            {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!(
            "turnserver did not answer STUN on {}:{} within {timeout:?}:\n{}",
            self.ip,
            self.port,
            self.log_tail()
        ))
    }
}

impl Drop for Coturn {
    fn drop(&mut self) {
        let pid = self.child.id();
        if let Err(e) = self.child.kill() {
            tracing::warn!(pid, error = %e, "could not kill turnserver");
        }
        let _ = self.child.wait();
        tracing::debug!(pid, log = %self.log_tail(), "turnserver stopped");
    }
}

/// The IPv4 address this machine would send from towards the outside (its primary
/// non-loopback address), found without sending anything; `None` without a route.
pub fn primary_ipv4() -> Option<Ipv4Addr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    // TEST-NET-3: connecting a UDP socket only picks the route.
    socket.connect((Ipv4Addr::new(203, 0, 113, 1), 9)).ok()?;
    match socket.local_addr().ok()?.ip() {
        IpAddr::V4(ip) if !ip.is_loopback() && !ip.is_unspecified() => Some(ip),
        _ => None,
    }
}

/// A UDP port that was free on `ip` a moment ago.
fn free_udp_port(ip: Ipv4Addr) -> Result<u16, String> {
    UdpSocket::bind((ip, 0))
        .and_then(|s| s.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("free port: {e}"))
}

/// 128 random bits, hex (std's per-process random hasher keys, no extra crate).
fn random_secret() -> String {
    let part = || {
        let mut h = RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.finish()
    };
    format!("{:016x}{:016x}", part(), part())
}

/// A STUN Binding request (RFC 5389): type 0x0001, no attributes, magic cookie, and a
/// transaction id.
fn binding_request() -> [u8; 20] {
    let mut msg = [0u8; 20];
    msg[..8].copy_from_slice(&[0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42]);
    msg[8..].copy_from_slice(&random_secret().as_bytes()[..12]);
    msg
}

/// A Binding success response (type 0x0101) to `request`'s transaction.
fn is_binding_success(response: &[u8], request: &[u8; 20]) -> bool {
    response.len() >= 20 && response[..2] == [0x01, 0x01] && response[8..20] == request[8..20]
}
