//! Stripe events and the subscriptions they describe.
//!
//! The webhook stores each verified event once (`stripe_events`, keyed by Stripe's event id)
//! before it answers, then a job applies it. Applying starts by marking the event processed
//! with a conditional update, inside the transaction that makes its change: however many
//! copies arrive or however many workers hold one, an event has its effect once (RELIABILITY
//! W3). The user's row is locked next, so two events of one user apply one after the other.

use harbinger_billing::{Entitlement, Snapshot, Status, entitlement};
use harbinger_core::Plan;
use uuid::Uuid;

use crate::{AuditEvent, Store, StoreError};

/// The job kind that applies one stored Stripe event (payload `{"event_id": "evt_…"}`).
pub const STRIPE_EVENT_JOB: &str = "stripe_event";

/// Marks an event applied if nobody has: the first statement of every transaction that
/// applies one, so each event has its effect once.
const CLAIM_EVENT: &str = "UPDATE stripe_events SET processed_at = $1, outcome = 'applied' \
     WHERE id = $2 AND processed_at IS NULL";

/// The event's user no longer exists.
const ORPHAN_EVENT: &str = "UPDATE stripe_events SET outcome = 'orphaned' WHERE id = $1";

/// A stored Stripe event.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StripeEvent {
    pub id: String,
    pub kind: String,
    pub created: i64,
    /// The verified raw body, byte for byte as received.
    pub payload: String,
    pub received_at: i64,
    pub processed_at: Option<i64>,
    /// `applied`, `ignored` (a kind Harbinger does not act on, or an older state), `orphaned`
    /// (its user is gone).
    pub outcome: Option<String>,
}

/// What applying an event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Another copy (or worker) already applied this event.
    AlreadyProcessed,
    /// Stored; the user's plan did not change.
    Recorded,
    /// A newer state was already stored; nothing changed.
    Stale,
    /// The user's plan or billing status changed to this.
    Changed(Entitlement),
    /// The user it belongs to no longer exists.
    Orphaned,
}

#[derive(sqlx::FromRow)]
struct SubRow {
    id: String,
    customer_id: String,
    status: String,
    plan: String,
    price_ids: String,
    current_period_end: Option<i64>,
    event_created: i64,
}

impl SubRow {
    fn into_snapshot(self) -> Result<(Snapshot, Plan), StoreError> {
        let status = Status::parse(&self.status)
            .ok_or_else(|| StoreError::Corrupt(format!("subscription status {:?}", self.status)))?;
        let plan = Plan::parse(&self.plan).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok((
            Snapshot {
                id: self.id,
                customer: self.customer_id,
                status,
                price_ids: self
                    .price_ids
                    .split(',')
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect(),
                current_period_end: self.current_period_end,
                user_ref: None,
                event_created: self.event_created,
            },
            plan,
        ))
    }
}

