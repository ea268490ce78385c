//! The browser UI: `assets/` embedded in the binary, so the page works
//! offline and makes no request to any other host (YASGUI's prefix.cc and
//! LOV look-ups are switched off in `assets/app.js`).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::error::HttpError;
use super::state::AppState;
use crate::query::PREFIXES;

/// An embedded file: name, media type, content.
type Asset = (&'static str, &'static str, &'static [u8]);

const ASSETS: &[Asset] = &[
    (
        "index.html",
        "text/html; charset=utf-8",
        include_bytes!("../../assets/index.html"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/app.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/app.css"),
    ),
    (
        "page.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/page.css"),
    ),
    (
        "yasgui.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/yasgui/yasgui.min.js"),
    ),
    (
        "yasgui.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/yasgui/yasgui.min.css"),
    ),
    (
        "LICENSE.yasgui.txt",
        "text/plain; charset=utf-8",
        include_bytes!("../../assets/yasgui/LICENSE"),
    ),
];

/// The first query shown in an empty editor.
const DEFAULT_QUERY: &str = "SELECT ?class (COUNT(?s) AS ?instances)\nWHERE { ?s a ?class }\nGROUP BY ?class\nORDER BY DESC(?instances)\nLIMIT 50\n";

/// The assets only change with the binary.
const ASSET_ETAG: &str = concat!("\"civkg-", env!("CARGO_PKG_VERSION"), "\"");

/// `GET /`: the SPARQL editor.
pub(crate) async fn index(headers: HeaderMap) -> Response {
    serve("index.html", &headers)
}

/// `GET /ui/{file}`: a UI asset, or `config.json` (base and prefixes).
pub(crate) async fn asset(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    if file == "config.json" {
        let prefixes: serde_json::Map<String, serde_json::Value> = PREFIXES
            .iter()
            .map(|(p, iri)| ((*p).to_owned(), json!(iri)))
            .collect();
        return Json(json!({
            "base": state.base(),
            "prefixes": prefixes,
            "defaultQuery": DEFAULT_QUERY,
        }))
        .into_response();
    }
    serve(&file, &headers)
}

fn serve(file: &str, headers: &HeaderMap) -> Response {
    let Some((_, media_type, body)) = ASSETS.iter().find(|(name, _, _)| *name == file) else {
        return HttpError::not_found(format!("no asset `{file}`")).into_response();
    };
    let mut response = if super::http::not_modified(headers, Some(ASSET_ETAG)) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = (*body).into_response();
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
        r
    };
    let h = response.headers_mut();
    h.insert(header::ETAG, HeaderValue::from_static(ASSET_ETAG));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}
