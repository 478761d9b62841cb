//! Stripe event envelopes, parsed only after their signature checked out.

use serde::Deserialize;

/// Longest event id or type accepted (Stripe's are far shorter).
const MAX_NAME: usize = 255;

/// The envelope of a Stripe event. `data.object` stays JSON: only the kinds Harbinger acts
/// on are read further, and an unknown kind is acknowledged and ignored.
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// When Stripe created the event (Unix seconds): the order of a subscription's states.
    pub created: i64,
    pub livemode: bool,
    pub data: EventData,
}

/// The object an event is about.
#[derive(Debug, Clone, Deserialize)]
pub struct EventData {
    pub object: serde_json::Value,
}

/// The body is not a Stripe event Harbinger can store.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a Stripe event: {0}")]
pub struct EventError(pub String);

impl Event {
    /// Parses a verified body.
    pub fn parse(body: &[u8]) -> Result<Self, EventError> {
        let event: Self = serde_json::from_slice(body).map_err(|e| {
            // serde's message names the field and position, never the content.
            EventError(e.to_string())
        })?;
        if !event.id.starts_with("evt_") || event.id.len() > MAX_NAME {
            return Err(EventError("the id is not an event id (evt_…)".into()));
        }
        if event.kind.is_empty() || event.kind.len() > MAX_NAME {
            return Err(EventError("the type is empty or too long".into()));
        }
        Ok(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_envelopes_parse() {
        let e = Event::parse(include_bytes!(
            "../tests/fixtures/customer.subscription.updated__sonicjs_api-2024-06-20.json"
        ))
        .unwrap();
        assert_eq!(e.kind, "customer.subscription.updated");
        assert!(e.id.starts_with("evt_"));
        assert!(!e.livemode);
        assert_eq!(e.data.object["object"], "subscription");
        let e = Event::parse(include_bytes!(
            "../tests/fixtures/payload_checkout.session.completed.json"
        ))
        .unwrap();
        assert_eq!(e.kind, "checkout.session.completed");
    }

    #[test]
    fn bodies_that_are_not_events_are_refused() {
        for body in [
            &b"[]"[..],
            b"{}",
            br#"{"id":"x","type":"a","created":1,"livemode":false,"data":{"object":{}}}"#,
            br#"{"id":"evt_1","type":"","created":1,"livemode":false,"data":{"object":{}}}"#,
            br#"{"id":"evt_1","type":"a","created":"1","livemode":false,"data":{"object":{}}}"#,
        ] {
            assert!(
                Event::parse(body).is_err(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
