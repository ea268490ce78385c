//! The report as a document: its header fields, its source file, the data
//! set of its figures, and its text units (sections, topics, sentences,
//! clauses) with positions and quotes.

use std::collections::HashMap;

use oxigraph::model::NamedNode;

use crate::lexicon::Lexicon;
use crate::model::Span;
use crate::report::Report;

use super::iri::{Minter, UniqueNames};
use super::sink::Sink;
use super::vocab::{civkg, dcterms, foaf, oa, prov, qb, rdf, rdfs, xsd};
use super::GraphError;

/// IRIs of the report's text units, for linking figures and mentions to them.
#[derive(Debug, Default)]
pub(crate) struct TextIndex {
    /// Per section (same order as [`Report::sections`]): its key in IRIs and its IRI.
    pub(crate) sections: Vec<(String, NamedNode)>,
    /// Per section: the policy domain its heading falls under.
    pub(crate) section_domains: Vec<Option<NamedNode>>,
    /// Sentence IRIs by [`crate::report::Sentence::index`].
    pub(crate) sentences: HashMap<usize, NamedNode>,
    /// Clause IRIs by span.
    pub(crate) clauses: HashMap<Span, NamedNode>,
}

impl TextIndex {
    /// The key (number, made unique) and IRI of section `index`.
    pub(crate) fn section(&self, index: usize) -> Result<&(String, NamedNode), GraphError> {
        self.sections.get(index).ok_or(GraphError::IndexOutOfRange {
            what: "section",
            index,
            len: self.sections.len(),
        })
    }

    /// The IRI of the sentence with this index.
    pub(crate) fn sentence(&self, index: usize) -> Result<&NamedNode, GraphError> {
        self.sentences
            .get(&index)
            .ok_or(GraphError::IndexOutOfRange {
                what: "sentence",
                index,
                len: self.sentences.len(),
            })
    }
}

/// Writes a text unit's position and quote.
pub(crate) fn position(sink: &mut Sink, node: &NamedNode, span: Span, exact: &str) {
    sink.offset(node, oa::START, span.start);
    sink.offset(node, oa::END, span.end);
    sink.string(node, oa::EXACT, exact);
}

/// Writes a mention node (`{report}/mention/{start}-{end}`): the report
/// text's code points `[start, end)`, which should read `exact`.
pub(crate) fn mention(
    sink: &mut Sink,
    minter: &Minter,
    text: &TextIndex,
    span: Span,
    exact: &str,
    sentence: Option<usize>,
) -> Result<NamedNode, GraphError> {
    let node = minter.mention(span)?;
    sink.term(&node, rdf::TYPE, civkg::MENTION);
    sink.link(&node, dcterms::IS_PART_OF, &minter.report()?);
    position(sink, &node, span, exact);
    if let Some(index) = sentence {
        sink.link(&node, civkg::IN_SENTENCE, text.sentence(index)?);
    }
    Ok(node)
}

/// Writes sections, topics, sentences and clauses; returns their IRIs.
pub(crate) fn text_units(
    report: &Report,
    lexicon: &Lexicon,
    minter: &Minter,
    sink: &mut Sink,
) -> Result<TextIndex, GraphError> {
    let report_iri = minter.report()?;
    let mut index = TextIndex::default();
    let mut keys = UniqueNames::default();
    for section in &report.sections {
        let key = keys.take(&section.number.to_string());
        let s_iri = minter.section(&key)?;
        sink.term(&s_iri, rdf::TYPE, civkg::SECTION);
        sink.link(&s_iri, dcterms::IS_PART_OF, &report_iri);
        sink.integer(&s_iri, civkg::NUMBER, section.number as usize);
        position(sink, &s_iri, section.span, report.slice(section.span));
        let mut domain = None;
        if let Some((heading, _)) = &section.heading {
            sink.zh(&s_iri, civkg::HEADING, heading);
            sink.zh(&s_iri, rdfs::LABEL, heading);
            if let Some(concept) = lexicon.concept_for(heading) {
                let d = minter.domain(&concept.id)?;
                sink.link(&s_iri, civkg::DOMAIN, &d);
                domain = Some(d);
            }
        }
        let mut k = 0;
        for (m, topic) in section.topics.iter().enumerate() {
            let t_iri = minter.topic(&key, m + 1)?;
            sink.term(&t_iri, rdf::TYPE, civkg::TOPIC);
            sink.link(&t_iri, dcterms::IS_PART_OF, &s_iri);
            sink.integer(&t_iri, civkg::NUMBER, m + 1);
            position(sink, &t_iri, topic.span, report.slice(topic.span));
            if let Some((heading, _)) = &topic.heading {
                sink.zh(&t_iri, civkg::HEADING, heading);
            }
            for sentence in &topic.sentences {
                k += 1;
                let x_iri = minter.sentence(&key, k)?;
                sink.term(&x_iri, rdf::TYPE, civkg::SENTENCE);
                sink.link(&x_iri, dcterms::IS_PART_OF, &t_iri);
                sink.integer(&x_iri, civkg::NUMBER, k);
                sink.integer(&x_iri, civkg::INDEX, sentence.index);
                position(sink, &x_iri, sentence.span, &sentence.text);
                for (j, clause) in sentence.clauses.iter().enumerate() {
                    let c_iri = minter.clause(&key, k, j + 1)?;
                    sink.term(&c_iri, rdf::TYPE, civkg::CLAUSE);
                    sink.link(&c_iri, dcterms::IS_PART_OF, &x_iri);
                    sink.integer(&c_iri, civkg::NUMBER, j + 1);
                    position(sink, &c_iri, clause.span, &clause.text);
                    index.clauses.entry(clause.span).or_insert(c_iri);
                }
                index.sentences.insert(sentence.index, x_iri);
            }
        }
        index.sections.push((key, s_iri));
        index.section_domains.push(domain);
    }
    Ok(index)
}

