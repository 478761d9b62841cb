//! Every route, declared with `#[utoipa::path]` and collected into the OpenAPI document.

mod admin;
mod api_keys;
mod auth;
mod backtests;
mod billing;
mod exports;
mod health;
mod ledger;
mod market;
mod me;
mod meta;
mod plans;
mod portfolios;
mod research;
pub(crate) mod signals;
mod track_record;
mod usage;
mod watchlist;

use std::sync::Arc;

use axum::Router;
use axum::routing::any;
use http::{HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::{AppState, Problem, assets, middleware, security};

pub use backtests::{AcceptedBacktest, FillParam};
pub use health::ReadinessCache;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Harbinger API",
        description = "Trading signals with calibrated confidence, a verifiable track record and real-time delivery.",
        license(name = "AGPL-3.0-only")
    ),
    tags(
        (name = "operations", description = "Health, readiness, metrics and this document"),
        (name = "market", description = "Prices and symbols"),
        (name = "accounts", description = "Registration, login, sessions, two-factor"),
        (name = "api-keys", description = "API keys for programs"),
        (name = "backtests", description = "Backtests run on request, as jobs"),
        (name = "portfolios", description = "Portfolios: transactions, positions, P&L, returns, CSV import and export"),
        (name = "signals", description = "Signals, their explanations, the track record and watchlists"),
        (name = "ledger", description = "The public, hash-chained signal ledger"),
        (name = "admin", description = "Operator routes (role admin)"),
        (name = "billing", description = "Subscriptions through Stripe: the signed webhook"),
    ),
    modifiers(&SecuritySchemes),
    security(("session" = []), ("api_key" = []), ())
)]
struct ApiDoc;

/// Declares the two ways to authenticate: the session cookie and a bearer API key.
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("harbinger_session"))),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Declares what every operation can answer besides its own responses, as the middleware and
/// extractors make it: every error is `application/problem+json` (RFC 9457), and any route may
/// meet a bad parameter (400), missing or refused credentials (401, 403), an unknown id (404),
/// a rate limit (429), a database that cannot be reached (503) or a fault (500); a route with a
/// body also 413, 415 and 422.
struct ProblemResponses;

impl utoipa::Modify for ProblemResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
        const PROBLEM: &str = "application/problem+json";
        const COMMON: [(&str, &str); 8] = [
            ("400", "A bad path, query or body"),
            ("401", "Credentials missing or not accepted"),
            (
                "402",
                "A paid feature while the subscription's payment is past due or unpaid",
            ),
            ("403", "Refused: role, plan, scope or origin"),
            ("404", "No such object, or not yours"),
            ("429", "Rate limited; see Retry-After"),
            ("500", "An unexpected fault (logged with the request id)"),
            (
                "503",
                "The database is unreachable or the server busy; see Retry-After",
            ),
        ];
        const WITH_BODY: [(&str, &str); 3] = [
            ("413", "The body is larger than the limit"),
            ("415", "The body is not application/json"),
            ("422", "The body does not match the schema"),
        ];
        let problem = || {
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let ops = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for op in ops.into_iter().flatten() {
                for (code, response) in &mut op.responses.responses {
                    if code.starts_with(['2', '3']) {
                        continue;
                    }
                    if let RefOr::T(r) = response
                        && let Some(c) = r.content.shift_remove("application/json")
                    {
                        r.content.insert(PROBLEM.into(), c);
                    }
                }
                let body = op.request_body.is_some();
                let extra = COMMON.iter().chain(WITH_BODY.iter().filter(|_| body));
                for (code, why) in extra {
                    op.responses
                        .responses
                        .entry((*code).to_owned())
                        .or_insert_with(|| {
                            RefOr::T(
                                ResponseBuilder::new()
                                    .description(*why)
                                    .content(PROBLEM, problem())
                                    .build(),
                            )
                        });
                }
            }
        }
    }
}

/// Gives every operation a unique `operationId` (`<method>_<path>`: handler names repeat across
/// modules) and describes, as OpenAPI links, how the id a creating operation returns (201 or
/// 202 with `id` in the body) addresses the operations below it: `POST /api/v1/portfolios` →
/// `GET|PATCH|DELETE /api/v1/portfolios/{id}`, `…/transactions`, and so on. Clients and test
/// tools follow them from a created object to its reads and writes.
struct ResourceLinks;

