//! Group commit: write transactions that follow each other share one SQLite transaction.
//!
//! A transaction that commits while others wait for the writer does not wait for SQLite: its last
//! writes and the release of its savepoint are carried, sent with the next transaction's first
//! statements, and one `COMMIT` later ends them all. Each transaction runs in a savepoint of the
//! shared one, so a transaction that fails or is dropped is rolled back alone; nobody hears
//! "committed" before the `COMMIT`.
//!
//! When a batch fails, whose statements failed is found by rolling back to the savepoints that may
//! still exist: the carried transaction's (it then failed, and the statements after it, which never
//! ran, are sent again), else the sender's own. Two savepoint names take turns, so the carried
//! transaction and the one sending after it never share a name, and a batch's text (the key of the
//! connection's statement cache) comes in two variants only.

use super::statement::Statement;
use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteRow;
use tokio::sync::oneshot;

/// How a transaction waiting for the group's `COMMIT` hears how it went: the error's text if not.
pub type Outcome = Result<(), String>;

const SAVEPOINTS: [&str; 2] = ["tx_a", "tx_b"];

/// The writer connection and the SQLite transaction its write transactions share.
pub struct WriterConn {
    pub conn: SqliteConnection,
    /// `BEGIN` was sent, or is carried, and no `COMMIT` or `ROLLBACK` since.
    pub open: bool,
    /// The end of the last transaction, not sent yet.
    carried: Option<Tail>,
    /// The carried end while the batch it went with is on its way.
    sending: Option<Tail>,
    /// A batch was sent and its answer not taken yet.
    in_flight: bool,
    /// Transactions whose statements all ran, waiting for the `COMMIT`.
    members: Vec<oneshot::Sender<Outcome>>,
    /// `COMMIT`s sent and kept.
    pub commits: u64,
}

/// The statements a transaction left to send, ending with the release (or rollback) of its savepoint.
pub struct Tail {
    pub savepoint: &'static str,
    pub statement: Statement,
    /// Who hears how it went: nobody for the rollback of a dropped transaction.
    pub owner: Option<oneshot::Sender<Outcome>>,
}

/// What a batch sends after the carried tail.
pub struct Own {
    /// The savepoint its statements run in; `None` for the group's `COMMIT`.
    pub savepoint: Option<&'static str>,
    pub statement: Statement,
    /// Only the first row of the last statement is wanted.
    pub first_row_only: bool,
}

impl WriterConn {
    pub fn new(conn: SqliteConnection) -> Self {
        Self {
            conn,
            open: false,
            carried: None,
            sending: None,
            in_flight: false,
            members: Vec::new(),
            commits: 0,
        }
    }

    /// The first statements of a transaction: the group's `BEGIN` if none is open, and a savepoint
    /// whose name differs from the carried transaction's.
    pub fn start(&self) -> (&'static str, Statement) {
        let savepoint = match &self.carried {
            Some(tail) if tail.savepoint == SAVEPOINTS[0] => SAVEPOINTS[1],
            _ => SAVEPOINTS[0],
        };
        let opening = Statement::new(format!("SAVEPOINT {savepoint}"));
        let start = if self.open {
            opening
        } else {
            // IMMEDIATE: the write lock first. A transaction that read first and then wanted to
            // write could be refused (the checkpoint starting the log over holds that lock while it
            // waits for readers, this one among them).
            Statement::new("BEGIN IMMEDIATE").then(opening)
        };
        (savepoint, start)
    }

    pub fn carries(&self) -> bool {
        self.carried.is_some()
    }

    /// Leaves `tail` to go with the next statements sent.
    pub fn carry(&mut self, tail: Tail) {
        debug_assert!(
            self.carried.is_none(),
            "one transaction's end is carried at a time"
        );
        self.open = true;
        self.carried = Some(tail);
    }

    /// A transaction whose statements all ran waits for the group's `COMMIT`.
    pub fn join(&mut self, member: oneshot::Sender<Outcome>) {
        self.members.push(member);
    }

