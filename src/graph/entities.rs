//! Entities: which IRI names each one, the report's publisher and area,
//! and their descriptions, mentions and relations.

use std::borrow::Cow;

use oxigraph::model::{NamedNode, NamedNodeRef};

use crate::extract::{Entity, Extraction, Mention, Relation, Target};
use crate::lexicon::{Concept, LexEntity, Lexicon};
use crate::model::{EntityKind, Span};
use crate::report::Report;

use super::document::{self, TextIndex};
use super::iri::{named_node, Minter};
use super::sink::Sink;
use super::vocab::{civkg, org, owl, rdf, rdfs, skos};
use super::GraphError;

/// What an entity is, as far as naming goes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Identity<'l> {
    /// A policy domain of the lexicon's concept scheme: `{base}id/domain/{id}`.
    Concept(&'l Concept),
    /// A lexicon entity shared by every report, or a place: `{base}id/{kind}/{id}`.
    Shared(&'l LexEntity),
    /// An entity of this report only: `{base}report/{id}/{kind}/{label}`,
    /// possibly known to the lexicon.
    Local(Option<&'l LexEntity>),
}

/// True when a lexicon entity gets one IRI across reports.
pub(crate) fn is_shared(e: &LexEntity) -> bool {
    e.shared || e.kind == EntityKind::Place
}

impl<'l> Identity<'l> {
    /// Decides how an entity of `kind`, labelled `label`, with this lexicon id, is named.
    pub(crate) fn of(
        kind: EntityKind,
        label: &str,
        lexicon_id: Option<&str>,
        lexicon: &'l Lexicon,
    ) -> Self {
        if kind == EntityKind::Domain {
            let concept = lexicon_id
                .and_then(|id| lexicon.concept(id))
                .or_else(|| lexicon.concepts.iter().find(|c| c.zh == label));
            if let Some(c) = concept {
                return Self::Concept(c);
            }
        }
        match lexicon_id.and_then(|id| lexicon.entity(id)) {
            Some(e) if is_shared(e) => Self::Shared(e),
            lex => Self::Local(lex),
        }
    }

    /// The entity's IRI.
    pub(crate) fn iri(
        &self,
        kind: EntityKind,
        label: &str,
        minter: &Minter,
    ) -> Result<NamedNode, GraphError> {
        match self {
            Self::Concept(c) => minter.domain(&c.id),
            Self::Shared(e) => minter.shared_entity(e.kind, &e.id),
            Self::Local(_) => minter.local_entity(kind, label),
        }
    }

    /// The kind written as its type (the lexicon's, for shared entities).
    fn kind(&self, kind: EntityKind) -> EntityKind {
        match self {
            Self::Concept(_) => EntityKind::Domain,
            Self::Shared(e) => e.kind,
            Self::Local(_) => kind,
        }
    }

    /// Chinese and English labels (the lexicon's, for shared entities and concepts).
    fn labels<'a>(&'a self, entity: &'a Entity) -> (&'a str, Option<&'a str>) {
        match self {
            Self::Concept(c) => (&c.zh, Some(&c.en)),
            Self::Shared(e) => (&e.zh, e.en.as_deref()),
            Self::Local(lex) => (
                &entity.label,
                entity
                    .label_en
                    .as_deref()
                    .or_else(|| lex.and_then(|l| l.en.as_deref())),
            ),
        }
    }
}

/// The class an entity kind is written as.
pub(crate) fn kind_class(kind: EntityKind) -> NamedNodeRef<'static> {
    match kind {
        EntityKind::Brand => civkg::BRAND,
        EntityKind::Program => civkg::PROGRAM,
        EntityKind::Institution => civkg::INSTITUTION,
        EntityKind::Person => civkg::PERSON,
        EntityKind::Place => civkg::PLACE,
        EntityKind::PolicyDocument => civkg::POLICY_DOCUMENT,
        EntityKind::Award => civkg::AWARD,
        EntityKind::Ranking => civkg::RANKING,
        EntityKind::TargetGroup => civkg::TARGET_GROUP,
        EntityKind::Domain => civkg::DOMAIN_CLASS,
        EntityKind::Event => civkg::EVENT,
    }
}

/// The property a relation is written as.
pub(crate) fn relation_property(relation: Relation) -> NamedNodeRef<'static> {
    match relation {
        Relation::Domain => civkg::DOMAIN,
        Relation::Place => civkg::PLACE_PROP,
        Relation::Operator => civkg::OPERATOR,
        Relation::TargetGroup => civkg::TARGET_GROUP_PROP,
        Relation::MemberOf => org::MEMBER_OF,
        Relation::Issuer => civkg::ISSUER,
        Relation::Award => civkg::AWARD_PROP,
        Relation::Ranks => civkg::RANKS,
        Relation::PartOf => civkg::PART_OF,
    }
}

