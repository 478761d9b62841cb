//! A portfolio's transactions: list, add one (JSON), delete one; CSV import is in `import`.
//! The store checks every write against the whole book under the portfolio's lock: nothing
//! is stored that would sell more than is held at any point in time.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use harbinger_core::Symbol;
use harbinger_portfolio::import::{decimal, parse_time};
use harbinger_portfolio::{Decimal, Kind, LedgerError, Transaction};
use harbinger_store::{BookWrite, StoredTransaction};
use http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::owned;
use crate::extract::{AuthUser, json_body};
use crate::{AppState, Problem};

/// Transactions one portfolio may hold.
const MAX_TRANSACTIONS: usize = 50_000;
/// Transactions listed per page: the default and the cap.
const PAGE_DEFAULT: usize = 500;
const PAGE_MAX: usize = 5_000;

/// A new transaction. Amounts are decimal strings (numbers are accepted too).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTransaction {
    /// `buy`, `sell`, `dividend`, `fee`, `cash_in` or `cash_out`.
    #[schema(example = "buy")]
    kind: String,
    /// `YYYY-MM-DD` (midnight UTC) or an RFC 3339 time.
    #[schema(
        example = "2024-01-02",
        pattern = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])(T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d))?$"
    )]
    time: String,
    /// Required for buy, sell and dividend; refused for cash in/out.
    #[schema(example = "AAPL")]
    symbol: Option<String>,
    #[schema(value_type = String, example = "10")]
    quantity: serde_json::Value,
    /// Unit price; defaults to 1 for cash kinds (the quantity is then the amount).
    #[schema(value_type = Option<String>, example = "185.64")]
    price: Option<serde_json::Value>,
    #[schema(value_type = Option<String>, example = "1")]
    fee: Option<serde_json::Value>,
}

/// A stored transaction. Amounts are decimal strings.
#[derive(Debug, Serialize, ToSchema)]
pub struct TransactionOut {
    id: Uuid,
    kind: String,
    /// Unix ms.
    time: i64,
    symbol: Option<String>,
    #[schema(value_type = String)]
    quantity: Decimal,
    #[schema(value_type = String)]
    price: Decimal,
    #[schema(value_type = String)]
    fee: Decimal,
    /// What it did to cash (positive: cash came in).
    #[schema(value_type = String)]
    cash_effect: Decimal,
    created_at: i64,
}

fn out(s: &StoredTransaction) -> TransactionOut {
    TransactionOut {
        id: s.id,
        kind: s.tx.kind().as_str().to_owned(),
        time: s.tx.time(),
        symbol: s.tx.symbol().map(ToString::to_string),
        quantity: s.tx.quantity(),
        price: s.tx.price(),
        fee: s.tx.fee(),
        cash_effect: s.tx.cash_effect().normalize(),
        created_at: s.created_at,
    }
}

/// Paging of the transaction list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Page {
    /// At most 5,000 (default 500).
    #[param(minimum = 1, maximum = 5000)]
    limit: Option<usize>,
    /// Transactions to skip, in book order.
    #[param(minimum = 0, maximum = 1_000_000_000)]
    offset: Option<usize>,
}

pub(super) fn invalid(detail: impl Into<String>) -> Problem {
    Problem::new(StatusCode::UNPROCESSABLE_ENTITY)
        .with_type("invalid-transaction")
        .with_detail(detail)
}

/// Reads a JSON amount given as a string or a number.
fn amount(
    field: &str,
    v: Option<&serde_json::Value>,
    default: Option<Decimal>,
) -> Result<Decimal, Problem> {
    let text = match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.trim().to_owned(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(_) => return Err(invalid(format!("{field}: a decimal string or number"))),
    };
    decimal(field, &text, default).map_err(invalid)
}

fn parse_new(t: &NewTransaction) -> Result<Transaction, Problem> {
    let kind: Kind = t
        .kind
        .parse()
        .map_err(|e: harbinger_portfolio::TxError| invalid(e.to_string()))?;
    let time = parse_time(t.time.trim()).map_err(invalid)?;
    let symbol = match t.symbol.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(Symbol::parse(s).map_err(|e| invalid(format!("symbol: {e}")))?),
    };
    let quantity = amount("quantity", Some(&t.quantity), None)?;
    let price = amount(
        "price",
        t.price.as_ref(),
        kind.price_defaults_to_one().then_some(Decimal::ONE),
    )?;
    let fee = amount("fee", t.fee.as_ref(), Some(Decimal::ZERO))?;
    Transaction::new(kind, time, symbol, quantity, price, fee).map_err(|e| invalid(e.to_string()))
}

