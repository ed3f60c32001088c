//! The load's people: registered, proposed to each other and matched (first call, both like), with
//! the callee's app open (a socket), since a call to someone with no socket anywhere rings nobody.

use super::call;
use reqwest::Client;
use serde_json::{Value, json};

pub struct Person {
    pub id: i64,
    pub token: String,
}

pub async fn register(
    client: &Client,
    url: &str,
    name: &str,
    gender: &str,
    into: &str,
    tag: &str,
) -> Person {
    let body = json!({ "email": format!("{name}@bench.meetcute.app"), "password": "bench-password",
        "display_name": name, "birthdate": "1990-01-01", "gender": gender, "interested_in": [into], "device_name": "bench" });
    let answer: Value = client
        .post(format!("{url}/api/auth/register"))
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let person = Person {
        id: answer["user"]["id"].as_i64().unwrap(),
        token: answer["token"].as_str().unwrap().into(),
    };
    call(client, url, &person.token, "/api/me/profile", None).await;
    let profile = json!({ "display_name": name, "interests": [tag] });
    client
        .put(format!("{url}/api/me/profile"))
        .bearer_auth(&person.token)
        .json(&profile)
        .send()
        .await
        .unwrap();
    person
}

/// A mutual match between the pair: discover, first call, both like.
pub async fn mutual_pair(client: &Client, url: &str, i: usize) -> (Person, Person, i64) {
    let tag = format!("pair{i}");
    let a = register(client, url, &format!("a{i}"), "woman", "man", &tag).await;
    let b = register(client, url, &format!("b{i}"), "man", "woman", &tag).await;
    keep_online(url, &b).await;
    let found = call(
        client,
        url,
        &a.token,
        "/api/matches/discover",
        Some(json!({})),
    )
    .await;
    let match_id = found["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["peer"]["id"] == b.id)
        .expect("pair proposed")["id"]
        .as_i64()
        .unwrap();
    let session = call(
        client,
        url,
        &a.token,
        "/api/video/start-call",
        Some(json!({ "match_id": match_id })),
    )
    .await;
    let id = session["session_id"].as_str().unwrap().to_owned();
    call(
        client,
        url,
        &b.token,
        &format!("/api/video/{id}/accept"),
        Some(json!({})),
    )
    .await;
    call(
        client,
        url,
        &a.token,
        &format!("/api/video/{id}/end"),
        Some(json!({})),
    )
    .await;
    for p in [&a, &b] {
        call(
            client,
            url,
            &p.token,
            &format!("/api/matches/{match_id}/decision"),
            Some(json!({ "decision": "like" })),
        )
        .await;
    }
    (a, b, match_id)
}

/// A socket of `person` on `url`, read and dropped until the server goes: a call to someone with
/// no socket anywhere rings nobody (`peer_offline`).
async fn keep_online(url: &str, person: &Person) {
    use futures::StreamExt;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let ws = format!("{}/api/ws", url.replacen("http", "ws", 1));
    let mut request = ws.into_client_request().unwrap();
    let bearer = format!("Bearer {}", person.token).parse().unwrap();
    request.headers_mut().insert("Authorization", bearer);
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    // "ready": the server has registered the socket.
    socket.next().await;
    tokio::spawn(async move { while let Some(Ok(_)) = socket.next().await {} });
}
