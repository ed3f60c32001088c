//! Launch options: which profile (its own data dir, so two people can use two windows on one
//! machine) and which server.
//!
//! `--profile NAME` or `MEETCUTE_PROFILE` (default `default`); `--server URL` or
//! `MEETCUTE_SERVER` (default [`DEFAULT_SERVER`]); `--data-dir PATH` or `MEETCUTE_DATA_DIR`
//! overrides the data dir entirely (tests). Arguments win over the environment. `--background`
//! starts in the tray without showing the window (how the app starts at login).

use std::path::{Path, PathBuf};

pub const DEFAULT_SERVER: &str = "http://127.0.0.1:8787";
pub const DEFAULT_PROFILE: &str = "default";
const MAX_PROFILE_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaunchOptions {
    pub profile: String,
    pub server_url: String,
    pub data_dir: Option<PathBuf>,
    /// Start in the tray, the window hidden until opened.
    pub background: bool,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OptionsError {
    #[error("{0} needs a value")]
    MissingValue(&'static str),
    #[error("profile names use letters, digits, '-' and '_' (at most 40): {0:?}")]
    BadProfile(String),
    #[error("the server must be an http:// or https:// URL: {0:?}")]
    BadServer(String),
}

impl LaunchOptions {
    /// From the process's arguments and environment.
    pub fn from_process() -> Result<Self, OptionsError> {
        Self::parse(std::env::args().skip(1), |key| std::env::var(key).ok())
    }

    /// `args` without the program name; `env` looks a variable up.
    pub fn parse(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, OptionsError> {
        let mut profile = env("MEETCUTE_PROFILE").filter(|p| !p.is_empty());
        let mut server_url = env("MEETCUTE_SERVER").filter(|s| !s.is_empty());
        let mut data_dir = env("MEETCUTE_DATA_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from);
        let mut background = false;
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
                None => (arg.clone(), None),
            };
            match flag.as_str() {
                "--profile" => {
                    profile = Some(
                        inline
                            .or_else(|| args.next())
                            .ok_or(OptionsError::MissingValue("--profile"))?,
                    );
                }
                "--server" => {
                    server_url = Some(
                        inline
                            .or_else(|| args.next())
                            .ok_or(OptionsError::MissingValue("--server"))?,
                    );
                }
                "--data-dir" => {
                    data_dir = Some(PathBuf::from(
                        inline
                            .or_else(|| args.next())
                            .ok_or(OptionsError::MissingValue("--data-dir"))?,
                    ));
                }
                "--background" => background = true,
                _ => tracing::debug!(%arg, "ignoring an unknown argument"),
            }
        }
        let profile = profile.unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
        let valid_profile = !profile.is_empty()
            && profile.chars().count() <= MAX_PROFILE_CHARS
            && profile
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid_profile {
            return Err(OptionsError::BadProfile(profile));
        }
        let server_url = server_url.unwrap_or_else(|| DEFAULT_SERVER.to_owned());
        if !(server_url.starts_with("http://") || server_url.starts_with("https://")) {
            return Err(OptionsError::BadServer(server_url));
        }
        Ok(Self {
            profile,
            server_url: server_url.trim_end_matches('/').to_owned(),
            data_dir,
            background,
        })
    }

    /// This profile's data dir under the app's data dir.
    pub fn data_dir(&self, app_data_dir: &Path) -> PathBuf {
        self.data_dir
            .clone()
            .unwrap_or_else(|| app_data_dir.join("profiles").join(&self.profile))
    }

    /// The arguments that start this same profile, server and data dir at login, in the tray.
    pub fn login_args(&self) -> Vec<String> {
        let mut args = vec!["--background".to_owned()];
        if self.profile != DEFAULT_PROFILE {
            args.extend(["--profile".to_owned(), self.profile.clone()]);
        }
        if self.server_url != DEFAULT_SERVER {
            args.extend(["--server".to_owned(), self.server_url.clone()]);
        }
        if let Some(dir) = &self.data_dir {
            args.extend(["--data-dir".to_owned(), dir.display().to_string()]);
        }
        args
    }

    /// The window title: the profile shows when it is not the default one.
    pub fn window_title(&self) -> String {
        if self.profile == DEFAULT_PROFILE {
            "Meetcute".to_owned()
        } else {
            format!("Meetcute — {}", self.profile)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<LaunchOptions, OptionsError> {
        let env: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        LaunchOptions::parse(args.iter().map(|a| a.to_string()), |k| env.get(k).cloned())
    }

    #[test]
    fn defaults_to_the_default_profile_and_the_local_server() {
        let o = parse(&[], &[]).unwrap();
        assert_eq!(o.profile, "default");
        assert_eq!(o.server_url, "http://127.0.0.1:8787");
        assert_eq!(o.window_title(), "Meetcute");
        assert!(!o.background);
        assert_eq!(
            o.data_dir(Path::new("/data")),
            PathBuf::from("/data/profiles/default")
        );
    }

    #[test]
    fn two_profiles_get_two_data_dirs() {
        let alice = parse(&["--profile", "alice"], &[]).unwrap();
        let bob = parse(&["--profile=bob"], &[]).unwrap();
        assert_ne!(
            alice.data_dir(Path::new("/d")),
            bob.data_dir(Path::new("/d"))
        );
        assert_eq!(alice.window_title(), "Meetcute — alice");
    }

    #[test]
    fn arguments_win_over_the_environment() {
        let o = parse(
            &["--profile", "cli", "--server", "http://10.0.0.2:9000/"],
            &[
                ("MEETCUTE_PROFILE", "env"),
                ("MEETCUTE_SERVER", "http://x:1"),
            ],
        )
        .unwrap();
        assert_eq!(o.profile, "cli");
        assert_eq!(o.server_url, "http://10.0.0.2:9000");
        let o = parse(&[], &[("MEETCUTE_PROFILE", "env")]).unwrap();
        assert_eq!(o.profile, "env");
    }

    #[test]
    fn refuses_profiles_that_could_escape_the_data_dir() {
        assert!(matches!(
            parse(&["--profile", "../etc"], &[]),
            Err(OptionsError::BadProfile(_))
        ));
        assert_eq!(
            parse(&["--profile"], &[]),
            Err(OptionsError::MissingValue("--profile"))
        );
        assert!(matches!(
            parse(&[], &[("MEETCUTE_SERVER", "ftp://x")]),
            Err(OptionsError::BadServer(_))
        ));
    }

    #[test]
    fn an_explicit_data_dir_overrides_the_profile_dir() {
        let o = parse(&[], &[("MEETCUTE_DATA_DIR", "/tmp/x")]).unwrap();
        assert_eq!(o.data_dir(Path::new("/d")), PathBuf::from("/tmp/x"));
        let o = parse(
            &["--data-dir", "/tmp/y"],
            &[("MEETCUTE_DATA_DIR", "/tmp/x")],
        )
        .unwrap();
        assert_eq!(o.data_dir(Path::new("/d")), PathBuf::from("/tmp/y"));
    }

    #[test]
    fn login_starts_the_same_profile_and_server_in_the_tray() {
        let plain = parse(&[], &[]).unwrap();
        assert_eq!(plain.login_args(), ["--background"]);
        let ben = parse(
            &["--profile", "ben", "--server", "https://meet.example"],
            &[],
        )
        .unwrap();
        let args = ben.login_args();
        assert_eq!(
            args,
            [
                "--background",
                "--profile",
                "ben",
                "--server",
                "https://meet.example"
            ]
        );
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let again = parse(&args, &[]).unwrap();
        assert!(again.background);
        assert_eq!(
            (again.profile, again.server_url),
            (ben.profile, ben.server_url)
        );
    }
}
