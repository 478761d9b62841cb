//! Billing without I/O: what Harbinger needs to trust a Stripe webhook and to turn the events
//! it carries into a user's plan.
//!
//! - [`signature`]: verify `Stripe-Signature` on the raw bytes (and sign, for tests and for
//!   Harbinger's own outbound webhooks, which use the same scheme).
//! - [`event`]: the event envelope.
//! - [`subscription`]: a subscription's snapshot, the order rule that makes any arrival order
//!   of duplicated, shuffled events end in the same state, and the plan a user's subscriptions
//!   grant.
//!
//! The store keeps the events and the snapshots; the binary's `stripe_event` job applies them.
#![forbid(unsafe_code)]

pub mod event;
pub mod signature;
pub mod subscription;

pub use event::{Event, EventError};
pub use signature::{SignatureError, TOLERANCE_SECS, sign, verify};
pub use subscription::{
    CheckoutLink, Entitlement, PriceMap, Snapshot, Status, USER_METADATA_KEY, entitlement,
};
