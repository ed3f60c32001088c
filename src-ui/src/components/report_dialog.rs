//! "Report Alex": why (a labelled select of reasons), optional details (a labelled textarea
//! with its character count), and "Also block Alex" (a report always blocks too). Sending
//! checks the form first: a missing reason or too long details say so and nothing is sent.
//! Escape or Cancel closes it; "Send report" shows "…" while the command runs.

use super::focus::{dialog_keys, take_focus, unless_busy};
use crate::vm::match_actions::{BUSY_LABEL, CHOOSE_REASON, ReportForm, ReportReason, report_view};
use meetcute_domain::wire::ReportRequest;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportDialogProps {
    /// The person reported.
    pub name: AttrValue,
    /// The form to start from (empty when it opens).
    #[prop_or_default]
    pub initial: ReportForm,
    #[prop_or_default]
    pub busy: bool,
    /// A checked report, ready to send.
    pub on_submit: Callback<ReportRequest>,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn ReportDialog(props: &ReportDialogProps) -> Html {
    let form = use_state({
        let initial = props.initial.clone();
        move || initial
    });
    // After a first "Send report", every error shows (before it, only too long details).
    let tried = use_state(|| false);
    let reason_ref = use_node_ref();
    let submit_ref = use_node_ref();
    {
        let reason_ref = reason_ref.clone();
        use_effect_with((), move |_| take_focus(&reason_ref));
    }
    let busy = props.busy;
    let view = report_view(&props.name);
    let errors = match form.validate() {
        Ok(_) => Default::default(),
        Err(errors) => errors,
    };
    let reason_error = errors.reason.clone().filter(|_| *tried);
    let details_error = errors.details.clone();

    let on_reason = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            form.set(ReportForm {
                reason: ReportReason::from_wire(&value),
                ..(*form).clone()
            });
        })
    };
    let on_details = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let details = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            form.set(ReportForm {
                details,
                ..(*form).clone()
            });
        })
    };
    let on_submit = {
        let (form, tried, on_submit) = (form.clone(), tried.clone(), props.on_submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if busy {
                return;
            }
            tried.set(true);
            if let Ok(request) = form.validate() {
                on_submit.emit(request);
            }
        })
    };
    let cancel = unless_busy(busy, &props.on_cancel);
    let on_key = dialog_keys(busy, &props.on_cancel, &reason_ref, &submit_ref);
    let described = |hint: &str, error: &Option<String>, error_id: &str| {
        let mut ids = hint.to_owned();
        if error.is_some() {
            ids = format!("{ids} {error_id}").trim().to_owned();
        }
        (!ids.is_empty()).then_some(ids)
    };
    let selected = form.reason;
    html! {
        <div class="modal-backdrop">
            <div class="modal report" role="dialog" aria-modal="true"
                aria-labelledby="report-title" aria-describedby="report-text"
                aria-busy={busy.to_string()} onkeydown={on_key} data-testid="report-dialog">
                <h2 id="report-title">{ view.title.clone() }</h2>
                <p id="report-text">{ view.text.clone() }</p>
                <form class="report-form" onsubmit={on_submit} novalidate=true>
                    <div class="field">
                        <label for="report-reason">{ "Reason" }</label>
                        <select id="report-reason" ref={reason_ref} required=true disabled={busy}
                            aria-invalid={reason_error.is_some().to_string()}
                            aria-describedby={described("", &reason_error, "report-reason-error")}
                            onchange={on_reason}>
                            <option value="" disabled=true selected={selected.is_none()}>
                                { CHOOSE_REASON }
                            </option>
                            for reason in ReportReason::ALL {
                                <option value={reason.wire()} selected={selected == Some(reason)}>
                                    { reason.label() }
                                </option>
                            }
                        </select>
                        if let Some(error) = &reason_error {
                            <small id="report-reason-error" class="field-error" role="alert">
                                { error.clone() }
                            </small>
                        }
                    </div>
                    <div class="field">
                        <label for="report-details">{ "Details (optional)" }</label>
                        <textarea id="report-details" rows="4" value={form.details.clone()}
                            disabled={busy} oninput={on_details}
                            aria-invalid={details_error.is_some().to_string()}
                            aria-describedby={described("report-details-hint", &details_error, "report-details-error")} />
                        <small id="report-details-hint" class="hint">{ form.details_counter() }</small>
                        if let Some(error) = &details_error {
                            <small id="report-details-error" class="field-error" role="alert">
                                { error.clone() }
                            </small>
                        }
                    </div>
                    <div class="field checkbox">
                        <input type="checkbox" id="report-block" checked=true disabled=true
                            aria-describedby="report-block-hint" />
                        <label for="report-block">{ view.block_label.clone() }</label>
                        <small id="report-block-hint" class="hint">{ view.block_hint.clone() }</small>
                    </div>
                    <div class="modal-actions">
                        <button type="button" class="secondary" disabled={busy} onclick={cancel}
                            data-testid="report-cancel">
                            { view.cancel_label.clone() }
                        </button>
                        <button type="submit" class="danger" ref={submit_ref} disabled={busy}
                            aria-label={busy.then(|| format!("{}: in progress", view.submit_label))}
                            data-testid="report-submit">
                            { if busy { BUSY_LABEL.to_owned() } else { view.submit_label.clone() } }
                        </button>
                    </div>
                </form>
            </div>
        </div>
    }
}
