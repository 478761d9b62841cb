//! CSV exports of signals and the track record, for the plans that include them (every plan
//! exports its own portfolios: see `portfolios::export`).

use axum::extract::{Query, State};
use axum::response::Response;
use futures::stream;

use super::signals::{SIGNAL_COLUMNS, SignalParams, filter_of, page_size};
use super::track_record::{TRACK_COLUMNS, TrackParams, record};
use crate::csv::download;
use crate::extract::AuthUser;
use crate::{AppState, Problem};

/// Signals read from the database per page of the stream.
const EXPORT_PAGE: i64 = 1_000;

fn allowed(state: &AppState, auth: &harbinger_auth::Authenticated) -> Result<(), Problem> {
    if state.accounts.settings().plan(auth.user.plan).csv_export {
        return Ok(());
    }
    Err(Problem::plan_limit(
        &auth.user,
        format!(
            "the {} plan exports its own portfolios only; upgrade to Pro to export signals and the track record",
            auth.user.plan
        ),
    ))
}

/// Every signal matching the filters (as `GET /api/v1/signals` takes them, without `limit`),
/// newest first, as CSV: UTF-8, header row, RFC 4180 quoting, formula-like cells prefixed with
/// `'`. Streamed page by page.
#[utoipa::path(get, path = "/api/v1/export/signals.csv", tag = "signals", params(SignalParams),
    responses(
        (status = 200, description = "The CSV file, streamed", content_type = "text/csv", body = String),
        (status = 400, body = Problem),
        (status = 401, body = Problem),
        (status = 403, description = "The plan does not include this export", body = Problem),
    ))]
pub async fn signals_csv(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Query(p): Query<SignalParams>,
) -> Result<Response, Problem> {
    allowed(&state, &auth)?;
    page_size(&p)?;
    let (filter, reader) = filter_of(&state, &auth, p)?;
    let store = state.store.clone();
    let pages = stream::try_unfold(Some(filter), move |filter| {
        let store = store.clone();
        async move {
            let Some(filter) = filter else {
                return Ok(None);
            };
            let rows = store.list_signals(&filter, EXPORT_PAGE).await?;
            let Some(last) = rows.last() else {
                return Ok(None);
            };
            let next =
                (rows.len() == usize::try_from(EXPORT_PAGE).unwrap_or(usize::MAX)).then(|| {
                    harbinger_store::SignalFilter {
                        before_seq: Some(last.seq),
                        ..filter.clone()
                    }
                });
            let chunk: String = rows.iter().map(|s| reader.show(s).csv_record()).collect();
            Ok::<_, Problem>(Some((chunk, next)))
        }
    });
    Ok(download("signals.csv", &SIGNAL_COLUMNS, pages))
}

/// The track record as CSV, one row per strategy and side (`live`, `backtest`), never blended.
#[utoipa::path(get, path = "/api/v1/export/track-record.csv", tag = "signals", params(TrackParams),
    responses(
        (status = 200, description = "The CSV file", content_type = "text/csv", body = String),
        (status = 400, body = Problem),
        (status = 401, body = Problem),
        (status = 403, description = "The plan does not include this export", body = Problem),
    ))]
pub async fn track_record_csv(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Query(p): Query<TrackParams>,
) -> Result<Response, Problem> {
    allowed(&state, &auth)?;
    let rows = record(&state, p).await?.csv_records();
    Ok(download(
        "track-record.csv",
        &TRACK_COLUMNS,
        stream::iter(rows.into_iter().map(Ok)),
    ))
}
