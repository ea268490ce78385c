//! The SPARQL 1.1 Protocol at `/sparql`: queries (GET, POST form, POST
//! `application/sparql-query`), updates (POST form, POST
//! `application/sparql-update`, token only) and the Service Description.
//!
//! [`answer`] is shared with the preset routes: negotiate, check
//! `If-None-Match`, look in the response cache, then evaluate on a blocking
//! thread under the time limit (see the module docs of [`crate::server`]
//! for how results are buffered, streamed and cut).

use std::io::{self, Write};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use oxigraph::io::RdfFormat;
use oxigraph::model::{
    BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Term, Triple, Variable,
};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator, UpdateEvaluationError,
};
use spargebra::{Query, SparqlParser};
use tokio::sync::{mpsc, oneshot, OwnedSemaphorePermit};

use super::cache::{Cached, ResponseCache};
use super::error::HttpError;
use super::federation::{first_service, HttpServiceHandler};
use super::http::{accept, content_type, etag, not_modified, rdf_serializer, Params, Validators};
use super::negotiate::{self, GRAPH_FORMATS};
use super::running::Registration;
use super::state::{AppState, Live};
use crate::query::PREFIXES;

/// Size of the chunks of a streamed response.
const CHUNK_BYTES: usize = 64 << 10;

/// How long after the time limit the handler waits for the evaluating
/// thread to notice its cancellation before answering 503 anyway. Oxigraph
/// checks the token whenever it reads the store; a long in-memory join can
/// run a little past it, but the client's answer does not wait for that.
const CANCEL_GRACE: std::time::Duration = std::time::Duration::from_millis(200);

/// Chunks queued between the evaluating thread and the connection.
const CHUNK_QUEUE: usize = 16;

const FORM: &str = "application/x-www-form-urlencoded";
const SPARQL_QUERY: &str = "application/sparql-query";
const SPARQL_UPDATE: &str = "application/sparql-update";

/// `GET /sparql`: a query, a Graph Store read, or the Service Description.
pub(crate) async fn get(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params = Params::from_query(raw.as_deref());
    let result = if params.has("graph") || params.has("default") {
        super::gsp::read(&state, &params, &headers).await
    } else if params.has("update") {
        Err(HttpError::bad_request(
            "SPARQL Update must be sent with POST",
        ))
    } else if let Some(query) = params.get("query") {
        match QueryRequest::from_params(&params, query) {
            Ok(request) => run_request(&state, &headers, request, true).await,
            Err(e) => Err(e),
        }
    } else {
        service_description(&state, &headers, params.get("format")).await
    };
    result.unwrap_or_else(IntoResponse::into_response)
}

