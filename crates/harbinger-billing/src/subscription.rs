//! A subscription's state as its events tell it, and the plan a user's subscriptions grant.
//!
//! Stripe delivers events at least once and in any order. Each event carries the whole
//! subscription object, so the state is not built by applying changes: the store keeps one
//! snapshot per subscription and [`Snapshot::supersedes`] decides whether an arriving one
//! replaces it. The order is the event's `created` time; a cancellation is final (Stripe never
//! revives a canceled subscription), and events created in the same second are ordered by a
//! fixed rank of their status, so every arrival order of the same events ends in the same state
//! (property-tested below).

use harbinger_core::Plan;
use serde_json::Value;

use crate::event::{Event, EventError};

/// The metadata key on a subscription (set at checkout) naming the Harbinger user it is for.
pub const USER_METADATA_KEY: &str = "harbinger_user_id";

/// A Stripe subscription status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Incomplete,
    IncompleteExpired,
    Trialing,
    Active,
    PastDue,
    Unpaid,
    Paused,
    Canceled,
}

impl Status {
    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "incomplete" => Self::Incomplete,
            "incomplete_expired" => Self::IncompleteExpired,
            "trialing" => Self::Trialing,
            "active" => Self::Active,
            "past_due" => Self::PastDue,
            "unpaid" => Self::Unpaid,
            "paused" => Self::Paused,
            "canceled" => Self::Canceled,
            _ => return None,
        })
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Incomplete => "incomplete",
            Self::IncompleteExpired => "incomplete_expired",
            Self::Trialing => "trialing",
            Self::Active => "active",
            Self::PastDue => "past_due",
            Self::Unpaid => "unpaid",
            Self::Paused => "paused",
            Self::Canceled => "canceled",
        }
    }

    /// Whether the subscription grants its plan. Past due, unpaid and paused do not: paid
    /// features stop until the payment goes through (RELIABILITY S18).
    pub const fn entitles(self) -> bool {
        matches!(self, Self::Active | Self::Trialing)
    }

    /// A payment is owed: paid features answer 402 rather than 403, with where to pay.
    pub const fn payment_due(self) -> bool {
        matches!(self, Self::PastDue | Self::Unpaid | Self::Incomplete)
    }

    /// Stripe never moves a subscription out of these.
    pub const fn is_final(self) -> bool {
        matches!(self, Self::Canceled | Self::IncompleteExpired)
    }

    /// Tie-break for events created in the same second: the later step of a lifecycle wins.
    const fn rank(self) -> u8 {
        match self {
            Self::Incomplete => 0,
            Self::Trialing => 1,
            Self::Active => 2,
            Self::PastDue => 3,
            Self::Unpaid => 4,
            Self::Paused => 5,
            Self::IncompleteExpired => 6,
            Self::Canceled => 7,
        }
    }
}

/// One subscription as one event shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub id: String,
    pub customer: String,
    pub status: Status,
    /// Every price on the subscription's items (and the legacy top-level plan).
    pub price_ids: Vec<String>,
    /// End of the paid period (Unix seconds): on the subscription in older API versions, on
    /// its items in current ones.
    pub current_period_end: Option<i64>,
    /// `metadata.harbinger_user_id`, when checkout set it.
    pub user_ref: Option<String>,
    /// The `created` time of the event that carried this snapshot.
    pub event_created: i64,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// A customer field is an id, or an expanded object with one.
fn id_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

