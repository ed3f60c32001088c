//! GTK's accessibility bridge where no D-Bus session bus can exist (Xvfb, kiosks, CI).
//!
//! The bridge (AT-SPI) is how screen readers reach the app, and it talks to them over the session
//! bus. Where there is no bus and none can be launched, GLib still tries to launch one when the
//! bridge starts, and the bridge then gives up: measured under Xvfb, 30–45 ms of start-up for
//! nothing. There, and only there, the app turns the bridge off (unless the user chose already);
//! wherever a screen reader could listen it stays on.

use std::ffi::OsStr;
use std::path::Path;

/// What is set, and to what: GTK without its accessibility bridge.
pub const WITHOUT_SESSION_BUS: [(&str, &str); 1] = [("NO_AT_BRIDGE", "1")];

/// Where a session bus could come from, as GLib looks for one: the address it was given, the
/// per-user bus in `XDG_RUNTIME_DIR`, or `dbus-launch` on the `PATH` to launch one for the display.
pub struct BusHints<'a> {
    pub address: Option<&'a OsStr>,
    pub runtime_dir: Option<&'a Path>,
    pub path: Option<&'a OsStr>,
}

pub fn session_bus_possible(hints: &BusHints<'_>) -> bool {
    let given = hints.address.is_some_and(|a| !a.is_empty());
    let per_user = hints
        .runtime_dir
        .is_some_and(|dir| dir.join("bus").exists());
    let launchable = hints.path.is_some_and(|path| {
        std::env::split_paths(path).any(|dir| dir.join("dbus-launch").is_file())
    });
    given || per_user || launchable
}

/// The variables to set in this process's environment: the bridge off when no bus is possible.
pub fn defaults() -> &'static [(&'static str, &'static str)] {
    let address = std::env::var_os("DBUS_SESSION_BUS_ADDRESS");
    let runtime_dir = std::env::var_os("XDG_RUNTIME_DIR");
    let path = std::env::var_os("PATH");
    let hints = BusHints {
        address: address.as_deref(),
        runtime_dir: runtime_dir.as_deref().map(Path::new),
        path: path.as_deref(),
    };
    if session_bus_possible(&hints) {
        &[]
    } else {
        &WITHOUT_SESSION_BUS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints<'a>(
        address: Option<&'a str>,
        runtime_dir: Option<&'a Path>,
        path: Option<&'a str>,
    ) -> BusHints<'a> {
        BusHints {
            address: address.map(OsStr::new),
            runtime_dir,
            path: path.map(OsStr::new),
        }
    }

    #[test]
    fn a_bus_address_a_per_user_bus_or_dbus_launch_make_a_bus_possible_and_nothing_else_does() {
        let runtime = tempfile::tempdir().unwrap();
        let bin = tempfile::tempdir().unwrap();
        let bin_path = bin.path().to_str().unwrap().to_owned();
        assert!(!session_bus_possible(&hints(None, None, None)));
        assert!(
            !session_bus_possible(&hints(Some(""), Some(runtime.path()), Some(&bin_path))),
            "an empty address, a runtime dir without a bus, a PATH without dbus-launch"
        );
        assert!(session_bus_possible(&hints(
            Some("unix:path=/run/user/1000/bus"),
            None,
            None
        )));
        std::fs::write(bin.path().join("dbus-launch"), "").unwrap();
        assert!(session_bus_possible(&hints(
            None,
            None,
            Some(&format!("/nowhere:{bin_path}"))
        )));
        std::fs::write(runtime.path().join("bus"), "").unwrap();
        assert!(session_bus_possible(&hints(
            None,
            Some(runtime.path()),
            None
        )));
    }
}
