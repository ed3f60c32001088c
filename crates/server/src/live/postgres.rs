//! Live events between instances over PostgreSQL `LISTEN/NOTIFY`.
//!
//! A notification is sent at the commit of the transaction that issued it, and PostgreSQL takes one
//! lock for the whole server at every such commit, to keep its queue in commit order. So no data
//! write ever notifies: services publish after their commit, and one publisher task per instance
//! batches whatever is pending into one short transaction of its own (`synchronous_commit = off`:
//! a lost notification is healed by sync, nothing lives only on the socket). The lock is then taken
//! by a few small transactions a second per instance, never by the writers.
//!
//! A payload holds events for people (`{"u": id, "m": message}`), up to PostgreSQL's 8,000 bytes; a
//! larger message is stored in `live_payloads` and travels as `{"u": id, "r": row}`. Every instance
//! listens and delivers to the sockets it holds; its own notifications it skips (it delivered them
//! at once). The same path tells other instances of revoked tokens, and the publisher keeps this
//! instance's row in `live_presence` for each person connected here.

use super::local::InProcess;
use super::{Broadcaster, Subscription};
use crate::shutdown::Shutdown;
use crate::token_cache::{TokenCache, TokenDigest};
use futures::future::BoxFuture;
use meetcute_domain::UserId;
use meetcute_domain::wire::ServerMessage;
use serde::{Deserialize, Serialize};
use sqlx::postgres::{PgConnectOptions, PgListener};
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use uuid::Uuid;

const CHANNEL: &str = "meetcute_live";
/// PostgreSQL refuses payloads of 8,000 bytes or more.
const MAX_PAYLOAD: usize = 7_900;
/// Events sent in one transaction at most.
const MAX_BATCH: usize = 512;
/// An instance refreshes its row this often; one not seen for [`PRESENCE_TTL_SECS`] is gone, and
/// so are the people it had.
const HEARTBEAT: Duration = Duration::from_secs(2);
const PRESENCE_TTL_SECS: i64 = 10;
/// A failed publisher connection is opened again after this long.
const RECONNECT_AFTER: Duration = Duration::from_millis(200);

/// What one instance tells the others.
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum Event {
    Message { u: i64, m: Box<ServerMessage> },
    Reference { u: i64, r: i64 },
    TokenRevoked { t: TokenDigest },
}

/// A notification as read: `{"i": sending instance, "e": [event, …]}` (written by [`payload`]; the
/// listener skips its own by the instance prefix, so only the events are read here).
#[derive(Deserialize)]
struct Payload {
    e: Vec<Event>,
}

/// Waiting for the publisher.
enum Outgoing {
    Event(Event),
    Presence(UserId, bool),
}

/// The sockets of this instance, plus every other instance's over PostgreSQL.
pub struct PgNotify {
    local: InProcess,
    instance: Uuid,
    outbox: mpsc::UnboundedSender<Outgoing>,
    pool: PgPool,
}

impl PgNotify {
    /// Registers this instance, starts its listener and its publisher; both stop at `shutdown`.
    pub async fn start(
        pool: PgPool,
        tokens: Arc<TokenCache>,
        shutdown: Shutdown,
    ) -> anyhow::Result<Self> {
        let instance = Uuid::new_v4();
        sqlx::query("INSERT INTO live_instances (id, seen_at) VALUES ($1, now())")
            .bind(instance)
            .execute(&pool)
            .await?;
        let (outbox, pending) = mpsc::unbounded_channel();
        let presence = outbox.clone();
        let local = InProcess::with_presence_hook(Box::new(move |user, online| {
            let _ = presence.send(Outgoing::Presence(user, online));
        }));
        let mut listener = PgListener::connect_with(&pool).await?;
        listener.listen(CHANNEL).await?;
        tokio::spawn(listen(
            listener,
            pool.clone(),
            local.clone(),
            tokens,
            instance,
            shutdown.clone(),
        ));
        let options = (*pool.connect_options()).clone();
        tokio::spawn(publish(options, pending, instance, shutdown));
        Ok(Self {
            local,
            instance,
            outbox,
            pool,
        })
    }
}

impl Broadcaster for PgNotify {
    fn publish(&self, user: UserId, message: ServerMessage) {
        self.local.publish(user, message.clone());
        let _ = self.outbox.send(Outgoing::Event(Event::Message {
            u: user.0,
            m: Box::new(message),
        }));
    }