    /// Sends the carried tail, then `own`; the rows of the last statement.
    pub async fn send(&mut self, own: Own) -> Result<Vec<SqliteRow>, sqlx::Error> {
        self.open = true;
        let mut statement = own.statement;
        loop {
            self.sending = self.carried.take();
            let (batch, spare) = match &self.sending {
                None => (statement, None),
                Some(tail) => (
                    tail.statement.clone().then(statement.clone()),
                    Some(statement),
                ),
            };
            self.in_flight = true;
            let result = if own.first_row_only {
                let row = batch.fetch_first_row(&mut self.conn).await;
                row.map(|row| row.into_iter().collect())
            } else {
                batch.fetch_rows(&mut self.conn).await
            };
            let err = match result {
                Ok(rows) => {
                    self.in_flight = false;
                    let owner = self.sending.take().and_then(|tail| tail.owner);
                    self.members.extend(owner);
                    return Ok(rows);
                }
                Err(err) => err,
            };
            // Still in flight while whose statements failed is found out: a cancellation now is
            // settled as one during the batch.
            if let Some(savepoint) = self.sending.as_ref().map(|tail| tail.savepoint) {
                let tail_failed = self.roll_back_to(savepoint).await;
                let owner = self.sending.take().and_then(|tail| tail.owner);
                if tail_failed {
                    // The carried transaction failed; what followed it never ran.
                    tell(owner, Err(err.to_string()));
                    statement = spare.expect("kept while a tail was sent");
                    continue;
                }
                self.members.extend(owner);
            }
            let own_failed = match own.savepoint {
                Some(savepoint) => self.roll_back_to(savepoint).await,
                None => false,
            };
            if !own_failed {
                // SQLite rolled the whole transaction back (it does for I/O errors, a full disk),
                // or the `COMMIT` failed: the group is lost.
                self.abandon(&err).await;
            }
            self.in_flight = false;
            return Err(err);
        }
    }

    /// Sends what is carried and `COMMIT`; every waiting transaction hears how it went.
    pub async fn commit(&mut self) -> Result<(), sqlx::Error> {
        self.settle_cancelled().await;
        if !self.open {
            return Ok(());
        }
        self.send(Own {
            savepoint: None,
            statement: Statement::new("COMMIT"),
            first_row_only: false,
        })
        .await?;
        self.committed();
        Ok(())
    }

    /// The `COMMIT` ran (sent last in a batch that succeeded).
    pub fn committed(&mut self) {
        self.open = false;
        self.commits += 1;
        for member in self.members.drain(..) {
            let _ = member.send(Ok(()));
        }
    }

    /// Whether the last batch's sender was cancelled on its way (see [`Self::settle_cancelled`]).
    pub fn unsettled(&self) -> bool {
        self.in_flight
    }

    /// After a batch whose sender was cancelled on its way (its request timed out, or its client
    /// left), what of the batch ran is unknown: the group ends there, rolled back if its
    /// transaction is still open, kept if the batch's `COMMIT` ran. Run by a task nobody cancels:
    /// a second cancellation here would leave nobody knowing.
    async fn settle_cancelled(&mut self) {
        if !self.in_flight {
            return;
        }
        // `BEGIN` fails inside a transaction.
        let still_open = Statement::new("BEGIN")
            .execute(&mut self.conn)
            .await
            .is_err();
        let outcome: Outcome = if still_open {
            tracing::warn!(
                members = self.members.len(),
                "write transactions rolled back after a cancelled batch"
            );
            Err("rolled back after another request was cancelled".into())
        } else {
            Ok(())
        };
        self.open = false;
        for member in self.members.drain(..) {
            let _ = member.send(outcome.clone());
        }
        for tail in [self.sending.take(), self.carried.take()]
            .into_iter()
            .flatten()
        {
            tell(tail.owner, outcome.clone());
        }
        // Ends the group's transaction, or the one `BEGIN` just opened.
        if let Err(err) = Statement::new("ROLLBACK").execute(&mut self.conn).await {
            tracing::warn!(error = %err, "rolling back after a cancelled batch failed");
        }
        self.in_flight = false;
    }

    /// Whether `savepoint` still existed (its statements then failed); it is rolled back if so.
    async fn roll_back_to(&mut self, savepoint: &str) -> bool {
        Statement::new(format!("ROLLBACK TO {savepoint}"))
            .then(Statement::new(format!("RELEASE {savepoint}")))
            .execute(&mut self.conn)
            .await
            .is_ok()
    }

    /// Ends the group without keeping it: everyone in it hears why, then it is rolled back.
    async fn abandon(&mut self, err: &sqlx::Error) {
        tracing::warn!(error = %err, members = self.members.len(), "a group of write transactions was rolled back");
        self.open = false;
        for member in self.members.drain(..) {
            let _ = member.send(Err(err.to_string()));
        }
        if let Some(tail) = self.carried.take() {
            tell(tail.owner, Err(err.to_string()));
        }
        if let Err(rollback) = Statement::new("ROLLBACK").execute(&mut self.conn).await {
            tracing::debug!(error = %rollback, "nothing to roll back after a failed batch");
        }
    }
}

fn tell(owner: Option<oneshot::Sender<Outcome>>, outcome: Outcome) {
    if let Some(owner) = owner {
        let _ = owner.send(outcome);
    }
}
