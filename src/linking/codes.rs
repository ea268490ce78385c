//! Codes a report's graph gains from the reference data: each place's
//! GB/T 2260 code for the report's year (or its typing as a functional
//! zone), and the publisher's unified social credit code from the 索引号
//! header.
//!
//! Nothing is guessed: a place whose code cannot be established from its
//! lexicon code and the date, or from its name within the report's area,
//! is listed in [`Codes::unresolved`] and gets no code; a code the
//! reference does not hold in force that year is reported the same way;
//! an invalid social credit code is a warning naming it.

use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};

use crate::extract::{Entity, Extraction};
use crate::graph::vocab::{civkg as cv, dcterms, prov, rdf, rdfs, skos as sk, xsd};
use crate::graph::{self, Config, NamedEntities};
use crate::lexicon::{LexEntity, Lexicon};
use crate::model::EntityKind;
use crate::report::Report;

use super::divisions::{Date, Division, Level, Reference};
use super::error::LinkError;
use super::uscc::{self, Uscc};
use super::vocab::{adms, civkg, schema, skos};

/// Name endings of development and functional zones (not divisions).
const ZONE_SUFFIXES: [&str; 8] = [
    "高新区",
    "开发区",
    "起步区",
    "新区",
    "园区",
    "保税区",
    "度假区",
    "试验区",
];

/// Name endings of places below county level, which GB/T 2260 does not code.
const SUB_COUNTY_SUFFIXES: [&str; 6] = ["街道", "镇", "乡", "村", "社区", "办事处"];

/// How a place of a report was resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// A division, with its code in force in the report's year.
    Division {
        /// The six-digit code.
        code: String,
        /// How it was found (`lexicon code`, `code lineage`, `name within area`).
        rule: &'static str,
    },
    /// A functional zone, part of this place (IRI) when known.
    Zone {
        /// What it belongs to.
        parent: Option<String>,
    },
    /// Not resolved: no code is published.
    Unresolved {
        /// Why.
        reason: String,
    },
}

/// One place of a report and its resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceCode {
    /// The report's id.
    pub report: String,
    /// The place's label.
    pub label: String,
    /// The place's IRI.
    pub iri: String,
    /// What was found.
    pub resolution: Resolution,
}

/// What [`report_codes`] adds to a report's graph.
#[derive(Debug, Clone, Default)]
pub struct Codes {
    /// Quads for the report's named graph, sorted.
    pub quads: Vec<Quad>,
    /// Every place of the report, resolved or not.
    pub places: Vec<PlaceCode>,
    /// Warnings: an invalid social credit code, a reference code that
    /// contradicts the lexicon, a publisher that cannot be found.
    pub warnings: Vec<String>,
}

impl Codes {
    /// The places that got no code and no zone typing.
    pub fn unresolved(&self) -> impl Iterator<Item = &PlaceCode> {
        self.places
            .iter()
            .filter(|p| matches!(p.resolution, Resolution::Unresolved { .. }))
    }
}

/// Resolves every place of a report and its publisher's identifier.
pub fn report_codes(
    report: &Report,
    extraction: &Extraction,
    lexicon: &Lexicon,
    reference: &Reference,
    config: &Config,
) -> Result<Codes, LinkError> {
    let named = graph::named_entities(report, extraction, lexicon, config)?;
    let mut out = Out {
        graph: GraphName::NamedNode(graph::report_graph(report, config)?),
        base: config.base.clone(),
        quads: Vec::new(),
    };
    let date = report
        .reference_year()
        .map_or(Date::end_of_year(9999), Date::end_of_year);
    let year = report
        .reference_year()
        .map_or_else(|| "today".to_owned(), |y| y.to_string());
    let ctx = Context {
        lexicon,
        reference,
        date,
        year: &year,
    };
    let area_code = named
        .area
        .and_then(|i| named.entities.get(i))
        .and_then(|(e, _)| match ctx.division(e, None) {
            Ok(d) => Some(d.code.clone()),
            Err(_) => None,
        });
    let mut codes = Codes::default();
    let mut seen = std::collections::BTreeSet::new();
    for (i, (entity, iri)) in named.entities.iter().enumerate() {
        if entity.kind != EntityKind::Place || !seen.insert(iri.as_str().to_owned()) {
            continue;
        }
        let resolution = resolve(
            &ctx,
            &named,
            i,
            area_code.as_deref(),
            report,
            config,
            &mut out,
        )?;
        codes.places.push(PlaceCode {
            report: report.id.clone(),
            label: entity.label.clone(),
            iri: iri.as_str().to_owned(),
            resolution,
        });
    }
    publisher_identifier(report, &named, &mut out, &mut codes.warnings)?;
    let mut quads = out.quads;
    quads.sort_by_cached_key(ToString::to_string);
    quads.dedup();
    codes.quads = quads;
    Ok(codes)
}

