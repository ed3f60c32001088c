//! Camera and microphone through `getUserMedia`, falling back to the microphone alone.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MediaStream, MediaStreamConstraints};

use crate::device_error::{NO_MICROPHONE, describe};
use crate::engine::WebEvent;

async fn get_user_media(video: bool) -> Result<MediaStream, JsValue> {
    let devices = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .navigator()
        .media_devices()?;
    let constraints = MediaStreamConstraints::new();
    constraints.set_audio_bool(true);
    constraints.set_video_bool(video);
    let stream = JsFuture::from(devices.get_user_media_with_constraints(&constraints)?).await?;
    Ok(stream.unchecked_into())
}

/// Camera and microphone; on a camera problem, the microphone alone with a warning.
pub(crate) async fn open_devices(
    video: bool,
    on_event: &dyn Fn(WebEvent),
) -> Result<MediaStream, String> {
    let err_name = |e: &JsValue| {
        Reflect::get(e, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default()
    };
    match get_user_media(video).await {
        Ok(stream) => Ok(stream),
        Err(e) => {
            let problem = describe(&err_name(&e));
            if !(video && problem.try_audio_only) {
                return Err(problem.message.to_owned());
            }
            match get_user_media(false).await {
                Ok(stream) => {
                    on_event(WebEvent::Warning(problem.message.to_owned()));
                    Ok(stream)
                }
                Err(e2) => Err(format!(
                    "{} {}",
                    describe(&err_name(&e2)).message,
                    NO_MICROPHONE
                )),
            }
        }
    }
}
