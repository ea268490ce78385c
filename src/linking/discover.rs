//! Link discovery: the store's places and institutions against an external
//! dataset, by code first, then by normalised label, each candidate with a
//! rule and a score; and the VoID linkset written into `{base}graph/links`.

use std::collections::BTreeMap;
use std::path::Path;

use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use sha2::{Digest, Sha256};

use crate::graph::vocab::{owl, prov, rdf, rdfs, xsd};
use crate::graph::{self, Config, GraphError};

use super::error::LinkError;
use super::normalize::{self, Strictness};
use super::target::{ExternalItem, Target, TargetSpec};
use super::vocab::{civkg, skos, void};

/// Links scoring at least this are `owl:sameAs`; lower ones `skos:closeMatch`.
pub const SAME_AS_SCORE: f64 = 0.95;

/// Candidates scoring below this are dropped unless asked otherwise.
pub const DEFAULT_THRESHOLD: f64 = 0.6;

/// A place or institution of the store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalEntity {
    /// Its IRI.
    pub iri: String,
    /// `place` or `institution`.
    pub kind: String,
    /// Its Chinese labels.
    pub labels: Vec<String>,
    /// Its aliases (`skos:altLabel`, from the lexicon).
    pub aliases: Vec<String>,
    /// Its six-digit division codes.
    pub codes: Vec<String>,
    /// The codes of the divisions it is part of (`civkg:partOf`).
    pub parent_codes: Vec<String>,
}

/// A proposed link.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The store's entity.
    pub subject: String,
    /// Its first label.
    pub subject_label: String,
    /// The external item.
    pub object: String,
    /// Its first label.
    pub object_label: String,
    /// The rule that matched (`code`, `label-exact`, `label-variant`,
    /// `label-alias`, `label-suffix`).
    pub rule: &'static str,
    /// 0 to 1.
    pub score: f64,
}

impl Candidate {
    /// `owl:sameAs` at or above [`SAME_AS_SCORE`], else `skos:closeMatch`.
    pub fn predicate(&self) -> NamedNodeRef<'static> {
        if self.score >= SAME_AS_SCORE {
            owl::SAME_AS
        } else {
            skos::CLOSE_MATCH
        }
    }
}

const ENTITIES_QUERY: &str = r#"
SELECT ?e ?kind ?label ?alias ?code ?parentCode WHERE {
  VALUES ?kind { civkg:Place civkg:Institution }
  ?e a ?kind .
  { ?e rdfs:label ?label FILTER(LANG(?label) = "zh") }
  UNION { ?e skos:altLabel ?alias }
  UNION { ?e civkg:code ?code }
  UNION { ?e civkg:partOf ?parent . ?parent civkg:code ?parentCode }
}"#;