/// `POST /sparql`: a query or an update.
pub(crate) async fn post(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    post_inner(&state, raw.as_deref(), &headers, &body)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn post_inner(
    state: &AppState,
    raw: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, HttpError> {
    let url_params = Params::from_query(raw);
    let text = || {
        std::str::from_utf8(body)
            .map(str::to_owned)
            .map_err(|e| HttpError::bad_request(format!("the body is not UTF-8: {e}")))
    };
    match content_type(headers).as_deref() {
        Some(FORM) => {
            let params = Params::parse_strict(body)?;
            if let Some(update) = params.get("update") {
                update_request(state, headers, update, &params).await
            } else if let Some(query) = params.get("query") {
                let request = QueryRequest::from_params(&params, query)?;
                run_request(state, headers, request, false).await
            } else {
                Err(HttpError::bad_request(
                    "the form has neither a `query` nor an `update` field",
                ))
            }
        }
        Some(SPARQL_QUERY) => {
            let request = QueryRequest::from_params(&url_params, &text()?)?;
            run_request(state, headers, request, false).await
        }
        Some(SPARQL_UPDATE) => update_request(state, headers, &text()?, &url_params).await,
        other => Err(HttpError::unsupported_media_type(
            other.unwrap_or("(none)"),
            &[FORM, SPARQL_QUERY, SPARQL_UPDATE],
        )),
    }
}

/// A query as the protocol carries it.
#[derive(Debug)]
struct QueryRequest {
    query: String,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
    format: Option<String>,
}

impl QueryRequest {
    fn from_params(params: &Params, query: &str) -> Result<Self, HttpError> {
        Ok(Self {
            query: query.to_owned(),
            default_graphs: params
                .all("default-graph-uri")
                .into_iter()
                .map(str::to_owned)
                .collect(),
            named_graphs: params
                .all("named-graph-uri")
                .into_iter()
                .map(str::to_owned)
                .collect(),
            format: params.get("format").map(str::to_owned),
        })
    }
}

async fn run_request(
    state: &AppState,
    headers: &HeaderMap,
    request: QueryRequest,
    cacheable: bool,
) -> Result<Response, HttpError> {
    let iris = |list: &[String]| -> Result<Vec<NamedNode>, HttpError> {
        list.iter()
            .map(|g| {
                NamedNode::new(g.as_str())
                    .map_err(|e| HttpError::bad_request(format!("graph IRI <{g}>: {e}")))
            })
            .collect()
    };
    let prepared = Prepared {
        query: parse_query(state, &request.query)?,
        default_graphs: iris(&request.default_graphs)?,
        named_graphs: iris(&request.named_graphs)?,
        substitutions: Vec::new(),
        key: ResponseCache::key(&[
            "sparql",
            &request.query,
            &request.default_graphs.join(" "),
            &request.named_graphs.join(" "),
        ]),
    };
    answer(
        state,
        headers,
        prepared,
        request.format.as_deref(),
        cacheable,
    )
    .await
}

/// Parses a query with the [`PREFIXES`] predeclared and the data base as
/// base IRI, and refuses `SERVICE` unless federation is allowed.
pub(crate) fn parse_query(state: &AppState, text: &str) -> Result<Query, HttpError> {
    bounded_query(text)?;
    let query = parser(state)?
        .parse_query(text)
        .map_err(|e| HttpError::bad_request(format!("SPARQL syntax error: {e}")))?;
    if !state.config().allow_federation {
        if let Some(service) = first_service(&query) {
            return Err(HttpError::forbidden(format!(
                "SERVICE {service}: federated queries are disabled on this server (start it with --allow-federation)"
            )));
        }
    }
    Ok(query)
}

/// Refuses an update that nests too deeply to parse safely (see
/// [`crate::query::bounds`]): the parser would exhaust the thread's stack.
fn bounded(text: &str) -> Result<(), HttpError> {
    crate::query::bounds::check(text, crate::query::bounds::MAX_DEPTH)
        .map_err(|e| HttpError::bad_request(e.to_string()))
}

/// Refuses a query that nests too deeply or holds too many patterns to
/// plan within bounds (see [`crate::query::bounds`]).
fn bounded_query(text: &str) -> Result<(), HttpError> {
    crate::query::bounds::check_query(text).map_err(|e| HttpError::bad_request(e.to_string()))
}

fn parser(state: &AppState) -> Result<SparqlParser, HttpError> {
    let mut parser = SparqlParser::new()
        .with_base_iri(state.base())
        .map_err(HttpError::internal)?;
    for (prefix, iri) in PREFIXES {
        parser = parser
            .with_prefix(*prefix, *iri)
            .map_err(HttpError::internal)?;
    }
    Ok(parser)
}

/// A query ready to run.
#[derive(Debug)]
pub(crate) struct Prepared {
    /// The parsed query.
    pub(crate) query: Query,
    /// `default-graph-uri` values (none: the query's own, else the union).
    pub(crate) default_graphs: Vec<NamedNode>,
    /// `named-graph-uri` values.
    pub(crate) named_graphs: Vec<NamedNode>,
    /// Variables bound to typed terms (preset parameters).
    pub(crate) substitutions: Vec<(Variable, Term)>,
    /// What identifies this request in the response cache.
    pub(crate) key: String,
}

/// The format a response is written in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Negotiated {
    /// SELECT / ASK results.
    Results(QueryResultsFormat),
    /// A graph.
    Rdf(RdfFormat),
}

impl Negotiated {
    fn media_type(self) -> &'static str {
        match self {
            Self::Results(f) => f.media_type(),
            Self::Rdf(f) => f.media_type(),
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Results(f) => f.file_extension(),
            Self::Rdf(f) => f.file_extension(),
        }
    }
}

