//! What the buttons do: run a shell command, then dispatch its result (or its error, which
//! becomes the toast for its code). The only place where I/O meets the reducer.

use crate::services::{commands, media, timeline};
use crate::state::{Action, State};
use crate::vm::call_requests::{RequestAction, answered_toast, asked_toast};
use crate::vm::match_actions::{CardAction, done_toast};
use crate::vm::messages::{self, Tone};
use futures::future::join;
use meetcute_domain::app::{AppError, Delivery};
use meetcute_domain::call_requests::NewCallRequest;
use meetcute_domain::wire::{ProfileUpdate, RegisterRequest};
use meetcute_domain::{CallRequestId, CallRole, CallStatus, Decision, MatchId, SessionId};
use std::future::Future;
use yew::platform::spawn_local;
use yew::{Callback, UseReducerDispatcher};

pub type Dispatcher = UseReducerDispatcher<State>;

/// Runs `work`; an error is dispatched as a toast.
fn run<F>(dispatch: &Dispatcher, work: impl FnOnce(Dispatcher) -> F + 'static)
where
    F: Future<Output = Result<(), AppError>> + 'static,
{
    let dispatch = dispatch.clone();
    spawn_local(async move {
        if let Err(error) = work(dispatch.clone()).await {
            tracing::info!(code = ?error.code, message = %error.message, "command failed");
            dispatch.dispatch(Action::Failed(error));
        }
    });
}

/// At start-up: who is signed in and their matches (both from the core's cache), asked
/// together so the cards cost no second round trip; signed out, the cards' refusal is dropped.
pub fn load_session(dispatch: &Dispatcher) {
    run(dispatch, |d| async move {
        timeline::mark("asked");
        let (user, cards) = join(commands::current_user(), commands::matches()).await;
        timeline::mark("data");
        let user = user?;
        let signed_in = user.is_some();
        d.dispatch(Action::SessionChecked(user));
        if signed_in {
            d.dispatch(Action::MatchesLoaded(cards?));
        }
        Ok(())
    });
}

/// The cached matches at once (the core syncs in the background and says when they changed).
pub fn refresh_matches(dispatch: &Dispatcher) {
    run(dispatch, |d| async move {
        let cards = commands::matches().await?;
        d.dispatch(Action::MatchesLoaded(cards));
        Ok(())
    });
}

pub fn sync_now(dispatch: &Dispatcher) {
    run(dispatch, |_| commands::sync_now());
}

/// `done(true)` once signed in; `done(false)` after an error (shown as a toast).
pub fn sign_in(dispatch: &Dispatcher, email: String, password: String, done: Callback<bool>) {
    run(dispatch, move |d| async move {
        let result = commands::sign_in(&email, &password).await;
        done.emit(result.is_ok());
        d.dispatch(Action::SignedIn(result?));
        refresh_matches(&d);
        Ok(())
    });
}

pub fn register(dispatch: &Dispatcher, request: RegisterRequest, done: Callback<bool>) {
    run(dispatch, move |d| async move {
        let result = commands::register(request).await;
        done.emit(result.is_ok());
        d.dispatch(Action::SignedIn(result?));
        refresh_matches(&d);
        Ok(())
    });
}

pub fn sign_out(dispatch: &Dispatcher) {
    run(dispatch, |d| async move {
        commands::sign_out().await?;
        d.dispatch(Action::SignedOut);
        Ok(())
    });
}

pub fn save_profile(dispatch: &Dispatcher, update: ProfileUpdate, done: Callback<bool>) {
    run(dispatch, move |d| async move {
        let result = commands::update_profile(update).await;
        done.emit(result.is_ok());
        let text = match result? {
            Delivery::Sent => "Profile saved ✨".to_owned(),
            Delivery::Queued => format!("Profile saved ✨ {}", messages::SENT_WHEN_ONLINE),
        };
        d.dispatch(Action::Toast(Tone::Success, text));
        Ok(())
    });
}

/// Asks the server for new proposals; the list shows them.
pub fn discover(dispatch: &Dispatcher, done: Callback<()>) {
    run(dispatch, move |d| async move {
        let result = commands::discover().await;
        done.emit(());
        let found = result?;
        if found.is_empty() {
            d.dispatch(Action::Toast(
                Tone::Info,
                "No new matches right now. Check back soon!".to_owned(),
            ));
        }
        refresh_matches(&d);
        Ok(())
    });
}

/// Starts (or rejoins) a call. When both pressed call at once, the server hands back the
/// other person's ringing session with `role: callee`: answer it.
pub fn start_call(dispatch: &Dispatcher, match_id: MatchId, peer_name: String) {
    run(dispatch, move |d| async move {
        let response = commands::start_call(match_id).await?;
        media::remember_ice_servers(response.session_id, response.ice_servers.clone());
        let answer_it = response.role == CallRole::Callee && response.status == CallStatus::Ringing;
        let session_id = response.session_id;
        d.dispatch(Action::CallStarted {
            response,
            peer_name,
        });
        if answer_it {
            let answer = commands::accept_call(session_id).await?;
            media::remember_ice_servers(session_id, answer.ice_servers);
            d.dispatch(Action::CallAccepted(answer.session));
        }
        Ok(())
    });
}

pub fn answer(dispatch: &Dispatcher, session_id: SessionId) {
    run(dispatch, move |d| async move {
        let answer = commands::accept_call(session_id).await?;
        media::remember_ice_servers(session_id, answer.ice_servers);
        d.dispatch(Action::CallAccepted(answer.session));
        Ok(())
    });
}

pub fn decline(dispatch: &Dispatcher, session_id: SessionId) {
    run(dispatch, move |d| async move {
        let session = commands::decline_call(session_id).await?;
        d.dispatch(Action::SessionChanged(session));
        Ok(())
    });
}

pub fn hang_up(dispatch: &Dispatcher, session_id: SessionId) {
    run(dispatch, move |d| async move {
        let session = commands::end_call(session_id).await?;
        d.dispatch(Action::SessionChanged(session));
        Ok(())
    });
}

pub fn decide(dispatch: &Dispatcher, match_id: MatchId, decision: Decision) {
    run(dispatch, move |d| async move {
        let delivery = commands::decide(match_id, decision).await?;
        d.dispatch(Action::DecisionSent {
            match_id,
            decision,
            delivery,
        });
        refresh_matches(&d);
        Ok(())
    });
}

/// Reports the first paint of the match cards (for the start-up benchmark).
pub fn report_painted(cards: usize) {
    timeline::mark("rendered");
    spawn_local(async move {
        if let Err(error) = commands::ui_painted("matches", cards, timeline::marks()).await {
            tracing::debug!(message = %error.message, "paint report not delivered");
        }
    });
}

// ---- unmatch, block, report ----------------------------------------------------------------

/// What to do to a match from its card's menu, with what the command needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchCommand {
    Unmatch,
    Block,
    Report(meetcute_domain::wire::ReportRequest),
}

