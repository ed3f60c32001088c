//! Times on the wire: exactly chrono's own RFC 3339 text (`…T…Z`, as many fraction digits as
//! needed), written as one string and read by chrono's RFC 3339 parser.
//!
//! chrono's `Serialize` hands the text to the serializer through `fmt`, a character at a time,
//! and serde_json escape-checks each one; its `Deserialize` goes through the general format
//! parser. With three times in each of ten thousand calls, both were a large part of a full
//! sync. Use as `#[serde(with = "wire_time")]`, or `wire_time::option` for an optional time.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serializer};
use std::fmt;

pub fn serialize<S: Serializer>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    Rfc3339::deserialize(deserializer).map(|time| time.0)
}

pub mod option {
    use super::Rfc3339;
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        time: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match time {
            Some(time) => super::serialize(time, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<Rfc3339>::deserialize(deserializer).map(|time| time.map(|t| t.0))
    }
}

struct Rfc3339(DateTime<Utc>);

impl<'de> Deserialize<'de> for Rfc3339 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Rfc3339Visitor)
    }
}

struct Rfc3339Visitor;

impl Visitor<'_> for Rfc3339Visitor {
    type Value = Rfc3339;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an RFC 3339 time")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Rfc3339, E> {
        DateTime::parse_from_rfc3339(text)
            .map(|time| Rfc3339(time.with_timezone(&Utc)))
            .map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Times {
        #[serde(with = "super")]
        at: DateTime<Utc>,
        #[serde(default, with = "super::option")]
        maybe: Option<DateTime<Utc>>,
    }

    #[test]
    fn writes_what_chrono_writes_and_reads_it_back() {
        let whole = Utc.with_ymd_and_hms(2026, 11, 25, 19, 36, 35).unwrap();
        let times = [
            whole,
            whole + chrono::Duration::milliseconds(120),
            whole + chrono::Duration::microseconds(123_456),
            whole + chrono::Duration::nanoseconds(7),
            DateTime::<Utc>::from_timestamp(0, 0).unwrap(),
        ];
        for time in times {
            let ours = serde_json::to_value(Times {
                at: time,
                maybe: Some(time),
            })
            .unwrap();
            let chronos = serde_json::to_value(time).unwrap();
            assert_eq!((&ours["at"], &ours["maybe"]), (&chronos, &chronos));
            let back: Times = serde_json::from_value(ours).unwrap();
            assert_eq!((back.at, back.maybe), (time, Some(time)));
        }
    }

    #[test]
    fn reads_offsets_null_and_missing_and_refuses_garbage() {
        let read = |json: &str| serde_json::from_str::<Times>(json);
        let utc = read(r#"{"at":"2026-11-25T19:36:35.5+00:00","maybe":null}"#).unwrap();
        let paris = read(r#"{"at":"2026-11-25T20:36:35.5+01:00"}"#).unwrap();
        assert_eq!(utc, paris);
        assert_eq!(utc.maybe, None);
        assert!(read(r#"{"at":"yesterday"}"#).is_err());
        assert!(read(r#"{"at":1764099395}"#).is_err());
    }
}