/// The places and institutions of the store, with labels, aliases and codes.
pub fn local_entities(store: &Store) -> Result<Vec<LocalEntity>, LinkError> {
    let results =
        crate::query::run(store, ENTITIES_QUERY).map_err(|e| LinkError::Query(e.to_string()))?;
    let QueryResults::Solutions(solutions) = results else {
        return Err(LinkError::Query("expected SELECT results".to_owned()));
    };
    let mut by_iri: BTreeMap<String, LocalEntity> = BTreeMap::new();
    for s in solutions {
        let s = s.map_err(|e| LinkError::Query(e.to_string()))?;
        let (Some(Term::NamedNode(e)), Some(Term::NamedNode(kind))) = (s.get("e"), s.get("kind"))
        else {
            continue;
        };
        let entry = by_iri.entry(e.as_str().to_owned()).or_default();
        entry.iri = e.as_str().to_owned();
        entry.kind = if kind.as_str().ends_with("Place") {
            "place"
        } else {
            "institution"
        }
        .to_owned();
        let value = |v: &str| match s.get(v) {
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            _ => None,
        };
        if let Some(l) = value("label") {
            push_unique(&mut entry.labels, l);
        }
        if let Some(a) = value("alias") {
            push_unique(&mut entry.aliases, a);
        }
        let division = |c: &String| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit());
        if let Some(c) = value("code").filter(division) {
            push_unique(&mut entry.codes, c);
        }
        if let Some(c) = value("parentCode").filter(division) {
            push_unique(&mut entry.parent_codes, c);
        }
    }
    Ok(by_iri
        .into_values()
        .filter(|e| !e.labels.is_empty())
        .collect())
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// Asks the target for every code and label of `entities` and scores the
/// answers; returns candidates at or above `threshold`, best first per entity.
///
/// Items of the store itself are never candidates: an entity of
/// `entities`, or any IRI under `own_base` (a shared endpoint that also
/// holds this store's data answers with them; a link from an entity to
/// itself or to a namesake of the same store says nothing).
pub fn discover(
    entities: &[LocalEntity],
    target: &Target,
    threshold: f64,
    own_base: &str,
) -> Result<Vec<Candidate>, LinkError> {
    let own: std::collections::HashSet<&str> = entities.iter().map(|e| e.iri.as_str()).collect();
    let is_own =
        |iri: &str| own.contains(iri) || (!own_base.is_empty() && iri.starts_with(own_base));
    let mut codes: Vec<String> = entities.iter().flat_map(|e| e.codes.clone()).collect();
    codes.sort();
    codes.dedup();
    let mut labels: Vec<String> = entities
        .iter()
        .flat_map(|e| e.labels.iter().chain(&e.aliases))
        .flat_map(|l| normalize::query_variants(l))
        .collect();
    labels.sort();
    labels.dedup();
    let mut items: BTreeMap<String, ExternalItem> = BTreeMap::new();
    for item in target
        .by_codes(&codes)?
        .into_iter()
        .chain(target.by_labels(&labels)?)
        .filter(|item| !is_own(&item.iri))
    {
        let entry = items
            .entry(item.iri.clone())
            .or_insert_with(|| ExternalItem {
                iri: item.iri.clone(),
                ..ExternalItem::default()
            });
        for l in item.labels {
            push_unique(&mut entry.labels, l);
        }
        for c in item.codes {
            push_unique(&mut entry.codes, c);
        }
        for c in item.parent_codes {
            push_unique(&mut entry.parent_codes, c);
        }
    }
    let items: Vec<ExternalItem> = items.into_values().collect();
    let mut out = Vec::new();
    for e in entities {
        out.extend(
            candidates_for(e, &items)
                .into_iter()
                .filter(|c| c.score >= threshold),
        );
    }
    Ok(out)
}

/// The rule and score of the best match between `e` and `item`, if any.
fn score(e: &LocalEntity, item: &ExternalItem) -> Option<(&'static str, f64)> {
    if e.codes.iter().any(|c| item.codes.contains(c)) {
        return Some(("code", 1.0));
    }
    if !e.codes.is_empty() && !item.codes.is_empty() {
        // Both are coded and the codes differ: a namesake elsewhere (市中区).
        return None;
    }
    let parents_known = !e.parent_codes.is_empty() && !item.parent_codes.is_empty();
    if parents_known && !e.parent_codes.iter().any(|c| item.parent_codes.contains(c)) {
        // Both lie in known divisions, and not the same: another city's
        // 高新区 is not this one, whatever their labels.
        return None;
    }
    let ladder: [(Strictness, &'static str, f64, &'static str, f64); 3] = [
        (Strictness::Exact, "label-exact", 0.9, "label-alias", 0.8),
        (
            Strictness::Variant,
            "label-variant",
            0.85,
            "label-alias",
            0.75,
        ),
        (Strictness::Suffix, "label-suffix", 0.7, "label-alias", 0.65),
    ];
    for (strictness, rule, s, alias_rule, alias_score) in ladder {
        let theirs: Vec<String> = item
            .labels
            .iter()
            .map(|l| normalize::key(l, strictness))
            .collect();
        let hit = |names: &[String]| {
            names
                .iter()
                .any(|n| theirs.contains(&normalize::key(n, strictness)))
        };
        if hit(&e.labels) {
            return Some((rule, s));
        }
        if hit(&e.aliases) {
            return Some((alias_rule, alias_score));
        }
    }
    None
}

