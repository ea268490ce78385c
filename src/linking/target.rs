//! The external dataset links point into: an RDF file (any format oxigraph
//! reads, chosen by extension) or a SPARQL endpoint.
//!
//! Both are asked the same two SPARQL queries, in batches of `VALUES`:
//! items by code (Wikidata's P442, China administrative division code, by
//! default) and items by label (`rdfs:label` or `skos:altLabel`). A file is
//! loaded into an in-memory store and queried locally; an endpoint is asked
//! over HTTP with a timeout, and retried with exponential backoff when it
//! times out, refuses the connection or answers 5xx / 429.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;

use super::error::LinkError;

/// Wikidata's "China administrative division code" property, as a direct claim.
pub const WIKIDATA_P442: &str = "http://www.wikidata.org/prop/direct/P442";

/// Wikidata's "located in the administrative territorial entity" (direct claim).
pub const WIKIDATA_P131: &str = "http://www.wikidata.org/prop/direct/P131";

/// Where links point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetSpec {
    /// An RDF file.
    File(PathBuf),
    /// A SPARQL endpoint URL.
    Endpoint(String),
}

impl TargetSpec {
    /// `http://…` and `https://…` are endpoints; anything else is a file.
    pub fn parse(s: &str) -> Self {
        if s.starts_with("http://") || s.starts_with("https://") {
            Self::Endpoint(s.to_owned())
        } else {
            Self::File(PathBuf::from(s))
        }
    }
}

/// How an endpoint is asked.
#[derive(Debug, Clone)]
pub struct EndpointOptions {
    /// Time allowed for one request.
    pub timeout: Duration,
    /// Retries after the first attempt.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub backoff: Duration,
    /// Values per `VALUES` block.
    pub batch: usize,
    /// The property holding division codes.
    pub code_property: String,
    /// The property from an item to the division it lies in (Wikidata's
    /// P131): a label match whose parent's code differs from the local
    /// entity's parent's is a namesake elsewhere.
    pub parent_property: String,
}

impl Default for EndpointOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_millis(500),
            batch: 50,
            code_property: WIKIDATA_P442.to_owned(),
            parent_property: WIKIDATA_P131.to_owned(),
        }
    }
}

/// An item of the external dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExternalItem {
    /// Its IRI.
    pub iri: String,
    /// Its labels (any of `rdfs:label`, `skos:altLabel`) that were asked for or returned.
    pub labels: Vec<String>,
    /// Its division codes.
    pub codes: Vec<String>,
    /// The division codes of the divisions it lies in.
    pub parent_codes: Vec<String>,
}

enum Backend {
    Local(Store),
    Remote(reqwest::blocking::Client),
}

/// An opened external dataset.
pub struct Target {
    spec: TargetSpec,
    /// The IRI links are derived from (`file:///…` or the endpoint URL).
    pub iri: String,
    options: EndpointOptions,
    backend: Backend,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target").field("iri", &self.iri).finish()
    }
}

impl Target {
    /// Opens `spec`: loads a file, or prepares an HTTP client for an endpoint.
    pub fn open(spec: TargetSpec, options: EndpointOptions) -> Result<Self, LinkError> {
        match &spec {
            TargetSpec::File(path) => {
                let store = load_file(path)?;
                let iri = file_iri(path);
                Ok(Self {
                    spec,
                    iri,
                    options,
                    backend: Backend::Local(store),
                })
            }
            TargetSpec::Endpoint(url) => {
                let client = reqwest::blocking::Client::builder()
                    .timeout(options.timeout)
                    .user_agent(concat!(
                        "civkg/",
                        env!("CARGO_PKG_VERSION"),
                        " (government work reports to linked data)"
                    ))
                    .build()
                    .map_err(|e| LinkError::Unreachable {
                        endpoint: url.clone(),
                        attempts: 0,
                        last_error: e.to_string(),
                    })?;
                Ok(Self {
                    iri: url.clone(),
                    spec: spec.clone(),
                    options,
                    backend: Backend::Remote(client),
                })
            }
        }
    }

    /// What it was opened from.
    pub fn spec(&self) -> &TargetSpec {
        &self.spec
    }

