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