struct Context<'a> {
    lexicon: &'a Lexicon,
    reference: &'a Reference,
    date: Date,
    year: &'a str,
}

impl<'a> Context<'a> {
    fn lex(&self, e: &Entity) -> Option<&'a LexEntity> {
        e.lexicon_id
            .as_deref()
            .and_then(|id| self.lexicon.entity(id))
    }

    /// The division `e` is in the report's year: by lexicon code and date,
    /// else by name within `area` (or, for provinces and prefectures,
    /// whose names are unique, by name and date).
    fn division(&self, e: &Entity, area: Option<&str>) -> Result<&'a Division, String> {
        let lex = self.lex(e);
        let names: Vec<&str> = match lex {
            Some(l) => l.names().collect(),
            None => vec![e.label.as_str()],
        };
        if let Some(code) = lex.and_then(|l| l.code.as_deref()) {
            return match self.reference.lineage_on(code, &names, self.date) {
                Some(d) if names.contains(&d.name.as_str()) => Ok(d),
                Some(d) => Err(format!(
                    "lexicon code {code} is {} in the reference ({}), not {}",
                    d.name, d.origin, e.label
                )),
                None => match self.reference.rows_of(code).next() {
                    Some(d) => Err(format!(
                        "code {code} ({}) is not in force in {} (valid {}, {}) and no successor is",
                        d.name,
                        self.year,
                        d.period(),
                        d.origin
                    )),
                    None => Err(format!("lexicon code {code} is not in the reference")),
                },
            };
        }
        if SUB_COUNTY_SUFFIXES.iter().any(|s| e.label.ends_with(s)) {
            return Err("below county level: GB/T 2260 has no code for it".to_owned());
        }
        let candidates: Vec<&Division> = names
            .iter()
            .flat_map(|n| self.reference.named_on(n, self.date))
            .filter(|d| match area {
                Some(a) => {
                    self.reference.within(&d.code, a, self.date)
                        || self.reference.within(a, &d.code, self.date)
                }
                None => d.level != Level::County,
            })
            .collect();
        match candidates.as_slice() {
            [d] => Ok(*d),
            [] => Err(format!(
                "no GB/T 2260 code named {} in force in {}{}",
                e.label,
                self.year,
                area.map(|a| format!(" within {a}")).unwrap_or_default()
            )),
            _ => Err(format!("{} names several divisions", e.label)),
        }
    }
}

fn is_zone(e: &Entity, lex: Option<&LexEntity>) -> bool {
    match lex {
        Some(l) => l.subtype.as_deref() == Some("functional-zone"),
        None => ZONE_SUFFIXES.iter().any(|s| e.label.ends_with(s)),
    }
}

