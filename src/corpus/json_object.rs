//! One JSONL record as a JSON object whose keys are kept in order, repeats included: a
//! `serde_json::Value` keeps only the last of two equal keys and says nothing, so a record with
//! two `text` keys would be scored with one of them silently.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

/// The members of a JSON object, in file order, repeated keys included.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JsonObject {
    pub members: Vec<(String, Value)>,
}

/// Why a line is not a JSON object.
#[derive(Debug)]
pub enum NotAnObject {
    /// Not JSON at all (the parser's message).
    Invalid(serde_json::Error),
    /// Valid JSON, but another type (`"a number"`, `"an array"`, …).
    Other(&'static str),
}

impl JsonObject {
    /// Parses one line. A BOM is not accepted here (see the caller).
    pub fn parse(bytes: &[u8]) -> Result<JsonObject, NotAnObject> {
        match serde_json::from_slice::<Parsed>(bytes) {
            Ok(Parsed::Object(o)) => Ok(o),
            Ok(Parsed::Other(what)) => Err(NotAnObject::Other(what)),
            Err(e) => Err(NotAnObject::Invalid(e)),
        }
    }

    /// The value of `key`: the last one when the key repeats (as most JSON readers take it).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.members
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Keys that occur more than once, each once, in the order of their second occurrence
    /// (linear in the number of keys: a record may hold a million of them).
    pub fn repeated_keys(&self) -> Vec<&str> {
        let mut seen = rustc_hash::FxHashSet::default();
        let mut reported = rustc_hash::FxHashSet::default();
        let mut repeated: Vec<&str> = Vec::new();
        for (key, _) in &self.members {
            if !seen.insert(key.as_str()) && reported.insert(key.as_str()) {
                repeated.push(key);
            }
        }
        repeated
    }

    /// The keys, in file order, each once (for messages).
    pub fn keys(&self) -> Vec<&str> {
        let mut seen = rustc_hash::FxHashSet::default();
        self.members
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| seen.insert(*k))
            .collect()
    }
}

/// What a value is, for messages: "a number (7.5)", "an array", "a bool (true)".
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("a bool ({b})"),
        Value::Number(n) => format!("a number ({n})"),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// A parsed line: an object, or what it was instead.
enum Parsed {
    Object(JsonObject),
    Other(&'static str),
}

impl<'de> Deserialize<'de> for Parsed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ParsedVisitor)
    }
}

struct ParsedVisitor;

impl<'de> Visitor<'de> for ParsedVisitor {
    type Value = Parsed;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(4));
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            members.push((k, v));
        }
        Ok(Parsed::Object(JsonObject { members }))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Parsed, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(Parsed::Other("an array"))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Parsed, E> {
        Ok(Parsed::Other("a bool"))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }

    fn visit_str<E>(self, _: &str) -> Result<Parsed, E> {
        Ok(Parsed::Other("a string"))
    }

    fn visit_unit<E>(self) -> Result<Parsed, E> {
        Ok(Parsed::Other("null"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_kept_and_the_last_value_is_read() {
        let o =
            JsonObject::parse(br#"{"id": "a", "text": "one", "text": "two", "id": 3}"#).unwrap();
        assert_eq!(o.repeated_keys(), ["text", "id"]);
        assert_eq!(o.get("text"), Some(&Value::String("two".into())));
        assert_eq!(o.keys(), ["id", "text"]);
        let o = JsonObject::parse(br#"{"a": {"x": 1, "x": 2}}"#).unwrap();
        assert!(o.repeated_keys().is_empty(), "only the record's own keys");
    }

    #[test]
    fn other_values_and_broken_json_are_told_apart() {
        for (line, what) in [
            (&b"[1, 2]"[..], "an array"),
            (b"7", "a number"),
            (b"\"x\"", "a string"),
            (b"null", "null"),
            (b"true", "a bool"),
        ] {
            match JsonObject::parse(line) {
                Err(NotAnObject::Other(w)) => assert_eq!(w, what),
                other => panic!("{line:?}: {other:?}"),
            }
        }
        assert!(matches!(
            JsonObject::parse(b"{\"a\": "),
            Err(NotAnObject::Invalid(_))
        ));
        assert!(matches!(
            JsonObject::parse(b"{} x"),
            Err(NotAnObject::Invalid(_))
        ));
        assert_eq!(describe(&serde_json::json!(7.5)), "a number (7.5)");
    }
}
