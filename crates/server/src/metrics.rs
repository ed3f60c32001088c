//! Prometheus metrics (`GET /metrics`), one registry per server instance.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StatusLabel {
    pub status: String,
}

pub struct Metrics {
    registry: Registry,
    pub http_requests: Family<StatusLabel, Counter>,
    pub http_latency_seconds: Histogram,
    pub calls_started: Counter,
    pub calls_ended: Family<StatusLabel, Counter>,
    pub sockets_open: Gauge,
    pub socket_upgrades_refused: Counter,
    pub hashes_running: Gauge,
    pub hashes_queued: Gauge,
    pub hashes_refused: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("meetcute");
        let http_requests = Family::<StatusLabel, Counter>::default();
        let http_latency_seconds = Histogram::new(exponential_buckets(0.0001, 2.0, 16));
        let calls_started = Counter::default();
        let calls_ended = Family::<StatusLabel, Counter>::default();
        let sockets_open = Gauge::default();
        registry.register(
            "http_requests",
            "HTTP requests by status",
            http_requests.clone(),
        );
        registry.register(
            "http_latency_seconds",
            "HTTP request latency",
            http_latency_seconds.clone(),
        );
        registry.register(
            "calls_started",
            "Call sessions created",
            calls_started.clone(),
        );
        registry.register(
            "calls_ended",
            "Call sessions ended, by final status",
            calls_ended.clone(),
        );
        registry.register("sockets_open", "Open live sockets", sockets_open.clone());
        let socket_upgrades_refused = Counter::default();
        registry.register(
            "socket_upgrades_refused",
            "Live socket upgrades refused at --max-sockets",
            socket_upgrades_refused.clone(),
        );
        let (hashes_running, hashes_queued) = (Gauge::default(), Gauge::default());
        let hashes_refused = Counter::default();
        registry.register(
            "hashes_running",
            "Password hashes being computed",
            hashes_running.clone(),
        );
        registry.register(
            "hashes_queued",
            "Password hashes waiting for a worker",
            hashes_queued.clone(),
        );
        registry.register(
            "hashes_refused",
            "Sign-ins and sign-ups refused with server_busy (hash queue full)",
            hashes_refused.clone(),
        );
        Self {
            registry,
            http_requests,
            http_latency_seconds,
            calls_started,
            calls_ended,
            sockets_open,
            socket_upgrades_refused,
            hashes_running,
            hashes_queued,
            hashes_refused,
        }
    }
}

impl Metrics {
    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = encode(&mut text, &self.registry);
        text
    }
}