    /// Items holding any of `codes`.
    pub fn by_codes(&self, codes: &[String]) -> Result<Vec<ExternalItem>, LinkError> {
        let mut items = Items::default();
        for batch in codes.chunks(self.options.batch.max(1)) {
            let values: Vec<String> = batch.iter().map(|c| sparql_string(c)).collect();
            let query = format!(
                "SELECT ?item ?code ?label WHERE {{\n  VALUES ?code {{ {} }}\n  ?item <{}> ?code .\n  OPTIONAL {{ ?item <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(LANG(?label) IN (\"zh\", \"zh-hans\", \"zh-cn\", \"\")) }}\n}}",
                values.join(" "),
                self.options.code_property
            );
            for row in self.select(&query)? {
                items.add(&row);
            }
        }
        Ok(items.finish())
    }

    /// Items labelled with any of `labels` (matched as `@zh` and as plain strings).
    pub fn by_labels(&self, labels: &[String]) -> Result<Vec<ExternalItem>, LinkError> {
        let mut items = Items::default();
        for batch in labels.chunks(self.options.batch.max(1)) {
            let values: Vec<String> = batch
                .iter()
                .flat_map(|l| [format!("{}@zh", sparql_string(l)), sparql_string(l)])
                .collect();
            let query = format!(
                "SELECT ?item ?label ?code ?parentCode WHERE {{\n  VALUES ?label {{ {} }}\n  {{ ?item <http://www.w3.org/2000/01/rdf-schema#label> ?label }} UNION {{ ?item <http://www.w3.org/2004/02/skos/core#altLabel> ?label }}\n  OPTIONAL {{ ?item <{code}> ?code }}\n  OPTIONAL {{ ?item <{parent}> ?parent . ?parent <{code}> ?parentCode }}\n}}",
                values.join(" "),
                code = self.options.code_property,
                parent = self.options.parent_property,
            );
            for row in self.select(&query)? {
                items.add(&row);
            }
        }
        Ok(items.finish())
    }

    fn select(&self, query: &str) -> Result<Vec<BTreeMap<String, String>>, LinkError> {
        match &self.backend {
            Backend::Local(store) => select_local(store, query),
            Backend::Remote(client) => self.select_remote(client, query),
        }
    }

    fn select_remote(
        &self,
        client: &reqwest::blocking::Client,
        query: &str,
    ) -> Result<Vec<BTreeMap<String, String>>, LinkError> {
        let mut wait = self.options.backoff;
        let mut last_error = String::new();
        let attempts = self.options.retries + 1;
        for attempt in 1..=attempts {
            if attempt > 1 {
                tracing::warn!(endpoint = %self.iri, attempt, error = %last_error, "retrying");
                std::thread::sleep(wait);
                wait = wait.saturating_mul(2);
            }
            let response = client
                .post(&self.iri)
                .header("Accept", "application/sparql-results+json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(format!("query={}", form_encode(query)))
                .send();
            match response {
                Err(e) => last_error = describe(&e),
                Ok(r) if r.status().is_server_error() || r.status().as_u16() == 429 => {
                    last_error = format!("HTTP {}", r.status());
                }
                Ok(r) if !r.status().is_success() => {
                    return Err(LinkError::BadAnswer {
                        endpoint: self.iri.clone(),
                        message: format!("HTTP {}", r.status()),
                    });
                }
                Ok(r) => match r.text() {
                    Ok(body) => return parse_json_results(&self.iri, body.as_str()),
                    Err(e) => last_error = describe(&e),
                },
            }
        }
        Err(LinkError::Unreachable {
            endpoint: self.iri.clone(),
            attempts,
            last_error,
        })
    }
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        format!("timed out ({e})")
    } else if e.is_connect() {
        format!("cannot connect ({e})")
    } else {
        e.to_string()
    }
}

/// Groups result rows by item.
#[derive(Default)]
struct Items(BTreeMap<String, ExternalItem>);