fn resolve(
    ctx: &Context<'_>,
    named: &NamedEntities,
    index: usize,
    area_code: Option<&str>,
    report: &Report,
    config: &Config,
    out: &mut Out,
) -> Result<Resolution, LinkError> {
    let Some((entity, iri)) = named.entities.get(index) else {
        return Ok(Resolution::Unresolved {
            reason: "no such entity".to_owned(),
        });
    };
    let lex = ctx.lex(entity);
    if is_zone(entity, lex) {
        let parent = zone_parent(lex, named, index, report, ctx.lexicon, config)?;
        out.add(iri, rdf::TYPE, civkg::FUNCTIONAL_ZONE);
        if let Some(p) = &parent {
            out.add(iri, cv::PART_OF, p.clone());
        }
        return Ok(Resolution::Zone {
            parent: parent.map(|p| p.as_str().to_owned()),
        });
    }
    let area = if named.area == Some(index) {
        None
    } else {
        area_code
    };
    match ctx.division(entity, area) {
        Ok(d) => {
            let rule = match lex.and_then(|l| l.code.as_deref()) {
                Some(c) if c == d.code => "lexicon code",
                Some(_) => "code lineage",
                None => "name within area",
            };
            write_division(out, iri, d, ctx.reference)?;
            Ok(Resolution::Division {
                code: d.code.clone(),
                rule,
            })
        }
        Err(reason) => Ok(Resolution::Unresolved { reason }),
    }
}

/// The lexicon parent of a zone, else the report's area.
fn zone_parent(
    lex: Option<&LexEntity>,
    named: &NamedEntities,
    index: usize,
    report: &Report,
    lexicon: &Lexicon,
    config: &Config,
) -> Result<Option<NamedNode>, LinkError> {
    if let Some(parent) = lex
        .and_then(|l| l.parent.as_deref())
        .and_then(|p| lexicon.entity(p))
    {
        let e = Entity {
            kind: parent.kind,
            label: parent.zh.clone(),
            label_en: None,
            lexicon_id: Some(parent.id.clone()),
            role: None,
            mentions: Vec::new(),
            relations: Vec::new(),
        };
        return Ok(Some(graph::entity_iri(report, &e, lexicon, config)?));
    }
    Ok(named
        .area
        .filter(|&a| a != index)
        .and_then(|a| named.entities.get(a))
        .map(|(_, iri)| iri.clone()))
}

/// Quads collected for one report graph.
struct Out {
    graph: GraphName,
    base: String,
    quads: Vec<Quad>,
}

impl Out {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::NamedNode(s.clone()),
            p,
            o,
            self.graph.clone(),
        ));
    }

    fn node(&self, path: &str) -> Result<NamedNode, LinkError> {
        let iri = format!("{}{path}", self.base);
        NamedNode::new(iri.as_str())
            .map_err(|source| LinkError::Graph(graph::GraphError::InvalidIri { iri, source }))
    }

    fn scheme(&mut self, path: &str, zh: &str, en: &str) -> Result<NamedNode, LinkError> {
        let s = self.node(path)?;
        self.add(&s, rdf::TYPE, sk::CONCEPT_SCHEME);
        self.add(
            &s,
            rdfs::LABEL,
            Literal::new_language_tagged_literal_unchecked(zh, "zh"),
        );
        self.add(
            &s,
            rdfs::LABEL,
            Literal::new_language_tagged_literal_unchecked(en, "en"),
        );
        Ok(s)
    }
}

