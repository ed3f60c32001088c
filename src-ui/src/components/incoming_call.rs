//! The incoming-call modal: who calls, Accept / Decline. Escape declines; Accept has the focus.
//! The ring and the desktop notification are the shell's (`src-tauri/src/ring.rs`, `notify.rs`):
//! it sees the same event, and WebKitGTK may refuse a page's sound before a first click.

use crate::actions;
use crate::hooks::use_app;
use crate::vm::words::duration_words;
use yew::prelude::*;

#[component]
pub fn IncomingCallModal() -> Html {
    let app = use_app();
    let Some(incoming) = app.incoming.clone() else {
        return html! {};
    };
    let id = incoming.session.session_id;
    let accept = {
        let dispatch = app.dispatcher();
        Callback::from(move |_: MouseEvent| actions::answer(&dispatch, id))
    };
    let decline = {
        let dispatch = app.dispatcher();
        Callback::from(move |_: MouseEvent| actions::decline(&dispatch, id))
    };
    let on_key = {
        let dispatch = app.dispatcher();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                actions::decline(&dispatch, id);
            }
        })
    };
    let name = incoming.caller.display_name.clone();
    html! {
        <div class="modal-backdrop">
            <div class="modal incoming" role="alertdialog" aria-modal="true"
                aria-labelledby="incoming-title" aria-describedby="incoming-text"
                onkeydown={on_key} data-testid="incoming-call">
                <div class="pulse" aria-hidden="true">{ "📞" }</div>
                <h2 id="incoming-title">{ format!("{name} is calling") }</h2>
                <p id="incoming-text">
                    { match incoming.session.max_duration_seconds {
                        Some(max) => format!("Your first call: it lasts {}.", duration_words(max)),
                        None => "Your mutual match wants to see you 💕".to_owned(),
                    } }
                </p>
                <div class="modal-actions">
                    <button type="button" class="accept" autofocus=true onclick={accept}
                        aria-label={format!("Accept the call from {name}")}>{ "Accept" }</button>
                    <button type="button" class="decline" onclick={decline}
                        aria-label={format!("Decline the call from {name}")}>{ "Decline" }</button>
                </div>
            </div>
        </div>
    }
}
