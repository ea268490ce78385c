//! Linked Data: every IRI under the configured base dereferences here.
//!
//! `GET /{path}` for the resource `{base}{path}` answers **303 See Other**:
//! to `/page/{path}` when the client prefers HTML (a browser), else to
//! `/data/{path}` (Turtle, JSON-LD, N-Triples, RDF/XML, N-Quads, TriG by
//! `Accept` or `?format=`). The IRIs name things (a bureau, a figure), not
//! documents, so the documents about them live at their own URLs — the
//! httpRange-14 answer. `/data/…` and `/page/…` carry `Vary: Accept`, an
//! ETag from the data version and `Cache-Control`.
//!
//! The description of a resource is every quad with it as subject, plus
//! (up to [`INCOMING_LIMIT`]) every quad with it as object.

use std::collections::{BTreeMap, BTreeSet};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;
use serde_json::json;

use super::cache::Cached;
use super::error::HttpError;
use super::html::{escape, highlight, Lang};
use super::http::{accept, etag, not_modified, origin, serialize_quads, Params, Validators};
use super::negotiate::{self, GRAPH_FORMATS};
use super::state::{AppState, Live};
use crate::query::compact_iri;

/// At most this many incoming links are described or shown.
pub const INCOMING_LIMIT: usize = 500;

/// At most this many figures are shown on a page.
const FIGURE_LIMIT: usize = 200;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const SKOS_PREF_LABEL: &str = "http://www.w3.org/2004/02/skos/core#prefLabel";
const DCTERMS_TITLE: &str = "http://purl.org/dc/terms/title";
const DCTERMS_PUBLISHER: &str = "http://purl.org/dc/terms/publisher";
const DCTERMS_ISSUED: &str = "http://purl.org/dc/terms/issued";
const OWL_ONTOLOGY: &str = "http://www.w3.org/2002/07/owl#Ontology";
const PROV_DERIVED: &str = "http://www.w3.org/ns/prov#wasDerivedFrom";
const OA_START: &str = "http://www.w3.org/ns/oa#start";
const OA_END: &str = "http://www.w3.org/ns/oa#end";
const OA_EXACT: &str = "http://www.w3.org/ns/oa#exact";
const CIVKG: &str = "https://w3id.org/civkg/ontology#";
const SKOS_CONCEPT_SCHEME: &str = "http://www.w3.org/2004/02/skos/core#ConceptScheme";
const FOAF_DOCUMENT: &str = "http://xmlns.com/foaf/0.1/Document";
const FOAF_PRIMARY_TOPIC: &str = "http://xmlns.com/foaf/0.1/primaryTopic";
const DCTERMS_IS_PART_OF: &str = "http://purl.org/dc/terms/isPartOf";
const RDFS_SEE_ALSO: &str = "http://www.w3.org/2000/01/rdf-schema#seeAlso";
const SD_NAMED_GRAPH: &str = "http://www.w3.org/ns/sparql-service-description#NamedGraph";
const SD_NAME: &str = "http://www.w3.org/ns/sparql-service-description#name";
const VOID_TRIPLES: &str = "http://rdfs.org/ns/void#triples";

fn civkg(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{CIVKG}{local}"))
}