/// Runs a prepared query and answers with the negotiated format, honouring
/// `If-None-Match` and the response cache.
pub(crate) async fn answer(
    state: &AppState,
    headers: &HeaderMap,
    prepared: Prepared,
    format: Option<&str>,
    cacheable: bool,
) -> Result<Response, HttpError> {
    let accept = accept(headers);
    let negotiated = match prepared.query {
        Query::Select { .. } | Query::Ask { .. } => {
            Negotiated::Results(negotiate::results_format(accept, format)?)
        }
        Query::Construct { .. } | Query::Describe { .. } => {
            Negotiated::Rdf(negotiate::rdf_format(accept, format, &GRAPH_FORMATS)?)
        }
    };
    let live = state.live().await?;
    let version = live.version();
    let tag = etag(&version, negotiated.extension());
    let validators = Validators {
        etag: cacheable.then_some(tag),
        writable: state.writable(),
    };
    if cacheable && not_modified(headers, validators.etag.as_deref()) {
        return Ok(validators.not_modified());
    }
    let key = ResponseCache::key(&[&prepared.key, negotiated.media_type()]);
    if let Some(hit) = state.cache().get(&version, &key) {
        return Ok(validators.full(&hit, state.config().max_rows));
    }
    match execute(state, live, prepared, negotiated).await? {
        Outcome::Complete(done) => {
            let response = validators.full(&done, state.config().max_rows);
            state.cache().put(&version, key, done);
            Ok(response)
        }
        Outcome::Streaming(body) => Ok(validators.streamed(negotiated.media_type(), body)),
    }
}

/// How a query ended before its first byte was sent.
enum Outcome {
    /// The whole serialised result.
    Complete(Cached),
    /// The result is being streamed.
    Streaming(Body),
}

/// What the evaluating thread tells the handler first.
enum Head {
    /// Everything fitted in the buffer.
    Complete { body: Vec<u8>, truncated: bool },
    /// The result is larger: chunks follow on the channel.
    Streaming,
}

/// Why an evaluation failed.
#[derive(Debug)]
enum Failure {
    /// The time limit cancelled it.
    Cancelled,
    /// The query asks for something impossible (the message says what).
    Client(String),
    /// The result cannot be written in the negotiated format.
    Format(String),
    /// The client went away.
    Gone,
    /// The result would stream but every turn to stream is taken.
    Busy,
    /// Anything else: logged, not shown.
    Internal(String),
}

impl Failure {
    fn from_evaluation(e: QueryEvaluationError) -> Self {
        match e {
            QueryEvaluationError::Cancelled => Self::Cancelled,
            QueryEvaluationError::Service(_)
            | QueryEvaluationError::UnboundService
            | QueryEvaluationError::InvalidServiceName(_)
            | QueryEvaluationError::UnsupportedService(_)
            | QueryEvaluationError::UnsupportedCustomFunction(_)
            | QueryEvaluationError::UnsupportedCustomFunctionArity { .. }
            | QueryEvaluationError::NotExistingSubstitutedVariable(_) => {
                Self::Client(e.to_string())
            }
            other => Self::Internal(other.to_string()),
        }
    }

    fn into_http(self, state: &AppState) -> HttpError {
        match self {
            Self::Cancelled => HttpError::timeout(state.config().timeout),
            Self::Client(m) => HttpError::bad_request(m),
            Self::Format(m) => HttpError {
                status: StatusCode::NOT_ACCEPTABLE,
                message: m,
                retry_after: None,
            },
            Self::Gone => HttpError::internal("client went away"),
            Self::Busy => HttpError::busy(format!(
                "{} large results are being sent already; this one would stream too",
                state.config().max_streams
            )),
            Self::Internal(m) => HttpError::internal(m),
        }
    }

    fn message(&self) -> String {
        match self {
            Self::Cancelled => "query cancelled by the time limit".into(),
            Self::Client(m) | Self::Format(m) | Self::Internal(m) => m.clone(),
            Self::Gone => "client went away".into(),
            Self::Busy => "every turn to stream is taken".into(),
        }
    }
}

