//! Password hashing on a few threads of its own, with a bounded queue.
//!
//! Argon2id with its default parameters fills 19 MiB for every hash, on purpose. Run on tokio's
//! blocking pool, a burst of sign-ins started one thread and one fresh 19 MiB buffer per request,
//! without bound, and the allocator kept the memory afterwards. Here a fixed number of workers
//! (about the number of cores) each own one buffer, reused for every hash; requests wait in a queue
//! of bounded length, and beyond it are answered `503 server_busy` at once. A sign-in reserves its
//! place before it reads the database ([`Hasher::reserve`]), so a refused one costs nothing else.

use crate::error::{AppError, AppResult};
use crate::metrics::Metrics;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};
use meetcute_domain::ErrorCode;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

enum Job {
    Hash {
        password: String,
        reply: oneshot::Sender<AppResult<String>>,
        _place: Place,
    },
    Verify {
        password: String,
        stored: String,
        reply: oneshot::Sender<bool>,
        _place: Place,
    },
}

/// A place among the hashes running or waiting, given back when the hash is done (dropped).
pub struct Place {
    _permit: OwnedSemaphorePermit,
}

pub struct Hasher {
    jobs: SyncSender<Job>,
    /// One permit per hash running or waiting.
    places: Arc<Semaphore>,
    metrics: Arc<Metrics>,
    /// A hash of a random password: unknown e-mails are verified against it.
    decoy: String,
}

impl Hasher {
    /// `workers` threads (at least one) and room for `queue` requests waiting for them.
    pub fn start(workers: usize, queue: usize, metrics: Arc<Metrics>) -> anyhow::Result<Self> {
        let workers = workers.max(1);
        // Places bound what is queued; the channel has room for every place.
        let (jobs, waiting) = sync_channel::<Job>(workers + queue);
        let waiting = Arc::new(Mutex::new(waiting));
        for n in 0..workers {
            let (waiting, metrics) = (waiting.clone(), metrics.clone());
            std::thread::Builder::new()
                .name(format!("meetcute-hash-{n}"))
                .spawn(move || work(&waiting, &metrics))?;
        }
        let decoy = hash_with(&mut memory(), &uuid::Uuid::new_v4().to_string())?;
        Ok(Self {
            jobs,
            places: Arc::new(Semaphore::new(workers + queue)),
            metrics,
            decoy,
        })
    }

    /// A place for one hash, or `503 server_busy` when every place is taken.
    pub fn reserve(&self) -> AppResult<Place> {
        match self.places.clone().try_acquire_owned() {
            Ok(permit) => Ok(Place { _permit: permit }),
            Err(_) => {
                self.metrics.hashes_refused.inc();
                Err(AppError::code(ErrorCode::ServerBusy))
            }
        }
    }

    /// An argon2id PHC string of `password`.
    pub async fn hash(&self, password: String) -> AppResult<String> {
        let _place = self.reserve()?;
        let (reply, answer) = oneshot::channel();
        self.submit(Job::Hash {
            password,
            reply,
            _place,
        })?;
        answer.await.map_err(|_| gone())?
    }

    /// Whether `password` matches `stored` (always `false` without one, after as long a wait), in
    /// a place reserved before.
    pub async fn verify(
        &self,
        _place: Place,
        password: String,
        stored: Option<String>,
    ) -> AppResult<bool> {
        let (reply, answer) = oneshot::channel();
        self.submit(Job::Verify {
            password,
            stored: stored.clone().unwrap_or_else(|| self.decoy.clone()),
            reply,
            _place,
        })?;
        Ok(answer.await.map_err(|_| gone())? && stored.is_some())
    }

    fn submit(&self, job: Job) -> AppResult<()> {
        self.metrics.hashes_queued.inc();
        match self.jobs.try_send(job) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(_)) => {
                self.metrics.hashes_queued.dec();
                self.metrics.hashes_refused.inc();
                Err(AppError::code(ErrorCode::ServerBusy))
            }
            Err(TrySendError::Disconnected(_)) => {
                self.metrics.hashes_queued.dec();
                Err(gone())
            }
        }
    }
}

fn gone() -> AppError {
    AppError::Internal(anyhow::anyhow!("the password hashing workers are gone"))
}