fn operations_of(
    item: &mut utoipa::openapi::PathItem,
) -> [(&'static str, Option<&mut utoipa::openapi::path::Operation>); 5] {
    [
        ("get", item.get.as_mut()),
        ("put", item.put.as_mut()),
        ("post", item.post.as_mut()),
        ("delete", item.delete.as_mut()),
        ("patch", item.patch.as_mut()),
    ]
}

fn operation_id(method: &str, path: &str) -> String {
    let slug: String = path
        .trim_start_matches("/api/v1")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let slug: Vec<&str> = slug.split('_').filter(|s| !s.is_empty()).collect();
    format!("{method}_{}", slug.join("_"))
}

/// The path parameters of `path`, in order.
fn path_params(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect()
}

impl utoipa::Modify for ResourceLinks {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::RefOr;
        use utoipa::openapi::link::LinkBuilder;
        let paths: Vec<String> = openapi.paths.paths.keys().cloned().collect();
        let mut existing: Vec<(String, &'static str)> = Vec::new();
        for (path, item) in &mut openapi.paths.paths {
            for (method, op) in operations_of(item) {
                if let Some(op) = op {
                    op.operation_id = Some(operation_id(method, path));
                    existing.push((path.clone(), method));
                }
            }
        }
        for parent in &paths {
            let Some(item) = openapi.paths.paths.get_mut(parent) else {
                continue;
            };
            let Some(create) = item.post.as_mut() else {
                continue;
            };
            let known = path_params(parent);
            for status in ["201", "202"] {
                let Some(RefOr::T(response)) = create.responses.responses.get_mut(status) else {
                    continue;
                };
                for (child, method) in &existing {
                    let Some(rest) = child.strip_prefix(parent.as_str()) else {
                        continue;
                    };
                    let new: Vec<&str> = path_params(rest);
                    if !rest.starts_with("/{") || new.len() != 1 {
                        continue;
                    }
                    let mut link = LinkBuilder::new()
                        .operation_id(operation_id(method, child))
                        .parameter(new[0], "$response.body#/id");
                    for p in &known {
                        link = link.parameter(*p, format!("$request.path.{p}"));
                    }
                    response
                        .links
                        .insert(operation_id(method, child), RefOr::T(link.build()));
                }
            }
        }
    }
}

fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(meta::metrics))
        .routes(routes!(meta::openapi_json))
        .routes(routes!(market::bars))
        .routes(routes!(market::symbols))
        .routes(routes!(plans::plans))
        .routes(routes!(plans::password_rules))
        .routes(routes!(auth::register))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::verify_email))
        .routes(routes!(auth::confirm_email))
        .routes(routes!(auth::forgot_password))
        .routes(routes!(auth::reset_password))
        .routes(routes!(me::me))
        .routes(routes!(me::change_password))
        .routes(routes!(me::change_email))
        .routes(routes!(me::delete_account))
        .routes(routes!(me::sessions))
        .routes(routes!(me::logout_others))
        .routes(routes!(me::revoke_session))
        .routes(routes!(me::totp_begin))
        .routes(routes!(me::totp_confirm))
        .routes(routes!(me::totp_disable))
        .routes(routes!(api_keys::create, api_keys::list))
        .routes(routes!(api_keys::revoke))
        .routes(routes!(backtests::create, backtests::list))
        .routes(routes!(backtests::get))
        .routes(routes!(portfolios::list, portfolios::create))
        .routes(routes!(
            portfolios::value::get,
            portfolios::rename,
            portfolios::delete
        ))
        .routes(routes!(
            portfolios::transactions::list,
            portfolios::transactions::create
        ))
        .routes(routes!(portfolios::import::import))
        .routes(routes!(portfolios::transactions::delete))
        .routes(routes!(portfolios::export::portfolio_csv))
        .routes(routes!(signals::list))
        .routes(routes!(signals::get))
        .routes(routes!(signals::explanation))
        .routes(routes!(research::ask, research::get))
        .routes(routes!(crate::stream::stream))
        .routes(routes!(track_record::track_record))
        .routes(routes!(watchlist::get, watchlist::put))
        .routes(routes!(ledger::entries))
        .routes(routes!(ledger::head))
        .routes(routes!(ledger::export))
        .routes(routes!(exports::signals_csv))
        .routes(routes!(exports::track_record_csv))
        .routes(routes!(admin::users))
        .routes(routes!(admin::set_role))
        .routes(routes!(admin::set_plan))
        .routes(routes!(admin::set_disabled))
        .routes(routes!(admin::audit))
        .routes(routes!(admin::audit_verify))
        .routes(routes!(admin::mailbox))
        .routes(routes!(admin::jobs))
        .routes(routes!(admin::providers))
        .routes(routes!(billing::stripe_webhook))
        .routes(routes!(usage::usage))
}

/// The OpenAPI document of every route this build serves.
pub fn openapi() -> utoipa::openapi::OpenApi {
    spec_of(api_routes()).1
}

/// The router and its document, with the responses every operation shares declared (the
/// document's own modifiers run before any route is added, so this runs after).
fn spec_of(routes: OpenApiRouter<AppState>) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    use utoipa::Modify as _;
    let (router, mut spec) = routes.split_for_parts();
    ProblemResponses.modify(&mut spec);
    ResourceLinks.modify(&mut spec);
    (router, spec)
}

/// The complete application: API, operations endpoints and the dashboard, behind the
/// middleware stack.
pub fn router(state: AppState) -> Router {
    let (routes, spec) = spec_of(api_routes());
    let spec = Arc::new(meta::OpenApiJson::render(&spec));
    let limits = state.limits.clone();
    let api = routes
        // Unknown API paths answer problem+json, not the dashboard's index page.
        .route("/api/{*rest}", any(api_not_found))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .layer(axum::Extension(spec))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state);
    let app = Router::new().merge(api).fallback(assets::serve);
    middleware::apply(app, &limits)
}

async fn api_not_found() -> Problem {
    Problem::not_found("no such API endpoint; see /api/openapi.json")
}