    fn subscribe(&self, user: UserId) -> Subscription {
        self.local.subscribe(user)
    }

    fn is_connected_here(&self, user: UserId) -> bool {
        self.local.has_socket_here(user)
    }

    fn is_connected(&self, user: UserId) -> BoxFuture<'_, bool> {
        Box::pin(async move {
            if self.local.has_socket_here(user) {
                return true;
            }
            let elsewhere = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM live_presence p JOIN live_instances i ON i.id = p.instance \
                 WHERE p.user_id = $1 AND p.instance <> $2 \
                 AND i.seen_at > now() - make_interval(secs => $3))",
            )
            .bind(user.0)
            .bind(self.instance)
            .bind(PRESENCE_TTL_SECS as f64)
            .fetch_one(&self.pool)
            .await;
            // Unknown counts as connected: a call is never ended for a database hiccup.
            elsewhere.unwrap_or_else(|error| {
                tracing::warn!(%error, "presence lookup failed");
                true
            })
        })
    }

    fn connected_among(&self, users: Vec<UserId>) -> BoxFuture<'_, HashSet<UserId>> {
        Box::pin(async move {
            let mut online = self.local.connected_here_among(&users);
            let elsewhere: Vec<i64> = users
                .iter()
                .filter(|user| !online.contains(user))
                .map(|user| user.0)
                .collect();
            if elsewhere.is_empty() {
                return online;
            }
            let found: Result<Vec<i64>, _> = sqlx::query_scalar(
                "SELECT DISTINCT p.user_id FROM live_presence p JOIN live_instances i ON i.id = p.instance \
                 WHERE p.user_id = ANY($1) AND p.instance <> $2 \
                 AND i.seen_at > now() - make_interval(secs => $3)",
            )
            .bind(elsewhere)
            .bind(self.instance)
            .bind(PRESENCE_TTL_SECS as f64)
            .fetch_all(&self.pool)
            .await;
            match found {
                Ok(found) => online.extend(found.into_iter().map(UserId)),
                Err(error) => tracing::warn!(%error, "presence lookup failed"),
            }
            online
        })
    }

    fn token_revoked(&self, digest: TokenDigest) {
        let _ = self
            .outbox
            .send(Outgoing::Event(Event::TokenRevoked { t: digest }));
    }
}