/// Your portfolio's transactions in book order (time, then entry order).
#[utoipa::path(get, path = "/api/v1/portfolios/{id}/transactions", tag = "portfolios",
    params(("id" = Uuid, Path, description = "The portfolio's id"), Page),
    responses(
        (status = 200, body = [TransactionOut]),
        (status = 401, body = Problem),
        (status = 404, description = "No portfolio of yours has this id", body = Problem),
    ))]
pub async fn list(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Path(id): Path<Uuid>,
    Query(page): Query<Page>,
) -> Result<Json<Vec<TransactionOut>>, Problem> {
    owned(&state, auth.user.id, id).await?;
    let limit = page.limit.unwrap_or(PAGE_DEFAULT).clamp(1, PAGE_MAX);
    let txs = state.store.portfolio_transactions(auth.user.id, id).await?;
    Ok(Json(
        txs.iter()
            .skip(page.offset.unwrap_or(0))
            .take(limit)
            .map(out)
            .collect(),
    ))
}

/// Add one transaction. It is checked against the whole book: a sell beyond what is held at
/// its time (or a buy moved so that a later sell would oversell) is 422.
#[utoipa::path(post, path = "/api/v1/portfolios/{id}/transactions", tag = "portfolios",
    params(("id" = Uuid, Path, description = "The portfolio's id")), request_body = NewTransaction,
    responses(
        (status = 201, body = TransactionOut),
        (status = 400, description = "Malformed JSON or unknown field", body = Problem),
        (status = 401, body = Problem),
        (status = 404, description = "No portfolio of yours has this id", body = Problem),
        (status = 409, description = "A paper portfolio: its transactions are its strategy's", body = Problem),
        (status = 422, description = "Invalid transaction, or it would oversell", body = Problem),
    ))]
pub async fn create(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<TransactionOut>), Problem> {
    owned(&state, auth.user.id, id).await?;
    super::not_paper(&state, id).await?;
    let new: NewTransaction = json_body(&headers, &body)?;
    let tx = parse_new(&new)?;
    room(&state, auth.user.id, id, 1).await?;
    match state
        .store
        .add_portfolio_transactions(auth.user.id, id, &[tx])
        .await?
    {
        BookWrite::Done(mut added) => {
            let one = added.pop().ok_or_else(Problem::internal)?;
            Ok((StatusCode::CREATED, Json(out(&one))))
        }
        BookWrite::NotFound => Err(not_found()),
        BookWrite::Rejected { error, .. } => Err(invalid(oversold(&error))),
    }
}

pub(super) fn not_found() -> Problem {
    Problem::not_found("no portfolio of yours has this id")
}

/// Refuses a write that would take the portfolio past [`MAX_TRANSACTIONS`].
pub(super) async fn room(
    state: &AppState,
    user: Uuid,
    id: Uuid,
    adding: usize,
) -> Result<(), Problem> {
    let held = state.store.portfolio_transactions(user, id).await?.len();
    if held + adding > MAX_TRANSACTIONS {
        return Err(invalid(format!(
            "a portfolio holds at most {MAX_TRANSACTIONS} transactions"
        )));
    }
    Ok(())
}

pub(super) fn oversold(e: &LedgerError) -> String {
    match e {
        LedgerError::Oversold {
            symbol,
            held,
            asked,
            time,
            ..
        } => format!(
            "the sell of {asked} {symbol} at {} would exceed the {held} held then",
            super::export::time_text(*time)
        ),
    }
}

/// Delete one transaction. Refused with 409 when the book would then oversell (delete the
/// sell first).
#[utoipa::path(delete, path = "/api/v1/portfolios/{id}/transactions/{tx_id}", tag = "portfolios",
    params(
        ("id" = Uuid, Path, description = "The portfolio's id"),
        ("tx_id" = Uuid, Path, description = "The transaction's id"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = Problem),
        (status = 404, description = "No such transaction in a portfolio of yours", body = Problem),
        (status = 409, description = "A later sell would oversell without it", body = Problem),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Path((id, tx_id)): Path<(Uuid, Uuid)>,
) -> Result<StatusCode, Problem> {
    owned(&state, auth.user.id, id).await?;
    super::not_paper(&state, id).await?;
    match state
        .store
        .delete_portfolio_transaction(auth.user.id, id, tx_id)
        .await?
    {
        BookWrite::Done(_) => Ok(StatusCode::NO_CONTENT),
        BookWrite::NotFound => Err(Problem::not_found("no transaction of yours has this id")),
        BookWrite::Rejected { error, .. } => Err(Problem::new(StatusCode::CONFLICT)
            .with_type("would-oversell")
            .with_detail(format!("without this transaction, {}", oversold(&error)))),
    }
}
