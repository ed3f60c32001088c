//! Times on the wire: exactly chrono's own RFC 3339 text (`…T…Z`, as many fraction digits as
//! needed), written as one string.
//!
//! chrono's `Serialize` hands the text to the serializer through `fmt`, a character at a time,
//! and serde_json escape-checks each one; with three times in each of ten thousand calls that
//! was a large part of writing a full sync. Reading stays chrono's own.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serializer;

pub fn serialize<S: Serializer>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

pub fn serialize_option<S: Serializer>(
    time: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match time {
        Some(time) => serialize(time, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};
    use serde::Serialize;

    #[derive(Serialize)]
    struct Ours(#[serde(serialize_with = "super::serialize")] DateTime<Utc>);

    #[test]
    fn writes_what_chrono_writes() {
        let whole = Utc.with_ymd_and_hms(2026, 11, 25, 19, 36, 35).unwrap();
        let times = [
            whole,
            whole + chrono::Duration::milliseconds(120),
            whole + chrono::Duration::microseconds(123_456),
            whole + chrono::Duration::nanoseconds(7),
            DateTime::<Utc>::from_timestamp(0, 0).unwrap(),
        ];
        for time in times {
            let ours = serde_json::to_string(&Ours(time)).unwrap();
            assert_eq!(ours, serde_json::to_string(&time).unwrap());
            let back: DateTime<Utc> = serde_json::from_str(&ours).unwrap();
            assert_eq!(back, time);
        }
    }
}
