//! A TCP proxy between a core and the server, to cut the line without stopping the server:
//! drop every connection, refuse new ones, or let requests through but lose the answers.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct Proxy {
    pub addr: SocketAddr,
    state: Arc<State>,
}

struct State {
    upstream: SocketAddr,
    refuse: AtomicBool,
    drop_answers: AtomicBool,
    kill: watch::Sender<u64>,
}

impl Proxy {
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy binds");
        let addr = listener.local_addr().expect("proxy addr");
        let state = Arc::new(State {
            upstream,
            refuse: AtomicBool::new(false),
            drop_answers: AtomicBool::new(false),
            kill: watch::Sender::new(0),
        });
        let accept_state = state.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if accept_state.refuse.load(Ordering::SeqCst) {
                    continue; // dropped: the connection is closed at once
                }
                tokio::spawn(pipe(accept_state.clone(), client));
            }
        });
        Self { addr, state }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Closes every open connection (the live socket among them).
    pub fn cut(&self) {
        self.state.kill.send_modify(|g| *g += 1);
    }

    pub fn refuse(&self, refuse: bool) {
        self.state.refuse.store(refuse, Ordering::SeqCst);
    }

    /// Requests still reach the server, but the first bytes of any answer close the line.
    pub fn lose_answers(&self, lose: bool) {
        self.state.drop_answers.store(lose, Ordering::SeqCst);
    }
}

async fn pipe(state: Arc<State>, client: TcpStream) {
    let Ok(server) = TcpStream::connect(state.upstream).await else {
        return;
    };
    let mut killed = state.kill.subscribe();
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let upstream = tokio::io::copy(&mut client_read, &mut server_write);
    let downstream = async {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match server_read.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            if state.drop_answers.load(Ordering::SeqCst) {
                return;
            }
            if client_write.write_all(&buf[..n]).await.is_err() {
                return;
            }
        }
    };
    tokio::select! {
        _ = upstream => {}
        _ = downstream => {}
        _ = killed.changed() => {}
    }
}