/// The publisher: sends what is pending, a batch per transaction, and keeps this instance's rows.
async fn publish(
    options: PgConnectOptions,
    mut pending: mpsc::UnboundedReceiver<Outgoing>,
    instance: Uuid,
    shutdown: Shutdown,
) {
    let options = options.options([("synchronous_commit", "off")]);
    let mut conn: Option<PgConnection> = None;
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    loop {
        let mut batch = Vec::new();
        tokio::select! {
            _ = shutdown.triggered() => break,
            _ = heartbeat.tick() => {}
            next = pending.recv() => match next {
                Some(first) => batch.push(first),
                None => break,
            },
        }
        while batch.len() < MAX_BATCH {
            match pending.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        if conn.is_none() {
            match options.connect().await {
                Ok(opened) => conn = Some(opened),
                Err(error) => {
                    tracing::warn!(%error, lost = batch.len(), "live publisher cannot connect");
                    tokio::time::sleep(RECONNECT_AFTER).await;
                    continue;
                }
            }
        }
        if let Some(open) = conn.as_mut()
            && let Err(error) = send_batch(open, instance, batch).await
        {
            tracing::warn!(%error, "live publisher lost a batch (sync heals it)");
            conn = None;
        }
    }
    if let Some(mut open) = conn {
        let _ = sqlx::query("DELETE FROM live_instances WHERE id = $1")
            .bind(instance)
            .execute(&mut open)
            .await;
    }
}

/// One transaction: presence changes, large messages stored, notifications, the heartbeat.
async fn send_batch(
    conn: &mut PgConnection,
    instance: Uuid,
    batch: Vec<Outgoing>,
) -> Result<(), sqlx::Error> {
    let mut tx = conn.begin().await?;
    let mut events = Vec::new();
    for item in batch {
        match item {
            Outgoing::Presence(user, true) => {
                sqlx::query(
                    "INSERT INTO live_presence (user_id, instance) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(user.0)
                .bind(instance)
                .execute(&mut *tx)
                .await?;
            }
            Outgoing::Presence(user, false) => {
                sqlx::query("DELETE FROM live_presence WHERE user_id = $1 AND instance = $2")
                    .bind(user.0)
                    .bind(instance)
                    .execute(&mut *tx)
                    .await?;
            }
            Outgoing::Event(event) => events.push(event),
        }
    }
    let mut payloads = Vec::new();
    let mut packed: Vec<String> = Vec::new();
    for event in events {
        let mut text = serde_json::to_string(&event).map_err(|e| sqlx::Error::Encode(e.into()))?;
        if text.len() > MAX_PAYLOAD - 64 {
            let Event::Message { u, .. } = &event else {
                continue;
            };
            let r: i64 =
                sqlx::query_scalar("INSERT INTO live_payloads (body) VALUES ($1) RETURNING id")
                    .bind(&text)
                    .fetch_one(&mut *tx)
                    .await?;
            text = serde_json::to_string(&Event::Reference { u: *u, r })
                .map_err(|e| sqlx::Error::Encode(e.into()))?;
        }
        let size: usize = packed.iter().map(|e| e.len() + 1).sum();
        if size + text.len() > MAX_PAYLOAD - 64 {
            payloads.push(payload(instance, std::mem::take(&mut packed)));
        }
        packed.push(text);
    }
    if !packed.is_empty() {
        payloads.push(payload(instance, packed));
    }
    if !payloads.is_empty() {
        sqlx::query("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p")
            .bind(CHANNEL)
            .bind(payloads)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO live_instances (id, seen_at) VALUES ($1, now()) \
         ON CONFLICT (id) DO UPDATE SET seen_at = now()",
    )
    .bind(instance)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM live_payloads WHERE created_at < now() - interval '1 minute'")
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// `{"i": instance, "e": [event, …]}` from events already serialized.
fn payload(instance: Uuid, events: Vec<String>) -> String {
    format!(r#"{{"i":"{instance}","e":[{}]}}"#, events.join(","))
}

/// The listener: delivers what other instances published to the sockets held here.
async fn listen(
    mut listener: PgListener,
    pool: PgPool,
    local: InProcess,
    tokens: Arc<TokenCache>,
    instance: Uuid,
    shutdown: Shutdown,
) {
    let own_prefix = payload(instance, Vec::new());
    let own_prefix = own_prefix.trim_end_matches("]}").to_owned();
    loop {
        let notification = tokio::select! {
            _ = shutdown.triggered() => break,
            // Reconnects by itself when its connection drops; what was sent meanwhile is lost
            // (sync heals it).
            next = listener.recv() => next,
        };
        let notification = match notification {
            Ok(notification) => notification,
            Err(error) => {
                tracing::warn!(%error, "live listener error");
                tokio::time::sleep(RECONNECT_AFTER).await;
                continue;
            }
        };
        // Its own notifications an instance delivered already: skipped before they are parsed.
        if notification.payload().starts_with(&own_prefix) {
            continue;
        }
        let payload: Payload = match serde_json::from_str(notification.payload()) {
            Ok(payload) => payload,
            Err(error) => {
                tracing::warn!(%error, "an unreadable live notification");
                continue;
            }
        };
        for event in payload.e {
            deliver(&pool, &local, &tokens, event).await;
        }
    }
}

async fn deliver(pool: &PgPool, local: &InProcess, tokens: &TokenCache, event: Event) {
    match event {
        Event::Message { u, m } => local.publish(UserId(u), *m),
        Event::Reference { u, r } if local.is_connected_here(UserId(u)) => {
            let body: Result<Option<String>, _> =
                sqlx::query_scalar("SELECT body FROM live_payloads WHERE id = $1")
                    .bind(r)
                    .fetch_optional(pool)
                    .await;
            match body.map(|b| b.map(|b| serde_json::from_str::<Event>(&b))) {
                Ok(Some(Ok(Event::Message { u, m }))) => local.publish(UserId(u), *m),
                other => tracing::warn!(
                    reference = r,
                    ok = other.is_ok(),
                    "a large live message was lost"
                ),
            }
        }
        Event::Reference { .. } => {}
        Event::TokenRevoked { t } => tokens.forget(&t),
    }
}
