//! Figures and entities as rows: TSV, CSV and JSON for `civkg figures` and
//! `civkg entities`.

use std::io::Write;

use serde::Serialize;

use crate::extract::Extraction;
use crate::graph::{self, Config, GraphError};
use crate::lexicon::Lexicon;
use crate::report::Report;

/// How rows are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RowFormat {
    /// Tab-separated values with a header line.
    Tsv,
    /// Comma-separated values (RFC 4180) with a header line.
    Csv,
    /// A JSON array of objects.
    Json,
}

/// Errors raised while writing rows.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// Writing failed.
    #[error("cannot write: {0}")]
    Io(#[from] std::io::Error),
    /// JSON encoding failed.
    #[error("cannot encode JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// An entity IRI could not be built.
    #[error(transparent)]
    Graph(#[from] GraphError),
}

/// Columns of `civkg figures`, in order.
pub const FIGURE_COLUMNS: [&str; 9] = [
    "offset",
    "end",
    "raw",
    "value",
    "unit",
    "measure",
    "subject",
    "qualifier",
    "section",
];

/// Columns of `civkg entities`, in order.
pub const ENTITY_COLUMNS: [&str; 5] = ["type", "label", "offset", "end", "iri"];

/// One row of `civkg figures`.
#[derive(Debug, Clone, Serialize)]
pub struct FigureRow {
    /// Code-point start of the quantity.
    pub offset: usize,
    /// Code-point end.
    pub end: usize,
    /// The quantity as written.
    pub raw: String,
    /// Normalised exact value.
    pub value: String,
    /// Unit code.
    pub unit: String,
    /// What it measures.
    pub measure: String,
    /// Label of its subject entity, if any.
    pub subject: String,
    /// Qualifier code, if any.
    pub qualifier: String,
    /// Section number (0 for the preamble).
    pub section: u32,
    /// Counter word as written (JSON only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classifier: Option<String>,
    /// Stock, flow or change (JSON only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aspect: Option<String>,
    /// Lexicon indicator id (JSON only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    /// The rule that matched the indicator (JSON only): `measure`,
    /// `clause`, `previous-clause` or `previous-measure`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator_rule: Option<String>,
    /// Distribution member (JSON only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
}

impl FigureRow {
    fn cells(&self) -> [String; 9] {
        [
            self.offset.to_string(),
            self.end.to_string(),
            self.raw.clone(),
            self.value.clone(),
            self.unit.clone(),
            self.measure.clone(),
            self.subject.clone(),
            self.qualifier.clone(),
            self.section.to_string(),
        ]
    }
}

/// The figure rows of a report, in document order.
pub fn figure_rows(report: &Report, extraction: &Extraction) -> Vec<FigureRow> {
    extraction
        .figures
        .iter()
        .map(|f| FigureRow {
            offset: f.span.start,
            end: f.span.end,
            raw: f.raw.clone(),
            value: f.value.normalize().to_string(),
            unit: f.unit.code().to_owned(),
            measure: f.measure.clone(),
            subject: f
                .subject
                .and_then(|i| extraction.entities.get(i))
                .map(|e| e.label.clone())
                .unwrap_or_default(),
            qualifier: f.qualifier.map(|q| q.code().to_owned()).unwrap_or_default(),
            section: report.sections.get(f.section).map_or(0, |s| s.number),
            classifier: f.classifier.clone(),
            aspect: f.aspect.map(|a| a.code().to_owned()),
            indicator: f.indicator.clone(),
            indicator_rule: f.indicator_rule.map(|r| r.code().to_owned()),
            member: f.member.clone(),
        })
        .collect()
}

/// One row of `civkg entities`: one mention.
#[derive(Debug, Clone, Serialize)]
pub struct EntityRow {
    /// Entity kind code.
    #[serde(rename = "type")]
    pub kind: String,
    /// Chinese label.
    pub label: String,
    /// Code-point start of the mention.
    pub offset: usize,
    /// Code-point end of the mention.
    pub end: usize,
    /// The entity's IRI.
    pub iri: String,
    /// English label (JSON only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// The mention's text (JSON only).
    pub text: String,
}

impl EntityRow {
    fn cells(&self) -> [String; 5] {
        [
            self.kind.clone(),
            self.label.clone(),
            self.offset.to_string(),
            self.end.to_string(),
            self.iri.clone(),
        ]
    }
}

/// One row per entity mention, ordered by offset then kind.
pub fn entity_rows(
    report: &Report,
    extraction: &Extraction,
    lexicon: &Lexicon,
    config: &Config,
) -> Result<Vec<EntityRow>, GraphError> {
    let mut rows = Vec::new();
    for e in &extraction.entities {
        let iri = graph::entity_iri(report, e, lexicon, config)?;
        for m in &e.mentions {
            rows.push(EntityRow {
                kind: e.kind.code().to_owned(),
                label: e.label.clone(),
                offset: m.span.start,
                end: m.span.end,
                iri: iri.as_str().to_owned(),
                label_en: e.label_en.clone(),
                text: m.text.clone(),
            });
        }
    }
    rows.sort_by(|a, b| {
        (a.offset, a.end, &a.kind, &a.label).cmp(&(b.offset, b.end, &b.kind, &b.label))
    });
    Ok(rows)
}

/// Writes figure rows.
pub fn write_figures(
    rows: &[FigureRow],
    format: RowFormat,
    out: &mut impl Write,
) -> Result<(), TableError> {
    match format {
        RowFormat::Json => write_json(rows, out),
        _ => write_delimited(
            format,
            &FIGURE_COLUMNS,
            rows.iter().map(FigureRow::cells),
            out,
        ),
    }
}

/// Writes entity rows.
pub fn write_entities(
    rows: &[EntityRow],
    format: RowFormat,
    out: &mut impl Write,
) -> Result<(), TableError> {
    match format {
        RowFormat::Json => write_json(rows, out),
        _ => write_delimited(
            format,
            &ENTITY_COLUMNS,
            rows.iter().map(EntityRow::cells),
            out,
        ),
    }
}

fn write_json<T: Serialize>(rows: &[T], out: &mut impl Write) -> Result<(), TableError> {
    serde_json::to_writer_pretty(&mut *out, rows)?;
    out.write_all(b"\n")?;
    Ok(())
}

fn write_delimited<const N: usize>(
    format: RowFormat,
    header: &[&str; N],
    rows: impl Iterator<Item = [String; N]>,
    out: &mut impl Write,
) -> Result<(), TableError> {
    let header = header.map(str::to_owned);
    for row in std::iter::once(header).chain(rows) {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match format {
                RowFormat::Csv => csv_field(c),
                _ => tsv_field(c),
            })
            .collect();
        let sep = if format == RowFormat::Csv { "," } else { "\t" };
        writeln!(out, "{}", cells.join(sep))?;
    }
    Ok(())
}

/// TSV has no quoting: tabs and line breaks inside a field become spaces.
fn tsv_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// RFC 4180: quote fields holding a comma, quote or line break; double quotes.
pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("1045元/月"), "1045元/月");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(tsv_field("a\tb\nc"), "a b c");
    }
}
