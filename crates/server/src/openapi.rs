//! `GET /api/openapi.json`: the OpenAPI document of the HTTP API.

use axum::Json;
use serde_json::{Value, json};

/// The paths and their answers; payload schemas are those of `meetcute_domain::wire`.
pub async fn document() -> Json<Value> {
    let error = json!({ "$ref": "#/components/schemas/Error" });
    let op = |summary: &str, auth: bool| {
        let mut operation = json!({
            "summary": summary,
            "responses": {
                "200": { "description": "OK" },
                "4XX": { "description": "Refused", "content": { "application/json": { "schema": error.clone() } } }
            }
        });
        if auth {
            operation["security"] = json!([{ "bearer": [] }]);
        }
        operation
    };
    Json(json!({
        "openapi": "3.1.0",
        "info": { "title": "Meetcute API", "version": env!("CARGO_PKG_VERSION") },
        "paths": {
            "/api/auth/register": { "post": op("Create an account; returns a device token", false) },
            "/api/auth/login": { "post": op("Sign in on a device; returns a device token", false) },
            "/api/auth/logout": { "post": op("Revoke this device's token", true) },
            "/api/me/profile": { "get": op("My profile", true), "put": op("Edit my profile", true) },
            "/api/matches": { "get": op("My matches", true) },
            "/api/matches/discover": { "post": op("Propose new matches", true) },
            "/api/matches/{id}/decision": { "post": op("Like or pass (Idempotency-Key)", true) },
            "/api/matches/{id}/unmatch": { "post": op("Unmatch a mutual match", true) },
            "/api/matches/{id}/block": { "post": op("Block", true) },
            "/api/matches/{id}/report": { "post": op("Report (and block)", true) },
            "/api/video/start-call": { "post": op("Start (or rejoin) a call", true) },
            "/api/video/{session_id}/accept": { "post": op("Accept a ringing call", true) },
            "/api/video/{session_id}/decline": { "post": op("Decline a ringing call", true) },
            "/api/video/{session_id}/end": { "post": op("Hang up", true) },
            "/api/video/call-history/{match_id}": { "get": op("Call history of a match", true) },
            "/api/sync": { "get": op("Everything of mine changed after a cursor", true) },
            "/api/ws": { "get": op("Live socket (WebSocket)", true) },
            "/healthz": { "get": op("Liveness", false) },
            "/metrics": { "get": op("Prometheus metrics", false) }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": { "error": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": {
                            "code": { "type": "string" },
                            "message": { "type": "string" },
                            "field": { "type": "string" }
                        }
                    } }
                }
            }
        }
    }))
}