impl MatchCommand {
    pub fn action(&self) -> CardAction {
        match self {
            MatchCommand::Unmatch => CardAction::Unmatch,
            MatchCommand::Block => CardAction::Block,
            MatchCommand::Report(_) => CardAction::Report,
        }
    }
}

/// Unmatches, blocks or reports; `done(true)` once the core took it (sent, or queued in its
/// outbox when offline), `done(false)` after an error (shown as its toast). Then the toast
/// and the refreshed list, which shows the match as the core now has it.
pub fn act_on_match(
    dispatch: &Dispatcher,
    match_id: MatchId,
    peer_name: String,
    command: MatchCommand,
    done: Callback<bool>,
) {
    run(dispatch, move |d| async move {
        let action = command.action();
        let result = match_command(match_id, command).await;
        done.emit(result.is_ok());
        d.dispatch(Action::MatchActionDone {
            action,
            peer_name,
            delivery: result?,
        });
        refresh_matches(&d);
        Ok(())
    });
}

async fn match_command(match_id: MatchId, command: MatchCommand) -> Result<Delivery, AppError> {
    match command {
        MatchCommand::Unmatch => commands::unmatch(match_id).await,
        MatchCommand::Block => commands::block(match_id).await,
        MatchCommand::Report(request) => commands::report(match_id, request).await,
    }
}

// ---- reaching each other -------------------------------------------------------------------

/// "Ask for a call"; `done(true)` once the core took it (sent, or queued in its outbox when
/// offline), `done(false)` after an error (shown as its toast). Then the toast and the list,
/// whose card now shows the request.
pub fn ask_for_call(
    dispatch: &Dispatcher,
    match_id: MatchId,
    peer_name: String,
    request: NewCallRequest,
    done: Callback<bool>,
) {
    run(dispatch, move |d| async move {
        let result = commands::ask_for_call(match_id, request).await;
        done.emit(result.is_ok());
        let delivery = result?;
        d.dispatch(Action::Toast(
            tone(delivery),
            asked_toast(&peer_name, delivery),
        ));
        refresh_matches(&d);
        Ok(())
    });
}

/// Accepts (a time), declines or cancels a call request; `done` as for [`ask_for_call`].
/// "Call now" (`then_call`) starts the call once the time is set, when `may_call` (the card's
/// button starts calls).
pub fn answer_request(
    dispatch: &Dispatcher,
    match_id: MatchId,
    peer_name: String,
    request_id: CallRequestId,
    action: RequestAction,
    may_call: bool,
    done: Callback<bool>,
) {
    run(dispatch, move |d| async move {
        let result = commands::answer_call_request(request_id, action.answer()).await;
        done.emit(result.is_ok());
        let delivery = result?;
        d.dispatch(Action::Toast(
            tone(delivery),
            answered_toast(action, &peer_name, delivery),
        ));
        refresh_matches(&d);
        let call_now = matches!(
            action,
            RequestAction::Accept {
                then_call: true,
                ..
            }
        );
        if call_now && may_call && delivery == Delivery::Sent {
            start_call(&d, match_id, peer_name);
        }
        Ok(())
    });
}

/// "No calls from this match for now" (`allowed: false`), or calls again (needs the
/// connection): the card as the core now has it, and the toast.
pub fn set_calls_allowed(
    dispatch: &Dispatcher,
    match_id: MatchId,
    peer_name: String,
    allowed: bool,
) {
    run(dispatch, move |d| async move {
        let card = commands::set_calls_allowed(match_id, allowed).await?;
        d.dispatch(Action::CardChanged(Box::new(card)));
        let action = if allowed {
            CardAction::CallsOn
        } else {
            CardAction::CallsOff
        };
        d.dispatch(Action::Toast(
            Tone::Success,
            done_toast(action, &peer_name, false),
        ));
        Ok(())
    });
}

fn tone(delivery: Delivery) -> Tone {
    match delivery {
        Delivery::Sent => Tone::Success,
        Delivery::Queued => Tone::Info,
    }
}