impl Snapshot {
    /// The subscription a `customer.subscription.*` event carries; `Ok(None)` for any other
    /// kind of event.
    pub fn from_event(event: &Event) -> Result<Option<Self>, EventError> {
        if !event.kind.starts_with("customer.subscription.") {
            return Ok(None);
        }
        let o = &event.data.object;
        let bad = |what: &str| EventError(format!("subscription event without {what}"));
        let id = text(o, "id")
            .filter(|id| id.starts_with("sub_"))
            .ok_or_else(|| bad("a subscription id"))?;
        let customer = id_of(o.get("customer")).ok_or_else(|| bad("a customer"))?;
        let mut status = text(o, "status")
            .as_deref()
            .and_then(Status::parse)
            .ok_or_else(|| bad("a known status"))?;
        // A deletion ends the subscription whatever status the object shows.
        if event.kind == "customer.subscription.deleted" {
            status = Status::Canceled;
        }
        let items = o
            .pointer("/items/data")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut price_ids: Vec<String> = items
            .iter()
            .filter_map(|item| {
                item.pointer("/price/id")
                    .or_else(|| item.pointer("/plan/id"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .collect();
        if let Some(plan) = o.pointer("/plan/id").and_then(Value::as_str)
            && !price_ids.iter().any(|p| p == plan)
        {
            price_ids.push(plan.to_owned());
        }
        let current_period_end =
            o.get("current_period_end")
                .and_then(Value::as_i64)
                .or_else(|| {
                    items
                        .iter()
                        .filter_map(|i| i.get("current_period_end").and_then(Value::as_i64))
                        .max()
                });
        let user_ref = o
            .pointer(&format!("/metadata/{USER_METADATA_KEY}"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(Some(Self {
            id,
            customer,
            status,
            price_ids,
            current_period_end,
            user_ref,
            event_created: event.created,
        }))
    }

    /// Whether this snapshot replaces `old`, the one stored for the same subscription.
    pub fn supersedes(&self, old: &Self) -> bool {
        if old.status.is_final() {
            return false;
        }
        if self.status.is_final() {
            return true;
        }
        (self.event_created, self.status.rank()) > (old.event_created, old.status.rank())
    }
}

/// Which Stripe prices buy which plan (from configuration).
#[derive(Debug, Clone, Default)]
pub struct PriceMap {
    pub pro: Vec<String>,
    pub quant: Vec<String>,
}

const fn plan_rank(plan: Plan) -> u8 {
    match plan {
        Plan::Free => 0,
        Plan::Pro => 1,
        Plan::Quant => 2,
    }
}

impl PriceMap {
    /// The best plan any of `price_ids` buys; `Free` when none is configured.
    pub fn plan_of(&self, price_ids: &[String]) -> Plan {
        let has = |list: &[String]| price_ids.iter().any(|p| list.contains(p));
        if has(&self.quant) {
            Plan::Quant
        } else if has(&self.pro) {
            Plan::Pro
        } else {
            Plan::Free
        }
    }
}

/// What a user's subscriptions grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entitlement {
    pub plan: Plan,
    /// The status behind `plan`: the entitling subscription's, or else the newest one's.
    pub status: Status,
}

/// The plan a user's subscriptions grant: the best plan of those that entitle; otherwise
/// Free, with the newest subscription's status (so a past-due one can be told apart from a
/// canceled one). `None` for a user with no subscription: billing has no say over them.
pub fn entitlement(subs: &[(Snapshot, Plan)]) -> Option<Entitlement> {
    let best = subs
        .iter()
        .filter(|(s, _)| s.status.entitles())
        .max_by_key(|(s, plan)| (plan_rank(*plan), s.event_created));
    if let Some((s, plan)) = best {
        return Some(Entitlement {
            plan: *plan,
            status: s.status,
        });
    }
    subs.iter()
        .max_by_key(|(s, _)| (s.event_created, s.status.rank()))
        .map(|(s, _)| Entitlement {
            plan: Plan::Free,
            status: s.status,
        })
}

/// A completed checkout links a Stripe customer to the user who started it
/// (`client_reference_id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutLink {
    pub customer: String,
    pub user_ref: String,
}

impl CheckoutLink {
    pub fn from_event(event: &Event) -> Option<Self> {
        if event.kind != "checkout.session.completed" {
            return None;
        }
        let o = &event.data.object;
        Some(Self {
            customer: id_of(o.get("customer"))?,
            user_ref: text(o, "client_reference_id")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn event(kind: &str, created: i64, object: Value) -> Event {
        Event {
            id: format!("evt_{created}"),
            kind: kind.into(),
            created,
            livemode: false,
            data: crate::event::EventData { object },
        }
    }

    fn data_only(raw: &[u8], kind: &str) -> Event {
        let v: Value = serde_json::from_slice(raw).unwrap();
        event(kind, 1, v["object"].clone())
    }

    #[test]
    fn recorded_subscriptions_of_both_api_generations_are_read() {
        let e = Event::parse(include_bytes!(
            "../tests/fixtures/customer.subscription.updated__sonicjs_api-2024-06-20.json"
        ))
        .unwrap();
        let s = Snapshot::from_event(&e).unwrap().unwrap();
        assert_eq!(s.status, Status::Active);
        assert_eq!(s.customer, "cus_Nc4kL4EPtG5SKe");
        assert_eq!(s.price_ids, ["price_1Mqqb5Lt4dXK03v5cK9prani"]);
        assert_eq!(s.current_period_end, Some(1_683_260_814));

        let created = data_only(
            include_bytes!("../tests/fixtures/subscription.created.json"),
            "customer.subscription.created",
        );
        let s = Snapshot::from_event(&created).unwrap().unwrap();
        assert_eq!(s.status, Status::Active);
        assert!(
            s.price_ids
                .contains(&"FFBEGINNER_00000000000000".to_owned())
        );

        let deleted = data_only(
            include_bytes!("../tests/fixtures/subscription.deleted.json"),
            "customer.subscription.deleted",
        );
        assert_eq!(
            Snapshot::from_event(&deleted).unwrap().unwrap().status,
            Status::Canceled
        );

        // Today's shape: the period end sits on the items.
        let current: Value =
            serde_json::from_slice(include_bytes!("../tests/fixtures/subscription_object.json"))
                .unwrap();
        let s = Snapshot::from_event(&event("customer.subscription.updated", 2, current))
            .unwrap()
            .unwrap();
        assert_eq!(s.current_period_end, Some(976_287_773));
        assert_eq!(s.price_ids, ["price_1PgafmB7WZ01zgkW6dKueIc5"]);
    }

    #[test]
    fn other_events_are_not_subscriptions_and_broken_ones_are_errors() {
        let e = event("invoice.paid", 1, serde_json::json!({"id": "in_1"}));
        assert_eq!(Snapshot::from_event(&e).unwrap(), None);
        let e = event(
            "customer.subscription.updated",
            1,
            serde_json::json!({"id": "sub_1", "customer": "cus_1", "status": "exotic"}),
        );
        assert!(Snapshot::from_event(&e).is_err());
    }

    #[test]
    fn prices_map_to_the_best_plan_and_unknown_ones_to_free() {
        let map = PriceMap {
            pro: vec!["price_pro".into()],
            quant: vec!["price_quant".into()],
        };
        assert_eq!(map.plan_of(&["price_pro".into()]), Plan::Pro);
        assert_eq!(
            map.plan_of(&["price_pro".into(), "price_quant".into()]),
            Plan::Quant
        );
        assert_eq!(map.plan_of(&["price_other".into()]), Plan::Free);
    }

    fn snap(status: Status, created: i64) -> Snapshot {
        Snapshot {
            id: "sub_1".into(),
            customer: "cus_1".into(),
            status,
            price_ids: vec!["price_pro".into()],
            current_period_end: None,
            user_ref: None,
            event_created: created,
        }
    }

    #[test]
    fn entitlement_follows_the_entitling_subscription_or_the_newest_status() {
        assert_eq!(entitlement(&[]), None);
        let e = entitlement(&[(snap(Status::PastDue, 5), Plan::Pro)]).unwrap();
        assert_eq!((e.plan, e.status), (Plan::Free, Status::PastDue));
        assert!(e.status.payment_due());
        let e = entitlement(&[
            (snap(Status::Canceled, 9), Plan::Quant),
            (snap(Status::Active, 3), Plan::Pro),
        ])
        .unwrap();
        assert_eq!((e.plan, e.status), (Plan::Pro, Status::Active));
    }

    /// The state a store reaches by offering each delivered snapshot in turn.
    fn fold(deliveries: &[Snapshot]) -> Option<Snapshot> {
        deliveries.iter().fold(None, |held, s| match held {
            Some(old) if !s.supersedes(&old) => Some(old),
            _ => Some(s.clone()),
        })
    }

    fn lifecycle() -> impl Strategy<Value = Vec<Snapshot>> {
        let middle = prop::sample::select(vec![
            Status::Trialing,
            Status::Active,
            Status::PastDue,
            Status::Unpaid,
            Status::Paused,
        ]);
        (
            prop::sample::select(vec![Status::Incomplete, Status::Trialing, Status::Active]),
            prop::collection::vec((middle, 0_i64..3), 0..5),
            any::<bool>(),
        )
            .prop_map(|(first, rest, cancel)| {
                // Stripe's clock: never backwards, often the same second twice.
                let mut t = 1_000;
                let mut out = vec![snap(first, t)];
                for (status, step) in rest {
                    t += step;
                    if out.last().is_some_and(|l: &Snapshot| {
                        l.event_created == t && status.rank() <= l.status.rank()
                    }) {
                        // Two states in one second come in lifecycle order, or the
                        // second one is a second later.
                        t += 1;
                    }
                    out.push(snap(status, t));
                }
                if cancel {
                    out.push(snap(Status::Canceled, t));
                }
                out
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// RELIABILITY W5: any arrival order, with duplicates, ends in the state the
        /// lifecycle ended in.
        #[test]
        fn every_order_with_duplicates_ends_in_the_last_state(
            life in lifecycle(),
            dupes in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
            order in any::<u64>(),
        ) {
            let mut deliveries = life.clone();
            for d in &dupes {
                deliveries.push(life[d.index(life.len())].clone());
            }
            // A deterministic shuffle from `order`.
            let mut seed = order | 1;
            for i in (1..deliveries.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                deliveries.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            prop_assert_eq!(fold(&deliveries), life.last().cloned());
        }
    }

    #[test]
    fn all_24_orders_of_the_four_event_lifecycle_end_canceled() {
        let life = [
            snap(Status::Incomplete, 100),
            snap(Status::Active, 100),
            snap(Status::PastDue, 160),
            snap(Status::Canceled, 200),
        ];
        let mut idx = [0, 1, 2, 3];
        let mut seen = 0;
        // Heap's algorithm over the four deliveries.
        let mut c = [0; 4];
        let mut check = |idx: &[usize; 4]| {
            let d: Vec<_> = idx.iter().map(|&i| life[i].clone()).collect();
            assert_eq!(fold(&d).unwrap().status, Status::Canceled, "{idx:?}");
            seen += 1;
        };
        check(&idx);
        let mut i = 0;
        while i < 4 {
            if c[i] < i {
                if i % 2 == 0 {
                    idx.swap(0, i);
                } else {
                    idx.swap(c[i], i);
                }
                check(&idx);
                c[i] += 1;
                i = 0;
            } else {
                c[i] = 0;
                i += 1;
            }
        }
        assert_eq!(seen, 24);
    }
}
