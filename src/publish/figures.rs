//! Every figure of the store as one spreadsheet table: `figures.csv`.
//!
//! One row per figure: its report, section, measure, the quantity as
//! written, its exact value and unit, qualifier, subject, policy domain,
//! the sentence it comes from and its IRI. UTF-8 with a byte-order mark
//! (so a spreadsheet opens the Chinese text right), CRLF line ends and
//! RFC 4180 quoting; rows in report, section and IRI order, so the same
//! store gives the same bytes.

use std::io::{self, Write};

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;

use super::PublishError;

/// The file name.
pub const FILE: &str = "figures.csv";

/// The columns, in order.
pub const COLUMNS: [&str; 11] = [
    "report",
    "section",
    "measure",
    "raw",
    "value",
    "unit",
    "qualifier",
    "subject",
    "domain",
    "sentence",
    "iri",
];

/// One row per figure; several subjects or domains are joined with ` / `.
const QUERY: &str = r#"
SELECT ?report ?section ?measure ?raw ?value ?unit ?qualifier ?subject ?domain ?sentence ?iri WHERE {
  { SELECT ?figure (MIN(STR(?r)) AS ?report) (MIN(?n) AS ?section) (MIN(STR(?m)) AS ?measure)
           (MIN(STR(?w)) AS ?raw) (MIN(STR(?v)) AS ?value) (MIN(STR(?u)) AS ?unit)
           (GROUP_CONCAT(DISTINCT STR(?q); separator=" / ") AS ?qualifier)
           (GROUP_CONCAT(DISTINCT STR(?s); separator=" / ") AS ?subject)
           (GROUP_CONCAT(DISTINCT STR(?d); separator=" / ") AS ?domain)
           (MIN(STR(?t)) AS ?sentence) WHERE {
      GRAPH ?g {
        ?figure a civkg:Figure ; qb:dataSet/dcterms:source ?r ; civkg:measureLabel ?m ;
                civkg:rawText ?w ; civkg:value ?v ; civkg:unit ?u .
        OPTIONAL { ?figure civkg:section/civkg:number ?n }
        OPTIONAL { ?figure civkg:qualifier ?q }
        OPTIONAL { ?figure prov:wasDerivedFrom/civkg:inSentence/oa:exact ?t }
      }
      OPTIONAL {
        GRAPH ?g { ?figure civkg:subject ?subjectNode }
        GRAPH ?sg { ?subjectNode rdfs:label ?s FILTER(lang(?s) = "zh") }
      }
      OPTIONAL {
        GRAPH ?g { ?figure civkg:domain ?domainNode }
        GRAPH ?dg { ?domainNode skos:prefLabel ?d FILTER(lang(?d) = "zh") }
      }
    } GROUP BY ?figure }
  BIND(STR(?figure) AS ?iri)
}
ORDER BY ?report ?section ?iri
"#;

/// Writes the figures of `store` as CSV (see the module docs); returns the
/// number of rows.
pub fn write_csv(store: &Store, out: &mut dyn Write) -> Result<usize, PublishError> {
    let QueryResults::Solutions(solutions) = crate::query::run(store, QUERY)? else {
        return Err(PublishError::Figures("its query is not a SELECT".into()));
    };
    let io = |e: io::Error| PublishError::Io {
        path: FILE.into(),
        source: e,
    };
    out.write_all("\u{feff}".as_bytes()).map_err(io)?;
    write_row(out, COLUMNS.iter().map(|c| (*c).to_owned())).map_err(io)?;
    let mut rows = 0;
    for solution in solutions {
        let solution = solution?;
        let cells = COLUMNS.iter().map(|c| match solution.get(*c) {
            Some(Term::Literal(l)) if *c == "unit" || *c == "qualifier" => {
                // A known prefix reads better (unit:CCY_CNY); else the IRI.
                let short = crate::query::compact_iri(l.value());
                if short.starts_with('<') {
                    l.value().to_owned()
                } else {
                    short
                }
            }
            Some(Term::Literal(l)) => l.value().to_owned(),
            Some(other) => other.to_string(),
            None => String::new(),
        });
        write_row(out, cells).map_err(io)?;
        rows += 1;
    }
    Ok(rows)
}

fn write_row(out: &mut dyn Write, cells: impl Iterator<Item = String>) -> io::Result<()> {
    let cells: Vec<String> = cells.map(|c| crate::table::csv_field(&c)).collect();
    out.write_all(cells.join(",").as_bytes())?;
    out.write_all(b"\r\n")
}