impl Store {
    /// Stores a verified event. Returns false when an event with this id is already stored
    /// (Stripe delivers at least once): the caller acknowledges it all the same.
    pub async fn record_stripe_event(
        &self,
        id: &str,
        kind: &str,
        created: i64,
        payload: &str,
    ) -> Result<bool, StoreError> {
        let now = self.now_ms();
        let n = db_run!(self, pool => {
            sqlx::query(
                "INSERT INTO stripe_events (id, kind, created, payload, received_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
            )
            .bind(id)
            .bind(kind)
            .bind(created)
            .bind(payload)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    pub async fn stripe_event(&self, id: &str) -> Result<Option<StripeEvent>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(
                "SELECT id, kind, created, payload, received_at, processed_at, outcome \
                 FROM stripe_events WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Events received before `before_ms` and not yet applied, oldest first (for the sweep
    /// that re-queues an event whose job was lost).
    pub async fn pending_stripe_events(
        &self,
        before_ms: i64,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_scalar(
                "SELECT id FROM stripe_events WHERE processed_at IS NULL AND received_at < $1 \
                 ORDER BY received_at LIMIT $2",
            )
            .bind(before_ms)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Events stored and not yet applied.
    pub async fn unprocessed_stripe_events(&self) -> Result<i64, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM stripe_events WHERE processed_at IS NULL")
                .fetch_one(pool)
                .await?
        }))
    }

    /// Marks an event Harbinger does not act on as processed. False if it already was.
    pub async fn ignore_stripe_event(&self, id: &str) -> Result<bool, StoreError> {
        let now = self.now_ms();
        let n = db_run!(self, pool => {
            sqlx::query(
                "UPDATE stripe_events SET processed_at = $1, outcome = 'ignored' \
                 WHERE id = $2 AND processed_at IS NULL",
            )
            .bind(now)
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    /// The user a Stripe customer belongs to, as checkout linked them.
    pub async fn billing_customer_user(&self, customer: &str) -> Result<Option<Uuid>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_scalar("SELECT user_id FROM billing_customers WHERE customer_id = $1")
                .bind(customer)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Applies a completed checkout: links `customer` to `user` and marks the event processed,
    /// in one transaction.
    pub async fn link_billing_customer(
        &self,
        event_id: &str,
        customer: &str,
        user: Uuid,
    ) -> Result<Applied, StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            let claimed = sqlx::query(
                CLAIM_EVENT,
            )
            .bind(now)
            .bind(event_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed == 0 {
                return Ok(Applied::AlreadyProcessed);
            }
            let exists: Option<Uuid> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
                .bind(user)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                sqlx::query(ORPHAN_EVENT)
                    .bind(event_id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                return Ok(Applied::Orphaned);
            }
            sqlx::query(
                "INSERT INTO billing_customers (customer_id, user_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (customer_id) DO NOTHING",
            )
            .bind(customer)
            .bind(user)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(Applied::Recorded)
    }

    /// Applies a subscription snapshot for `user`, whose `plan` its prices buy: marks the
    /// event processed, keeps the snapshot if it supersedes the stored one, and derives the
    /// user's plan from all their subscriptions. A changed plan or status is written with an
    /// audit row built by `audit` from the old and new entitlement, in the same transaction.
    pub async fn apply_subscription(
        &self,
        event_id: &str,
        snapshot: &Snapshot,
        plan: Plan,
        user: Uuid,
        audit: impl FnOnce(Option<&str>, Plan, Entitlement) -> AuditEvent,
    ) -> Result<Applied, StoreError> {
        let now = self.now_ms();
        let prices = snapshot.price_ids.join(",");
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            let claimed = sqlx::query(
                CLAIM_EVENT,
            )
            .bind(now)
            .bind(event_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed == 0 {
                return Ok(Applied::AlreadyProcessed);
            }
            // Lock the user: events of one user apply one at a time.
            let current: Option<(String, Option<String>)> = sqlx::query_as(
                "UPDATE users SET updated_at = updated_at WHERE id = $1 RETURNING plan, billing_status",
            )
            .bind(user)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((old_plan, old_status)) = current else {
                sqlx::query(ORPHAN_EVENT)
                    .bind(event_id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                return Ok(Applied::Orphaned);
            };
            let stored: Option<SubRow> = sqlx::query_as(
                "SELECT id, customer_id, status, plan, price_ids, current_period_end, event_created \
                 FROM subscriptions WHERE id = $1",
            )
            .bind(&snapshot.id)
            .fetch_optional(&mut *tx)
            .await?;
            let newer = match stored {
                Some(row) => snapshot.supersedes(&row.into_snapshot()?.0),
                None => true,
            };
            if !newer {
                sqlx::query("UPDATE stripe_events SET outcome = 'ignored' WHERE id = $1")
                    .bind(event_id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                return Ok(Applied::Stale);
            }
            sqlx::query(
                "INSERT INTO subscriptions (id, user_id, customer_id, status, plan, price_ids, \
                 current_period_end, event_created, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, \
                 customer_id = excluded.customer_id, status = excluded.status, plan = excluded.plan, \
                 price_ids = excluded.price_ids, current_period_end = excluded.current_period_end, \
                 event_created = excluded.event_created, updated_at = excluded.updated_at",
            )
            .bind(&snapshot.id)
            .bind(user)
            .bind(&snapshot.customer)
            .bind(snapshot.status.as_str())
            .bind(plan.as_str())
            .bind(&prices)
            .bind(snapshot.current_period_end)
            .bind(snapshot.event_created)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let rows: Vec<SubRow> = sqlx::query_as(
                "SELECT id, customer_id, status, plan, price_ids, current_period_end, event_created \
                 FROM subscriptions WHERE user_id = $1",
            )
            .bind(user)
            .fetch_all(&mut *tx)
            .await?;
            let subs = rows
                .into_iter()
                .map(SubRow::into_snapshot)
                .collect::<Result<Vec<_>, _>>()?;
            let Some(granted) = entitlement(&subs) else {
                tx.commit().await?;
                return Ok(Applied::Recorded);
            };
            let old_plan = Plan::parse(&old_plan).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            if old_plan == granted.plan && old_status.as_deref() == Some(granted.status.as_str()) {
                tx.commit().await?;
                return Ok(Applied::Recorded);
            }
            sqlx::query("UPDATE users SET plan = $1, billing_status = $2, updated_at = $3 WHERE id = $4")
                .bind(granted.plan.as_str())
                .bind(granted.status.as_str())
                .bind(now)
                .bind(user)
                .execute(&mut *tx)
                .await?;
            let event = audit(old_status.as_deref(), old_plan, granted);
            append_audit!(&mut tx, now, &event)?;
            tx.commit().await?;
            Ok(Applied::Changed(granted))
        })
    }

    /// A user's subscriptions, newest event first.
    pub async fn user_subscriptions(&self, user: Uuid) -> Result<Vec<Snapshot>, StoreError> {
        let rows: Vec<SubRow> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT id, customer_id, status, plan, price_ids, current_period_end, event_created \
                 FROM subscriptions WHERE user_id = $1 ORDER BY event_created DESC, id",
            )
            .bind(user)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| r.into_snapshot().map(|(s, _)| s))
            .collect()
    }
}
