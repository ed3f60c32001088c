//! A match card's "⋯" menu: "No calls from this match for now" (or "Allow calls from this
//! match again"), Unmatch (mutual matches only), Block, Report, as the view model says. A button with `aria-expanded` opens it; arrow keys move between its items, Escape
//! closes it and gives the focus back to the button, and leaving it closes it.

use super::focus::focus;
use crate::vm::match_actions::{CardAction, MENU_BUTTON_TEXT, menu_button_label};
use meetcute_domain::MatchId;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::Node;
use web_sys::wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MatchMenuProps {
    pub match_id: MatchId,
    /// The other person, for the button's accessible name.
    pub name: AttrValue,
    /// The items, in order; no items, no menu.
    pub actions: Vec<CardAction>,
    pub open: bool,
    /// Asks to open (`true`) or close (`false`) the menu.
    pub on_toggle: Callback<bool>,
    /// An item was chosen (the menu closes).
    pub on_pick: Callback<CardAction>,
}

#[component]
pub fn MatchMenu(props: &MatchMenuProps) -> Html {
    let button = use_node_ref();
    let wrapper = use_node_ref();
    let items = use_memo(props.actions.len(), |n| {
        (0..*n).map(|_| NodeRef::default()).collect::<Vec<_>>()
    });
    // The item that has the focus, for the arrow keys.
    let active = use_memo((), |_| Cell::new(0_usize));
    {
        let items = items.clone();
        let active = active.clone();
        use_effect_with(props.open, move |open| {
            if *open && let Some(first) = items.first() {
                active.set(0);
                focus(first);
            }
        });
    }
    if props.actions.is_empty() {
        return html! {};
    }
    let menu_id = format!("match-{}-menu", props.match_id);
    let toggle = {
        let (on_toggle, open) = (props.on_toggle.clone(), props.open);
        Callback::from(move |_: MouseEvent| on_toggle.emit(!open))
    };
    let on_button_key = {
        let (on_toggle, open) = (props.on_toggle.clone(), props.open);
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowDown" | "ArrowUp" if !open => {
                e.prevent_default();
                on_toggle.emit(true);
            }
            "Escape" if open => on_toggle.emit(false),
            _ => {}
        })
    };
    let on_menu_key = {
        let (on_toggle, items, active, button) = (
            props.on_toggle.clone(),
            items.clone(),
            active.clone(),
            button.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let count = items.len();
            let next = match e.key().as_str() {
                "ArrowDown" => (active.get() + 1) % count,
                "ArrowUp" => (active.get() + count - 1) % count,
                "Home" => 0,
                "End" => count - 1,
                "Escape" => {
                    e.prevent_default();
                    on_toggle.emit(false);
                    focus(&button);
                    return;
                }
                "Tab" => {
                    on_toggle.emit(false);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            active.set(next);
            focus(&items[next]);
        })
    };
    // Closes when the focus leaves the button and the menu (a click elsewhere, Tab away).
    let on_focus_out = {
        let (on_toggle, wrapper, open) = (props.on_toggle.clone(), wrapper.clone(), props.open);
        Callback::from(move |e: FocusEvent| {
            let to: Option<Node> = e.related_target().and_then(|t| t.dyn_into::<Node>().ok());
            let inside = wrapper
                .get()
                .is_some_and(|w| to.as_ref().is_some_and(|to| w.contains(Some(to))));
            if open && !inside {
                on_toggle.emit(false);
            }
        })
    };
    html! {
        <div class="card-menu" ref={wrapper.clone()} onfocusout={on_focus_out}>
            <button type="button" class="menu-button" ref={button.clone()}
                aria-label={menu_button_label(&props.name)}
                aria-haspopup="menu" aria-expanded={props.open.to_string()}
                aria-controls={menu_id.clone()} data-testid="match-menu-button"
                onclick={toggle} onkeydown={on_button_key}>
                { MENU_BUTTON_TEXT }
            </button>
            if props.open {
                <ul class="menu" role="menu" id={menu_id} aria-label={menu_button_label(&props.name)}
                    onkeydown={on_menu_key}>
                    for (i, action) in props.actions.iter().copied().enumerate() {
                        { item(action, i, &items[i], &active, &button, &props.on_pick) }
                    }
                </ul>
            }
        </div>
    }
}

fn item(
    action: CardAction,
    index: usize,
    node: &NodeRef,
    active: &Rc<Cell<usize>>,
    button: &NodeRef,
    on_pick: &Callback<CardAction>,
) -> Html {
    // The focus goes back to the "⋯" button first, so the dialog that opens can return it there.
    let onclick = {
        let (on_pick, button) = (on_pick.clone(), button.clone());
        Callback::from(move |_: MouseEvent| {
            focus(&button);
            on_pick.emit(action);
        })
    };
    let onfocus = {
        let active = active.clone();
        Callback::from(move |_: FocusEvent| active.set(index))
    };
    let class = if action.is_dangerous() {
        "menu-item danger-text"
    } else {
        "menu-item"
    };
    html! {
        <li role="none" key={action.key()}>
            <button type="button" role="menuitem" tabindex="-1" {class} ref={node.clone()}
                data-action={action.key()} {onclick} {onfocus}>
                { action.label() }
            </button>
        </li>
    }
}