/// Every scored match of `e`; when codes match, label-only matches are
/// dropped; label matches shared by several items split their score.
fn candidates_for(e: &LocalEntity, items: &[ExternalItem]) -> Vec<Candidate> {
    let scored: Vec<(&ExternalItem, &'static str, f64)> = items
        .iter()
        .filter_map(|i| score(e, i).map(|(r, s)| (i, r, s)))
        .collect();
    let by_code = scored.iter().any(|(_, r, _)| *r == "code");
    let best = scored.iter().map(|(_, _, s)| *s).fold(0.0_f64, f64::max);
    let ties = scored.iter().filter(|(_, _, s)| *s == best).count().max(1);
    let mut out: Vec<Candidate> = scored
        .into_iter()
        .filter(|(_, r, _)| !by_code || *r == "code")
        .map(|(item, rule, s)| Candidate {
            subject: e.iri.clone(),
            subject_label: e.labels.first().cloned().unwrap_or_default(),
            object: item.iri.clone(),
            object_label: item.labels.first().cloned().unwrap_or_default(),
            rule,
            score: if rule == "code" { s } else { s / ties as f64 },
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.object.cmp(&b.object)));
    out
}

/// The VoID linkset of `candidates` in `{base}graph/links`, sorted.
pub fn linkset_quads(
    candidates: &[Candidate],
    target: &Target,
    config: &Config,
) -> Result<Vec<Quad>, LinkError> {
    let graph = graph::links_graph(config)?;
    let g = GraphName::NamedNode(graph);
    let node = |iri: String| -> Result<NamedNode, LinkError> {
        NamedNode::new(iri.as_str())
            .map_err(|source| LinkError::Graph(GraphError::InvalidIri { iri, source }))
    };
    let mut quads = Vec::new();
    let mut add = |s: &NamedNode, p: NamedNodeRef<'_>, o: Term| {
        quads.push(Quad::new(
            NamedOrBlankNode::NamedNode(s.clone()),
            p,
            o,
            g.clone(),
        ));
    };
    let source = node(target.iri.clone())?;
    let slug = hex::encode(&Sha256::digest(target.iri.as_bytes())[..6]);
    let linkset = node(format!("{}linkset/{slug}", config.base))?;
    let external = node(format!("{}linkset/{slug}/target", config.base))?;
    let ours = node(format!("{}dataset", config.base))?;
    add(&linkset, rdf::TYPE, void::LINKSET.into());
    add(&linkset, void::SUBJECTS_TARGET, ours.clone().into());
    add(&linkset, void::OBJECTS_TARGET, external.clone().into());
    add(&linkset, prov::WAS_DERIVED_FROM, source.clone().into());
    add(
        &linkset,
        rdfs::LABEL,
        Literal::new_simple_literal(format!("Links to {}", target.iri)).into(),
    );
    add(
        &linkset,
        void::TRIPLES,
        Literal::new_typed_literal(candidates.len().to_string(), xsd::INTEGER).into(),
    );
    add(&ours, rdf::TYPE, void::DATASET.into());
    add(&external, rdf::TYPE, void::DATASET.into());
    let access = match target.spec() {
        TargetSpec::Endpoint(_) => void::SPARQL_ENDPOINT,
        TargetSpec::File(_) => void::DATA_DUMP,
    };
    add(&external, access, source.clone().into());
    let mut predicates = Vec::new();
    for c in candidates {
        let s = node(c.subject.clone())?;
        let o = node(c.object.clone())?;
        let p = c.predicate();
        if !predicates.contains(&p) {
            predicates.push(p);
            add(&linkset, void::LINK_PREDICATE, p.into_owned().into());
        }
        add(&s, p, o.clone().into());
        let key = format!("{}\n{}\n{}", c.subject, p.as_str(), c.object);
        let statement = node(format!(
            "{}link/{}",
            config.base,
            hex::encode(&Sha256::digest(key.as_bytes())[..8])
        ))?;
        add(&statement, rdf::TYPE, rdf::STATEMENT.into());
        add(&statement, rdf::SUBJECT, s.into());
        add(&statement, rdf::PREDICATE, p.into_owned().into());
        add(&statement, rdf::OBJECT, o.into());
        add(
            &statement,
            civkg::LINK_RULE,
            Literal::new_simple_literal(c.rule).into(),
        );
        add(
            &statement,
            civkg::LINK_SCORE,
            Literal::new_typed_literal(format!("{:.2}", c.score), xsd::DECIMAL).into(),
        );
        add(&statement, prov::WAS_DERIVED_FROM, source.clone().into());
        add(&statement, void::IN_DATASET, linkset.clone().into());
    }
    quads.sort_by_cached_key(ToString::to_string);
    quads.dedup();
    Ok(quads)
}