/// Types a place as a division and gives it its code node.
fn write_division(
    out: &mut Out,
    place: &NamedNode,
    d: &Division,
    reference: &Reference,
) -> Result<(), LinkError> {
    let scheme = out.scheme(
        "id/gbt2260",
        "GB/T 2260 行政区划代码",
        "GB/T 2260 administrative division codes",
    )?;
    let node = out.node(&format!("id/gbt2260/{}", d.code))?;
    out.add(place, rdf::TYPE, civkg::ADMINISTRATIVE_DIVISION);
    out.add(place, cv::CODE, Literal::new_simple_literal(&d.code));
    out.add(place, adms::IDENTIFIER, node.clone());
    out.add(&node, rdf::TYPE, adms::IDENTIFIER_CLASS);
    out.add(&node, rdf::TYPE, sk::CONCEPT);
    out.add(&node, skos::NOTATION, Literal::new_simple_literal(&d.code));
    out.add(
        &node,
        sk::PREF_LABEL,
        Literal::new_language_tagged_literal_unchecked(&d.name, "zh"),
    );
    out.add(&node, sk::IN_SCHEME, scheme);
    if let Some(p) = &d.parent {
        if reference.rows_of(p).next().is_some() {
            let parent = out.node(&format!("id/gbt2260/{p}"))?;
            out.add(&node, sk::BROADER, parent);
        }
    }
    if let Some(f) = d.valid_from {
        out.add(
            &node,
            schema::VALID_FROM,
            Literal::new_typed_literal(f.to_string(), xsd::DATE),
        );
    }
    if let Some(t) = d.valid_to {
        out.add(
            &node,
            schema::VALID_THROUGH,
            Literal::new_typed_literal(t.to_string(), xsd::DATE),
        );
    }
    if !d.source.is_empty() {
        out.add(
            &node,
            dcterms::SOURCE,
            Literal::new_simple_literal(&d.source),
        );
    }
    let file = out.node(&format!("reference/{}", crate_segment(&d.file)))?;
    out.add(&node, prov::WAS_DERIVED_FROM, file.clone());
    out.add(&file, rdf::TYPE, prov::ENTITY);
    out.add(&file, cv::FILE_NAME, Literal::new_simple_literal(&d.file));
    Ok(())
}

/// Publishes the 索引号's unified social credit code on the publisher.
fn publisher_identifier(
    report: &Report,
    named: &NamedEntities,
    out: &mut Out,
    warnings: &mut Vec<String>,
) -> Result<(), LinkError> {
    let Some(field) = report.metadata.get(&["索引号"]) else {
        return Ok(());
    };
    let raw = uscc::from_index_number(&field.value);
    let code = match Uscc::parse(raw) {
        Ok(c) => c,
        Err(e) => {
            warnings.push(format!(
                "{}: 索引号 `{}`: invalid unified social credit code: {e}; not published",
                report.id, field.value
            ));
            return Ok(());
        }
    };
    let Some((_, publisher)) = named.publisher.and_then(|i| named.entities.get(i)) else {
        warnings.push(format!(
            "{}: unified social credit code {code} has no publisher (发布机构) to belong to",
            report.id
        ));
        return Ok(());
    };
    let scheme = out.scheme(
        "id/uscc",
        "统一社会信用代码（GB 32100-2015）",
        "Unified social credit codes (GB 32100-2015)",
    )?;
    let node = out.node(&format!("id/uscc/{code}"))?;
    out.add(
        publisher,
        cv::CODE,
        Literal::new_simple_literal(code.as_str()),
    );
    out.add(publisher, adms::IDENTIFIER, node.clone());
    out.add(&node, rdf::TYPE, adms::IDENTIFIER_CLASS);
    out.add(
        &node,
        skos::NOTATION,
        Literal::new_simple_literal(code.as_str()),
    );
    out.add(&node, sk::IN_SCHEME, scheme);
    out.add(
        &node,
        dcterms::SPATIAL,
        out.node(&format!("id/gbt2260/{}", code.division()))?,
    );
    let org_scheme = out.scheme(
        "id/gb11714",
        "组织机构代码（GB 11714）",
        "Organisation codes (GB 11714)",
    )?;
    let org = out.node(&format!("id/gb11714/{}", code.organisation_code()))?;
    out.add(publisher, adms::IDENTIFIER, org.clone());
    out.add(&node, dcterms::HAS_PART, org.clone());
    out.add(&org, rdf::TYPE, adms::IDENTIFIER_CLASS);
    out.add(
        &org,
        skos::NOTATION,
        Literal::new_simple_literal(code.organisation_code()),
    );
    out.add(&org, sk::IN_SCHEME, org_scheme);
    Ok(())
}

/// A file name as an IRI path segment (ASCII letters, digits, `-._` kept).
fn crate_segment(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-._".contains(c) {
                c.to_string()
            } else {
                let mut buf = [0; 4];
                c.encode_utf8(&mut buf)
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect()
            }
        })
        .collect()
}
