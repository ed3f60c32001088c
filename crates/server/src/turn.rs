//! ICE servers for a call: STUN as configured, TURN with coturn REST-API credentials
//! (username `expiry:user`, credential base64(HMAC-SHA1(secret, username))), never built into the app.

use base64::Engine;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use meetcute_domain::UserId;
use meetcute_domain::wire::IceServer;
use sha1::Sha1;

use crate::config::Config;

/// The ICE servers `user` may use for a call started at `now`.
pub fn ice_servers(config: &Config, user: UserId, now: DateTime<Utc>) -> Vec<IceServer> {
    let mut servers = Vec::new();
    if !config.ice_urls.is_empty() {
        servers.push(IceServer {
            urls: config.ice_urls.clone(),
            username: None,
            credential: None,
        });
    }
    if let (false, Some(secret)) = (config.turn_urls.is_empty(), config.turn_secret.as_deref()) {
        let expiry = now.timestamp() + i64::from(config.turn_ttl_secs);
        let (username, credential) = turn_credentials(secret, expiry, user);
        servers.push(IceServer {
            urls: config.turn_urls.clone(),
            username: Some(username),
            credential: Some(credential),
        });
    }
    servers
}

/// coturn's `use-auth-secret` scheme.
pub fn turn_credentials(secret: &str, expiry_unix: i64, user: UserId) -> (String, String) {
    let username = format!("{expiry_unix}:{user}");
    let mut mac =
        <Hmac<Sha1> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(username.as_bytes());
    let credential = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    (username, credential)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_coturn_reference_computation() {
        // echo -n "1700000000:7" | openssl dgst -sha1 -hmac "north" -binary | base64
        let (username, credential) = turn_credentials("north", 1_700_000_000, UserId(7));
        assert_eq!(username, "1700000000:7");
        assert_eq!(credential, "PPWz7PpRwxKwGzZCJzS+CZ2BJhk=");
    }
}