impl Items {
    fn add(&mut self, row: &BTreeMap<String, String>) {
        let Some(iri) = row.get("item") else { return };
        let item = self.0.entry(iri.clone()).or_insert_with(|| ExternalItem {
            iri: iri.clone(),
            ..ExternalItem::default()
        });
        if let Some(l) = row.get("label") {
            if !item.labels.contains(l) {
                item.labels.push(l.clone());
            }
        }
        if let Some(c) = row.get("code") {
            if !item.codes.contains(c) {
                item.codes.push(c.clone());
            }
        }
        if let Some(c) = row.get("parentCode") {
            if !item.parent_codes.contains(c) {
                item.parent_codes.push(c.clone());
            }
        }
    }

    fn finish(self) -> Vec<ExternalItem> {
        self.0.into_values().collect()
    }
}

/// `application/x-www-form-urlencoded` encoding of a value.
fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A SPARQL string literal.
fn sparql_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn load_file(path: &Path) -> Result<Store, LinkError> {
    let format = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(RdfFormat::from_extension)
        .ok_or_else(|| LinkError::UnknownFormat {
            path: path.to_owned(),
        })?;
    let bytes = std::fs::read(path).map_err(|source| LinkError::Io {
        path: path.to_owned(),
        source,
    })?;
    let store = Store::new().map_err(|e| LinkError::Query(e.to_string()))?;
    store
        .load_from_slice(format, &bytes)
        .map_err(|e| LinkError::TargetSyntax {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
    Ok(store)
}

/// `file:///absolute/path` of a file (percent-encoding what an IRI cannot hold).
fn file_iri(path: &Path) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let mut out = String::from("file://");
    for c in abs.to_string_lossy().chars() {
        if c.is_ascii_alphanumeric() || "/-._~".contains(c) || !c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("%{:02X}", c as u32));
        }
    }
    out
}

fn term_value(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

fn select_local(store: &Store, query: &str) -> Result<Vec<BTreeMap<String, String>>, LinkError> {
    let results = crate::query::run(store, query).map_err(|e| LinkError::Query(e.to_string()))?;
    let QueryResults::Solutions(solutions) = results else {
        return Err(LinkError::Query("expected SELECT results".to_owned()));
    };
    let mut rows = Vec::new();
    for s in solutions {
        let s = s.map_err(|e| LinkError::Query(e.to_string()))?;
        rows.push(
            s.iter()
                .map(|(v, t)| (v.as_str().to_owned(), term_value(t)))
                .collect(),
        );
    }
    Ok(rows)
}

/// Reads SPARQL 1.1 JSON results into rows of variable → value.
fn parse_json_results(
    endpoint: &str,
    body: &str,
) -> Result<Vec<BTreeMap<String, String>>, LinkError> {
    let bad = |message: String| LinkError::BadAnswer {
        endpoint: endpoint.to_owned(),
        message,
    };
    let json: serde_json::Value = serde_json::from_str(body).map_err(|e| bad(e.to_string()))?;
    let bindings = json
        .pointer("/results/bindings")
        .and_then(|b| b.as_array())
        .ok_or_else(|| bad("no results.bindings".to_owned()))?;
    Ok(bindings
        .iter()
        .filter_map(|b| b.as_object())
        .map(|b| {
            b.iter()
                .filter_map(|(var, v)| {
                    v.get("value")
                        .and_then(|x| x.as_str())
                        .map(|x| (var.clone(), x.to_owned()))
                })
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_files_unless_urls() {
        let cases = [
            ("https", "https://query.example/sparql", true),
            ("http", "http://127.0.0.1:1/sparql", true),
            ("relative file", "links/wikidata.ttl", false),
            ("scheme-like file name", "httpfile.ttl", false),
        ];
        for (name, input, endpoint) in cases {
            assert_eq!(
                matches!(TargetSpec::parse(input), TargetSpec::Endpoint(_)),
                endpoint,
                "{name}"
            );
        }
    }

    #[test]
    fn json_results_are_read() {
        let body = r#"{"head":{"vars":["item","code"]},"results":{"bindings":[
            {"item":{"type":"uri","value":"http://x/Q1"},"code":{"type":"literal","value":"370102"}}]}}"#;
        let rows = parse_json_results("e", body).unwrap();
        assert_eq!(rows[0]["item"], "http://x/Q1");
        assert!(parse_json_results("e", "<html>").is_err());
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(sparql_string("a\"b\\c"), r#""a\"b\\c""#);
    }
}
