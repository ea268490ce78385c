//! Presets over HTTP, as grlc does for a repository of queries:
//! `GET /queries` lists them, `GET /queries/{id}?param=…` runs one (with
//! content negotiation), `GET /openapi.json` describes both.
//!
//! Parameters are bound as typed RDF terms by variable substitution
//! ([`Preset::bindings`]); the query text is never edited.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::error::HttpError;
use super::http::Params;
use super::negotiate::{GRAPH_FORMATS, RESULTS_FORMATS};
use super::sparql::{self, Prepared};
use super::state::AppState;
use crate::presets::{ParamType, Preset, PresetError};

/// Query parameters of a preset route that are not preset parameters.
const RESERVED: &[&str] = &["format"];

/// `GET /queries`: every preset with its titles, questions and parameters.
pub(crate) async fn list(State(state): State<AppState>) -> Response {
    let items: Vec<Value> = state.presets().iter().map(describe).collect();
    Json(items).into_response()
}

fn describe(p: &Preset) -> Value {
    json!({
        "id": p.id,
        "title": { "zh": p.title_zh, "en": p.title_en },
        "question": { "zh": p.question_zh, "en": p.question_en },
        "parameters": p.params,
        "query": p.query,
        "href": format!("/queries/{}", p.id),
    })
}

/// `GET /queries/{id}?name=value…`: runs a preset.
pub(crate) async fn run(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    run_inner(&state, &id, raw.as_deref(), &headers)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn run_inner(
    state: &AppState,
    id: &str,
    raw: Option<&str>,
    headers: &HeaderMap,
) -> Result<Response, HttpError> {
    let preset = state
        .presets()
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| HttpError::not_found(PresetError::Unknown(id.to_owned())))?;
    let params = Params::from_query(raw);
    let args: Vec<(&str, &str)> = params
        .iter()
        .filter(|(k, _)| !RESERVED.contains(k))
        .collect();
    let substitutions = preset
        .bindings(args.iter().copied())
        .map_err(HttpError::bad_request)?;
    // The key holds every bound term, defaults included, in N-Triples form.
    let bound: Vec<String> = substitutions
        .iter()
        .map(|(v, t)| format!("{v}={t}"))
        .collect();
    let prepared = Prepared {
        query: sparql::parse_query(state, &preset.query)?,
        default_graphs: Vec::new(),
        named_graphs: Vec::new(),
        substitutions,
        key: super::cache::ResponseCache::key(&["preset", &preset.id, &bound.join("&")]),
    };
    sparql::answer(state, headers, prepared, params.get("format"), true).await
}

/// `GET /openapi.json`: an OpenAPI 3.0 document of the preset routes.
pub(crate) async fn openapi(State(state): State<AppState>) -> Response {
    let mut paths = serde_json::Map::new();
    paths.insert(
        "/queries".into(),
        json!({
            "get": {
                "operationId": "listPresets",
                "summary": "The preset queries (id, titles, questions, parameters)",
                "responses": { "200": { "description": "Presets", "content": { "application/json": {} } } }
            }
        }),
    );
    for p in state.presets() {
        paths.insert(format!("/queries/{}", p.id), operation(&state, p));
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": {
            "title": "civkg preset queries",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Named SPARQL queries over the civkg knowledge graph. Parameters are bound as typed RDF terms (never spliced into the query text). Results are negotiated with Accept or the `format` parameter."
        },
        // Relative: the server this document came from (never the
        // request's Host, which a shared cache would hand to others).
        "servers": [ { "url": "/" } ],
        "paths": paths,
    });
    let mut response = Json(doc).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-cache"),
    );
    response
}

fn operation(state: &AppState, p: &Preset) -> Value {
    let select_like = !is_graph_query(state, &p.query);
    let media: Vec<&str> = if select_like {
        RESULTS_FORMATS.iter().map(|f| f.media_type()).collect()
    } else {
        GRAPH_FORMATS.iter().map(|f| f.media_type()).collect()
    };
    let content: serde_json::Map<String, Value> = media
        .iter()
        .map(|m| {
            (
                m.split(';').next().unwrap_or(m).trim().to_owned(),
                json!({}),
            )
        })
        .collect();
    let mut parameters: Vec<Value> = p
        .params
        .iter()
        .map(|param| {
            json!({
                "name": param.name,
                "in": "query",
                "required": false,
                "schema": schema(param.kind, &param.default),
                "description": format!("bound to ?{} as a typed RDF term", param.name),
            })
        })
        .collect();
    parameters.push(json!({
        "name": "format",
        "in": "query",
        "required": false,
        "schema": { "type": "string" },
        "description": "overrides Accept: a media type or an extension (json, xml, csv, tsv, ttl, nt, jsonld …)",
    }));
    json!({
        "get": {
            "operationId": p.id,
            "summary": format!("{} | {}", p.title_zh, p.title_en),
            "description": format!("{}\n\n{}\n\n```sparql\n{}\n```", p.question_zh, p.question_en, p.query),
            "parameters": parameters,
            "responses": {
                "200": { "description": "Query results", "content": content },
                "304": { "description": "Not modified (If-None-Match matched the data version)" },
                "400": { "description": "Unknown parameter or a value not of the declared type" },
                "406": { "description": "No acceptable format" },
                "503": { "description": "The query exceeded the time limit" }
            }
        }
    })
}

fn schema(kind: ParamType, default: &str) -> Value {
    match kind {
        ParamType::String => json!({ "type": "string", "default": default }),
        ParamType::Integer => json!({ "type": "integer", "default": default.parse::<i64>().ok() }),
        ParamType::Decimal => json!({ "type": "number", "default": default.parse::<f64>().ok() }),
        ParamType::Iri => json!({ "type": "string", "format": "iri", "default": default }),
    }
}

/// Whether a preset is a CONSTRUCT / DESCRIBE (its results are a graph).
fn is_graph_query(state: &AppState, text: &str) -> bool {
    sparql::parse_query(state, text)
        .map(|q| {
            matches!(
                q,
                spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. }
            )
        })
        .unwrap_or(false)
}
