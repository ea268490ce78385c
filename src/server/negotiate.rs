//! Content negotiation: `Accept` with q-values, or a `format=` parameter,
//! against formats derived from oxigraph's [`QueryResultsFormat`] and
//! [`RdfFormat`] (their `media_type()` and `from_media_type`): no parallel
//! table of media types.
//!
//! One deliberate exception to `from_media_type`: the generic
//! `application/xml` / `text/xml` ranges are not read as a request for
//! SPARQL XML results or RDF/XML. Browsers send `application/xml;q=0.9`
//! in every `Accept` header; honouring it would give them XML instead of
//! the JSON results a person (or a JavaScript client) expects.

use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::QueryResultsFormat;

use super::error::HttpError;
use crate::query::OutputFormat;

/// Result formats of SELECT and ASK, in the server's order of preference.
pub(crate) const RESULTS_FORMATS: [QueryResultsFormat; 4] = [
    QueryResultsFormat::Json,
    QueryResultsFormat::Xml,
    QueryResultsFormat::Csv,
    QueryResultsFormat::Tsv,
];

/// Formats of graphs (CONSTRUCT, DESCRIBE, Linked Data), in order of preference.
pub(crate) const GRAPH_FORMATS: [RdfFormat; 6] = [
    RdfFormat::Turtle,
    RdfFormat::NTriples,
    RdfFormat::RdfXml,
    RdfFormat::JsonLd {
        profile: oxigraph::io::JsonLdProfileSet::empty(),
    },
    RdfFormat::NQuads,
    RdfFormat::TriG,
];

/// Formats of whole datasets (Graph Store Protocol without a graph).
pub(crate) const DATASET_FORMATS: [RdfFormat; 3] = [
    RdfFormat::TriG,
    RdfFormat::NQuads,
    RdfFormat::JsonLd {
        profile: oxigraph::io::JsonLdProfileSet::empty(),
    },
];

/// The HTML media type (Linked Data pages, the UI).
pub(crate) const HTML: &str = "text/html";

/// One element of an `Accept` header.
#[derive(Debug, Clone, PartialEq)]
struct MediaRange {
    /// `type/subtype`, lower-case, parameters other than `q` dropped.
    essence: String,
    /// The full range as written, without `q` (for `from_media_type`).
    raw: String,
    /// Its quality, 0.0 ..= 1.0.
    q: f32,
}

impl MediaRange {
    /// The range as an `Accept` element again.
    fn raw_with_q(&self) -> String {
        format!("{};q={}", self.raw, self.q)
    }
}

fn parse_accept(header: &str) -> Vec<MediaRange> {
    header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let essence = parts.next()?.trim().to_ascii_lowercase();
            if !essence.contains('/') {
                return None;
            }
            let mut q = 1.0;
            let mut params = Vec::new();
            for p in parts {
                let p = p.trim();
                match p.split_once('=') {
                    Some((k, v)) if k.trim().eq_ignore_ascii_case("q") => {
                        q = v.trim().parse::<f32>().ok()?.clamp(0.0, 1.0);
                    }
                    _ if !p.is_empty() => params.push(p),
                    _ => {}
                }
            }
            let raw = std::iter::once(essence.as_str())
                .chain(params)
                .collect::<Vec<_>>()
                .join(";");
            Some(MediaRange { essence, raw, q })
        })
        .collect()
}

/// How precisely a range designates an offer; `None` if it does not.
fn specificity(range: &MediaRange, offer_media_type: &str, alias: bool) -> Option<u8> {
    let offer = offer_media_type
        .split(';')
        .next()
        .unwrap_or(offer_media_type);
    if range.essence == offer {
        return Some(3);
    }
    if alias && !is_generic_xml(&range.essence) {
        return Some(2);
    }
    if range.essence == "*/*" {
        return Some(0);
    }
    let (ty, _) = offer.split_once('/')?;
    (range.essence.strip_suffix("/*") == Some(ty)).then_some(1)
}

fn is_generic_xml(essence: &str) -> bool {
    essence == "application/xml" || essence == "text/xml"
}

/// The offer the client prefers: for each offer, the q-value of the most
/// specific range matching it; the highest wins, ties go to the earliest
/// offer. `None` when every offer has q = 0 (→ 406). No header means `*/*`.
pub(crate) fn choose<T: Copy + PartialEq>(
    accept: Option<&str>,
    offers: &[(T, &str)],
    alias_of: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return offers.first().map(|(t, _)| *t);
    };
    let ranges = parse_accept(accept);
    let mut best: Option<(T, f32)> = None;
    for (offer, media_type) in offers {
        let q = ranges
            .iter()
            .filter_map(|r| {
                let alias = alias_of(&r.raw) == Some(*offer);
                specificity(r, media_type, alias).map(|s| (s, r.q))
            })
            .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
            .map(|(_, q)| q)
            .unwrap_or(0.0);
        if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
            best = Some((*offer, q));
        }
    }
    best.map(|(t, _)| t)
}

