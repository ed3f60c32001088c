//! ICE servers from the start-call answer, turned into `webrtcbin`'s URI forms.
//!
//! Browsers take `stun:host:port` and `turn:host:port?transport=udp` plus a separate
//! username and credential; `webrtcbin` wants `stun://host:port` and
//! `turn://user:password@host:port?transport=udp` (user and password percent-encoded:
//! coturn's time-limited usernames contain `:`).

use meetcute_domain::wire::IceServer;

/// The `webrtcbin` settings derived from a list of ICE servers.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WebrtcbinIce {
    /// `stun-server` (webrtcbin takes one; the first STUN URL wins).
    pub stun: Option<String>,
    /// Each one for the `add-turn-server` action signal.
    pub turn: Vec<String>,
}

/// Converts the servers; URLs of an unknown scheme are skipped with a warning.
pub fn webrtcbin_ice(servers: &[IceServer]) -> WebrtcbinIce {
    let mut out = WebrtcbinIce::default();
    for server in servers {
        for url in &server.urls {
            let Some((scheme, rest)) = url.split_once(':') else {
                tracing::warn!(%url, "ICE server URL without a scheme, skipped");
                continue;
            };
            let rest = rest.trim_start_matches("//");
            match scheme {
                "stun" | "stuns" if out.stun.is_none() => {
                    out.stun = Some(format!("stun://{rest}"));
                }
                "stun" | "stuns" => {}
                "turn" | "turns" => {
                    let user = encode(server.username.as_deref().unwrap_or_default());
                    let pass = encode(server.credential.as_deref().unwrap_or_default());
                    out.turn.push(format!("{scheme}://{user}:{pass}@{rest}"));
                }
                _ => tracing::warn!(%url, "ICE server URL of an unknown scheme, skipped"),
            }
        }
    }
    out
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(urls: &[&str], user: Option<&str>, cred: Option<&str>) -> IceServer {
        IceServer {
            urls: urls.iter().map(|u| u.to_string()).collect(),
            username: user.map(str::to_owned),
            credential: cred.map(str::to_owned),
        }
    }

    #[test]
    fn stun_and_turn_urls_take_webrtcbin_form() {
        let ice = webrtcbin_ice(&[
            server(
                &["stun:stun.example.org:3478", "stun:second:3478"],
                None,
                None,
            ),
            server(
                &[
                    "turn:turn.example.org:3478?transport=udp",
                    "turns:turn.example.org:5349",
                ],
                Some("1700000000:42"),
                Some("a/b+c="),
            ),
        ]);
        assert_eq!(ice.stun.as_deref(), Some("stun://stun.example.org:3478"));
        assert_eq!(
            ice.turn,
            [
                "turn://1700000000%3A42:a%2Fb%2Bc%3D@turn.example.org:3478?transport=udp",
                "turns://1700000000%3A42:a%2Fb%2Bc%3D@turn.example.org:5349",
            ]
        );
    }

    #[test]
    fn unknown_schemes_and_empty_lists_give_nothing() {
        assert_eq!(webrtcbin_ice(&[]), WebrtcbinIce::default());
        assert_eq!(
            webrtcbin_ice(&[server(&["http://x", "nonsense"], None, None)]),
            WebrtcbinIce::default()
        );
    }
}