/// What [`link`] did.
#[derive(Debug, Clone)]
pub struct LinkReport {
    /// Every candidate kept (at or above the threshold).
    pub candidates: Vec<Candidate>,
    /// Quads written into the links graph (0 on a dry run).
    pub quads: usize,
    /// The links graph.
    pub graph: String,
}

/// Discovers links between the store at `location` and `target`; unless
/// `dry_run`, rebuilds the store atomically with every existing quad, the
/// links graph replaced by the new linkset.
pub fn link(
    location: &Path,
    target: &Target,
    threshold: f64,
    dry_run: bool,
    config: &Config,
) -> Result<LinkReport, LinkError> {
    let graph_iri = graph::links_graph(config)?;
    let store = crate::store::open_read_only(location)?;
    let entities = local_entities(&store)?;
    let candidates = discover(&entities, target, threshold, &config.base)?;
    let mut report = LinkReport {
        candidates,
        quads: 0,
        graph: graph_iri.as_str().to_owned(),
    };
    if dry_run {
        return Ok(report);
    }
    let links = linkset_quads(&report.candidates, target, config)?;
    let mut quads: Vec<Quad> = Vec::new();
    for q in store.iter() {
        let q = q.map_err(|e| LinkError::Query(e.to_string()))?;
        if q.graph_name.as_ref() != GraphNameRef::NamedNode(graph_iri.as_ref()) {
            quads.push(q);
        }
    }
    drop(store);
    report.quads = links.len();
    quads.extend(links);
    crate::store::rebuild(location, &quads)?;
    Ok(report)
}