/// What the report node links to besides its own fields.
#[derive(Debug)]
pub(crate) struct ReportLinks<'a> {
    /// The publishing institution.
    pub(crate) publisher: Option<&'a NamedNode>,
    /// The area the report covers.
    pub(crate) area: Option<&'a NamedNode>,
}

/// Writes the report node, its source file node and its figures' data set.
pub(crate) fn report_node(
    report: &Report,
    links: &ReportLinks<'_>,
    minter: &Minter,
    sink: &mut Sink,
) -> Result<(), GraphError> {
    let r = minter.report()?;
    sink.term(&r, rdf::TYPE, civkg::REPORT);
    let title = report.metadata.title().map(|(t, _)| t);
    if let Some(title) = title {
        sink.zh(&r, dcterms::TITLE, title);
        sink.zh(&r, rdfs::LABEL, title);
    }
    let field = |keys: &[&str]| report.metadata.get(keys).map(|f| f.value.as_str());
    if let Some(id) = field(&["索引号"]) {
        sink.string(&r, dcterms::IDENTIFIER, id);
    }
    if let Some(date) = field(&["发布日期"]).and_then(iso_date) {
        sink.typed(&r, dcterms::ISSUED, &date, xsd::DATE);
    }
    if let Some(date) = field(&["成文日期"]).and_then(iso_date) {
        sink.typed(&r, dcterms::CREATED, &date, xsd::DATE);
    }
    if let Some(category) = field(&["组配分类"]) {
        sink.zh(&r, civkg::CATEGORY, category);
    }
    if let Some(number) = field(&["发文字号", "文号"]) {
        sink.string(&r, civkg::DOCUMENT_NUMBER, number);
    }
    if let Some(year) = report.reference_year() {
        sink.typed(&r, civkg::REF_PERIOD, &g_year(year), xsd::G_YEAR);
    }
    if let Some(p) = links.publisher {
        sink.link(&r, dcterms::PUBLISHER, p);
    }
    if let Some(a) = links.area {
        sink.link(&r, dcterms::SPATIAL, a);
    }
    sink.string(&r, civkg::TEXT, report.text());

    let source = minter.source()?;
    sink.link(&r, prov::WAS_DERIVED_FROM, &source);
    sink.term(&source, rdf::TYPE, prov::ENTITY);
    sink.term(&source, rdf::TYPE, foaf::DOCUMENT);
    let file_name = report
        .source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    sink.string(&source, civkg::FILE_NAME, &file_name);
    sink.string(&source, rdfs::LABEL, &file_name);

    let dataset = minter.dataset()?;
    sink.term(&dataset, rdf::TYPE, qb::DATA_SET);
    sink.term(&dataset, qb::STRUCTURE, civkg::FIGURE_STRUCTURE);
    sink.link(&dataset, dcterms::SOURCE, &r);
    let label = title.unwrap_or(report.id.as_str());
    sink.zh(&dataset, rdfs::LABEL, &format!("{label}：数据"));
    sink.en(&dataset, rdfs::LABEL, &format!("Figures of {}", report.id));
    Ok(())
}

/// A year as `xsd:gYear` (four digits at least, sign kept).
pub(crate) fn g_year(year: i32) -> String {
    if year < 0 {
        format!("-{:04}", year.unsigned_abs())
    } else {
        format!("{year:04}")
    }
}

/// A date written `2024-02-14`, `2024/2/14`, `2024.2.14` or `2024年2月14日`
/// as `xsd:date` (`2024-02-14`); `None` when it is not a plausible date.
pub(crate) fn iso_date(value: &str) -> Option<String> {
    let parts: Vec<&str> = value
        .trim()
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .collect();
    let &[y, m, d] = parts.as_slice() else {
        return None;
    };
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if y.len() != 4 || !all_digits(y) || !all_digits(m) || !all_digits(d) {
        return None;
    }
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_usual_spellings() {
        let cases = [
            ("iso", "2024-02-14", Some("2024-02-14")),
            ("slashes, no padding", "2024/2/4", Some("2024-02-04")),
            ("chinese", "2024年2月14日", Some("2024-02-14")),
            ("dots", "2023.12.01", Some("2023-12-01")),
            ("month 13", "2024-13-01", None),
            ("two-digit year", "24-02-14", None),
            ("empty", "", None),
            ("words", "二〇二四年二月", None),
        ];
        for (name, input, expected) in cases {
            assert_eq!(iso_date(input).as_deref(), expected, "{name}");
        }
    }

    #[test]
    fn years_have_four_digits() {
        assert_eq!(g_year(2023), "2023");
        assert_eq!(g_year(999), "0999");
    }
}
