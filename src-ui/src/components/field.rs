//! A labelled form field (input or textarea) that reports its text on every keystroke.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    /// The element id; the label points at it.
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_input: Callback<String>,
    /// `text`, `email`, `password`, `number`, `date`, or `textarea`.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
}

#[component]
pub fn Field(props: &FieldProps) -> Html {
    let hint_id = props.hint.as_ref().map(|_| format!("{}-hint", props.id));
    let control = if props.kind == "textarea" {
        let on_input = props.on_input.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            on_input.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value());
        });
        html! {
            <textarea id={props.id.clone()} value={props.value.clone()} {oninput}
                aria-describedby={hint_id.clone()} rows="3" />
        }
    } else {
        let on_input = props.on_input.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            on_input.emit(e.target_unchecked_into::<HtmlInputElement>().value());
        });
        html! {
            <input id={props.id.clone()} type={props.kind.clone()} value={props.value.clone()}
                autocomplete={props.autocomplete.clone()} required={props.required}
                aria-describedby={hint_id.clone()} {oninput} />
        }
    };
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            { control }
            if let (Some(hint), Some(id)) = (&props.hint, &hint_id) {
                <small id={id.clone()} class="hint">{ hint.clone() }</small>
            }
        </div>
    }
}