/// Cancels the evaluation when dropped: a client that disconnects (the
/// handler's future is dropped) stops the work it asked for.
struct CancelOnDrop(CancellationToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// Stops the timer task when the response is done.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn execute(
    state: &AppState,
    live: Arc<Live>,
    prepared: Prepared,
    format: Negotiated,
) -> Result<Outcome, HttpError> {
    let config = state.config().clone();
    let config_timeout = config.timeout;
    let started = Instant::now();
    // Waiting for a turn counts against the query's time limit.
    let Some(turn) = state.evaluation_turn(config.timeout).await else {
        return Err(HttpError::busy(format!(
            "the server is evaluating {} queries and none finished within the time limit of {} s",
            config.max_evaluations,
            config.timeout.as_secs_f64()
        )));
    };
    let remaining = config.timeout.saturating_sub(started.elapsed());
    let token = CancellationToken::new();
    let guard = CancelOnDrop(token.clone());
    let registration = state.running().register(&token);
    let timer = {
        let token = token.clone();
        let stopping = state.stopping();
        AbortOnDrop(tokio::spawn(async move {
            tokio::select! {
                () = tokio::time::sleep(remaining) => {}
                () = stopping => {}
            }
            token.cancel();
        }))
    };
    let (head_tx, head_rx) = oneshot::channel();
    let (chunk_tx, chunk_rx) = mpsc::channel(CHUNK_QUEUE);
    let finished = Arc::new(AtomicBool::new(false));
    let deadline = Instant::now() + remaining;
    let streams = state.clone();
    let done = finished.clone();
    tokio::task::spawn_blocking(move || {
        let mut sink = Sink {
            buffer: Vec::new(),
            stream_after: config.stream_after_bytes,
            head: Some(head_tx),
            chunks: chunk_tx,
            gone: false,
            busy: false,
            turn: Turn::Evaluating(turn),
            streams,
            finished: done,
        };
        let result = evaluate(&live, prepared, format, &config, token, deadline, &mut sink);
        sink.finish(result);
    });
    let head = tokio::time::timeout(remaining + CANCEL_GRACE, head_rx).await;
    // Why a cancelled evaluation was cancelled, if not by its time limit.
    let why_cancelled = |registration: &Registration| {
        if state.is_stopping() {
            return Some(HttpError::stopping());
        }
        HttpError::over_memory(state.config().max_memory, registration.over_memory())
    };
    let Ok(head) = head else {
        return Err(why_cancelled(&registration).unwrap_or(HttpError::timeout(config_timeout)));
    };
    match head {
        Err(_) => Err(HttpError::internal(
            "query evaluation ended without an answer",
        )),
        Ok(Err(Failure::Cancelled)) => {
            Err(why_cancelled(&registration).unwrap_or_else(|| Failure::Cancelled.into_http(state)))
        }
        Ok(Err(failure)) => Err(failure.into_http(state)),
        Ok(Ok(Head::Complete { body, truncated })) => Ok(Outcome::Complete(Cached {
            body: Bytes::from(body),
            content_type: format.media_type().to_owned(),
            truncated,
        })),
        Ok(Ok(Head::Streaming)) => Ok(Outcome::Streaming(Body::new(ChunkBody {
            chunks: chunk_rx,
            finished,
            _guards: (guard, timer, registration),
        }))),
    }
}

