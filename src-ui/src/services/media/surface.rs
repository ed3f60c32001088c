//! Shows JPEG pictures in the call screen's `<img>` surfaces, one object URL at a time, and
//! counts them in `data-frames` (the end-to-end test reads the rate from it).

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlImageElement, Url};

/// Puts `jpeg` on the surface `id`; nothing if the call screen is not shown.
pub fn show(id: &str, jpeg: &[u8]) {
    let Some(img) = surface(id) else {
        return;
    };
    let parts = Array::of1(&Uint8Array::from(jpeg));
    let kind = BlobPropertyBag::new();
    kind.set_type("image/jpeg");
    let Ok(blob) = Blob::new_with_u8_array_sequence_and_options(&parts, &kind) else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let previous = img.src();
    img.set_src(&url);
    // The previous picture is already decoded and on screen: its URL can go.
    if previous.starts_with("blob:") {
        let _ = Url::revoke_object_url(&previous);
    }
    let frames = img
        .get_attribute("data-frames")
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(0);
    let _ = img.set_attribute("data-frames", &(frames + 1).to_string());
}

/// Empties the surface `id` and frees its picture.
pub fn clear(id: &str) {
    let Some(img) = surface(id) else {
        return;
    };
    let previous = img.src();
    let _ = img.remove_attribute("src");
    if previous.starts_with("blob:") {
        let _ = Url::revoke_object_url(&previous);
    }
}

fn surface(id: &str) -> Option<HtmlImageElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<HtmlImageElement>()
        .ok()
}
