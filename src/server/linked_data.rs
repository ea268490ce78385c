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
const OWL_ONTOLOGY: &str = "http://www.w3.org/2002/07/owl#Ontology";
const PROV_DERIVED: &str = "http://www.w3.org/ns/prov#wasDerivedFrom";
const OA_START: &str = "http://www.w3.org/ns/oa#start";
const OA_END: &str = "http://www.w3.org/ns/oa#end";
const OA_EXACT: &str = "http://www.w3.org/ns/oa#exact";
const CIVKG: &str = "https://w3id.org/civkg/ontology#";

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

/// `GET /data/{path}`: the description of `{base}{path}` as RDF.
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
        let (outgoing, incoming) = tokio::task::spawn_blocking(move || describe(&live.store, &iri))
            .await
            .map_err(HttpError::internal)??;
        if outgoing.is_empty() && incoming.is_empty() {
            return Err(HttpError::not_found("nothing is known about this resource"));
        }
        let mut quads = outgoing;
        quads.extend(incoming);
        let body = serialize_quads(&dedup_for(format.supports_datasets(), quads), format)?;
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

/// Triple formats: the same triple in two graphs is written once.
fn dedup_for(datasets: bool, quads: Vec<Quad>) -> Vec<Quad> {
    if datasets {
        return quads;
    }
    as_triples(quads)
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

fn page_data(live: &Live, iri: NamedNode) -> Result<Option<PageData>, HttpError> {
    let store = &live.store;
    let (outgoing, incoming) = describe(store, &iri)?;
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
    let is_ontology = outgoing.iter().any(|q| {
        q.predicate.as_str() == RDF_TYPE
            && matches!(&q.object, Term::NamedNode(n) if n.as_str() == OWL_ONTOLOGY)
    });
    let members = if is_ontology {
        ontology_members(store, &iri)?
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

/// The terms `{iri}#…` of an ontology document (its classes, properties, concepts).
fn ontology_members(
    store: &Store,
    iri: &NamedNode,
) -> Result<Vec<(NamedNode, Vec<Quad>)>, HttpError> {
    let prefix = format!("{}#", iri.as_str());
    let mut by_subject: BTreeMap<NamedNode, Vec<Quad>> = BTreeMap::new();
    for q in store.iter() {
        let q = q.map_err(HttpError::internal)?;
        if let NamedOrBlankNode::NamedNode(s) = &q.subject {
            if s.as_str().starts_with(&prefix) {
                by_subject.entry(s.clone()).or_default().push(q);
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
        let data = tokio::task::spawn_blocking(move || page_data(&live, iri))
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

/// `GET /.well-known/void`: a VoID description of the dataset.
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
        let origin = origin(&state);
        let base = state.base().to_owned();
        let dumps = state.config().dumps.clone();
        let quads = tokio::task::spawn_blocking(move || {
            let mut quads = void_quads(&live.store, &origin, &base)?;
            quads.extend(dump_quads(dumps.as_deref(), &origin));
            Ok::<_, HttpError>(quads)
        })
        .await
        .map_err(HttpError::internal)??;
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

/// `void:dataDump` for each whole-dataset file of the current publication
/// (served under `/dumps/`), and `rdfs:seeAlso` its DCAT catalogue.
fn dump_quads(dumps: Option<&std::path::Path>, origin: &str) -> Vec<Quad> {
    let Some(dir) = dumps.and_then(crate::publish::current) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("civkg.") || n == "catalog.ttl")
        .collect();
    names.sort();
    let dataset = NamedNode::new_unchecked(format!("{origin}/dataset"));
    names
        .into_iter()
        .filter_map(|n| {
            let file = NamedNode::new(format!("{origin}/dumps/{n}")).ok()?;
            let predicate = if n == "catalog.ttl" {
                "http://www.w3.org/2000/01/rdf-schema#seeAlso"
            } else {
                "http://rdfs.org/ns/void#dataDump"
            };
            Some(Quad::new(
                dataset.clone(),
                NamedNode::new_unchecked(predicate),
                file,
                GraphName::DefaultGraph,
            ))
        })
        .collect()
}

fn void_quads(store: &Store, origin: &str, base: &str) -> Result<Vec<Quad>, HttpError> {
    const VOID: &str = "http://rdfs.org/ns/void#";
    const SD: &str = "http://www.w3.org/ns/sparql-service-description#";
    let v = |l: &str| NamedNode::new_unchecked(format!("{VOID}{l}"));
    let mut per_graph: BTreeMap<String, usize> = BTreeMap::new();
    let mut subjects = BTreeSet::new();
    let mut total = 0usize;
    let mut classes = BTreeSet::new();
    for q in store.iter() {
        let q = q.map_err(HttpError::internal)?;
        total += 1;
        if let GraphName::NamedNode(g) = &q.graph_name {
            *per_graph.entry(g.as_str().to_owned()).or_default() += 1;
        }
        if q.predicate.as_str() == RDF_TYPE {
            if let Term::NamedNode(c) = &q.object {
                classes.insert(c.as_str().to_owned());
            }
        }
        subjects.insert(q.subject.to_string());
    }
    // The dataset's IRI in the published VoID and catalogue too.
    let dataset = NamedNode::new(format!("{origin}/dataset")).map_err(HttpError::internal)?;
    let mut t: Vec<Quad> = Vec::new();
    let mut add = |s: &NamedNode, p: NamedNode, o: Term| {
        t.push(Quad::new(s.clone(), p, o, GraphName::DefaultGraph));
    };
    let iri = |s: &str| Term::from(NamedNode::new_unchecked(s));
    add(&dataset, node_dyn(RDF_TYPE), v("Dataset").into());
    add(
        &dataset,
        node_dyn(DCTERMS_TITLE),
        Literal::new_language_tagged_literal_unchecked("工作总结知识图谱", "zh").into(),
    );
    add(
        &dataset,
        node_dyn(DCTERMS_TITLE),
        Literal::new_language_tagged_literal_unchecked(
            "civkg: government work reports as a knowledge graph",
            "en",
        )
        .into(),
    );
    add(
        &dataset,
        v("sparqlEndpoint"),
        iri(&format!("{origin}/sparql")),
    );
    add(&dataset, v("dataDump"), iri(&format!("{origin}/store")));
    add(
        &dataset,
        v("uriSpace"),
        Literal::new_simple_literal(base).into(),
    );
    add(
        &dataset,
        v("uriLookupEndpoint"),
        Literal::new_simple_literal(format!("{origin}/")).into(),
    );
    add(&dataset, v("triples"), Literal::from(total as i64).into());
    add(
        &dataset,
        v("distinctSubjects"),
        Literal::from(subjects.len() as i64).into(),
    );
    add(
        &dataset,
        v("classes"),
        Literal::from(classes.len() as i64).into(),
    );
    add(
        &dataset,
        v("feature"),
        iri("http://www.w3.org/ns/formats/Turtle"),
    );
    add(
        &dataset,
        v("feature"),
        iri("http://www.w3.org/ns/formats/JSON-LD"),
    );
    for (_, ns) in crate::query::PREFIXES {
        add(&dataset, v("vocabulary"), iri(ns));
    }
    for (graph, count) in &per_graph {
        let subset = NamedNode::new(format!(
            "{origin}/.well-known/void#graph-{}",
            escape_fragment(graph)
        ))
        .map_err(HttpError::internal)?;
        add(&dataset, v("subset"), subset.clone().into());
        add(&subset, node_dyn(RDF_TYPE), v("Dataset").into());
        add(
            &subset,
            NamedNode::new_unchecked(format!("{SD}name")),
            iri(graph),
        );
        add(&subset, v("triples"), Literal::from(*count as i64).into());
        add(
            &subset,
            v("dataDump"),
            iri(&format!("{origin}/store?graph={}", escape_query(graph))),
        );
    }
    Ok(t)
}

fn escape_fragment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

fn escape_query(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
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