/// The IRI of an extracted entity.
pub(crate) fn entity_iri(
    entity: &Entity,
    lexicon: &Lexicon,
    minter: &Minter,
) -> Result<NamedNode, GraphError> {
    Identity::of(
        entity.kind,
        &entity.label,
        entity.lexicon_id.as_deref(),
        lexicon,
    )
    .iri(entity.kind, &entity.label, minter)
}

/// The extracted entities plus the publisher and area when the extraction
/// lacks them, each with its IRI.
#[derive(Debug)]
pub(crate) struct Resolved<'a> {
    /// Extracted entities first (same indices as [`Extraction::entities`]), then added ones.
    pub(crate) entities: Vec<Cow<'a, Entity>>,
    /// IRI of each entity.
    pub(crate) iris: Vec<NamedNode>,
    /// Index of the publishing institution.
    pub(crate) publisher: Option<usize>,
    /// Index of the place the report covers.
    pub(crate) area: Option<usize>,
}

impl Resolved<'_> {
    /// The IRI of entity `index`.
    pub(crate) fn iri(&self, index: usize) -> Result<&NamedNode, GraphError> {
        self.iris.get(index).ok_or(GraphError::IndexOutOfRange {
            what: "entity",
            index,
            len: self.iris.len(),
        })
    }
}

/// Names every entity and finds the report's publisher and area.
pub(crate) fn resolve<'a>(
    report: &Report,
    extraction: &'a Extraction,
    lexicon: &Lexicon,
    minter: &Minter,
) -> Result<Resolved<'a>, GraphError> {
    let mut entities: Vec<Cow<'a, Entity>> =
        extraction.entities.iter().map(Cow::Borrowed).collect();
    let publisher = report.publisher().map(|(name, span)| {
        find_publisher(&entities, lexicon, &name, span).unwrap_or_else(|| {
            entities.push(Cow::Owned(header_entity(
                report,
                lexicon,
                EntityKind::Institution,
                &name,
                span,
            )));
            entities.len() - 1
        })
    });
    let area = find_area(report, &mut entities, lexicon);
    let iris = entities
        .iter()
        .map(|e| entity_iri(e, lexicon, minter))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Resolved {
        entities,
        iris,
        publisher,
        area,
    })
}

/// An extracted institution named like the publisher or mentioned where it is.
fn find_publisher(
    entities: &[Cow<'_, Entity>],
    lexicon: &Lexicon,
    name: &str,
    span: Span,
) -> Option<usize> {
    let lexicon_id = lexicon.by_name(name).map(|e| e.id.as_str());
    entities.iter().position(|e| {
        e.kind == EntityKind::Institution
            && (e.label == name
                || e.mentions.iter().any(|m| m.span == span)
                || (lexicon_id.is_some() && e.lexicon_id.as_deref() == lexicon_id))
    })
}

/// An entity named in the header, described from the lexicon when it knows the name.
fn header_entity(
    report: &Report,
    lexicon: &Lexicon,
    kind: EntityKind,
    name: &str,
    span: Span,
) -> Entity {
    let lex = lexicon.by_name(name).filter(|e| e.kind == kind);
    Entity {
        kind,
        label: lex.map_or(name, |e| e.zh.as_str()).to_owned(),
        label_en: lex.and_then(|e| e.en.clone()),
        lexicon_id: lex.map(|e| e.id.clone()),
        role: None,
        mentions: vec![Mention {
            span,
            text: report.slice(span).to_owned(),
            sentence: None,
        }],
        relations: Vec::new(),
    }
}

/// The place the report covers: the most specific place named in the
/// publisher's name (else the title), from the extraction, else the
/// lexicon, else the name up to its last division suffix (省市区县州旗盟).
fn find_area(
    report: &Report,
    entities: &mut Vec<Cow<'_, Entity>>,
    lexicon: &Lexicon,
) -> Option<usize> {
    let mut regions: Vec<(String, Span)> = Vec::new();
    if let Some((name, span)) = report.publisher() {
        regions.push((name, span));
    }
    if let Some((title, span)) = report.metadata.title() {
        regions.push((title.to_owned(), span));
    }
    for (text, span) in &regions {
        // Extracted places mentioned in the region, latest-ending first.
        let extracted = entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityKind::Place)
            .flat_map(|(i, e)| e.mentions.iter().map(move |m| (i, m.span)))
            .filter(|(_, m)| span.contains(m))
            .max_by_key(|(_, m)| (m.end, m.len()));
        if let Some((i, _)) = extracted {
            return Some(i);
        }
        if let Some(place) = lexicon_place_in(text, *span, lexicon) {
            entities.push(Cow::Owned(header_entity(
                report,
                lexicon,
                EntityKind::Place,
                &place.0,
                place.1,
            )));
            return Some(entities.len() - 1);
        }
    }
    let (name, span) = report.publisher()?;
    let cut = division_prefix(&name)?;
    let place_span = Span::new(span.start, span.start + cut.chars().count());
    entities.push(Cow::Owned(header_entity(
        report,
        lexicon,
        EntityKind::Place,
        cut,
        place_span,
    )));
    Some(entities.len() - 1)
}

