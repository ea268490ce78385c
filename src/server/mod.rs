//! `civkg serve`: the graph over HTTP — a SPARQL 1.1 endpoint, the Graph
//! Store Protocol, preset queries, Linked Data pages and a browser UI.
//!
//! # Routes
//!
//! ```text
//! GET  /                          the SPARQL editor (YASGUI, served from the binary)
//! GET  /sparql?query=…            SPARQL 1.1 Protocol query (also POST form / POST sparql-query)
//! GET  /sparql                    SPARQL 1.1 Service Description (no query given)
//! POST /sparql  update=…          SPARQL 1.1 Update (only with --write-token and a Bearer token)
//! GET  /store?graph=IRI|default   Graph Store Protocol (PUT/POST/DELETE need the token)
//! GET  /queries                   the presets as JSON
//! GET  /queries/{id}?param=…      run one preset (content negotiation)
//! GET  /openapi.json              OpenAPI 3 description of the preset routes
//! GET  /{path under the base}     303 → /page/{path} (HTML) or /data/{path} (RDF)
//! GET  /.well-known/void          VoID description of the dataset
//! GET  /health                    liveness and data version, as JSON
//! ```
//!
//! # Datasets
//!
//! A query's default graph is the union of every named graph (each report,
//! the ontology, the lexicon) unless the request names a dataset
//! (`default-graph-uri` / `named-graph-uri`, which take precedence over the
//! query's own `FROM` / `FROM NAMED`) or the query names its own.
//!
//! # Bounds
//!
//! Every query runs on a blocking thread with a [`CancellationToken`]
//! cancelled after [`ServerConfig::timeout`]. Results are serialised into a
//! buffer until they exceed [`ServerConfig::stream_after_bytes`]: a result
//! smaller than that is sent whole, with an honest status (a timeout gives
//! 503, a `--max-rows` cut is announced in the `X-SPARQL-MaxRows` header).
//! A larger result is streamed with chunked transfer encoding; if
//! evaluation fails after the first byte (timeout, storage error, or more
//! rows than `--max-rows`) the stream is aborted without its final chunk,
//! so every HTTP client reports an incomplete body instead of a silently
//! truncated 200.
//!
//! At most [`ServerConfig::max_evaluations`] queries are evaluated at once
//! (the others wait for a turn within their time limit, then get 503 with
//! `Retry-After`), and at most [`ServerConfig::max_streams`] results stream
//! at once. Connections are bounded in number, in the time to send headers
//! and in how long a write may stall (see [`Limits`]). A query during
//! which the resident memory grows by more than [`ServerConfig::max_memory`]
//! is cancelled. On SIGINT or SIGTERM running queries are cancelled and the
//! server exits within [`ServerConfig::shutdown_grace`].
//!
//! [`CancellationToken`]: oxigraph::sparql::CancellationToken

mod cache;
mod dumps;
mod error;
mod federation;
mod gsp;
mod html;
mod http;
mod linked_data;
mod listen;
mod negotiate;
mod presets;
mod running;
mod sparql;
mod state;
mod ui;

use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, Method};
use axum::routing::get;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

pub use error::ServerError;
pub use listen::Limits;
pub use state::AppState;

/// The default address `civkg serve` listens on.
pub const DEFAULT_BIND: &str = "127.0.0.1:7878";

/// Default publication directory served under `/dumps/`.
pub const DEFAULT_DUMPS: &str = "dumps";

/// The default time limit of one query.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default maximum number of rows of a SELECT result.
pub const DEFAULT_MAX_ROWS: usize = 10_000;

/// The largest request body accepted (a query, an update or a graph): 1 MiB.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Results up to this size are buffered and sent whole; larger ones are streamed.
pub const STREAM_AFTER_BYTES: usize = 1 << 20;

/// Memory given to the cache of serialised responses (all entries together).
pub const CACHE_BYTES: usize = 64 << 20;

/// Open connections at most (further capped below the process's
/// open-file limit, see [`Limits`]).
pub const MAX_CONNECTIONS: usize = 10_000;

/// Time a client has to send a request's headers; also how long an idle
/// keep-alive connection is kept.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(20);

/// Time a response write may make no progress (the client stopped reading)
/// before the connection is closed.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// Time the server waits for open connections when it stops.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// Streamed responses (results larger than [`STREAM_AFTER_BYTES`]) at
/// once: each holds a thread while its client reads.
pub const MAX_STREAMS: usize = 64;

/// Queries evaluated at once by default: four per core, at least eight.
pub fn default_max_evaluations() -> usize {
    std::thread::available_parallelism()
        .map_or(2, std::num::NonZeroUsize::get)
        .saturating_mul(4)
        .max(8)
}

/// The memory a query may add to the server's by default: a quarter of
/// this machine's (2 GiB where it cannot be read).
pub fn default_max_memory() -> u64 {
    running::total_memory_bytes().map_or(2 << 30, |total| total / 4)
}

/// `Cache-Control` max-age of responses computed from a read-only store.
pub const CACHE_MAX_AGE: Duration = Duration::from_secs(300);

