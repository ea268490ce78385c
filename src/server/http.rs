//! HTTP helpers every route shares: request parameters, content
//! negotiation headers, entity tags and caching headers, and RDF
//! serialisation with the well-known prefixes. The handlers (`sparql`,
//! `gsp`, `linked_data`, `presets`) depend on this module, never on each
//! other's helpers.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Quad;

use super::cache::Cached;
use super::error::HttpError;
use super::state::AppState;
use super::CACHE_MAX_AGE;
use crate::query::PREFIXES;

/// Response header announcing that `--max-rows` cut a SELECT result (its
/// value is the limit), as Virtuoso does.
pub(crate) const MAX_ROWS_HEADER: &str = "x-sparql-maxrows";

/// Request parameters (query string or form body) in order, repeated keys kept.
#[derive(Debug, Default)]
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    /// Parses `application/x-www-form-urlencoded` bytes.
    pub(crate) fn parse(input: &[u8]) -> Self {
        Self(form_urlencoded::parse(input).into_owned().collect())
    }

    /// Parses a form body strictly: bytes that are not UTF-8, raw or
    /// percent-encoded, are an error naming the field, not replaced by
    /// U+FFFD (a query with a lossily decoded literal would run and answer
    /// something else than was asked).
    pub(crate) fn parse_strict(input: &[u8]) -> Result<Self, HttpError> {
        let text = std::str::from_utf8(input).map_err(|e| {
            HttpError::bad_request(format!(
                "the form body is not UTF-8 at byte {}",
                e.valid_up_to()
            ))
        })?;
        let decode = |s: &str| -> Option<String> {
            let bytes = s.as_bytes();
            let mut out = Vec::with_capacity(bytes.len());
            let mut i = 0;
            while i < bytes.len() {
                match bytes[i] {
                    b'+' => out.push(b' '),
                    b'%' if i + 2 < bytes.len() => {
                        // Like form_urlencoded: a `%` without two hex digits stays.
                        let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                            .ok()
                            .and_then(|h| u8::from_str_radix(h, 16).ok());
                        match hex {
                            Some(byte) => {
                                out.push(byte);
                                i += 2;
                            }
                            None => out.push(b'%'),
                        }
                    }
                    b => out.push(b),
                }
                i += 1;
            }
            String::from_utf8(out).ok()
        };
        let mut pairs = Vec::new();
        for piece in text.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = piece.split_once('=').unwrap_or((piece, ""));
            let key = decode(k).ok_or_else(|| {
                HttpError::bad_request("a form field name is not percent-encoded UTF-8")
            })?;
            let value = decode(v).ok_or_else(|| {
                HttpError::bad_request(format!("form field `{key}` is not percent-encoded UTF-8"))
            })?;
            pairs.push((key, value));
        }
        Ok(Self(pairs))
    }

    /// Parses an optional raw query string.
    pub(crate) fn from_query(raw: Option<&str>) -> Self {
        Self::parse(raw.unwrap_or_default().as_bytes())
    }

    /// The first value of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `key`.
    pub(crate) fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Whether `key` is present (even without a value: `?default`).
    pub(crate) fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    /// Every pair.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// The media type of a request body, without parameters, lower-case.
pub(crate) fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or(v).trim().to_ascii_lowercase())
}

/// The `Accept` header.
pub(crate) fn accept(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok())
}

/// A weak entity tag: the data version and the representation's format.
pub(crate) fn etag(version: &str, extension: &str) -> String {
    format!("W/\"{version}-{extension}\"")
}

/// Whether `If-None-Match` matches `etag` (weak comparison, `*` included).
pub(crate) fn not_modified(headers: &HeaderMap, etag: Option<&str>) -> bool {
    let Some(etag) = etag else { return false };
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || bare(t) == bare(etag))
}

/// The caching headers of one response.
pub(crate) struct Validators {
    /// The entity tag, for GET responses.
    pub(crate) etag: Option<String>,
    /// Whether writes may change the data at any moment.
    pub(crate) writable: bool,
}