/// Writes candidates as an aligned table (for `--dry-run`).
pub fn write_table(candidates: &[Candidate], out: &mut impl std::io::Write) -> std::io::Result<()> {
    let header = [
        "score",
        "rule",
        "predicate",
        "label",
        "entity",
        "target label",
        "target",
    ];
    let rows: Vec<[String; 7]> = candidates
        .iter()
        .map(|c| {
            [
                format!("{:.2}", c.score),
                c.rule.to_owned(),
                crate::query::compact_iri(c.predicate().as_str()),
                c.subject_label.clone(),
                c.subject.clone(),
                c.object_label.clone(),
                c.object.clone(),
            ]
        })
        .collect();
    let width = |s: &str| {
        s.chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>()
    };
    let mut widths = header.map(width);
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: Vec<&str>, out: &mut dyn std::io::Write| -> std::io::Result<()> {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            s.push_str(cell);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(w - width(cell) + 2));
            }
        }
        writeln!(out, "{s}")
    };
    line(header.to_vec(), out)?;
    for r in &rows {
        line(r.iter().map(String::as_str).collect(), out)?;
    }
    writeln!(out, "{} candidate link(s)", candidates.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(labels: &[&str], aliases: &[&str], codes: &[&str]) -> LocalEntity {
        LocalEntity {
            iri: "http://x/e".to_owned(),
            kind: "place".to_owned(),
            labels: labels.iter().map(|s| s.to_string()).collect(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            codes: codes.iter().map(|s| s.to_string()).collect(),
            parent_codes: Vec::new(),
        }
    }

    fn item(iri: &str, labels: &[&str], codes: &[&str]) -> ExternalItem {
        ExternalItem {
            iri: iri.to_owned(),
            labels: labels.iter().map(|s| s.to_string()).collect(),
            codes: codes.iter().map(|s| s.to_string()).collect(),
            parent_codes: Vec::new(),
        }
    }

    #[test]
    fn a_label_match_in_another_parent_division_is_no_link() {
        let mut zone = entity(&["济南高新区"], &["高新区"], &[]);
        zone.parent_codes = vec!["370100".into()];
        let mut elsewhere = item("http://y/qingdao-zone", &["高新区"], &[]);
        elsewhere.parent_codes = vec!["370200".into()];
        assert_eq!(score(&zone, &elsewhere), None);
        let mut here = item("http://y/jinan-zone", &["高新区"], &[]);
        here.parent_codes = vec!["370100".into()];
        assert!(score(&zone, &here).is_some());
        // A parent unknown on either side decides nothing.
        assert!(score(&zone, &item("http://y/zone", &["高新区"], &[])).is_some());
    }

    #[test]
    fn rules_and_scores() {
        let cases = [
            (
                "same code",
                entity(&["钢城区"], &[], &["370117"]),
                item("q", &["鋼城區"], &["370117"]),
                Some(("code", 1.0)),
            ),
            (
                "namesake with another code",
                entity(&["市中区"], &[], &["370103"]),
                item("q", &["市中区"], &["370402"]),
                None,
            ),
            (
                "exact label",
                entity(&["济南市"], &[], &[]),
                item("q", &["济南市"], &[]),
                Some(("label-exact", 0.9)),
            ),
            (
                "full-width label",
                entity(&["济南市"], &[], &[]),
                item("q", &["济南市　"], &[]),
                Some(("label-exact", 0.9)),
            ),
            (
                "traditional label",
                entity(&["济南市"], &[], &[]),
                item("q", &["濟南市"], &[]),
                Some(("label-variant", 0.85)),
            ),
            (
                "alias",
                entity(&["济南市民政局"], &["市民政局"], &[]),
                item("q", &["市民政局"], &[]),
                Some(("label-alias", 0.8)),
            ),
            (
                "suffix dropped",
                entity(&["济南市"], &[], &[]),
                item("q", &["济南"], &[]),
                Some(("label-suffix", 0.7)),
            ),
            (
                "nothing in common",
                entity(&["济南市"], &[], &[]),
                item("q", &["青岛市"], &[]),
                None,
            ),
        ];
        for (name, e, i, expected) in cases {
            assert_eq!(score(&e, &i), expected, "{name}");
        }
    }

    #[test]
    fn ambiguous_labels_split_their_score_and_codes_win() {
        let e = entity(&["市中区"], &[], &[]);
        let items = [item("a", &["市中区"], &[]), item("b", &["市中区"], &[])];
        let c = candidates_for(&e, &items);
        assert_eq!(c.len(), 2);
        assert!((c[0].score - 0.45).abs() < 1e-9);

        let e = entity(&["济南市"], &[], &["370100"]);
        let items = [
            item("a", &["济南"], &["370100"]),
            item("b", &["济南市"], &[]),
        ];
        let c = candidates_for(&e, &items);
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].object.as_str(), c[0].rule), ("a", "code"));
        assert_eq!(c[0].predicate(), owl::SAME_AS);
    }
}
