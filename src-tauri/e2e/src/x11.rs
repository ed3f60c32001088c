//! The app's window as the X server sees it: found by its title, closed the way a window
//! manager closes it (the `WM_DELETE_WINDOW` message the close button sends), mapped or not,
//! and the process that owns it (`_NET_WM_PID`).
//!
//! Under Xvfb there is no window manager: the test plays its part. WebDriver's "close window"
//! is no substitute: WebKitGTK hands it to the web view (which wry destroys), no close request
//! reaches the window, and with no window left the driver ends the session and the app (tried:
//! the app exits without ever seeing `CloseRequested`).

use anyhow::{Context, bail};
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    Atom, AtomEnum, ClientMessageEvent, ConnectionExt as _, EventMask, MapState, Window,
};
use x11rb::rust_connection::RustConnection;

pub struct Display {
    connection: RustConnection,
    root: Window,
    atoms: Atoms,
}

struct Atoms {
    wm_protocols: Atom,
    wm_delete_window: Atom,
    net_wm_name: Atom,
    net_wm_pid: Atom,
    utf8_string: Atom,
}

impl Display {
    /// Connects to `$DISPLAY`.
    pub fn open() -> anyhow::Result<Self> {
        let (connection, screen) = x11rb::connect(None).context("connecting to $DISPLAY")?;
        let root = connection.setup().roots[screen].root;
        let atom = |name: &str| -> anyhow::Result<Atom> {
            Ok(connection
                .intern_atom(false, name.as_bytes())?
                .reply()?
                .atom)
        };
        let atoms = Atoms {
            wm_protocols: atom("WM_PROTOCOLS")?,
            wm_delete_window: atom("WM_DELETE_WINDOW")?,
            net_wm_name: atom("_NET_WM_NAME")?,
            net_wm_pid: atom("_NET_WM_PID")?,
            utf8_string: atom("UTF8_STRING")?,
        };
        Ok(Self {
            connection,
            root,
            atoms,
        })
    }

    /// The top-level window titled `title` that is on screen.
    pub fn shown_window(&self, title: &str) -> anyhow::Result<Window> {
        let children = self.connection.query_tree(self.root)?.reply()?.children;
        for window in children {
            if self.title(window)?.as_deref() == Some(title) && self.is_shown(window)? {
                return Ok(window);
            }
        }
        bail!("no window titled {title:?} on screen")
    }

    fn title(&self, window: Window) -> anyhow::Result<Option<String>> {
        let utf8 = self
            .connection
            .get_property(
                false,
                window,
                self.atoms.net_wm_name,
                self.atoms.utf8_string,
                0,
                256,
            )?
            .reply()?;
        let bytes = if utf8.value.is_empty() {
            let latin = self
                .connection
                .get_property(false, window, AtomEnum::WM_NAME, AtomEnum::ANY, 0, 256)?
                .reply()?;
            latin.value
        } else {
            utf8.value
        };
        Ok((!bytes.is_empty()).then(|| String::from_utf8_lossy(&bytes).into_owned()))
    }

    /// Whether `window` is mapped and viewable.
    pub fn is_shown(&self, window: Window) -> anyhow::Result<bool> {
        let attributes = self.connection.get_window_attributes(window)?.reply()?;
        Ok(attributes.map_state == MapState::VIEWABLE)
    }

    /// The process that owns `window`.
    pub fn pid(&self, window: Window) -> anyhow::Result<u32> {
        let property = self
            .connection
            .get_property(
                false,
                window,
                self.atoms.net_wm_pid,
                AtomEnum::CARDINAL,
                0,
                1,
            )?
            .reply()?;
        property
            .value32()
            .and_then(|mut values| values.next())
            .context("the window has no _NET_WM_PID")
    }

    /// Asks `window` to close, as a window manager does when its close button is clicked.
    pub fn request_close(&self, window: Window) -> anyhow::Result<()> {
        let message = ClientMessageEvent::new(
            32,
            window,
            self.atoms.wm_protocols,
            [self.atoms.wm_delete_window, x11rb::CURRENT_TIME, 0, 0, 0],
        );
        self.connection
            .send_event(false, window, EventMask::NO_EVENT, message)?;
        self.connection.flush()?;
        Ok(())
    }
}

/// Whether process `pid` is alive (running or sleeping, not a zombie).
pub fn process_alive(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // The state follows the command name in parentheses: "1234 (name) S ...".
    let state = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.trim_start().chars().next());
    !matches!(state, None | Some('Z' | 'X'))
}