/// The negotiated SELECT/ASK results format.
///
/// An `Accept` that names a format we serve (by its media type, not a
/// wildcard) wins; then a `format=` we know and serve; an unknown or
/// unservable `format=` is ignored in favour of `Accept`, which may still
/// answer 406. Clients such as SPARQLWrapper send both, with `format=`
/// values of their own (`rdf+xml`, `n3`).
pub(crate) fn results_format(
    accept: Option<&str>,
    format: Option<&str>,
) -> Result<QueryResultsFormat, HttpError> {
    let offers: Vec<(QueryResultsFormat, &str)> = RESULTS_FORMATS
        .iter()
        .map(|f| (*f, f.media_type()))
        .collect();
    if let Some(named) = choose_named(accept, &offers, QueryResultsFormat::from_media_type) {
        return Ok(named);
    }
    if let Some(Some(OutputFormat::Results(r))) = format.map(OutputFormat::parse) {
        return Ok(r);
    }
    choose(accept, &offers, QueryResultsFormat::from_media_type).ok_or_else(not_acceptable_results)
}

fn not_acceptable_results() -> HttpError {
    let offered: Vec<&str> = RESULTS_FORMATS.iter().map(|f| f.media_type()).collect();
    HttpError::not_acceptable(&offered)
}

/// The negotiated RDF format, among `offered`, by the same rule as
/// [`results_format`]. `text/n3` is read as Turtle (Turtle is a subset of
/// N3, so a Turtle document is an N3 document).
pub(crate) fn rdf_format(
    accept: Option<&str>,
    format: Option<&str>,
    offered: &[RdfFormat],
) -> Result<RdfFormat, HttpError> {
    let offers: Vec<(RdfFormat, &str)> = offered.iter().map(|f| (*f, f.media_type())).collect();
    if let Some(named) = choose_named(accept, &offers, rdf_alias) {
        return Ok(named);
    }
    let parsed = format.and_then(|f| {
        rdf_alias(f)
            .or_else(|| RdfFormat::from_extension(f))
            .or(match OutputFormat::parse(f) {
                Some(OutputFormat::Rdf(r)) => Some(r),
                _ => None,
            })
    });
    if let Some(r) = parsed.filter(|r| offered.contains(r)) {
        return Ok(r);
    }
    choose(accept, &offers, rdf_alias).ok_or_else(|| {
        let names: Vec<&str> = offered.iter().map(|f| f.media_type()).collect();
        HttpError::not_acceptable(&names)
    })
}

/// oxigraph's media types and names, plus N3 (and SPARQLWrapper's `n3`)
/// as Turtle.
fn rdf_alias(media_type: &str) -> Option<RdfFormat> {
    let essence = media_type.split(';').next().unwrap_or(media_type).trim();
    let n3 = ["n3", "text/rdf+n3"];
    if n3.iter().any(|n| essence.eq_ignore_ascii_case(n)) {
        return Some(RdfFormat::Turtle);
    }
    match RdfFormat::from_media_type(media_type) {
        Some(RdfFormat::N3) => Some(RdfFormat::Turtle),
        other => other,
    }
}

/// The offer an `Accept` names by media type (or alias), ignoring
/// wildcards: the client's explicit choice, if it is one we serve.
fn choose_named<T: Copy + PartialEq>(
    accept: Option<&str>,
    offers: &[(T, &str)],
    alias_of: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let accept = accept?;
    let named: Vec<String> = parse_accept(accept)
        .into_iter()
        .filter(|r| !r.essence.contains('*'))
        .map(|r| r.raw_with_q())
        .collect();
    if named.is_empty() {
        return None;
    }
    choose(Some(&named.join(",")), offers, alias_of)
}