impl Validators {
    fn apply(&self, headers: &mut HeaderMap) {
        headers.insert(header::VARY, HeaderValue::from_static("Accept"));
        if let Some(v) = self
            .etag
            .as_deref()
            .and_then(|e| HeaderValue::from_str(e).ok())
        {
            headers.insert(header::ETAG, v);
        }
        let cache_control = if self.writable {
            // Writes change the data any time: always revalidate (ETag).
            "no-cache".to_owned()
        } else {
            format!("public, max-age={}", CACHE_MAX_AGE.as_secs())
        };
        if let Ok(v) = HeaderValue::from_str(&cache_control) {
            headers.insert(header::CACHE_CONTROL, v);
        }
    }

    /// 304 Not Modified.
    pub(crate) fn not_modified(&self) -> Response {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        self.apply(response.headers_mut());
        response
    }

    /// 200 with a whole body.
    pub(crate) fn full(&self, done: &Cached, max_rows: usize) -> Response {
        let mut response = Body::from(done.body.clone()).into_response();
        let headers = response.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&done.content_type) {
            headers.insert(header::CONTENT_TYPE, v);
        }
        if done.truncated {
            headers.insert(MAX_ROWS_HEADER, HeaderValue::from(max_rows));
        }
        self.apply(headers);
        response
    }

    pub(crate) fn streamed(&self, content_type: &'static str, body: Body) -> Response {
        let mut response = body.into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        self.apply(headers);
        response
    }
}

/// An RDF serialiser with the well-known prefixes declared.
pub(crate) fn rdf_serializer(format: RdfFormat) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in PREFIXES {
        // The prefixes are constants known to be valid IRIs.
        if let Ok(s) = serializer.clone().with_prefix(*prefix, *iri) {
            serializer = s;
        }
    }
    serializer
}

/// Where the dataset says it is served: the configured base without its
/// final `/` (`{base}sparql`, `{base}dumps/…`), as in the published VoID
/// and catalogue. Never the request's `Host`: these responses are cached
/// publicly, and one client's `Host` must not reach another's answer.
pub(crate) fn origin(state: &AppState) -> String {
    state.base().trim_end_matches('/').to_owned()
}

/// Serialises quads (or, for triple formats, their triples) into bytes.
pub(crate) fn serialize_quads(quads: &[Quad], format: RdfFormat) -> Result<Vec<u8>, HttpError> {
    let mut body = Vec::new();
    let mut writer = rdf_serializer(format).for_writer(&mut body);
    for q in quads {
        if format.supports_datasets() {
            writer.serialize_quad(q).map_err(HttpError::internal)?;
        } else {
            writer
                .serialize_triple(q.as_ref())
                .map_err(HttpError::internal)?;
        }
    }
    writer.finish().map_err(HttpError::internal)?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_keep_order_and_repeats() {
        let p = Params::parse(b"query=SELECT%20*&default-graph-uri=a&default-graph-uri=b&default");
        assert_eq!(p.get("query"), Some("SELECT *"));
        assert_eq!(p.all("default-graph-uri"), ["a", "b"]);
        assert!(p.has("default"));
        assert!(!p.has("graph"));
    }

    #[test]
    fn form_bodies_decode_strictly() {
        let body = "query=SELECT+*+%7B%3Fs+%3Fp+%22%E6%B5%8E%E5%8D%97%22%7D&x=100%&y=%zz&default"
            .as_bytes();
        let (strict, lossy) = (Params::parse_strict(body).unwrap(), Params::parse(body));
        assert_eq!(strict.0, lossy.0);
        assert_eq!(strict.get("query"), Some("SELECT * {?s ?p \"济南\"}"));
        let raw = Params::parse_strict(b"query=ASK%7B%7D\xff").unwrap_err();
        assert!(raw.message.contains("byte 15"), "{}", raw.message);
        let encoded = Params::parse_strict(b"query=ASK%FF").unwrap_err();
        assert!(encoded.message.contains("`query`"), "{}", encoded.message);
    }

    #[test]
    fn if_none_match_uses_weak_comparison() {
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"x\", W/\"gen-1-srj\""),
        );
        assert!(not_modified(&h, Some("W/\"gen-1-srj\"")));
        assert!(!not_modified(&h, Some("W/\"gen-2-srj\"")));
        assert!(!not_modified(&h, None));
    }
}
