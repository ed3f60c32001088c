//! Validated profile values: parse at the edge, trust inside.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A validation failure: which field, and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InvalidField {
    pub field: &'static str,
    pub message: String,
}

fn invalid(field: &'static str, message: impl Into<String>) -> InvalidField {
    InvalidField {
        field,
        message: message.into(),
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Woman,
    Man,
    Nonbinary,
}

pub const MIN_AGE: u32 = 18;
pub const MAX_AGE: u32 = 99;
pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 256;
pub const MAX_DISPLAY_NAME_CHARS: usize = 50;
pub const MAX_BIO_CHARS: usize = 500;
pub const MAX_INTERESTS: usize = 20;
pub const MAX_INTEREST_CHARS: usize = 30;
pub const MAX_CITY_CHARS: usize = 80;
pub const MAX_DEVICE_NAME_CHARS: usize = 80;

/// A lower-cased, trimmed e-mail address (unique case-insensitively).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, InvalidField> {
        let email = raw.trim().to_lowercase();
        let (local, domain) = email
            .split_once('@')
            .ok_or_else(|| invalid("email", "must look like name@example.com"))?;
        let valid = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && email.len() <= 254
            && !email.chars().any(char::is_whitespace)
            && !domain.contains('@');
        if valid {
            Ok(Self(email))
        } else {
            Err(invalid("email", "must look like name@example.com"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub fn validate_password(password: &str) -> Result<(), InvalidField> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(invalid(
            "password",
            format!("must be at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(invalid(
            "password",
            format!("must be at most {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    Ok(())
}

/// Trims and checks a free-text field; `required` refuses the empty string.
pub fn clean_text(
    field: &'static str,
    raw: &str,
    max_chars: usize,
    required: bool,
) -> Result<String, InvalidField> {
    let text = raw.trim();
    if required && text.is_empty() {
        return Err(invalid(field, "must not be empty"));
    }
    if text.chars().count() > max_chars {
        return Err(invalid(
            field,
            format!("must be at most {max_chars} characters"),
        ));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(invalid(field, "must not contain control characters"));
    }
    Ok(text.to_owned())
}

/// Lower-case tags, deduplicated and sorted: `["Hiking", "hiking "]` → `["hiking"]`.
pub fn normalize_interests(raw: &[String]) -> Result<Vec<String>, InvalidField> {
    let mut tags = BTreeSet::new();
    for tag in raw {
        let tag = tag.trim().to_lowercase();
        if tag.is_empty() {
            return Err(invalid("interests", "tags must not be empty"));
        }
        if tag.chars().count() > MAX_INTEREST_CHARS {
            return Err(invalid(
                "interests",
                format!("tags must be at most {MAX_INTEREST_CHARS} characters"),
            ));
        }
        if !tag
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
        {
            return Err(invalid(
                "interests",
                "tags may contain letters, digits, spaces and dashes",
            ));
        }
        tags.insert(tag);
    }
    if tags.len() > MAX_INTERESTS {
        return Err(invalid(
            "interests",
            format!("at most {MAX_INTERESTS} tags"),
        ));
    }
    Ok(tags.into_iter().collect())
}

pub fn validate_age_range(age_min: u32, age_max: u32) -> Result<(), InvalidField> {
    if !(MIN_AGE..=MAX_AGE).contains(&age_min) {
        return Err(invalid(
            "age_min",
            format!("must be between {MIN_AGE} and {MAX_AGE}"),
        ));
    }
    if !(MIN_AGE..=MAX_AGE).contains(&age_max) {
        return Err(invalid(
            "age_max",
            format!("must be between {MIN_AGE} and {MAX_AGE}"),
        ));
    }
    if age_min > age_max {
        return Err(invalid("age_min", "must not be above age_max"));
    }
    Ok(())
}

pub fn validate_interested_in(genders: &[Gender]) -> Result<Vec<Gender>, InvalidField> {
    let set: BTreeSet<Gender> = genders.iter().copied().collect();
    if set.is_empty() {
        return Err(invalid("interested_in", "choose at least one"));
    }
    Ok(set.into_iter().collect())
}

/// Age in whole years on `today`.
pub fn age_on(birthdate: NaiveDate, today: NaiveDate) -> u32 {
    let mut age = today.year() - birthdate.year();
    if (today.month(), today.day()) < (birthdate.month(), birthdate.day()) {
        age -= 1;
    }
    u32::try_from(age).unwrap_or(0)
}

pub fn validate_birthdate(birthdate: NaiveDate, today: NaiveDate) -> Result<u32, InvalidField> {
    if birthdate > today {
        return Err(invalid("birthdate", "must be in the past"));
    }
    let age = age_on(birthdate, today);
    if age < MIN_AGE {
        return Err(invalid(
            "birthdate",
            format!("you must be {MIN_AGE} or older"),
        ));
    }
    if age > 120 {
        return Err(invalid("birthdate", "is not plausible"));
    }
    Ok(age)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn email_is_lowercased_and_checked() {
        assert_eq!(
            Email::parse(" Ana@Example.COM ").unwrap().as_str(),
            "ana@example.com"
        );
        for bad in [
            "",
            "ana",
            "@example.com",
            "ana@example",
            "ana@.com",
            "a na@x.io",
            "a@b@c.io",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn password_needs_eight_characters() {
        assert!(validate_password("1234567").is_err());
        assert!(validate_password("12345678").is_ok());
        assert!(validate_password(&"x".repeat(MAX_PASSWORD_CHARS + 1)).is_err());
    }

    #[test]
    fn age_counts_birthdays() {
        assert_eq!(age_on(date(2000, 6, 15), date(2018, 6, 14)), 17);
        assert_eq!(age_on(date(2000, 6, 15), date(2018, 6, 15)), 18);
        assert!(validate_birthdate(date(2000, 6, 15), date(2018, 6, 14)).is_err());
        assert_eq!(
            validate_birthdate(date(2000, 6, 15), date(2018, 6, 15)),
            Ok(18)
        );
        assert!(validate_birthdate(date(2030, 1, 1), date(2026, 1, 1)).is_err());
    }

    #[test]
    fn interests_are_normalized_tags() {
        let tags =
            normalize_interests(&["Hiking".into(), " hiking ".into(), "Jazz".into()]).unwrap();
        assert_eq!(tags, vec!["hiking", "jazz"]);
        assert!(normalize_interests(&["".into()]).is_err());
        assert!(normalize_interests(&["<script>".into()]).is_err());
        let many: Vec<String> = (0..=MAX_INTERESTS).map(|i| format!("tag{i}")).collect();
        assert!(normalize_interests(&many).is_err());
    }

    #[test]
    fn age_range_bounds() {
        assert!(validate_age_range(18, 99).is_ok());
        assert_eq!(validate_age_range(17, 30).unwrap_err().field, "age_min");
        assert_eq!(validate_age_range(30, 100).unwrap_err().field, "age_max");
        assert_eq!(validate_age_range(40, 30).unwrap_err().field, "age_min");
    }

    #[test]
    fn text_fields_are_trimmed_and_bounded() {
        assert_eq!(
            clean_text("display_name", "  Ana ", 50, true).unwrap(),
            "Ana"
        );
        assert!(clean_text("display_name", "   ", 50, true).is_err());
        assert_eq!(clean_text("bio", "", 50, false).unwrap(), "");
        assert!(clean_text("bio", &"x".repeat(51), 50, false).is_err());
        assert!(clean_text("bio", "a\u{0}b", 50, false).is_err());
    }
}
