//! Bad input on every endpoint: a JSON error with a 4xx, never a 5xx.

use crate::helpers::*;
use reqwest::header::CONTENT_TYPE;

#[tokio::test]
async fn every_endpoint_answers_bad_input_with_a_json_4xx() {
    let app = spawn_app().await;
    let (ana, _ben, match_id) = app.proposed_pair().await;
    let session = "7b0e4a8e-9a5e-4a57-a0c5-7a7f9a0d1e11";
    let json_endpoints = [
        ("POST", "/api/auth/register".to_owned()),
        ("POST", "/api/auth/login".to_owned()),
        ("PUT", "/api/me/profile".to_owned()),
        ("POST", format!("/api/matches/{match_id}/decision")),
        ("POST", format!("/api/matches/{match_id}/report")),
        ("POST", "/api/video/start-call".to_owned()),
    ];
    let bodies: [(&str, Vec<u8>); 6] = [
        ("malformed", b"{\"match_id\": ".to_vec()),
        ("empty", Vec::new()),
        (
            "wrong types",
            br#"{"match_id": "abc", "decision": 7, "email": 1}"#.to_vec(),
        ),
        (
            "unknown field",
            br#"{"match_id": 1, "decision": "like", "surprise": true}"#.to_vec(),
        ),
        ("array", b"[1, 2, 3]".to_vec()),
        (
            "huge",
            format!("{{\"x\": \"{}\"}}", "a".repeat(200_000)).into_bytes(),
        ),
    ];
    for (method, path) in &json_endpoints {
        for (what, body) in &bodies {
            let response = app
                .client
                .request(
                    reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                    format!("{}{path}", app.url),
                )
                .bearer_auth(&ana.token)
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let answer: serde_json::Value = response
                .json()
                .await
                .unwrap_or_else(|_| panic!("{method} {path} {what}: not JSON"));
            assert!(
                (400..500).contains(&status),
                "{method} {path} {what}: {status} {answer}"
            );
            assert!(
                answer["error"]["code"].is_string(),
                "{method} {path} {what}: {answer}"
            );
        }
    }

    let missing_type = app
        .client
        .post(format!("{}/api/video/start-call", app.url))
        .bearer_auth(&ana.token)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(missing_type.status(), 400);

    for path in [
        "/api/video/not-a-uuid/accept".to_owned(),
        "/api/video/call-history/abc".to_owned(),
        "/api/matches/12abc/decision".to_owned(),
        "/api/matches/99999999999999999999999/block".to_owned(),
        "/api/sync?cursor=banana".to_owned(),
        "/api/sync?cursor=-5".to_owned(),
        format!("/api/video/{session}/accept"),
        "/api/nothing-here".to_owned(),
    ] {
        let method =
            if path.contains("sync") || path.contains("history") || path.contains("nothing") {
                "GET"
            } else {
                "POST"
            };
        let (status, answer) = app.request(method, &path, Some(&ana.token), None).await;
        assert!(
            (400..500).contains(&status.as_u16()),
            "{path}: {status} {answer}"
        );
        assert!(answer["error"]["code"].is_string(), "{path}: {answer}");
    }

    for token in ["garbage", "", "Bearer", &"x".repeat(5000)] {
        let (status, answer) = app.request("GET", "/api/matches", Some(token), None).await;
        assert_error(status, &answer, 401, "unauthorized");
    }
    let (status, answer) = app.request("GET", "/api/matches", None, None).await;
    assert_error(status, &answer, 401, "unauthorized");
    let (status, answer) = app
        .request("DELETE", "/api/matches", Some(&ana.token), None)
        .await;
    assert_eq!(status.as_u16(), 405, "{answer}");
    assert!(answer["error"]["code"].is_string());
}

#[tokio::test]
async fn health_metrics_and_openapi_answer() {
    let app = spawn_app().await;
    let (status, health) = app.request("GET", "/healthz", None, None).await;
    assert_eq!(
        (status.as_u16(), health["status"].as_str()),
        (200, Some("ok"))
    );
    let (ana, _, match_id) = app.proposed_pair().await;
    app.start_call(&ana, match_id).await;
    let metrics = app
        .client
        .get(format!("{}/metrics", app.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("meetcute_calls_started_total 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("meetcute_http_requests_total"),
        "{metrics}"
    );
    let (status, doc) = app.request("GET", "/api/openapi.json", None, None).await;
    assert_eq!(status, 200);
    let history = &doc["paths"]["/api/video/call-history/{match_id}"]["get"];
    assert_eq!(
        history["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/CallHistory"
    );
    let schema = &doc["components"]["schemas"]["CallHistoryEntry"]["properties"];
    for field in [
        "session_id",
        "duration_minutes",
        "duration_seconds",
        "initiated_by",
    ] {
        assert!(
            schema[field].is_object(),
            "{field} missing from the generated schema: {schema}"
        );
    }
}