/// Evaluates and serialises; `Ok(true)` when `--max-rows` cut the result.
fn evaluate(
    live: &Live,
    prepared: Prepared,
    format: Negotiated,
    config: &super::ServerConfig,
    token: CancellationToken,
    deadline: Instant,
    sink: &mut Sink,
) -> Result<bool, Failure> {
    let mut evaluator = SparqlEvaluator::new().with_cancellation_token(token);
    if config.allow_federation {
        let handler =
            HttpServiceHandler::new(deadline).map_err(|e| Failure::Internal(e.to_string()))?;
        evaluator = evaluator.with_default_service_handler(handler);
    }
    let mut query = evaluator.for_query(prepared.query);
    if !prepared.default_graphs.is_empty() || !prepared.named_graphs.is_empty() {
        // The protocol's dataset replaces the query's FROM / FROM NAMED.
        let dataset = query.dataset_mut();
        dataset.set_default_graph(
            prepared
                .default_graphs
                .into_iter()
                .map(GraphName::from)
                .collect(),
        );
        dataset.set_available_named_graphs(
            prepared
                .named_graphs
                .into_iter()
                .map(NamedOrBlankNode::from)
                .collect(),
        );
    } else if query.dataset().is_default_dataset() {
        query.dataset_mut().set_default_graph_as_union();
    }
    for (variable, term) in prepared.substitutions {
        query = query.substitute_variable(variable, term);
    }
    let results = query
        .on_store(&live.store)
        .execute()
        .map_err(Failure::from_evaluation)?;
    let io = |sink: &Sink, e: io::Error| {
        if sink.gone {
            Failure::Gone
        } else if sink.busy {
            Failure::Busy
        } else {
            Failure::Format(format!(
                "cannot write the result as {}: {e}",
                format.media_type()
            ))
        }
    };
    match (results, format) {
        (QueryResults::Solutions(solutions), Negotiated::Results(f)) => {
            let mut writer = QueryResultsSerializer::from_format(f)
                .serialize_solutions_to_writer(&mut *sink, solutions.variables().to_vec())
                .map_err(|e| Failure::Internal(e.to_string()))?;
            let mut truncated = false;
            for (rows, solution) in solutions.enumerate() {
                let solution = solution.map_err(Failure::from_evaluation)?;
                if rows == config.max_rows {
                    truncated = true;
                    break;
                }
                if let Err(e) = writer.serialize(&solution) {
                    drop(writer);
                    return Err(io(sink, e));
                }
            }
            match writer.finish() {
                Ok(_) => Ok(truncated),
                Err(e) => Err(io(sink, e)),
            }
        }
        (QueryResults::Boolean(b), Negotiated::Results(f)) => {
            match QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut *sink, b)
            {
                Ok(_) => Ok(false),
                Err(e) => Err(io(sink, e)),
            }
        }
        (QueryResults::Graph(triples), Negotiated::Rdf(f)) => {
            let mut writer = rdf_serializer(f).for_writer(&mut *sink);
            for triple in triples {
                let triple = triple.map_err(Failure::from_evaluation)?;
                if let Err(e) = writer.serialize_triple(&triple) {
                    drop(writer);
                    return Err(io(sink, e));
                }
            }
            match writer.finish() {
                Ok(_) => Ok(false),
                Err(e) => Err(io(sink, e)),
            }
        }
        _ => Err(Failure::Internal(
            "negotiated format does not fit the query form".into(),
        )),
    }
}

/// Where the evaluating thread writes: a buffer until it exceeds the
/// streaming threshold, then chunks sent to the connection.
struct Sink {
    buffer: Vec<u8>,
    stream_after: usize,
    head: Option<oneshot::Sender<Result<Head, Failure>>>,
    chunks: mpsc::Sender<Result<Bytes, io::Error>>,
    gone: bool,
    /// Set when the result would stream but every turn to stream is taken.
    busy: bool,
    /// The turn this evaluation holds.
    turn: Turn,
    /// Where a turn to stream comes from.
    streams: AppState,
    /// Set when the whole result was sent: a stream that ends without it
    /// is aborted, not closed as if complete.
    finished: Arc<AtomicBool>,
}

