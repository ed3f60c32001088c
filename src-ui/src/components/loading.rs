//! A loading state with a label screen readers announce.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LoadingProps {
    pub label: AttrValue,
}

#[component]
pub fn Loading(props: &LoadingProps) -> Html {
    html! {
        <div class="loading" role="status" aria-live="polite" data-testid="loading">
            <span class="spinner" aria-hidden="true"></span>
            <span>{ props.label.clone() }</span>
        </div>
    }
}
