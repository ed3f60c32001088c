//! `spawn_app()` and typed helpers: people, requests, live sockets.

use crate::socket;
pub use crate::socket::Socket;
use meetcute_server::{Config, Server};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct TestApp {
    pub server: Option<Server>,
    pub config: Config,
    pub url: String,
    pub client: reqwest::Client,
    /// The first instance on a database drops it at the end; the others leave it.
    owns_database: bool,
}

/// Someone with an account and, unless they [`Person::go_offline`], the app open: a socket of
/// theirs stays connected (reconnecting after a restart), so calls to them ring.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: i64,
    pub token: String,
    app_open: AppOpen,
}

#[derive(Debug, Clone, Default)]
struct AppOpen(Arc<Mutex<Option<tokio::task::JoinHandle<()>>>>);

impl Person {
    /// Closes the app: the background socket goes, and the server has seen it go on return.
    pub async fn go_offline(&self) {
        let task = self.app_open.0.lock().unwrap().take();
        if let Some(task) = task {
            task.abort();
            let _ = task.await;
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_with(Config::for_tests()).await
}

pub async fn spawn_with(config: Config) -> TestApp {
    let server = Server::start(config.clone()).await.expect("server starts");
    let url = server.url();
    TestApp {
        server: Some(server),
        config,
        url,
        client: reqwest::Client::new(),
        owns_database: true,
    }
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A test's PostgreSQL database is dropped with it (on a thread of its own: `Drop` cannot wait).
impl Drop for TestApp {
    fn drop(&mut self) {
        let Some(url) = self
            .config
            .database_url
            .clone()
            .filter(|_| self.owns_database)
        else {
            return;
        };
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(meetcute_server::config::drop_test_database(&url))
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(error)) => eprintln!("the test database was not dropped: {error:#}"),
            Err(_) => eprintln!("dropping the test database panicked"),
        }
    }
}

impl TestApp {
    /// Requests to a server run elsewhere (another process) on this app's database.
    pub fn elsewhere(&self, url: String) -> TestApp {
        TestApp {
            server: None,
            config: self.config.clone(),
            url,
            client: reqwest::Client::new(),
            owns_database: false,
        }
    }

    /// Another instance of the server on the same database, on a port of its own.
    pub async fn another_instance(&self) -> TestApp {
        let mut config = self.config.clone();
        config.listen = "127.0.0.1:0".parse().unwrap();
        let mut other = spawn_with(config).await;
        other.owns_database = false;
        other
    }

    /// Stops the server and starts it again on the same database file and port.
    pub async fn restart(&mut self) {
        let server = self.server.take().expect("running");
        let addr = server.addr();
        server.shutdown().await;
        self.config.listen = addr;
        let server = Server::start(self.config.clone())
            .await
            .expect("server restarts");
        self.url = server.url();
        self.server = Some(server);
    }