/// What an evaluation holds while it runs: a turn to evaluate until its
/// result is known to stream, then a turn to stream instead (a client
/// reading slowly then holds no turn of those who evaluate).
#[derive(Debug)]
enum Turn {
    Evaluating(#[allow(dead_code, reason = "held, not read")] OwnedSemaphorePermit),
    Streaming(#[allow(dead_code, reason = "held, not read")] OwnedSemaphorePermit),
}

impl Sink {
    fn gone(&mut self) -> io::Error {
        self.gone = true;
        io::Error::new(io::ErrorKind::BrokenPipe, "client went away")
    }

    /// Sends the buffer as a chunk, telling the handler first that the
    /// response is streamed.
    fn send_buffer(&mut self) -> io::Result<()> {
        if self.head.is_some() {
            let Some(turn) = self.streams.stream_turn() else {
                self.busy = true;
                return Err(io::Error::other("every turn to stream is taken"));
            };
            self.turn = Turn::Streaming(turn);
        }
        if let Some(head) = self.head.take() {
            if head.send(Ok(Head::Streaming)).is_err() {
                return Err(self.gone());
            }
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buffer));
        if self.chunks.blocking_send(Ok(chunk)).is_err() {
            return Err(self.gone());
        }
        Ok(())
    }

    /// Ends the response: the whole body, a last chunk, or an error that
    /// aborts the stream so the client sees an incomplete transfer.
    fn finish(mut self, result: Result<bool, Failure>) {
        match (self.head.take(), result) {
            (Some(head), Ok(truncated)) => {
                let body = std::mem::take(&mut self.buffer);
                let _ = head.send(Ok(Head::Complete { body, truncated }));
            }
            (Some(head), Err(failure)) => {
                let _ = head.send(Err(failure));
            }
            (None, Ok(false)) => {
                if !self.buffer.is_empty() {
                    let chunk = Bytes::from(std::mem::take(&mut self.buffer));
                    if self.chunks.blocking_send(Ok(chunk)).is_err() {
                        return;
                    }
                }
                self.finished.store(true, Ordering::SeqCst);
            }
            (None, Ok(true)) => self.abort("more rows than --max-rows after streaming began"),
            (None, Err(failure)) => self.abort(&failure.message()),
        }
    }

    fn abort(self, reason: &str) {
        tracing::warn!(reason, "aborting a streamed response");
        let _ = self
            .chunks
            .blocking_send(Err(io::Error::other(reason.to_owned())));
    }
}

impl Write for Sink {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(data);
        let threshold = if self.head.is_some() {
            self.stream_after
        } else {
            CHUNK_BYTES
        };
        if self.buffer.len() > threshold {
            self.send_buffer()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The body of a streamed response: chunks from the evaluating thread; an
/// error item aborts the response (no final chunk is sent).
struct ChunkBody {
    chunks: mpsc::Receiver<Result<Bytes, io::Error>>,
    finished: Arc<AtomicBool>,
    _guards: (CancelOnDrop, AbortOnDrop, Registration),
}

impl http_body::Body for ChunkBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, io::Error>>> {
        self.chunks.poll_recv(cx).map(|item| match item {
            Some(chunk) => Some(chunk.map(http_body::Frame::data)),
            None if self.finished.load(Ordering::SeqCst) => None,
            // The evaluation ended without saying the result was whole.
            None => Some(Err(io::Error::other(
                "the result ended before it was complete",
            ))),
        })
    }
}

async fn update_request(
    state: &AppState,
    headers: &HeaderMap,
    text: &str,
    params: &Params,
) -> Result<Response, HttpError> {
    state.authorize_write(headers)?;
    bounded(text)?;
    let update = parser(state)?
        .parse_update(text)
        .map_err(|e| HttpError::bad_request(format!("SPARQL syntax error: {e}")))?;
    let graphs = |key: &str| -> Result<Vec<NamedNode>, HttpError> {
        params
            .all(key)
            .into_iter()
            .map(|g| {
                NamedNode::new(g)
                    .map_err(|e| HttpError::bad_request(format!("graph IRI <{g}>: {e}")))
            })
            .collect()
    };
    let using = graphs("using-graph-uri")?;
    let using_named = graphs("using-named-graph-uri")?;
    let live = state.live().await?;
    let token = CancellationToken::new();
    let _guard = CancelOnDrop(token.clone());
    let timeout = state.config().timeout;
    let Some(turn) = state.evaluation_turn(timeout).await else {
        return Err(HttpError::busy("no turn to evaluate within the time limit"));
    };
    let run = {
        let live = live.clone();
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            let mut prepared = SparqlEvaluator::new()
                .with_cancellation_token(token)
                .for_update(update);
            for dataset in prepared.using_datasets_mut() {
                if !using.is_empty() || !using_named.is_empty() {
                    dataset.set_default_graph(using.iter().cloned().map(GraphName::from).collect());
                    dataset.set_available_named_graphs(
                        using_named
                            .iter()
                            .cloned()
                            .map(NamedOrBlankNode::from)
                            .collect(),
                    );
                } else if dataset.is_default_dataset() {
                    dataset.set_default_graph_as_union();
                }
            }
            prepared.on_store(&live.store).execute()
        })
    };
    let result = tokio::time::timeout(timeout, run)
        .await
        .map_err(|_| HttpError::timeout(timeout))?
        .map_err(HttpError::internal)?;
    // Even a failed update may have written part of its operations.
    live.wrote();
    match result {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(UpdateEvaluationError::Storage(e)) => Err(HttpError::internal(e)),
        Err(UpdateEvaluationError::Unexpected(e)) => Err(HttpError::internal(e)),
        Err(e) => Err(HttpError::bad_request(e)),
    }
}

