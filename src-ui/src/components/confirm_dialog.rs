//! "Unmatch Alex?" / "Block Alex?": a small alert dialog. The safe choice (Cancel) has the
//! focus; Escape or Cancel closes it; the confirm button shows "…" and is disabled while its
//! command runs, so it cannot be sent twice.

use super::focus::{dialog_keys, take_focus, unless_busy};
use crate::vm::match_actions::{BUSY_LABEL, ConfirmView};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConfirmDialogProps {
    pub view: ConfirmView,
    /// The command runs: nothing can be pressed until it answers.
    #[prop_or_default]
    pub busy: bool,
    pub on_confirm: Callback<()>,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn ConfirmDialog(props: &ConfirmDialogProps) -> Html {
    let cancel_ref = use_node_ref();
    let confirm_ref = use_node_ref();
    {
        let cancel_ref = cancel_ref.clone();
        use_effect_with((), move |_| take_focus(&cancel_ref));
    }
    let busy = props.busy;
    let cancel = unless_busy(busy, &props.on_cancel);
    let confirm = unless_busy(busy, &props.on_confirm);
    let on_key = dialog_keys(busy, &props.on_cancel, &cancel_ref, &confirm_ref);
    let view = &props.view;
    html! {
        <div class="modal-backdrop">
            <div class="modal confirm" role="alertdialog" aria-modal="true"
                aria-labelledby="confirm-title" aria-describedby="confirm-text"
                aria-busy={busy.to_string()} onkeydown={on_key} data-testid="confirm-dialog">
                <h2 id="confirm-title">{ view.title.clone() }</h2>
                <p id="confirm-text">{ view.text.clone() }</p>
                <div class="modal-actions">
                    <button type="button" class="secondary" ref={cancel_ref} autofocus=true
                        disabled={busy} onclick={cancel} data-testid="confirm-cancel">
                        { view.cancel_label.clone() }
                    </button>
                    <button type="button" class="danger" ref={confirm_ref} disabled={busy}
                        aria-label={busy.then(|| format!("{}: in progress", view.confirm_label))}
                        onclick={confirm} data-testid="confirm-ok">
                        { if busy { BUSY_LABEL.to_owned() } else { view.confirm_label.clone() } }
                    </button>
                </div>
            </div>
        </div>
    }
}