fn node(iri: &'static str) -> NamedNodeRef<'static> {
    NamedNodeRef::new_unchecked(iri)
}

/// The resource a request path names: `{base}{decoded path}`.
fn resource(state: &AppState, path: &str) -> Result<NamedNode, HttpError> {
    let path = path.trim_start_matches('/');
    let decoded = percent_decode(path);
    NamedNode::new(format!("{}{decoded}", state.base()))
        .map_err(|e| HttpError::not_found(format!("not an IRI under the base: {e}")))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether the store says anything about `iri`.
fn known(store: &Store, iri: &NamedNode) -> Result<bool, HttpError> {
    let as_subject = store
        .quads_for_pattern(Some(iri.into()), None, None, None)
        .next()
        .is_some();
    let as_object = || {
        store
            .quads_for_pattern(None, None, Some(iri.into()), None)
            .next()
            .is_some()
    };
    let as_graph = || store.contains_named_graph(iri).unwrap_or(false);
    Ok(as_subject || as_object() || as_graph())
}

/// The fallback route: dereferences `{base}{path}` with a 303.
pub(crate) async fn dereference(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return HttpError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            message: format!("{method} is not allowed here"),
            retry_after: None,
        }
        .into_response();
    }
    let path = uri.path().trim_start_matches('/').to_owned();
    let result: Result<Response, HttpError> = async {
        let iri = resource(&state, &path)?;
        let live = state.live().await?;
        let exists = tokio::task::spawn_blocking(move || known(&live.store, &iri))
            .await
            .map_err(HttpError::internal)??;
        if !exists {
            return Err(HttpError::not_found(format!(
                "nothing is known about <{}{}>",
                state.base(),
                percent_decode(&path)
            )));
        }
        let to = if negotiate::prefers_html(accept(&headers)) {
            format!("/page/{path}")
        } else {
            format!("/data/{path}")
        };
        let mut response = Redirect::to(&to).into_response();
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("Accept"));
        let described_by = format!(
            "</data/{path}>; rel=\"describedby\", </page/{path}>; rel=\"describedby\"; type=\"text/html\"",
            path = escape_link(&path)
        );
        if let Ok(link) = HeaderValue::from_str(&described_by) {
            response.headers_mut().insert(header::LINK, link);
        }
        Ok(response)
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

/// Every quad about `iri`: as subject, then (bounded) as object.
fn describe(store: &Store, iri: &NamedNode) -> Result<(Vec<Quad>, Vec<Quad>), HttpError> {
    let outgoing = store
        .quads_for_pattern(Some(iri.into()), None, None, None)
        .collect::<Result<Vec<_>, _>>()
        .map_err(HttpError::internal)?;
    let incoming = store
        .quads_for_pattern(None, None, Some(iri.into()), None)
        .take(INCOMING_LIMIT)
        .collect::<Result<Vec<_>, _>>()
        .map_err(HttpError::internal)?;
    Ok((outgoing, incoming))
}

/// `GET /data/{path}`: the document describing `{base}{path}`.
///
/// In a triple format (Turtle, N-Triples, RDF/XML, JSON-LD compacted with
/// the publication's context) the document is one graph: each triple once,
/// and the document itself says which named graphs its triples come from
/// (`<doc> dcterms:isPartOf <graph>`) and what it is about
/// (`foaf:primaryTopic`). N-Quads and TriG keep every quad in its graph.
/// A vocabulary's document also describes its hash terms (`…/ontology`
/// answers for `…/ontology#Figure`); a graph IRI's document describes the
/// graph: its size, the dataset it belongs to and, from the published VoID,
/// its download.
pub(crate) async fn data(
    State(state): State<AppState>,
    Path(path): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params = Params::from_query(raw.as_deref());
    let result: Result<Response, HttpError> = async {
        let format = negotiate::rdf_format(accept(&headers), params.get("format"), &GRAPH_FORMATS)?;
        let iri = resource(&state, &path)?;
        let live = state.live().await?;
        let validators = Validators {
            etag: Some(etag(&live.version(), format.file_extension())),
            writable: state.writable(),
        };
        if not_modified(&headers, validators.etag.as_deref()) {
            return Ok(validators.not_modified());
        }
        let doc = NamedNode::new(format!("{}/data/{path}", origin(&state)))
            .map_err(|e| HttpError::not_found(format!("not a document IRI: {e}")))?;
        let void = match live.store.contains_named_graph(&iri) {
            Ok(true) => published_void(&state).await?,
            _ => Vec::new(),
        };
        let base = state.base().to_owned();
        let quads =
            tokio::task::spawn_blocking(move || document(&live.store, &iri, &doc, &base, &void))
                .await
                .map_err(HttpError::internal)??;
        if quads.is_empty() {
            return Err(HttpError::not_found("nothing is known about this resource"));
        }
        let body = match format {
            RdfFormat::JsonLd { .. } => {
                let triples = as_triples(quads);
                let mut out = Vec::new();
                crate::publish::jsonld::write(
                    jsonld_context(),
                    [(&GraphName::DefaultGraph, triples.as_slice())],
                    &mut out,
                )
                .map_err(HttpError::internal)?;
                out
            }
            f if f.supports_datasets() => serialize_quads(&quads, f)?,
            f => serialize_quads(&as_triples(quads), f)?,
        };
        let mut response = validators.full(
            &Cached {
                body: Bytes::from(body),
                content_type: format.media_type().to_owned(),
                truncated: false,
            },
            0,
        );
        if let Ok(links) = HeaderValue::from_str(&alternates(&path, Some(format))) {
            response.headers_mut().insert(header::LINK, links);
        }
        Ok(response)
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

/// `Link` to the other representations of `/data/{path}` (and, from a
/// data document, to its HTML page).
fn alternates(path: &str, current: Option<RdfFormat>) -> String {
    let data = format!("/data/{}", escape_link(path));
    let mut links: Vec<String> = GRAPH_FORMATS
        .iter()
        .filter(|f| Some(**f) != current)
        .map(|f| {
            format!(
                "<{data}?format={}>; rel=\"alternate\"; type=\"{}\"",
                f.file_extension(),
                f.media_type()
            )
        })
        .collect();
    if current.is_some() {
        links.push(format!(
            "</page/{}>; rel=\"alternate\"; type=\"text/html\"",
            escape_link(path)
        ));
    }
    links.join(", ")
}

/// A path made safe inside `<…>` of a `Link` header (RFC 8288: a URI
/// reference): non-ASCII and delimiters percent-encoded.
fn escape_link(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~%".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The context the publication's JSON-LD uses: the ontology's terms and
/// the published prefixes.
fn jsonld_context() -> &'static crate::publish::jsonld::Context {
    static CONTEXT: std::sync::OnceLock<crate::publish::jsonld::Context> =
        std::sync::OnceLock::new();
    CONTEXT.get_or_init(|| {
        let prefixes = crate::publish::prefixes().unwrap_or_default();
        let terms =
            crate::publish::ontology_terms(&crate::graph::ontology_quads().unwrap_or_default());
        crate::publish::jsonld::Context::new(
            prefixes.iter().map(|(n, i)| (n.as_str(), i.as_str())),
            terms.iter().map(String::as_str),
        )
    })
}

/// The quads of the document `doc` about `iri` (see [`data`]); empty when
/// nothing is known about it.
fn document(
    store: &Store,
    iri: &NamedNode,
    doc: &NamedNode,
    base: &str,
    void: &[Quad],
) -> Result<Vec<Quad>, HttpError> {
    let (outgoing, incoming) = describe(store, iri)?;
    let mut quads = outgoing;
    if is_vocabulary(&quads) {
        let graphs = graphs_of(&quads);
        quads.extend(
            hash_terms(store, iri, &graphs)?
                .into_iter()
                .flat_map(|(_, q)| q),
        );
    }
    quads.extend(incoming);
    if store
        .contains_named_graph(iri)
        .map_err(HttpError::internal)?
    {
        quads.extend(graph_description(store, iri, base, void)?);
    }
    if quads.is_empty() {
        return Ok(quads);
    }
    let in_default = |s: &NamedNode, p: &str, o: Term| {
        Quad::new(
            s.clone(),
            NamedNode::new_unchecked(p),
            o,
            GraphName::DefaultGraph,
        )
    };
    let graphs: BTreeSet<NamedNode> = quads
        .iter()
        .filter_map(|q| match &q.graph_name {
            GraphName::NamedNode(g) => Some(g.clone()),
            _ => None,
        })
        .collect();
    quads.push(in_default(
        doc,
        RDF_TYPE,
        node(FOAF_DOCUMENT).into_owned().into(),
    ));
    quads.push(in_default(doc, FOAF_PRIMARY_TOPIC, iri.clone().into()));
    for g in graphs {
        quads.push(in_default(doc, DCTERMS_IS_PART_OF, g.into()));
    }
    Ok(quads)
}

/// The distinct graphs of `quads`, in a fixed order.
fn graphs_of(quads: &[Quad]) -> Vec<GraphName> {
    let mut graphs: Vec<GraphName> = quads.iter().map(|q| q.graph_name.clone()).collect();
    graphs.sort_by_cached_key(ToString::to_string);
    graphs.dedup();
    graphs
}

/// Whether the outgoing quads type their subject as an ontology or a
/// concept scheme: a document whose hash IRIs are its terms.
fn is_vocabulary(outgoing: &[Quad]) -> bool {
    outgoing.iter().any(|q| {
        q.predicate.as_str() == RDF_TYPE
            && matches!(&q.object, Term::NamedNode(n) if [OWL_ONTOLOGY, SKOS_CONCEPT_SCHEME].contains(&n.as_str()))
    })
}

/// What a graph IRI names: the named graph, its size, the dataset it is a
/// subset of, and the published VoID's description of that subset (its
/// `void:dataDump`).
fn graph_description(
    store: &Store,
    graph: &NamedNode,
    base: &str,
    void: &[Quad],
) -> Result<Vec<Quad>, HttpError> {
    let triples = store
        .quads_for_pattern(None, None, None, Some(graph.into()))
        .try_fold(0usize, |n, q| q.map(|_| n + 1))
        .map_err(HttpError::internal)?;
    let g = graph.clone();
    let t = |p: &str, o: Term| {
        Quad::new(
            g.clone(),
            NamedNode::new_unchecked(p),
            o,
            GraphName::DefaultGraph,
        )
    };
    let mut out = vec![
        t(RDF_TYPE, node(SD_NAMED_GRAPH).into_owned().into()),
        t(SD_NAME, graph.clone().into()),
        t(VOID_TRIPLES, Literal::from(triples as i64).into()),
    ];
    if let Ok(dataset) = NamedNode::new(format!("{base}dataset")) {
        out.push(t(DCTERMS_IS_PART_OF, dataset.into()));
    }
    let subsets: std::collections::HashSet<&NamedOrBlankNode> = void
        .iter()
        .filter(|q| q.predicate.as_str() == SD_NAME && q.object == Term::from(graph.clone()))
        .map(|q| &q.subject)
        .collect();
    let mut named: Vec<&NamedNode> = subsets
        .iter()
        .filter_map(|s| match s {
            NamedOrBlankNode::NamedNode(n) => Some(n),
            NamedOrBlankNode::BlankNode(_) => None,
        })
        .collect();
    named.sort();
    for s in named {
        out.push(t(RDFS_SEE_ALSO, s.clone().into()));
    }
    out.extend(
        void.iter()
            .filter(|q| subsets.contains(&q.subject))
            .cloned(),
    );
    Ok(out)
}

/// The quads moved to the default graph, each triple once, order kept.
pub(crate) fn as_triples(quads: Vec<Quad>) -> Vec<Quad> {
    let mut seen = std::collections::HashSet::new();
    quads
        .into_iter()
        .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
        .filter(|q| seen.insert(q.clone()))
        .collect()
}

/// A term's labels: Chinese, English, untagged.
type LabelSet = (Option<String>, Option<String>, Option<String>);

/// Labels by language of the terms a page shows.
#[derive(Debug, Default)]
struct Labels(BTreeMap<String, LabelSet>);

impl Labels {
    fn load(store: &Store, iris: impl IntoIterator<Item = NamedNode>) -> Self {
        let mut labels = Self::default();
        for iri in iris {
            if labels.0.contains_key(iri.as_str()) {
                continue;
            }
            let mut entry = (None, None, None);
            for p in [RDFS_LABEL, SKOS_PREF_LABEL, DCTERMS_TITLE] {
                for q in store
                    .quads_for_pattern(Some((&iri).into()), Some(node(p)), None, None)
                    .flatten()
                {
                    if let Term::Literal(l) = q.object {
                        let slot = match l.language() {
                            Some(t) if t.starts_with("zh") => &mut entry.0,
                            Some(t) if t.starts_with("en") => &mut entry.1,
                            _ => &mut entry.2,
                        };
                        slot.get_or_insert_with(|| l.value().to_owned());
                    }
                }
            }
            labels.0.insert(iri.as_str().to_owned(), entry);
        }
        labels
    }

    /// The label in `lang`, else in the other language, else untagged.
    fn get(&self, iri: &str, lang: Lang) -> Option<&str> {
        let (zh, en, plain) = self.0.get(iri)?;
        let (first, second) = match lang {
            Lang::Zh => (zh, en),
            Lang::En => (en, zh),
        };
        first.as_deref().or(second.as_deref()).or(plain.as_deref())
    }

    fn in_lang(&self, iri: &str, lang: Lang) -> Option<&str> {
        let (zh, en, _) = self.0.get(iri)?;
        match lang {
            Lang::Zh => zh.as_deref(),
            Lang::En => en.as_deref(),
        }
    }
}

/// A quoted span with the sentence around it.
#[derive(Debug)]
struct Quote {
    sentence: Option<String>,
    exact: String,
    /// Start and end of the quote within the sentence, in code points.
    within: Option<(usize, usize)>,
}

fn integer(store: &Store, s: &NamedOrBlankNode, p: &str) -> Option<usize> {
    object(store, s, p).and_then(|t| match t {
        Term::Literal(l) => l.value().parse().ok(),
        _ => None,
    })
}

fn object(store: &Store, s: &NamedOrBlankNode, p: &str) -> Option<Term> {
    store
        .quads_for_pattern(Some(s.into()), Some(node_dyn(p).as_ref()), None, None)
        .flatten()
        .map(|q| q.object)
        .next()
}

fn node_dyn(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

/// The quotes a resource is derived from (figures) or mentioned in (entities).
fn quotes(store: &Store, iri: &NamedOrBlankNode) -> Vec<Quote> {
    let mut out = Vec::new();
    let links = [node_dyn(PROV_DERIVED), civkg("mention")];
    for link in &links {
        for q in store
            .quads_for_pattern(Some(iri.into()), Some(link.as_ref()), None, None)
            .flatten()
        {
            let Some(m) = as_node(&q.object) else {
                continue;
            };
            let Some(Term::Literal(exact)) = object(store, &m, OA_EXACT) else {
                continue;
            };
            let sentence =
                object(store, &m, &format!("{CIVKG}inSentence")).and_then(|s| as_node(&s));
            let (text, within) = match sentence {
                Some(s) => {
                    let text = match object(store, &s, OA_EXACT) {
                        Some(Term::Literal(l)) => Some(l.value().to_owned()),
                        _ => None,
                    };
                    let within = match (
                        integer(store, &m, OA_START),
                        integer(store, &m, OA_END),
                        integer(store, &s, OA_START),
                    ) {
                        (Some(ms), Some(me), Some(ss)) if ms >= ss => Some((ms - ss, me - ss)),
                        _ => None,
                    };
                    (text, within)
                }
                None => (None, None),
            };
            out.push(Quote {
                sentence: text,
                exact: exact.value().to_owned(),
                within,
            });
        }
    }
    out
}

fn as_node(t: &Term) -> Option<NamedOrBlankNode> {
    match t {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

/// A figure shown on a page that links to it.
#[derive(Debug)]
struct FigureView {
    iri: NamedNode,
    value: Option<String>,
    quotes: Vec<Quote>,
}

/// Everything a page shows, read from the store in one blocking call.
#[derive(Debug)]
struct PageData {
    iri: NamedNode,
    outgoing: Vec<Quad>,
    incoming: Vec<Quad>,
    quotes: Vec<Quote>,
    figures: Vec<FigureView>,
    /// `{iri}#…` terms of an ontology document, with their descriptions.
    members: Vec<(NamedNode, Vec<Quad>)>,
    labels: Labels,
}

fn page_data(
    live: &Live,
    iri: NamedNode,
    base: &str,
    void: &[Quad],
) -> Result<Option<PageData>, HttpError> {
    let store = &live.store;
    let (mut outgoing, incoming) = describe(store, &iri)?;
    if store
        .contains_named_graph(&iri)
        .map_err(HttpError::internal)?
    {
        outgoing.extend(
            graph_description(store, &iri, base, void)?
                .into_iter()
                .filter(|q| q.subject == NamedOrBlankNode::from(iri.clone())),
        );
    }
    if outgoing.is_empty() && incoming.is_empty() {
        return Ok(None);
    }
    let subject: NamedOrBlankNode = iri.clone().into();
    let own_quotes = quotes(store, &subject);
    let figure_class = civkg("Figure");
    let is_figure = |s: &NamedOrBlankNode| {
        store
            .quads_for_pattern(
                Some(s.into()),
                Some(node(RDF_TYPE)),
                Some((&figure_class).into()),
                None,
            )
            .next()
            .is_some()
    };
    let mut seen = BTreeSet::new();
    let mut figures = Vec::new();
    for q in &incoming {
        if figures.len() >= FIGURE_LIMIT {
            break;
        }
        let NamedOrBlankNode::NamedNode(f) = &q.subject else {
            continue;
        };
        if !seen.insert(f.clone()) || !is_figure(&q.subject) {
            continue;
        }
        let fs: NamedOrBlankNode = f.clone().into();
        let value = match object(store, &fs, &format!("{CIVKG}rawText")) {
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            _ => None,
        };
        figures.push(FigureView {
            iri: f.clone(),
            value,
            quotes: quotes(store, &fs),
        });
    }
    let members = if is_vocabulary(&outgoing) {
        let graphs = graphs_of(&outgoing);
        hash_terms(store, &iri, &graphs)?
    } else {
        Vec::new()
    };
    let mut terms: Vec<NamedNode> = vec![iri.clone()];
    let mut add = |q: &Quad| {
        terms.push(q.predicate.clone());
        if let NamedOrBlankNode::NamedNode(n) = &q.subject {
            terms.push(n.clone());
        }
        if let Term::NamedNode(n) = &q.object {
            terms.push(n.clone());
        }
    };
    outgoing.iter().for_each(&mut add);
    incoming.iter().for_each(&mut add);
    members.iter().flat_map(|(_, qs)| qs).for_each(&mut add);
    terms.extend(figures.iter().map(|f| f.iri.clone()));
    let labels = Labels::load(store, terms);
    Ok(Some(PageData {
        iri,
        outgoing,
        incoming,
        quotes: own_quotes,
        figures,
        members,
        labels,
    }))
}

/// The terms `{iri}#…` of a vocabulary document (its classes, properties,
/// concepts), found in the graphs that describe the vocabulary.
fn hash_terms(
    store: &Store,
    iri: &NamedNode,
    graphs: &[GraphName],
) -> Result<Vec<(NamedNode, Vec<Quad>)>, HttpError> {
    let prefix = format!("{}#", iri.as_str());
    let mut by_subject: BTreeMap<NamedNode, Vec<Quad>> = BTreeMap::new();
    for g in graphs {
        for q in store.quads_for_pattern(None, None, None, Some(g.as_ref())) {
            let q = q.map_err(HttpError::internal)?;
            if let NamedOrBlankNode::NamedNode(s) = &q.subject {
                if s.as_str().starts_with(&prefix) {
                    by_subject.entry(s.clone()).or_default().push(q);
                }
            }
        }
    }
    Ok(by_subject.into_iter().collect())
}

/// `GET /page/{path}`: the HTML page of `{base}{path}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    Path(path): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params = Params::from_query(raw.as_deref());
    let lang = Lang::pick(params.get("lang"), &headers);
    let result: Result<Response, HttpError> = async {
        let iri = resource(&state, &path)?;
        let live = state.live().await?;
        let validators = Validators {
            etag: Some(etag(&live.version(), &format!("html-{}", lang.tag()))),
            writable: state.writable(),
        };
        if not_modified(&headers, validators.etag.as_deref()) {
            return Ok(validators.not_modified());
        }
        let void = match live.store.contains_named_graph(&iri) {
            Ok(true) => published_void(&state).await?,
            _ => Vec::new(),
        };
        let base = state.base().to_owned();
        let data = tokio::task::spawn_blocking(move || page_data(&live, iri, &base, &void))
            .await
            .map_err(HttpError::internal)??
            .ok_or_else(|| HttpError::not_found("nothing is known about this resource"))?;
        let html = render(&state, &data, &path, lang);
        let mut response = validators.full(
            &Cached {
                body: Bytes::from(html),
                content_type: "text/html; charset=utf-8".into(),
                truncated: false,
            },
            0,
        );
        response.headers_mut().insert(
            header::VARY,
            HeaderValue::from_static("Accept, Accept-Language"),
        );
        if let Ok(links) = HeaderValue::from_str(&alternates(&path, None)) {
            response.headers_mut().insert(header::LINK, links);
        }
        Ok(response)
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

/// Where a link to `iri` points: on this server when it is under the base.
fn href(state: &AppState, iri: &str) -> String {
    match iri.strip_prefix(state.base()) {
        Some(rest) => format!("/{rest}"),
        None => iri.to_owned(),
    }
}

fn link(state: &AppState, labels: &Labels, iri: &str, lang: Lang) -> String {
    let text = labels
        .get(iri, lang)
        .map(str::to_owned)
        .unwrap_or_else(|| compact_iri(iri));
    format!(
        "<a href=\"{}\" title=\"{}\">{}</a>",
        escape(&href(state, iri)),
        escape(iri),
        escape(&text)
    )
}

fn term_html(state: &AppState, labels: &Labels, term: &Term, lang: Lang) -> String {
    match term {
        Term::NamedNode(n) => link(state, labels, n.as_str(), lang),
        Term::BlankNode(b) => format!("<code>_:{}</code>", escape(b.as_str())),
        Term::Literal(l) => literal_html(l),
        #[allow(unreachable_patterns)]
        other => format!("<code>{}</code>", escape(&other.to_string())),
    }
}

fn literal_html(l: &Literal) -> String {
    let value = escape(l.value());
    if let Some(tag) = l.language() {
        format!(
            "<span lang=\"{0}\">{value}</span> <sup>@{0}</sup>",
            escape(tag)
        )
    } else if l.datatype().as_str() == "http://www.w3.org/2001/XMLSchema#string" {
        value
    } else {
        format!(
            "{value} <sup title=\"{}\">{}</sup>",
            escape(l.datatype().as_str()),
            escape(&compact_iri(l.datatype().as_str()))
        )
    }
}

fn quote_html(q: &Quote) -> String {
    match (&q.sentence, q.within) {
        (Some(s), Some((a, b))) => format!("<blockquote>{}</blockquote>", highlight(s, a, b)),
        (Some(s), None) => format!(
            "<blockquote>{}</blockquote><p>→ <mark>{}</mark></p>",
            escape(s),
            escape(&q.exact)
        ),
        (None, _) => format!("<blockquote><mark>{}</mark></blockquote>", escape(&q.exact)),
    }
}

fn graph_html(state: &AppState, g: &GraphName) -> String {
    match g {
        GraphName::NamedNode(n) => format!(
            "<a class=\"graph\" href=\"{}\">{}</a>",
            escape(&href(state, n.as_str())),
            escape(&compact_iri(n.as_str()))
        ),
        _ => String::new(),
    }
}

fn properties_table(state: &AppState, labels: &Labels, quads: &[Quad], lang: Lang) -> String {
    let mut rows = String::new();
    let mut sorted: Vec<&Quad> = quads.iter().collect();
    sorted.sort_by(|a, b| {
        (a.predicate.as_str() != RDF_TYPE, a.predicate.as_str())
            .cmp(&(b.predicate.as_str() != RDF_TYPE, b.predicate.as_str()))
    });
    for q in sorted {
        rows.push_str(&format!(
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>\n",
            link(state, labels, q.predicate.as_str(), lang),
            term_html(state, labels, &q.object, lang),
            graph_html(state, &q.graph_name)
        ));
    }
    format!(
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{rows}</tbody></table>",
        lang.t("属性", "Property"),
        lang.t("值", "Value"),
        lang.t("图", "Graph")
    )
}

/// A line to cite a report by (publisher, year, title, IRI); `None` for
/// anything that is not a `civkg:Report`.
fn citation(d: &PageData) -> Option<String> {
    let report = civkg("Report");
    let is_report = d
        .outgoing
        .iter()
        .any(|q| q.predicate.as_str() == RDF_TYPE && q.object == Term::from(report.clone()));
    if !is_report {
        return None;
    }
    let value = |p: &str| {
        d.outgoing.iter().find_map(|q| match &q.object {
            Term::Literal(l) if q.predicate.as_str() == p => Some(l.value().to_owned()),
            _ => None,
        })
    };
    let title = value(DCTERMS_TITLE).unwrap_or_else(|| d.iri.as_str().to_owned());
    let publisher = d.outgoing.iter().find_map(|q| match &q.object {
        Term::NamedNode(p) if q.predicate.as_str() == DCTERMS_PUBLISHER => Some(
            d.labels
                .get(p.as_str(), Lang::Zh)
                .map_or_else(|| p.as_str().to_owned(), str::to_owned),
        ),
        _ => None,
    });
    let year = value(&format!("{CIVKG}refPeriod"))
        .or_else(|| value(DCTERMS_ISSUED).map(|d| d.chars().take(4).collect()))
        .unwrap_or_else(|| "n.d.".to_owned());
    Some(format!(
        "{} ({year}). {title} [report; knowledge graph by civkg]. {}",
        publisher.unwrap_or_else(|| "civkg".to_owned()),
        d.iri.as_str()
    ))
}

fn render(state: &AppState, d: &PageData, path: &str, lang: Lang) -> String {
    let iri = d.iri.as_str();
    let l = &d.labels;
    let title = l
        .get(iri, lang)
        .map(str::to_owned)
        .unwrap_or_else(|| compact_iri(iri));
    let other = lang.other();
    let mut body = String::new();
    body.push_str(&format!("<h1>{}</h1>\n", escape(&title)));
    if let Some(alt) = l.in_lang(iri, other).filter(|a| *a != title) {
        body.push_str(&format!(
            "<p class=\"alt\" lang=\"{}\">{}</p>\n",
            other.tag(),
            escape(alt)
        ));
    }
    body.push_str(&format!(
        "<p class=\"iri\"><code>{}</code></p>\n",
        escape(iri)
    ));
    let types: Vec<String> = d
        .outgoing
        .iter()
        .filter(|q| q.predicate.as_str() == RDF_TYPE)
        .map(|q| term_html(state, l, &q.object, lang))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !types.is_empty() {
        body.push_str(&format!(
            "<p class=\"types\">{}: {}</p>\n",
            lang.t("类型", "Type"),
            types.join(", ")
        ));
    }
    if let Some(cite) = citation(d) {
        body.push_str(&format!(
            "<p class=\"cite\"><strong>{}</strong>: {}</p>\n",
            lang.t("引用", "How to cite"),
            escape(&cite)
        ));
    }
    if !d.quotes.is_empty() {
        body.push_str(&format!("<h2>{}</h2>\n", lang.t("原文", "Source text")));
        for q in &d.quotes {
            body.push_str(&quote_html(q));
        }
    }
    body.push_str(&format!("<h2>{}</h2>\n", lang.t("属性", "Properties")));
    body.push_str(&properties_table(state, l, &d.outgoing, lang));
    for (member, quads) in &d.members {
        let id = member.as_str().rsplit('#').next().unwrap_or_default();
        body.push_str(&format!(
            "<h3 id=\"{}\">{}</h3>\n",
            escape(id),
            link(state, l, member.as_str(), lang)
        ));
        body.push_str(&properties_table(state, l, quads, lang));
    }
    if !d.figures.is_empty() {
        body.push_str(&format!(
            "<h2>{}</h2>\n<ul class=\"figures\">\n",
            lang.t("数字", "Figures")
        ));
        for f in &d.figures {
            body.push_str(&format!(
                "<li>{} <strong>{}</strong>{}</li>\n",
                link(state, l, f.iri.as_str(), lang),
                escape(f.value.as_deref().unwrap_or_default()),
                f.quotes.iter().map(quote_html).collect::<String>()
            ));
        }
        body.push_str("</ul>\n");
    }
    if !d.incoming.is_empty() {
        body.push_str(&format!(
            "<h2>{}</h2>\n<table><tbody>\n",
            lang.t("反向链接", "Incoming links")
        ));
        for q in &d.incoming {
            let s: Term = q.subject.clone().into();
            body.push_str(&format!(
                "<tr><td>{}</td><th>{}</th><td>{}</td></tr>\n",
                term_html(state, l, &s, lang),
                link(state, l, q.predicate.as_str(), lang),
                graph_html(state, &q.graph_name)
            ));
        }
        body.push_str("</tbody></table>\n");
        if d.incoming.len() >= INCOMING_LIMIT {
            body.push_str(&format!(
                "<p>{} {INCOMING_LIMIT}</p>\n",
                lang.t("仅显示前", "Showing the first")
            ));
        }
    }
    let data = format!("/data/{}", escape(path));
    let formats: String = GRAPH_FORMATS
        .iter()
        .map(|f| {
            format!(
                "<a href=\"{data}?format={}\" type=\"{}\">{}</a>",
                f.file_extension(),
                escape(f.media_type()),
                f.name()
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title} · civkg</title>\
<link rel=\"alternate\" type=\"text/turtle\" href=\"{data}?format=ttl\">\
<link rel=\"alternate\" type=\"application/ld+json\" href=\"{data}?format=jsonld\">\
<link rel=\"stylesheet\" href=\"/ui/page.css\"></head>\n<body>\
<nav><a href=\"/\">civkg SPARQL</a> · <a href=\"/.well-known/void\">VoID</a> · \
<a href=\"?lang={other}\" hreflang=\"{other}\">{switch}</a></nav>\n<main>\n{body}</main>\n\
<footer>{data_label}: {formats}</footer></body></html>\n",
        lang = lang.tag(),
        title = escape(&title),
        other = other.tag(),
        switch = lang.t("English", "中文"),
        data_label = lang.t("数据", "Data"),
    )
}

/// `GET /.well-known/void`: the VoID description `civkg publish` wrote
/// for the live publication (`--dumps`), served as published; without a
/// publication, the same description computed from the store by the same
/// code, less its download links. One implementation, one answer.
pub(crate) async fn void(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params = Params::from_query(raw.as_deref());
    let result: Result<Response, HttpError> = async {
        let format = negotiate::rdf_format(accept(&headers), params.get("format"), &GRAPH_FORMATS)?;
        let live = state.live().await?;
        let validators = Validators {
            etag: Some(etag(&live.version(), format.file_extension())),
            writable: state.writable(),
        };
        if not_modified(&headers, validators.etag.as_deref()) {
            return Ok(validators.not_modified());
        }
        let quads = void_quads(&state, live).await?;
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
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

/// The published VoID (a file read), or nothing without a publication:
/// what a graph IRI's document adds about the graph's download. Never the
/// VoID computed from the store, which reads every quad.
async fn published_void(state: &AppState) -> Result<Vec<Quad>, HttpError> {
    let dumps = state.config().dumps.clone();
    tokio::task::spawn_blocking(move || {
        dumps
            .as_deref()
            .and_then(crate::publish::published_void)
            .unwrap_or_default()
    })
    .await
    .map_err(HttpError::internal)
}

/// The published VoID, else the one computed from the store.
async fn void_quads(state: &AppState, live: std::sync::Arc<Live>) -> Result<Vec<Quad>, HttpError> {
    let dumps = state.config().dumps.clone();
    let config = crate::publish::PublishConfig {
        base: state.base().to_owned(),
        ..Default::default()
    };
    tokio::task::spawn_blocking(move || {
        if let Some(quads) = dumps.as_deref().and_then(crate::publish::published_void) {
            return Ok(quads);
        }
        crate::publish::void(&live.store, &config).map_err(HttpError::internal)
    })
    .await
    .map_err(HttpError::internal)?
}

/// `GET /health`: 200 with the data version when the store answers, 503 otherwise.
pub(crate) async fn health(State(state): State<AppState>) -> Response {
    let live = match state.live().await {
        Ok(l) => l,
        Err(e) => return e.into_response(),
    };
    let version = live.version();
    let readable =
        tokio::task::spawn_blocking(move || live.store.named_graphs().next().transpose().is_ok())
            .await
            .unwrap_or(false);
    let status = if readable {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let mut response = (
        status,
        Json(json!({
            "status": if readable { "ok" } else { "unavailable" },
            "data_version": version,
            "writable": state.writable(),
            "presets": state.presets().len(),
        })),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_gives_unicode_paths() {
        assert_eq!(
            percent_decode("id/brand/%E6%B3%89%E5%9F%8E"),
            "id/brand/泉城"
        );
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("report/x-2023"), "report/x-2023");
    }
}
