//! What a report may say: the limits the server enforces and the UI's form shows.

use crate::profile::{InvalidField, clean_text};

/// A report's reason, in characters after trimming (required).
pub const REPORT_REASON_MAX_CHARS: usize = 100;
/// A report's optional details, in characters after trimming.
pub const REPORT_DETAILS_MAX_CHARS: usize = 2000;

/// The reason and details, trimmed, or the first field that is wrong.
pub fn clean_report(reason: &str, details: &str) -> Result<(String, String), InvalidField> {
    let reason = clean_text("reason", reason, REPORT_REASON_MAX_CHARS, true)?;
    let details = clean_text("details", details, REPORT_DETAILS_MAX_CHARS, false)?;
    Ok((reason, details))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_required_and_details_are_optional() {
        assert_eq!(
            clean_report("  spam ", ""),
            Ok(("spam".to_owned(), String::new()))
        );
        assert!(clean_report("   ", "details").is_err());
    }

    #[test]
    fn both_fields_have_a_length_limit() {
        let long_reason = "r".repeat(REPORT_REASON_MAX_CHARS + 1);
        assert!(clean_report(&long_reason, "").is_err());
        let max_details = "d".repeat(REPORT_DETAILS_MAX_CHARS);
        assert!(clean_report("spam", &max_details).is_ok());
        assert!(clean_report("spam", &format!("{max_details}d")).is_err());
    }
}
