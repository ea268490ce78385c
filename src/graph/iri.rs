//! Minting data IRIs: readable, stable, and valid.
//!
//! Every data IRI is the configured base followed by path segments. A
//! segment taken from data (a report id, a label, a lexicon id) keeps its
//! CJK characters as they are (they are valid IRI characters) and
//! percent-encodes everything else that is not allowed, or that would change
//! the IRI's structure (`/`, `?`, `#`, `%`). Entity and figure IRIs contain
//! no text offsets or sequence numbers, so they survive unrelated edits of
//! the text; only mention IRIs, which *are* positions, carry offsets.

use std::fmt::Write as _;

use oxigraph::model::NamedNode;

use crate::model::{EntityKind, Span};

use super::GraphError;

/// Builds a named node from an IRI string, mapping an invalid IRI to a typed error.
pub(crate) fn named_node(iri: String) -> Result<NamedNode, GraphError> {
    match NamedNode::new(iri.as_str()) {
        Ok(n) => Ok(n),
        Err(source) => Err(GraphError::InvalidIri { iri, source }),
    }
}

/// Percent-encodes `s` for use as one path segment of an IRI.
pub(crate) fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_segment_char(c) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                // Writing to a String cannot fail.
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// `ipchar` of RFC 3987 minus `%` (always encoded, so that a literal `%`
/// in a label cannot be read as an escape).
fn is_segment_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(c);
    }
    // ucschar of RFC 3987.
    matches!(u32::from(c),
        0xA0..=0xD7FF
        | 0xF900..=0xFDCF
        | 0xFDF0..=0xFFEF
        | 0x10000..=0x1FFFD
        | 0x20000..=0x2FFFD
        | 0x30000..=0x3FFFD
        | 0x40000..=0x4FFFD
        | 0x50000..=0x5FFFD
        | 0x60000..=0x6FFFD
        | 0x70000..=0x7FFFD
        | 0x80000..=0x8FFFD
        | 0x90000..=0x9FFFD
        | 0xA0000..=0xAFFFD
        | 0xB0000..=0xBFFFD
        | 0xC0000..=0xCFFFD
        | 0xD0000..=0xDFFFD
        | 0xE1000..=0xEFFFD)
}

/// Mints the data IRIs of one base (and, for report-local IRIs, one report).
#[derive(Debug, Clone)]
pub(crate) struct Minter {
    base: String,
    report: String,
}

impl Minter {
    /// A minter for the data under `base`; `report_id` may be empty for
    /// IRIs that belong to no report.
    pub(crate) fn new(base: &str, report_id: &str) -> Self {
        let report = format!("{base}report/{}", segment(report_id));
        Self {
            base: base.to_owned(),
            report,
        }
    }

    fn under_base(&self, path: &str) -> Result<NamedNode, GraphError> {
        named_node(format!("{}{path}", self.base))
    }

    fn under_report(&self, path: &str) -> Result<NamedNode, GraphError> {
        if path.is_empty() {
            named_node(self.report.clone())
        } else {
            named_node(format!("{}/{path}", self.report))
        }
    }

    /// `{base}report/{id}`.
    pub(crate) fn report(&self) -> Result<NamedNode, GraphError> {
        self.under_report("")
    }

    /// `{base}graph/{id}`, the report's named graph.
    pub(crate) fn report_graph(&self, report_id: &str) -> Result<NamedNode, GraphError> {
        self.under_base(&format!("graph/{}", segment(report_id)))
    }

    /// `{base}graph/lexicon`.
    pub(crate) fn lexicon_graph(&self) -> Result<NamedNode, GraphError> {
        self.under_base("graph/lexicon")
    }

    /// `{base}graph/ontology`.
    pub(crate) fn ontology_graph(&self) -> Result<NamedNode, GraphError> {
        self.under_base("graph/ontology")
    }

    /// `{base}graph/links`, the VoID linksets to external datasets.
    pub(crate) fn links_graph(&self) -> Result<NamedNode, GraphError> {
        self.under_base("graph/links")
    }

    /// `{base}report/{id}/source`, the file the report was read from.
    pub(crate) fn source(&self) -> Result<NamedNode, GraphError> {
        self.under_report("source")
    }

    /// `{base}report/{id}/dataset`, the qb:DataSet of the report's figures.
    pub(crate) fn dataset(&self) -> Result<NamedNode, GraphError> {
        self.under_report("dataset")
    }

    /// `{base}report/{id}/section/{key}`.
    pub(crate) fn section(&self, key: &str) -> Result<NamedNode, GraphError> {
        self.under_report(&format!("section/{}", segment(key)))
    }

    /// `{base}report/{id}/section/{key}/topic/{m}`.
    pub(crate) fn topic(&self, section: &str, m: usize) -> Result<NamedNode, GraphError> {
        self.under_report(&format!("section/{}/topic/{m}", segment(section)))
    }

    /// `{base}report/{id}/section/{key}/sentence/{k}`.
    pub(crate) fn sentence(&self, section: &str, k: usize) -> Result<NamedNode, GraphError> {
        self.under_report(&format!("section/{}/sentence/{k}", segment(section)))
    }

    /// `{base}report/{id}/section/{key}/sentence/{k}/clause/{j}`.
    pub(crate) fn clause(
        &self,
        section: &str,
        k: usize,
        j: usize,
    ) -> Result<NamedNode, GraphError> {
        self.under_report(&format!(
            "section/{}/sentence/{k}/clause/{j}",
            segment(section)
        ))
    }

    /// `{base}report/{id}/figure/{section}/{name}`.
    pub(crate) fn figure(&self, section: &str, name: &str) -> Result<NamedNode, GraphError> {
        self.under_report(&format!("figure/{}/{}", segment(section), segment(name)))
    }

