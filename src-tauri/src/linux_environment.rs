//! Defaults the app sets in its own environment on Linux, for libraries that read their choices
//! only from there (see `linux_rendering` and `linux_accessibility`). A variable the user set
//! already is left as it is.

use crate::{linux_accessibility, linux_rendering};

/// Must run before any other thread exists: the first thing `run()` does.
pub fn apply_defaults() {
    let defaults = linux_rendering::defaults()
        .iter()
        .chain(linux_accessibility::defaults());
    for (name, value) in defaults {
        if std::env::var_os(name).is_none() {
            // SAFETY: called at the very start of `run()`, before the app starts any thread, so
            // no other thread can read or write the environment at the same time.
            #[allow(unsafe_code)]
            unsafe {
                std::env::set_var(name, value);
            }
        }
    }
}
