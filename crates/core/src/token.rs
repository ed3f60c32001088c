//! The auth token: kept by the core only, in a file of the data dir readable by its owner only.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

const FILE_NAME: &str = "auth_token";

/// A bearer token. `Debug` never shows it, so it cannot leak through logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(value: String) -> Self {
        Token(value)
    }

    pub fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(…)")
    }
}

/// Where the token of one data dir lives.
#[derive(Debug, Clone)]
pub struct TokenStore {
    path: PathBuf,
}

impl TokenStore {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join(FILE_NAME),
        }
    }

    pub fn load(&self) -> std::io::Result<Option<Token>> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) if !text.trim().is_empty() => Ok(Some(Token(text.trim().to_owned()))),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Writes a temporary file created with mode 0600, then renames it over the old one.
    pub fn save(&self, token: &Token) -> std::io::Result<()> {
        let tmp = self.path.with_extension("tmp");
        let _ = std::fs::remove_file(&tmp);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&tmp)?;
        file.write_all(token.0.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, &self.path)
    }

    pub fn clear(&self) -> std::io::Result<()> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_token_is_owner_only_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let store = TokenStore::new(dir.path());
        assert_eq!(store.load().unwrap(), None);
        store.save(&Token::new("secret-value".into())).unwrap();
        store.save(&Token::new("secret-value-2".into())).unwrap();
        assert_eq!(
            store.load().unwrap(),
            Some(Token::new("secret-value-2".into()))
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(FILE_NAME))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        store.clear().unwrap();
        store.clear().unwrap();
        assert_eq!(store.load().unwrap(), None);
    }

    #[test]
    fn debug_hides_the_token() {
        let shown = format!("{:?}", Token::new("hunter2-secret".into()));
        assert!(!shown.contains("hunter2"));
    }
}