/// Whether the client prefers HTML to every RDF format (a browser).
pub(crate) fn prefers_html(accept: Option<&str>) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Rdf,
        Html,
    }
    // RDF first: `*/*` (curl, scripts) and no header at all get RDF.
    let mut offers: Vec<(Kind, &str)> = GRAPH_FORMATS
        .iter()
        .map(|f| (Kind::Rdf, f.media_type()))
        .collect();
    offers.push((Kind::Html, HTML));
    accept.is_some()
        && choose(accept, &offers, |m| {
            RdfFormat::from_media_type(m).map(|_| Kind::Rdf)
        }) == Some(Kind::Html)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIREFOX: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    const CHROME: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

    #[test]
    fn results_negotiation() {
        use QueryResultsFormat::*;
        let cases: &[(&str, Option<&str>, Option<QueryResultsFormat>)] = &[
            ("no header gives json", None, Some(Json)),
            ("any gives json", Some("*/*"), Some(Json)),
            ("firefox gives json, not xml", Some(FIREFOX), Some(Json)),
            ("chrome gives json, not xml", Some(CHROME), Some(Json)),
            (
                "explicit xml",
                Some("application/sparql-results+xml"),
                Some(Xml),
            ),
            ("csv", Some("text/csv"), Some(Csv)),
            ("tsv", Some("text/tab-separated-values"), Some(Tsv)),
            (
                "q-values order",
                Some("application/sparql-results+json;q=0.5, text/csv;q=0.9"),
                Some(Csv),
            ),
            ("type wildcard", Some("text/*"), Some(Csv)),
            ("json alias", Some("application/json"), Some(Json)),
            ("nothing acceptable", Some("image/png"), None),
            (
                "q=0 refuses",
                Some("application/sparql-results+json;q=0, image/png"),
                None,
            ),
            (
                "specific q=0 beats wildcard",
                Some("*/*, application/sparql-results+json;q=0"),
                Some(Xml),
            ),
        ];
        for (name, accept, expected) in cases {
            let offers: Vec<_> = RESULTS_FORMATS
                .iter()
                .map(|f| (*f, f.media_type()))
                .collect();
            let got = choose(*accept, &offers, QueryResultsFormat::from_media_type);
            assert_eq!(got, *expected, "{name}");
        }
    }

    #[test]
    fn graph_negotiation() {
        let cases: &[(&str, Option<&str>, RdfFormat)] = &[
            ("default turtle", None, RdfFormat::Turtle),
            (
                "browser turtle, not rdf/xml",
                Some(FIREFOX),
                RdfFormat::Turtle,
            ),
            (
                "n-triples",
                Some("application/n-triples"),
                RdfFormat::NTriples,
            ),
            ("rdf/xml", Some("application/rdf+xml"), RdfFormat::RdfXml),
            ("json-ld", Some("application/ld+json"), GRAPH_FORMATS[3]),
            ("n-quads", Some("application/n-quads"), RdfFormat::NQuads),
            ("trig", Some("application/trig"), RdfFormat::TriG),
        ];
        for (name, accept, expected) in cases {
            assert_eq!(
                rdf_format(*accept, None, &GRAPH_FORMATS).ok(),
                Some(*expected),
                "{name}"
            );
        }
    }

    #[test]
    fn format_parameter_never_overrides_a_named_accept() {
        use QueryResultsFormat::*;
        // An Accept naming a served format wins.
        assert_eq!(
            results_format(Some("text/csv"), Some("tsv")).ok(),
            Some(Csv)
        );
        assert_eq!(
            rdf_format(Some("application/rdf+xml"), Some("rdf+xml"), &GRAPH_FORMATS).ok(),
            Some(RdfFormat::RdfXml)
        );
        // Wildcards (a browser, curl) leave the choice to format=.
        assert_eq!(results_format(Some(FIREFOX), Some("csv")).ok(), Some(Csv));
        assert_eq!(results_format(Some("*/*"), Some("tsv")).ok(), Some(Tsv));
        assert_eq!(
            rdf_format(None, Some("nt"), &GRAPH_FORMATS).ok(),
            Some(RdfFormat::NTriples)
        );
        assert_eq!(
            rdf_format(None, Some("json"), &GRAPH_FORMATS).ok(),
            Some(GRAPH_FORMATS[3])
        );
        // Unknown or unservable format= values are ignored.
        assert_eq!(results_format(None, Some("docx")).ok(), Some(Json));
        assert_eq!(results_format(None, Some("ttl")).ok(), Some(Json));
        assert_eq!(
            rdf_format(
                Some("application/rdf+xml"),
                Some("rdf+xml-bogus"),
                &GRAPH_FORMATS
            )
            .ok(),
            Some(RdfFormat::RdfXml)
        );
        // ... but an Accept that cannot be served is still a 406.
        let e = results_format(Some("image/png"), Some("docx")).unwrap_err();
        assert_eq!(e.status, axum::http::StatusCode::NOT_ACCEPTABLE);
    }

    #[test]
    fn n3_is_answered_with_turtle() {
        assert_eq!(
            rdf_format(Some("text/n3"), None, &GRAPH_FORMATS).ok(),
            Some(RdfFormat::Turtle)
        );
        assert_eq!(
            rdf_format(
                Some("text/rdf+n3;charset=utf-8"),
                Some("n3"),
                &GRAPH_FORMATS
            )
            .ok(),
            Some(RdfFormat::Turtle)
        );
    }

    #[test]
    fn browsers_prefer_html_and_scripts_rdf() {
        assert!(prefers_html(Some(FIREFOX)));
        assert!(!prefers_html(Some("text/turtle")));
        assert!(!prefers_html(Some("*/*")));
        assert!(!prefers_html(None));
    }
}
