//! CSV exports of the caller's own data, streamed page by page.

use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{DateTime, SecondsFormat};
use futures::stream;
use harbinger_store::{ExportCursor, ExportedTransaction, Store};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::owned;
use crate::csv::{download, record};
use crate::extract::AuthUser;
use crate::{AppState, Problem};

/// Rows read from the database per page of the stream.
const EXPORT_PAGE: i64 = 500;

/// The export's columns: the import format's six, after the portfolio's name, so a file
/// exported from one portfolio imports into another as it is.
const PORTFOLIO_COLUMNS: [&str; 7] = [
    "portfolio",
    "date",
    "symbol",
    "side",
    "quantity",
    "price",
    "fee",
];

/// Which portfolio to export.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PortfolioExport {
    /// One portfolio's id; without it, every portfolio of yours.
    portfolio: Option<Uuid>,
}

/// `YYYY-MM-DD` for a time at midnight UTC, else RFC 3339 with milliseconds (UTC); both read
/// back by the importer.
pub(super) fn time_text(ms: i64) -> String {
    let Some(t) = DateTime::from_timestamp_millis(ms) else {
        return ms.to_string();
    };
    if ms.rem_euclid(harbinger_portfolio::DAY_MS) == 0 {
        t.format("%Y-%m-%d").to_string()
    } else {
        t.to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}

fn row(r: &ExportedTransaction) -> String {
    let tx = &r.tx.tx;
    record([
        r.portfolio_name.as_str(),
        &time_text(tx.time()),
        tx.symbol().map_or("", |s| s.as_str()),
        tx.kind().as_str(),
        &tx.quantity().to_string(),
        &tx.price().to_string(),
        &tx.fee().to_string(),
    ])
}

/// Your portfolios' transactions as CSV (UTF-8, header row, RFC 4180 quoting, formula-like
/// cells prefixed with `'`). Every plan may export its own portfolios.
#[utoipa::path(get, path = "/api/v1/export/portfolio.csv", tag = "portfolios",
    params(PortfolioExport),
    responses(
        (status = 200, description = "The CSV file, streamed", content_type = "text/csv", body = String),
        (status = 401, body = Problem),
        (status = 404, description = "No portfolio of yours has this id", body = Problem),
    ))]
pub async fn portfolio_csv(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Query(q): Query<PortfolioExport>,
) -> Result<Response, Problem> {
    let user = auth.user.id;
    if let Some(id) = q.portfolio {
        owned(&state, user, id).await?;
    }
    let portfolio = q.portfolio;
    let store: Store = state.store.clone();
    // State: the cursor after the last page, and whether the last page was the end.
    let pages = stream::try_unfold((None, false), move |(cursor, done)| {
        let store = store.clone();
        async move {
            if done {
                return Ok(None);
            }
            let page = store
                .export_transactions(user, portfolio, cursor, EXPORT_PAGE)
                .await?;
            let Some(last) = page.last() else {
                return Ok(None);
            };
            let next = ExportCursor {
                portfolio_id: last.tx.portfolio_id,
                time: last.tx.tx.time(),
                id: last.tx.id,
            };
            let chunk: String = page.iter().map(row).collect();
            let end = page.len() < EXPORT_PAGE as usize;
            Ok::<_, Problem>(Some((chunk, (Some(next), end))))
        }
    });
    Ok(download("portfolio.csv", &PORTFOLIO_COLUMNS, pages))
}