/// The SPARQL 1.1 Service Description of this endpoint, or the UI for a
/// browser.
async fn service_description(
    state: &AppState,
    headers: &HeaderMap,
    format: Option<&str>,
) -> Result<Response, HttpError> {
    if format.is_none() && negotiate::prefers_html(accept(headers)) {
        return Ok(Redirect::to("/").into_response());
    }
    let rdf = negotiate::rdf_format(accept(headers), format, &GRAPH_FORMATS)?;
    let live = state.live().await?;
    // The endpoint as this client reached it (discovery is about this
    // server, not where the data is published); the response varies by Host.
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let endpoint = NamedNode::new(format!("http://{host}/sparql"))
        .map_err(|e| HttpError::bad_request(format!("bad Host header: {e}")))?;
    let graphs = {
        let live = live.clone();
        tokio::task::spawn_blocking(move || {
            live.store.named_graphs().collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(HttpError::internal)?
        .map_err(HttpError::internal)?
    };
    let triples = description_triples(&endpoint, &graphs, state);
    let mut body = Vec::new();
    let mut writer = rdf_serializer(rdf)
        .with_prefix("sd", SD)
        .map_err(HttpError::internal)?
        .for_writer(&mut body);
    for t in &triples {
        writer.serialize_triple(t).map_err(HttpError::internal)?;
    }
    writer.finish().map_err(HttpError::internal)?;
    let validators = Validators {
        etag: Some(etag(&live.version(), rdf.file_extension())),
        writable: state.writable(),
    };
    if not_modified(headers, validators.etag.as_deref()) {
        return Ok(validators.not_modified());
    }
    let mut response = validators.full(
        &Cached {
            body: Bytes::from(body),
            content_type: rdf.media_type().to_owned(),
            truncated: false,
        },
        0,
    );
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept, Host"));
    Ok(response)
}

const SD: &str = "http://www.w3.org/ns/sparql-service-description#";

fn description_triples(
    endpoint: &NamedNode,
    graphs: &[NamedOrBlankNode],
    state: &AppState,
) -> Vec<Triple> {
    let sd = |local: &str| NamedNode::new_unchecked(format!("{SD}{local}"));
    let rdf_type = NamedNode::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    let mut t = Vec::new();
    let mut add = |s: &NamedOrBlankNode, p: NamedNode, o: Term| {
        t.push(Triple::new(s.clone(), p, o));
    };
    let service: NamedOrBlankNode = BlankNode::default().into();
    add(&service, rdf_type.clone(), sd("Service").into());
    add(&service, sd("endpoint"), endpoint.clone().into());
    add(
        &service,
        sd("supportedLanguage"),
        sd("SPARQL11Query").into(),
    );
    if state.writable() {
        add(
            &service,
            sd("supportedLanguage"),
            sd("SPARQL11Update").into(),
        );
    }
    add(&service, sd("feature"), sd("UnionDefaultGraph").into());
    if state.config().allow_federation {
        add(&service, sd("feature"), sd("BasicFederatedQuery").into());
    }
    for f in negotiate::RESULTS_FORMATS {
        add(
            &service,
            sd("resultFormat"),
            NamedNode::new_unchecked(f.iri()).into(),
        );
    }
    for f in GRAPH_FORMATS {
        add(
            &service,
            sd("resultFormat"),
            NamedNode::new_unchecked(f.iri()).into(),
        );
    }
    add(
        &service,
        NamedNode::new_unchecked("http://purl.org/dc/terms/title"),
        Literal::new_language_tagged_literal_unchecked("civkg SPARQL endpoint", "en").into(),
    );
    let dataset: NamedOrBlankNode = BlankNode::default().into();
    add(&service, sd("defaultDataset"), dataset.clone().into());
    add(&dataset, rdf_type.clone(), sd("Dataset").into());
    let default_graph: NamedOrBlankNode = BlankNode::default().into();
    add(&dataset, sd("defaultGraph"), default_graph.clone().into());
    add(&default_graph, rdf_type.clone(), sd("Graph").into());
    for g in graphs {
        let named: NamedOrBlankNode = BlankNode::default().into();
        add(&dataset, sd("namedGraph"), named.clone().into());
        add(&named, rdf_type.clone(), sd("NamedGraph").into());
        add(&named, sd("name"), Term::from(g.clone()));
    }
    t
}