    pub async fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.client.request(method, format!("{}{path}", self.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let text = response.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, value)
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.request("GET", path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.request("POST", path, Some(token), Some(body)).await
    }

    pub async fn register_as(
        &self,
        name: &str,
        gender: &str,
        into: &[&str],
        interests: &[&str],
    ) -> Person {
        let email = format!(
            "{name}{}@test.meetcute.app",
            NEXT.fetch_add(1, Ordering::Relaxed)
        )
        .to_lowercase();
        let (status, body) = self
            .request(
                "POST",
                "/api/auth/register",
                None,
                Some(json!({
                    "email": email, "password": "correct horse", "display_name": name,
                    "birthdate": "1994-05-06", "gender": gender, "interested_in": into, "device_name": "test"
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let token = body["token"].as_str().unwrap().to_owned();
        if !interests.is_empty() {
            let (status, body) = self
                .request(
                    "PUT",
                    "/api/me/profile",
                    Some(&token),
                    Some(json!({ "display_name": name, "interests": interests })),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let person = Person {
            id: body["user"]["id"].as_i64().unwrap(),
            token,
            app_open: AppOpen::default(),
        };
        self.open_app(&person).await;
        person
    }

    /// A socket of `person` that stays connected until they go offline; returns once it is ready.
    pub async fn open_app(&self, person: &Person) {
        let socket = self.socket(person).await;
        let (url, token) = (self.url.clone(), person.token.clone());
        let task = tokio::spawn(async move {
            let mut current = Some(socket);
            loop {
                if let Some(mut open) = current.take() {
                    while open.next_within(Duration::from_secs(3600)).await.is_some() {}
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                current = socket::connect(&url, &token).await;
            }
        });
        if let Some(old) = person.app_open.0.lock().unwrap().replace(task) {
            old.abort();
        }
    }

    /// Ana and Ben, into each other, with a proposed match between them.
    pub async fn proposed_pair(&self) -> (Person, Person, i64) {
        let ana = self
            .register_as("Ana", "woman", &["man"], &["jazz", "hiking"])
            .await;
        let ben = self.register_as("Ben", "man", &["woman"], &["jazz"]).await;
        let match_id = self.match_between(&ana, &ben).await;
        (ana, ben, match_id)
    }

    /// `viewer`'s view of their match `match_id`, from `GET /api/matches`.
    pub async fn view_of(&self, viewer: &Person, match_id: i64) -> Value {
        let (status, list) = self.get("/api/matches", &viewer.token).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        list["matches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == match_id)
            .cloned()
            .unwrap_or_else(|| panic!("no match {match_id}: {list}"))
    }

    pub async fn match_between(&self, one: &Person, other: &Person) -> i64 {
        let (status, body) = self
            .post("/api/matches/discover", &one.token, json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, list) = self.get("/api/matches", &one.token).await;
        list["matches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["peer"]["id"] == other.id)
            .unwrap_or_else(|| panic!("no match with {other:?}: {list}"))["id"]
            .as_i64()
            .unwrap()
    }

    pub async fn start_call(&self, who: &Person, match_id: i64) -> (StatusCode, Value) {
        self.post(
            "/api/video/start-call",
            &who.token,
            json!({ "match_id": match_id }),
        )
        .await
    }

    pub async fn session_action(
        &self,
        who: &Person,
        session: &str,
        action: &str,
    ) -> (StatusCode, Value) {
        self.post(
            &format!("/api/video/{session}/{action}"),
            &who.token,
            json!({}),
        )
        .await
    }

    pub async fn decide(&self, who: &Person, match_id: i64, decision: &str) -> (StatusCode, Value) {
        self.post(
            &format!("/api/matches/{match_id}/decision"),
            &who.token,
            json!({ "decision": decision }),
        )
        .await
    }

    pub async fn history(&self, who: &Person, match_id: i64) -> (StatusCode, Value) {
        self.get(&format!("/api/video/call-history/{match_id}"), &who.token)
            .await
    }

    /// A completed first call: Ana calls, Ben accepts, Ana hangs up.
    pub async fn first_call_completed(&self, ana: &Person, ben: &Person, match_id: i64) -> String {
        let (status, call) = self.start_call(ana, match_id).await;
        assert_eq!(status, StatusCode::OK, "{call}");
        let session = call["session_id"].as_str().unwrap().to_owned();
        assert_eq!(
            self.session_action(ben, &session, "accept").await.0,
            StatusCode::OK
        );
        let (status, ended) = self.session_action(ana, &session, "end").await;
        assert_eq!(
            (status, ended["status"].as_str()),
            (StatusCode::OK, Some("completed"))
        );
        session
    }

    pub async fn socket(&self, who: &Person) -> Socket {
        socket::connect(&self.url, &who.token)
            .await
            .expect("socket connects")
    }
}

pub fn assert_error(status: StatusCode, body: &Value, expected_status: u16, code: &str) {
    assert_eq!(status.as_u16(), expected_status, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}
