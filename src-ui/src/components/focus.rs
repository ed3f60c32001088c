//! Keyboard focus helpers for menus and modal dialogs (no component here): move the focus to
//! an element, keep Tab inside a dialog, and give the focus back when a dialog closes.

use web_sys::wasm_bindgen::JsCast;
use web_sys::{EventTarget, HtmlElement};
use yew::prelude::*;

/// Focuses the element behind `node`, if it is on screen.
pub fn focus(node: &NodeRef) {
    if let Some(element) = node.cast::<HtmlElement>() {
        // Focusing can only fail for an element that cannot take focus; nothing to do then.
        let _ = element.focus();
    }
}

/// Whether `event` happened on the element behind `node`.
pub fn is_target(event: &Event, node: &NodeRef) -> bool {
    let target = event.target();
    node.get().is_some_and(|n| {
        let n: &EventTarget = n.as_ref();
        target.as_ref() == Some(n)
    })
}

/// Keeps Tab inside a dialog: from its last control to its first, and Shift+Tab back.
pub fn trap_tab(event: &KeyboardEvent, first: &NodeRef, last: &NodeRef) {
    if event.key() != "Tab" {
        return;
    }
    let (from, to) = if event.shift_key() {
        (first, last)
    } else {
        (last, first)
    };
    if is_target(event, from) {
        event.prevent_default();
        focus(to);
    }
}

/// A modal dialog's keys: Escape cancels (unless its command runs), Tab stays between its
/// `first` and `last` controls.
pub fn dialog_keys(
    busy: bool,
    on_cancel: &Callback<()>,
    first: &NodeRef,
    last: &NodeRef,
) -> Callback<KeyboardEvent> {
    let (on_cancel, first, last) = (on_cancel.clone(), first.clone(), last.clone());
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            if !busy {
                on_cancel.emit(());
            }
        } else {
            trap_tab(&e, &first, &last);
        }
    })
}

/// A dialog button's click: does nothing while the dialog's command runs.
pub fn unless_busy(busy: bool, action: &Callback<()>) -> Callback<MouseEvent> {
    let action = action.clone();
    Callback::from(move |_: MouseEvent| {
        if !busy {
            action.emit(());
        }
    })
}

/// The element that has the focus now (none outside the webview).
pub fn focused() -> Option<HtmlElement> {
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into::<HtmlElement>()
        .ok()
}

/// For a dialog's mount effect: focuses `first`, and returns the clean-up that gives the focus
/// back to whatever had it before the dialog opened (the menu button that opened it).
pub fn take_focus(first: &NodeRef) -> impl FnOnce() + use<> {
    let before = focused();
    focus(first);
    move || {
        if let Some(element) = before
            && element.is_connected()
        {
            let _ = element.focus();
        }
    }
}