    /// `{base}report/{id}/mention/{start}-{end}`.
    pub(crate) fn mention(&self, span: Span) -> Result<NamedNode, GraphError> {
        self.under_report(&format!("mention/{}-{}", span.start, span.end))
    }

    /// `{base}report/{id}/{kind}/{label}`, an entity known only to this report.
    pub(crate) fn local_entity(
        &self,
        kind: EntityKind,
        label: &str,
    ) -> Result<NamedNode, GraphError> {
        if label.is_empty() {
            return Err(GraphError::EmptyLabel { kind: kind.code() });
        }
        self.under_report(&format!("{}/{}", kind.code(), segment(label)))
    }

    /// `{base}id/{kind}/{lexicon-id}`, an entity shared by every report.
    pub(crate) fn shared_entity(
        &self,
        kind: EntityKind,
        id: &str,
    ) -> Result<NamedNode, GraphError> {
        self.under_base(&format!("id/{}/{}", kind.code(), segment(id)))
    }

    /// `{base}id/domain`, the policy-domain concept scheme.
    pub(crate) fn domain_scheme(&self) -> Result<NamedNode, GraphError> {
        self.under_base("id/domain")
    }

    /// `{base}id/domain/{concept-id}`.
    pub(crate) fn domain(&self, id: &str) -> Result<NamedNode, GraphError> {
        self.under_base(&format!("id/domain/{}", segment(id)))
    }

    /// `{base}id/indicator`, the indicator concept scheme.
    pub(crate) fn indicator_scheme(&self) -> Result<NamedNode, GraphError> {
        self.under_base("id/indicator")
    }

    /// `{base}id/indicator/{id}`.
    pub(crate) fn indicator(&self, id: &str) -> Result<NamedNode, GraphError> {
        self.under_base(&format!("id/indicator/{}", segment(id)))
    }

    /// `{base}lexicon`, the lexicon as a whole.
    pub(crate) fn lexicon(&self) -> Result<NamedNode, GraphError> {
        self.under_base("lexicon")
    }

    /// `{base}lexicon/{file}`, one lexicon file.
    pub(crate) fn lexicon_file(&self, name: &str) -> Result<NamedNode, GraphError> {
        self.under_base(&format!("lexicon/{}", segment(name)))
    }
}

/// Hands out unique names: the wanted name the first time, then `name-2`,
/// `name-3` … (skipping any already taken), in call order.
#[derive(Debug, Default)]
pub(crate) struct UniqueNames {
    taken: std::collections::HashSet<String>,
    /// For a name asked for more than once, the suffix to try next: without
    /// it the k-th copy of one name would try k − 1 taken ones first
    /// (quadratic in a report that repeats a label thousands of times).
    next: std::collections::HashMap<String, usize>,
}

impl UniqueNames {
    /// A unique name based on `wanted`: itself, else `wanted-2`, `wanted-3` …
    /// (the first not taken).
    pub(crate) fn take(&mut self, wanted: &str) -> String {
        if !self.taken.contains(wanted) {
            self.taken.insert(wanted.to_owned());
            return wanted.to_owned();
        }
        let mut i = self.next.get(wanted).copied().unwrap_or(2);
        let name = loop {
            let name = format!("{wanted}-{i}");
            i += 1;
            if !self.taken.contains(&name) {
                break name;
            }
        };
        self.next.insert(wanted.to_owned(), i);
        self.taken.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_names_count_up_and_skip_names_already_taken() {
        let mut names = UniqueNames::default();
        let got: Vec<String> = ["a", "a-3", "a", "a", "a", "b"]
            .iter()
            .map(|w| names.take(w))
            .collect();
        assert_eq!(got, ["a", "a-3", "a-2", "a-4", "a-5", "b"]);
    }

    #[test]
    fn segments_keep_cjk_and_encode_the_rest() {
        let cases = [
            ("cjk stays", "发放低保金", "发放低保金"),
            ("space and quotes", "a b\"c", "a%20b%22c"),
            ("structure characters", "元/月?#%", "元%2F月%3F%23%25"),
            ("forbidden ascii", "<>{}|\\^`", "%3C%3E%7B%7D%7C%5C%5E%60"),
            ("sub-delims stay", "a(b)+c", "a(b)+c"),
            ("full-width punctuation stays", "（一）·“”", "（一）·“”"),
            ("private use is encoded", "\u{e000}", "%EE%80%80"),
            ("control is encoded", "\n", "%0A"),
        ];
        for (name, input, expected) in cases {
            assert_eq!(segment(input), expected, "{name}");
        }
    }

    #[test]
    fn every_encoded_segment_makes_a_valid_iri() {
        let m = Minter::new("https://w3id.org/civkg/", "r 1");
        for label in ["a b", "“泉心共助”", "x/y", "100%", "\u{7f}", "\u{fffe}"] {
            let iri = m.local_entity(EntityKind::Brand, label);
            assert!(iri.is_ok(), "{label}: {iri:?}");
        }
    }

    #[test]
    fn a_bad_base_is_a_typed_error() {
        let m = Minter::new("not an iri ", "r");
        assert!(matches!(m.report(), Err(GraphError::InvalidIri { .. })));
    }

    #[test]
    fn empty_labels_are_refused() {
        let m = Minter::new("https://w3id.org/civkg/", "r");
        assert!(matches!(
            m.local_entity(EntityKind::Place, ""),
            Err(GraphError::EmptyLabel { kind: "place" })
        ));
    }

    #[test]
    fn unique_names_count_from_two() {
        let mut u = UniqueNames::default();
        let got: Vec<String> = ["a", "a", "a-2", "a", "b"]
            .iter()
            .map(|n| u.take(n))
            .collect();
        assert_eq!(got, ["a", "a-2", "a-2-2", "a-3", "b"]);
    }
}
