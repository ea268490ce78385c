//! The SPARQL 1.1 Graph Store HTTP Protocol at `/store` (reads also at
//! `/sparql?graph=` / `/sparql?default`).
//!
//! * `?graph=IRI` is a named graph, `?default` the default graph — which
//!   reads as the union of all graphs, as the default graph of a query does
//!   (writes to `?default` go to the store's own default graph);
//! * `GET /store` with neither is the whole dataset (TriG, N-Quads, JSON-LD);
//! * `PUT` replaces a graph (201 when it is new, 204 otherwise), `POST`
//!   adds to it, `DELETE` removes it (404 when absent) — all three only
//!   with the write token, and each atomically, in one transaction.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, Quad};

use super::cache::Cached;
use super::error::HttpError;
use super::http::{accept, content_type, etag, not_modified, serialize_quads, Params, Validators};
use super::negotiate::{self, DATASET_FORMATS, GRAPH_FORMATS};
use super::state::AppState;

/// What a Graph Store request addresses.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    /// `?default`.
    Default,
    /// `?graph=IRI`.
    Named(NamedNode),
    /// Neither: the whole dataset (reads only).
    Dataset,
}

fn target(state: &AppState, params: &Params) -> Result<Target, HttpError> {
    match (params.get("graph"), params.has("default")) {
        (Some(_), true) => Err(HttpError::bad_request(
            "give either `graph` or `default`, not both",
        )),
        (Some(g), false) => {
            // Relative IRIs are resolved against the data base.
            let iri = oxiri::Iri::parse(state.base().to_owned())
                .and_then(|base| base.resolve(g))
                .map_err(|e| HttpError::bad_request(format!("graph IRI <{g}>: {e}")))?;
            Ok(Target::Named(NamedNode::new_unchecked(iri.into_inner())))
        }
        (None, true) => Ok(Target::Default),
        (None, false) => Ok(Target::Dataset),
    }
}

/// `GET /store`.
pub(crate) async fn get(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params = Params::from_query(raw.as_deref());
    read(&state, &params, &headers)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// Reads a graph or the dataset, content-negotiated.
pub(crate) async fn read(
    state: &AppState,
    params: &Params,
    headers: &HeaderMap,
) -> Result<Response, HttpError> {
    let target = target(state, params)?;
    let offered: &[RdfFormat] = if target == Target::Dataset {
        &DATASET_FORMATS
    } else {
        &GRAPH_FORMATS
    };
    let format = negotiate::rdf_format(accept(headers), params.get("format"), offered)?;
    let live = state.live().await?;
    let validators = Validators {
        etag: Some(etag(&live.version(), format.file_extension())),
        writable: state.writable(),
    };
    if not_modified(headers, validators.etag.as_deref()) {
        return Ok(validators.not_modified());
    }
    let quads = tokio::task::spawn_blocking(move || -> Result<Option<Vec<Quad>>, HttpError> {
        let store = &live.store;
        let all = |graph: Option<GraphNameRef<'_>>| {
            store
                .quads_for_pattern(None, None, None, graph)
                .collect::<Result<Vec<_>, _>>()
                .map_err(HttpError::internal)
        };
        Ok(match &target {
            Target::Dataset => Some(all(None)?),
            Target::Named(g) => {
                if store.contains_named_graph(g).map_err(HttpError::internal)? {
                    Some(all(Some(g.into()))?)
                } else {
                    None
                }
            }
            Target::Default => {
                // The union: each triple once, in the default graph.
                Some(super::linked_data::as_triples(all(None)?))
            }
        })
    })
    .await
    .map_err(HttpError::internal)??;
    let Some(quads) = quads else {
        return Err(HttpError::not_found("no such graph in the store"));
    };
    let body = serialize_quads(&quads, format)?;
    Ok(validators.full(
        &Cached {
            body: Bytes::from(body),
            content_type: format.media_type().to_owned(),
            truncated: false,
        },
        0,
    ))
}

/// `PUT /store?graph=…`: replaces the graph.
pub(crate) async fn put(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    write(&state, raw.as_deref(), &headers, Some(body), true)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// `POST /store?graph=…`: adds to the graph.
pub(crate) async fn post(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    write(&state, raw.as_deref(), &headers, Some(body), false)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// `DELETE /store?graph=…`: removes the graph.
pub(crate) async fn delete(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    write(&state, raw.as_deref(), &headers, None, true)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// PUT (`replace`), POST (`!replace`) or DELETE (`body` is `None`).
async fn write(
    state: &AppState,
    raw: Option<&str>,
    headers: &HeaderMap,
    body: Option<Bytes>,
    replace: bool,
) -> Result<Response, HttpError> {
    state.authorize_write(headers)?;
    let params = Params::from_query(raw);
    let graph = match target(state, &params)? {
        Target::Default => GraphName::DefaultGraph,
        Target::Named(g) => GraphName::NamedNode(g),
        Target::Dataset => {
            return Err(HttpError::bad_request(
                "name the graph to write: `?graph=IRI` or `?default`",
            ))
        }
    };
    let format = match &body {
        Some(_) => {
            let ct = content_type(headers).unwrap_or_default();
            let offered: Vec<&str> = GRAPH_FORMATS.iter().map(|f| f.media_type()).collect();
            Some(
                RdfFormat::from_media_type(&ct)
                    .filter(|f| !f.supports_datasets() || matches!(f, RdfFormat::JsonLd { .. }))
                    .ok_or_else(|| HttpError::unsupported_media_type(&ct, &offered))?,
            )
        }
        None => None,
    };
    let live = state.live().await?;
    let result = {
        let live = live.clone();
        tokio::task::spawn_blocking(move || apply(&live.store, graph, format, body, replace))
            .await
            .map_err(HttpError::internal)?
    };
    if result.is_ok() {
        live.wrote();
    }
    Ok(result?.into_response())
}

fn apply(
    store: &oxigraph::store::Store,
    graph: GraphName,
    format: Option<RdfFormat>,
    body: Option<Bytes>,
    replace: bool,
) -> Result<StatusCode, HttpError> {
    let existed = match &graph {
        GraphName::NamedNode(g) => store.contains_named_graph(g).map_err(HttpError::internal)?,
        _ => true,
    };
    let mut tx = store.start_transaction().map_err(HttpError::internal)?;
    match (format, body) {
        (Some(format), Some(body)) => {
            if replace {
                tx.clear_graph(&graph).map_err(HttpError::internal)?;
            }
            if let GraphName::NamedNode(g) = &graph {
                tx.insert_named_graph(g);
            }
            if let RdfFormat::JsonLd { .. } = format {
                // oxigraph's JSON-LD parser recurses per level.
                crate::query::bounds::check_json(&body, crate::query::bounds::MAX_DEPTH)
                    .map_err(|e| HttpError::bad_request(format!("cannot parse the body: {e}")))?;
            }
            let parser = RdfParser::from_format(format)
                .with_default_graph(graph.clone())
                .without_named_graphs();
            tx.load_from_reader(parser, body.as_ref())
                .map_err(|e| HttpError::bad_request(format!("cannot parse the body: {e}")))?;
        }
        _ => {
            if !existed {
                return Err(HttpError::not_found("no such graph in the store"));
            }
            match &graph {
                GraphName::NamedNode(g) => {
                    tx.remove_named_graph(g).map_err(HttpError::internal)?;
                }
                _ => tx.clear_graph(&graph).map_err(HttpError::internal)?,
            }
        }
    }
    tx.commit().map_err(HttpError::internal)?;
    Ok(if existed {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::CREATED
    })
}
