//! The start-up timeline inside the page, for the start-up benchmark: milliseconds since the
//! page's navigation started at each step (parsed, wasm running, cached data asked and in, cards
//! rendered). Natively (tests) nothing is recorded.

#[cfg(target_arch = "wasm32")]
thread_local! {
    static MARKS: std::cell::RefCell<Vec<(&'static str, f64)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Records that the page reached `step` now.
pub fn mark(step: &'static str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let now = performance.now();
        MARKS.with(|marks| marks.borrow_mut().push((step, now)));
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = step;
}

/// When the document was parsed (from the navigation timing), then the recorded marks, in whole
/// milliseconds since navigation start. (The response's own timing reads 0 for the app's scheme.)
pub fn marks() -> Vec<(String, u32)> {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
            return Vec::new();
        };
        let timing = performance.timing();
        let since_start = |at: f64| (at - timing.navigation_start()).max(0.0) as u32;
        let mut steps = vec![("parsed".to_owned(), since_start(timing.dom_interactive()))];
        MARKS.with(|marks| {
            steps.extend(
                marks
                    .borrow()
                    .iter()
                    .map(|(step, at)| (step.to_string(), *at as u32)),
            )
        });
        steps
    }
    #[cfg(not(target_arch = "wasm32"))]
    Vec::new()
}
