//! The call button of a match card, exactly as its view model says: label, style, note,
//! enabled or not, or nothing at all; "Ask for a call 💌" in its place when they are offline
//! or not taking calls.

use crate::vm::card::{ButtonAction, CallButton};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CallButtonViewProps {
    pub button: CallButton,
    /// For the accessible label: "Start Video Call 💕 with Alex".
    pub peer: AttrValue,
    pub on_press: Callback<ButtonAction>,
}

#[component]
pub fn CallButtonView(props: &CallButtonViewProps) -> Html {
    let button = &props.button;
    if !button.visible() {
        return html! {};
    }
    let onclick = {
        let action = button.action;
        let on_press = props.on_press.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(action) = action {
                on_press.emit(action);
            }
        })
    };
    let note_id = format!("call-note-{}", props.peer.replace(' ', "-").to_lowercase());
    html! {
        <div class="call-action">
            <button
                type="button"
                class={button.class()}
                disabled={!button.enabled()}
                aria-label={format!("{} with {}", button.label, props.peer)}
                aria-describedby={button.note.as_ref().map(|_| note_id.clone())}
                data-testid={button.test_id()}
                {onclick}
            >
                { button.label.clone() }
            </button>
            if let Some(note) = &button.note {
                <p class="call-note" id={note_id}>{ note.clone() }</p>
            }
        </div>
    }
}
