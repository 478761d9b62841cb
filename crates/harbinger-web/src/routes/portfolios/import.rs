//! CSV import of transactions: all or nothing, with every bad row reported by line.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use harbinger_portfolio::{Transaction, parse_csv};
use harbinger_store::BookWrite;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::owned;
use super::transactions::{not_found, oversold, room};
use crate::extract::AuthUser;
use crate::problem::PROBLEM_JSON;
use crate::{AppState, Problem};

/// Rows one CSV import may carry, and bad rows reported at most.
const MAX_IMPORT_ROWS: usize = 10_000;
const MAX_REPORTED: usize = 200;

/// One bad row of an import.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowErrorOut {
    /// 1-based line of the file (the header is line 1); null when the problem is an existing
    /// transaction the import would break.
    line: Option<u64>,
    reason: String,
}

/// An import refused: problem details plus every bad row.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportProblem {
    #[serde(flatten)]
    problem: Problem,
    errors: Vec<RowErrorOut>,
}

impl IntoResponse for ImportProblem {
    fn into_response(self) -> Response {
        let mut res = (StatusCode::UNPROCESSABLE_ENTITY, Json(self)).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        res
    }
}

fn import_problem(errors: Vec<RowErrorOut>) -> Response {
    ImportProblem {
        problem: Problem::new(StatusCode::UNPROCESSABLE_ENTITY)
            .with_type("invalid-import")
            .with_detail(format!(
                "{} problem(s) found (at most {MAX_REPORTED} listed); nothing was stored",
                errors.len()
            )),
        errors,
    }
    .into_response()
}

/// What was imported.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportOut {
    imported: usize,
}

/// Import transactions from CSV (`Content-Type: text/csv`): columns
/// `date,symbol,side,quantity,price,fee` with a header row (other columns are ignored). All or
/// nothing: any bad row, or a sell the book cannot cover, stores nothing and answers 422 with
/// every problem by line.
#[utoipa::path(post, path = "/api/v1/portfolios/{id}/transactions/import", tag = "portfolios",
    params(("id" = Uuid, Path, description = "The portfolio's id")),
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 201, body = ImportOut),
        (status = 401, body = Problem),
        (status = 404, description = "No portfolio of yours has this id", body = Problem),
        (status = 409, description = "A paper portfolio: its transactions are its strategy's", body = Problem),
        (status = 415, description = "Not text/csv", body = Problem),
        (status = 422, description = "Bad rows, listed in `errors`; nothing stored", body = ImportProblem),
    ))]
pub async fn import(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    owned(&state, auth.user.id, id).await?;
    super::not_paper(&state, id).await?;
    let csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("text/csv"));
    if !csv {
        return Err(Problem::new(StatusCode::UNSUPPORTED_MEDIA_TYPE)
            .with_detail("send Content-Type: text/csv"));
    }
    let rows = match parse_csv(&body, MAX_IMPORT_ROWS, MAX_REPORTED) {
        Ok(rows) => rows,
        Err(errors) => {
            let errors = errors
                .into_iter()
                .map(|e| RowErrorOut {
                    line: Some(e.line),
                    reason: e.reason,
                })
                .collect();
            return Ok(import_problem(errors));
        }
    };
    room(&state, auth.user.id, id, rows.len()).await?;
    let txs: Vec<Transaction> = rows.iter().map(|r| r.tx.clone()).collect();
    match state
        .store
        .add_portfolio_transactions(auth.user.id, id, &txs)
        .await?
    {
        BookWrite::Done(added) => Ok((
            StatusCode::CREATED,
            Json(ImportOut {
                imported: added.len(),
            }),
        )
            .into_response()),
        BookWrite::NotFound => Err(not_found()),
        BookWrite::Rejected { error, existing } => {
            // The failing sell is a row of the file, or a stored sell the file undercuts.
            let line = error
                .index()
                .checked_sub(existing)
                .and_then(|i| rows.get(i))
                .map(|r| r.line);
            Ok(import_problem(vec![RowErrorOut {
                line,
                reason: oversold(&error),
            }]))
        }
    }
}