/// One worker: takes jobs until the hasher is dropped, always in the same memory.
fn work(waiting: &Mutex<Receiver<Job>>, metrics: &Metrics) {
    let mut blocks = memory();
    loop {
        let job = match waiting.lock().map(|jobs| jobs.recv()) {
            Ok(Ok(job)) => job,
            _ => return,
        };
        metrics.hashes_queued.dec();
        metrics.hashes_running.inc();
        match job {
            Job::Hash {
                password, reply, ..
            } => {
                let _ = reply.send(hash_with(&mut blocks, &password).map_err(AppError::Internal));
            }
            Job::Verify {
                password,
                stored,
                reply,
                ..
            } => {
                let _ = reply.send(verify_with(&mut blocks, &password, &stored));
            }
        }
        metrics.hashes_running.dec();
    }
}

/// Memory for one hash with the parameters new hashes use.
fn memory() -> Vec<Block> {
    vec![Block::default(); Params::default().block_count()]
}

fn hash_with(blocks: &mut [Block], password: &str) -> anyhow::Result<String> {
    let params = Params::default();
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        argon2
            .hash_password_into_with_memory(password.as_bytes(), salt_bytes, out, &mut *blocks)
            .map_err(|_| argon2::password_hash::Error::Crypto)
    })?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// Hashes with the stored parameters; a hash needing more memory than a worker holds (parameters
/// raised later) gets a buffer of its own.
fn verify_with(blocks: &mut Vec<Block>, password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Ok(params), Some(salt), Some(expected)) =
        (Params::try_from(&parsed), parsed.salt, parsed.hash)
    else {
        return false;
    };
    let (Ok(algorithm), Some(Ok(version))) = (
        Algorithm::try_from(parsed.algorithm),
        parsed.version.map(Version::try_from),
    ) else {
        return false;
    };
    if params.block_count() > blocks.len() {
        blocks.resize(params.block_count(), Block::default());
    }
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let argon2 = Argon2::new(algorithm, version, params);
    let computed = Output::init_with(expected.len(), |out| {
        argon2
            .hash_password_into_with_memory(password.as_bytes(), salt_bytes, out, &mut *blocks)
            .map_err(|_| argon2::password_hash::Error::Crypto)
    });
    // `Output`'s equality is constant-time.
    computed.is_ok_and(|computed| computed == expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::PasswordVerifier;

    #[test]
    fn a_hash_verifies_here_and_with_the_argon2_crate_and_a_wrong_password_does_not() {
        let mut blocks = memory();
        let stored = hash_with(&mut blocks, "correct horse").unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify_with(&mut blocks, "correct horse", &stored));
        assert!(!verify_with(&mut blocks, "wrong horse", &stored));
        let parsed = PasswordHash::new(&stored).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"correct horse", &parsed)
                .is_ok()
        );
    }

    #[test]
    fn hashes_made_by_the_argon2_crate_still_verify() {
        use argon2::PasswordHasher;
        let salt = SaltString::generate(&mut OsRng);
        let stored = Argon2::default()
            .hash_password(b"old one", &salt)
            .unwrap()
            .to_string();
        assert!(verify_with(&mut memory(), "old one", &stored));
        assert!(!verify_with(&mut memory(), "old two", &stored));
    }

    #[tokio::test]
    async fn beyond_the_workers_and_the_queue_a_request_is_refused_at_once() {
        let metrics = Arc::new(Metrics::default());
        let hasher = Hasher::start(1, 1, metrics.clone()).unwrap();
        let burst = (0..6).map(|_| hasher.hash("correct horse".into()));
        let answers = futures::future::join_all(burst).await;
        let busy = answers
            .iter()
            .filter(|a| {
                matches!(
                    a,
                    Err(AppError::Refused {
                        code: ErrorCode::ServerBusy,
                        ..
                    })
                )
            })
            .count();
        let done = answers.iter().filter(|a| a.is_ok()).count();
        assert_eq!(busy + done, 6, "only hashes and refusals");
        assert!(
            (1..=2).contains(&done),
            "one running and one queued at most: {done}"
        );
        assert_eq!(metrics.hashes_refused.get(), busy as u64);
        let place = hasher.reserve().unwrap();
        assert!(
            hasher
                .verify(place, "x".into(), None)
                .await
                .is_ok_and(|ok| !ok)
        );
    }
}
