//! Toasts: one per call event and error, each dismissed after a few seconds or by its button.

use crate::hooks::use_app;
use crate::services::clock::Timeout;
use crate::state::{Action, Toast};
use crate::vm::messages::Tone;
use yew::prelude::*;

/// How long a toast stays.
const TOAST_MILLIS: u32 = 5_000;

#[component]
pub fn Toasts() -> Html {
    let app = use_app();
    let dismiss = {
        let dispatch = app.dispatcher();
        Callback::from(move |id| dispatch.dispatch(Action::DismissToast(id)))
    };
    html! {
        <div class="toasts" role="status" aria-live="polite" data-testid="toasts">
            for toast in app.toasts.iter() {
                <ToastItem key={toast.id} toast={toast.clone()} on_dismiss={dismiss.clone()} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ToastItemProps {
    pub toast: Toast,
    pub on_dismiss: Callback<u64>,
}

#[component]
pub fn ToastItem(props: &ToastItemProps) -> Html {
    let id = props.toast.id;
    {
        let on_dismiss = props.on_dismiss.clone();
        use_effect_with(id, move |id| {
            let id = *id;
            let timer = Timeout::after(TOAST_MILLIS, Callback::from(move |_| on_dismiss.emit(id)));
            move || {
                let _stop = timer;
            }
        });
    }
    let class = match props.toast.tone {
        Tone::Info => "toast info",
        Tone::Success => "toast success",
        Tone::Error => "toast error",
    };
    let onclick = {
        let on_dismiss = props.on_dismiss.clone();
        Callback::from(move |_: MouseEvent| on_dismiss.emit(id))
    };
    html! {
        <div {class} data-testid="toast">
            <span>{ props.toast.text.clone() }</span>
            <button type="button" class="dismiss" aria-label="Dismiss" {onclick}>{ "×" }</button>
        </div>
    }
}
