//! The open-files limit: every live socket is a file descriptor, and a login shell's default soft
//! limit (1,024 on most Linux systems) is far below what `--max-sockets` allows.

/// Raises the soft limit to the hard one; warns when it still cannot hold `max_sockets` sockets
/// beside the database connections and files the server itself keeps open.
pub fn raise_for(max_sockets: usize) {
    /// Descriptors beside the sockets: database connections, listeners, logs, libraries.
    const RESERVED: u64 = 256;
    let needed = max_sockets as u64 + RESERVED;
    #[cfg(unix)]
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) if limit < needed => tracing::warn!(
            limit,
            needed,
            "the open-files limit is below what --max-sockets needs; raise the hard limit (ulimit -Hn, LimitNOFILE=)"
        ),
        Ok(limit) => tracing::debug!(limit, "open-files limit"),
        Err(error) => tracing::warn!(%error, "could not raise the open-files limit"),
    }
    #[cfg(not(unix))]
    let _ = needed;
}
