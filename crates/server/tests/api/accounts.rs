//! Accounts, tokens and profiles.

use crate::helpers::*;
use serde_json::json;

fn registration(email: &str) -> serde_json::Value {
    json!({ "email": email, "password": "correct horse", "display_name": "Ana", "birthdate": "1994-05-06",
            "gender": "woman", "interested_in": ["man"], "device_name": "laptop" })
}

#[tokio::test]
async fn register_login_logout() {
    let app = spawn_app().await;
    let (status, body) = app
        .request(
            "POST",
            "/api/auth/register",
            None,
            Some(registration("Ana@Example.com")),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["user"]["email"], "ana@example.com");
    assert!(body["token"].as_str().unwrap().len() >= 43, "256-bit token");

    let (status, body) = app
        .request(
            "POST",
            "/api/auth/register",
            None,
            Some(registration("ANA@example.com")),
        )
        .await;
    assert_error(status, &body, 409, "email_taken");

    let login =
        json!({ "email": "ana@EXAMPLE.com", "password": "correct horse", "device_name": "phone" });
    let (status, phone) = app
        .request("POST", "/api/auth/login", None, Some(login))
        .await;
    assert_eq!(status, 200, "{phone}");
    let phone = phone["token"].as_str().unwrap().to_owned();
    let wrong =
        json!({ "email": "ana@example.com", "password": "wrong horse", "device_name": "x" });
    let (status, body) = app
        .request("POST", "/api/auth/login", None, Some(wrong))
        .await;
    assert_error(status, &body, 401, "invalid_credentials");
    let unknown =
        json!({ "email": "nobody@example.com", "password": "wrong horse", "device_name": "x" });
    let (status, body) = app
        .request("POST", "/api/auth/login", None, Some(unknown))
        .await;
    assert_error(status, &body, 401, "invalid_credentials");

    assert_eq!(app.get("/api/me/profile", &phone).await.0, 200);
    assert_eq!(
        app.request("POST", "/api/auth/logout", Some(&phone), None)
            .await
            .0,
        204
    );
    let (status, body) = app.get("/api/me/profile", &phone).await;
    assert_error(status, &body, 401, "unauthorized");
}

#[tokio::test]
async fn a_logged_out_token_is_refused_at_once_and_other_devices_keep_working() {
    let app = spawn_app().await;
    let (status, laptop) = app
        .request(
            "POST",
            "/api/auth/register",
            None,
            Some(registration("two-devices@example.com")),
        )
        .await;
    assert_eq!(status, 201, "{laptop}");
    let laptop = laptop["token"].as_str().unwrap().to_owned();
    let login = json!({ "email": "two-devices@example.com", "password": "correct horse", "device_name": "phone" });
    let (status, phone) = app
        .request("POST", "/api/auth/login", None, Some(login))
        .await;
    assert_eq!(status, 200, "{phone}");
    let phone = phone["token"].as_str().unwrap().to_owned();
    for _ in 0..3 {
        // Both tokens are in use (and remembered by the server).
        assert_eq!(app.get("/api/me/profile", &phone).await.0, 200);
        assert_eq!(app.get("/api/me/profile", &laptop).await.0, 200);
    }
    assert_eq!(
        app.request("POST", "/api/auth/logout", Some(&phone), None)
            .await
            .0,
        204
    );
    for path in ["/api/me/profile", "/api/matches", "/api/sync?cursor=0"] {
        let (status, body) = app.get(path, &phone).await;
        assert_error(status, &body, 401, "unauthorized");
    }
    let (status, body) = app
        .request("POST", "/api/auth/logout", Some(&phone), None)
        .await;
    assert_error(status, &body, 401, "unauthorized");
    assert_eq!(app.get("/api/me/profile", &laptop).await.0, 200);
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited() {
    let mut config = meetcute_server::Config::for_tests();
    config.login_attempts_per_minute = 3;
    let app = spawn_with(config).await;
    let wrong =
        json!({ "email": "ana@example.com", "password": "wrong horse", "device_name": "x" });
    for _ in 0..3 {
        assert_eq!(
            app.request("POST", "/api/auth/login", None, Some(wrong.clone()))
                .await
                .0,
            401
        );
    }
    let (status, body) = app
        .request("POST", "/api/auth/login", None, Some(wrong))
        .await;
    assert_error(status, &body, 429, "rate_limited");
}

#[tokio::test]
async fn registration_values_are_validated() {
    let app = spawn_app().await;
    for (field, value) in [
        ("email", json!("not-an-email")),
        ("password", json!("short")),
        ("display_name", json!("   ")),
        ("birthdate", json!("2015-01-01")),
        ("interested_in", json!([])),
    ] {
        let mut body = registration("ok@example.com");
        body[field] = value;
        let (status, answer) = app
            .request("POST", "/api/auth/register", None, Some(body))
            .await;
        assert_error(status, &answer, 400, "validation");
        assert_eq!(answer["error"]["field"], field, "{answer}");
    }
    let mut body = registration("ok@example.com");
    body["gender"] = json!("robot");
    let (status, answer) = app
        .request("POST", "/api/auth/register", None, Some(body))
        .await;
    assert_error(status, &answer, 400, "invalid_json");
}

#[tokio::test]
async fn profile_edits_are_normalized_and_validated() {
    let app = spawn_app().await;
    let ana = app.register_as("Ana", "woman", &["man"], &[]).await;
    let edit = json!({ "display_name": " Ana ", "bio": "Hi!", "interests": ["Jazz", "jazz ", "Hiking"],
                       "age_min": 25, "age_max": 40, "city": "Lisbon" });
    let (status, profile) = app
        .request("PUT", "/api/me/profile", Some(&ana.token), Some(edit))
        .await;
    assert_eq!(status, 200, "{profile}");
    assert_eq!(profile["display_name"], "Ana");
    assert_eq!(profile["interests"], json!(["hiking", "jazz"]));
    assert_eq!(
        (profile["age_min"].as_u64(), profile["age_max"].as_u64()),
        (Some(25), Some(40))
    );
    let bad = json!({ "display_name": "Ana", "age_min": 50, "age_max": 30 });
    let (status, body) = app
        .request("PUT", "/api/me/profile", Some(&ana.token), Some(bad))
        .await;
    assert_error(status, &body, 400, "validation");
    assert_eq!(
        app.get("/api/me/profile", &ana.token).await.1["age_min"],
        25,
        "a refused edit changes nothing"
    );
}

#[tokio::test]
async fn sign_ups_are_rate_limited_per_address() {
    let mut config = meetcute_server::Config::for_tests();
    config.registrations_per_ip_per_hour = 2;
    let app = spawn_with(config).await;
    for n in 0..2 {
        let (status, body) = app
            .request(
                "POST",
                "/api/auth/register",
                None,
                Some(registration(&format!("person{n}@example.com"))),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let (status, body) = app
        .request(
            "POST",
            "/api/auth/register",
            None,
            Some(registration("third@example.com")),
        )
        .await;
    assert_error(status, &body, 429, "rate_limited");
}