/// How the server behaves. Built by the CLI from its flags; tests build it
/// directly.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The store location (see [`crate::store`]).
    pub location: PathBuf,
    /// The base under which data IRIs were minted: requests for
    /// `/{path}` dereference `{base}{path}`.
    pub base: String,
    /// The time limit of one query or update.
    pub timeout: Duration,
    /// The maximum number of rows of a SELECT result.
    pub max_rows: usize,
    /// When set, SPARQL Update and Graph Store writes are allowed with
    /// `Authorization: Bearer <token>`; otherwise they are refused (403).
    pub write_token: Option<String>,
    /// Whether queries may call `SERVICE` on other endpoints.
    pub allow_federation: bool,
    /// Largest accepted request body.
    pub max_body_bytes: usize,
    /// Results up to this size are sent whole; larger ones are streamed.
    pub stream_after_bytes: usize,
    /// Memory for the response cache.
    pub cache_bytes: usize,
    /// The publication directory served under `/dumps/` (see `civkg publish`).
    pub dumps: Option<PathBuf>,
    /// Queries and updates evaluated at once; more wait for a turn within
    /// their time limit, then get `503` with `Retry-After`.
    pub max_evaluations: usize,
    /// Streamed responses at once; a result that would stream past this
    /// gets `503` with `Retry-After` before its first byte.
    pub max_streams: usize,
    /// Open connections at most (see [`Limits`]).
    pub max_connections: usize,
    /// Time to send a request's headers (and idle keep-alive time).
    pub header_timeout: Duration,
    /// Time a response write may make no progress.
    pub write_timeout: Duration,
    /// Time the server waits for open connections when it stops.
    pub shutdown_grace: Duration,
    /// Growth of the resident memory (bytes) during a query past which it
    /// is cancelled.
    pub max_memory: u64,
}

impl ServerConfig {
    /// A read-only configuration with the default limits.
    pub fn new(location: impl Into<PathBuf>, base: impl Into<String>) -> Self {
        Self {
            location: location.into(),
            base: base.into(),
            timeout: DEFAULT_TIMEOUT,
            max_rows: DEFAULT_MAX_ROWS,
            write_token: None,
            allow_federation: false,
            max_body_bytes: MAX_BODY_BYTES,
            stream_after_bytes: STREAM_AFTER_BYTES,
            cache_bytes: CACHE_BYTES,
            dumps: Some(PathBuf::from(DEFAULT_DUMPS)),
            max_evaluations: default_max_evaluations(),
            max_streams: MAX_STREAMS,
            max_connections: MAX_CONNECTIONS,
            header_timeout: HEADER_TIMEOUT,
            write_timeout: WRITE_TIMEOUT,
            shutdown_grace: SHUTDOWN_GRACE,
            max_memory: default_max_memory(),
        }
    }
}

/// The HTTP application: every route, with CORS, compression, body limits
/// and request tracing. Tests can call it with `tower::ServiceExt::oneshot`.
pub fn app(state: AppState) -> Router {
    let max_body = state.config().max_body_bytes;
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([
            header::ACCEPT,
            header::CONTENT_TYPE,
            header::IF_NONE_MATCH,
            header::AUTHORIZATION,
        ])
        .expose_headers([
            header::ETAG,
            header::CONTENT_TYPE,
            HeaderName::from_static(http::MAX_ROWS_HEADER),
        ])
        .max_age(Duration::from_secs(86_400));
    Router::new()
        .route("/", get(ui::index))
        .route("/ui/{file}", get(ui::asset))
        .route(
            "/sparql",
            get(sparql::get).post(sparql::post).options(preflight),
        )
        .route(
            "/store",
            get(gsp::get)
                .put(gsp::put)
                .post(gsp::post)
                .delete(gsp::delete)
                .options(preflight),
        )
        .route("/queries", get(presets::list).options(preflight))
        .route("/queries/{id}", get(presets::run).options(preflight))
        .route("/openapi.json", get(presets::openapi))
        .route("/.well-known/void", get(linked_data::void))
        .route("/health", get(linked_data::health))
        .route("/dumps/{file}", get(dumps::file))
        .route("/page/{*path}", get(linked_data::page))
        .route("/data/{*path}", get(linked_data::data))
        .fallback(linked_data::dereference)
        .with_state(state)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(CompressionLayer::new().gzip(true).br(true))
        .layer(cors)
        .layer(TraceLayer::new_for_http())
}

/// An OPTIONS request that is not a CORS preflight (those are answered by
/// the CORS layer): lists the allowed methods.
async fn preflight() -> impl axum::response::IntoResponse {
    (
        axum::http::StatusCode::NO_CONTENT,
        [(header::ALLOW, "GET, HEAD, POST, OPTIONS")],
    )
}

/// Serves [`app`] on `listener` with the connection [`Limits`] until
/// `shutdown` resolves; then cancels the running queries, finishes the
/// responses in flight and returns within [`ServerConfig::shutdown_grace`].
pub async fn run(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = Limits::new(state.config());
    let stopping = state.stopping_sender();
    listen::serve(listener, app(state), limits, stopping, shutdown).await
}
