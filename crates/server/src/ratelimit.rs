//! Sign-in attempts are limited per account and per IP address, sign-ups per IP address
//! (governor's keyed limiters).

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;

pub struct LoginLimiter {
    per_account: DefaultKeyedRateLimiter<String>,
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
}

impl LoginLimiter {
    pub fn new(attempts_per_minute: u32) -> Self {
        let per_minute =
            |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN));
        Self {
            per_account: RateLimiter::keyed(per_minute(attempts_per_minute)),
            per_ip: RateLimiter::keyed(per_minute(attempts_per_minute.saturating_mul(4))),
        }
    }

    /// Counts one attempt; `false` when either limit is exhausted.
    pub fn allow(&self, email: &str, ip: IpAddr) -> bool {
        self.per_ip.check_key(&ip).is_ok() && self.per_account.check_key(&email.to_owned()).is_ok()
    }
}

/// New accounts per IP address and hour: a person signs up once; a script signs up thousands.
pub struct RegisterLimiter {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
}

impl RegisterLimiter {
    pub fn new(per_hour: u32) -> Self {
        let per_hour = NonZeroU32::new(per_hour.max(1)).unwrap_or(NonZeroU32::MIN);
        Self {
            per_ip: RateLimiter::keyed(Quota::per_hour(per_hour)),
        }
    }

    /// Counts one sign-up; `false` when this address has used its quota.
    pub fn allow(&self, ip: IpAddr) -> bool {
        self.per_ip.check_key(&ip).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_limit_applies_per_account() {
        let limiter = LoginLimiter::new(2);
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        assert!(limiter.allow("ana@x.io", ip));
        assert!(limiter.allow("ana@x.io", ip));
        assert!(!limiter.allow("ana@x.io", ip));
        assert!(limiter.allow("ben@x.io", ip));
    }

    #[test]
    fn sign_ups_are_counted_per_address() {
        let limiter = RegisterLimiter::new(2);
        let (home, cafe): (IpAddr, IpAddr) =
            ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        assert!(limiter.allow(home));
        assert!(limiter.allow(home));
        assert!(!limiter.allow(home));
        assert!(limiter.allow(cafe));
    }
}