/// The lexicon place named in `text` that ends last (the most specific in
/// 省…市…区 chains), with its span; `region` is where `text` is.
fn lexicon_place_in(text: &str, region: Span, lexicon: &Lexicon) -> Option<(String, Span)> {
    let mut best: Option<(String, Span)> = None;
    for (name, entity) in lexicon.names_longest_first() {
        if entity.kind != EntityKind::Place {
            continue;
        }
        for (byte, _) in text.match_indices(name) {
            let start = region.start + text[..byte].chars().count();
            let span = Span::new(start, start + name.chars().count());
            if best
                .as_ref()
                .is_none_or(|(_, b)| (span.end, span.len()) > (b.end, b.len()))
            {
                best = Some((name.to_owned(), span));
            }
        }
    }
    best
}

/// `name` up to and including its last division suffix, when something follows it.
fn division_prefix(name: &str) -> Option<&str> {
    let (byte, c) = name
        .char_indices()
        .rev()
        .find(|&(i, c)| i > 0 && "省市区县州旗盟".contains(c))?;
    let end = byte + c.len_utf8();
    (end < name.len()).then(|| &name[..end])
}

/// Writes every entity: types, labels, role, lexicon links, mentions and relations.
pub(crate) fn write(
    resolved: &Resolved<'_>,
    figures: &[NamedNode],
    lexicon: &Lexicon,
    minter: &Minter,
    text: &TextIndex,
    sink: &mut Sink,
) -> Result<(), GraphError> {
    for (entity, iri) in resolved.entities.iter().zip(&resolved.iris) {
        let identity = Identity::of(
            entity.kind,
            &entity.label,
            entity.lexicon_id.as_deref(),
            lexicon,
        );
        describe(sink, iri, identity, entity);
        if let Identity::Local(Some(lex)) = identity {
            lexicon_links(sink, iri, lex, lexicon, minter)?;
        }
        for m in &entity.mentions {
            let node = document::mention(sink, minter, text, m.span, &m.text, m.sentence)?;
            sink.link(iri, civkg::MENTION_PROP, &node);
        }
        for (relation, target) in &entity.relations {
            let object = match *target {
                Target::Entity(i) => resolved.iri(i)?,
                Target::Figure(i) => figures.get(i).ok_or(GraphError::IndexOutOfRange {
                    what: "figure",
                    index: i,
                    len: figures.len(),
                })?,
            };
            sink.link(iri, relation_property(*relation), object);
        }
    }
    Ok(())
}

/// Types, labels and role.
fn describe(sink: &mut Sink, iri: &NamedNode, identity: Identity<'_>, entity: &Entity) {
    let kind = identity.kind(entity.kind);
    sink.term(iri, rdf::TYPE, civkg::ENTITY);
    sink.term(iri, rdf::TYPE, kind_class(kind));
    if kind == EntityKind::Domain {
        sink.term(iri, rdf::TYPE, skos::CONCEPT);
    }
    let (zh, en) = identity.labels(entity);
    sink.zh(iri, rdfs::LABEL, zh);
    sink.zh(iri, skos::PREF_LABEL, zh);
    if let Some(en) = en {
        sink.en(iri, rdfs::LABEL, en);
        sink.en(iri, skos::PREF_LABEL, en);
    }
    if let Some(role) = &entity.role {
        sink.zh(iri, civkg::ROLE, role);
    }
}

/// What the lexicon knows of an entity: external ids, code, parent, domain.
pub(crate) fn lexicon_links(
    sink: &mut Sink,
    iri: &NamedNode,
    lex: &LexEntity,
    lexicon: &Lexicon,
    minter: &Minter,
) -> Result<(), GraphError> {
    for same in &lex.same_as {
        sink.link(iri, owl::SAME_AS, &named_node(same.clone())?);
    }
    if let Some(code) = &lex.code {
        sink.string(iri, civkg::CODE, code);
    }
    if let Some(parent) = lex.parent.as_deref().and_then(|id| lexicon.entity(id)) {
        if is_shared(parent) {
            sink.link(
                iri,
                civkg::PART_OF,
                &minter.shared_entity(parent.kind, &parent.id)?,
            );
        }
    }
    if let Some(domain) = lex
        .domain
        .as_deref()
        .filter(|id| lexicon.concept(id).is_some())
    {
        sink.link(iri, civkg::DOMAIN, &minter.domain(domain)?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_prefixes() {
        let cases = [
            ("city bureau", "甲市民政局", Some("甲市")),
            ("district of a city", "甲市乙区民政局", Some("甲市乙区")),
            ("county", "丙县民政局", Some("丙县")),
            ("no division", "民政部", None),
            ("nothing after the suffix", "甲市", None),
        ];
        for (name, input, expected) in cases {
            assert_eq!(division_prefix(input), expected, "{name}");
        }
    }
}
