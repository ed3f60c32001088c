//! The rules of RULES.md, tested through the public API of `meetcute-domain`.

mod call_requests;
mod call_transitions;
mod history;
mod match_transitions;
mod offline_actions;
mod properties;
mod start_call;
mod support;
