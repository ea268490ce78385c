//! Rules + lexicon: figures and entities found in a parsed report.
//!
//! [`figures`] finds every quantity; [`entities`] finds brands, programs,
//! institutions, people, places, policy documents, awards, rankings, target
//! groups and domains; [`link`] relates them (a figure's subject, what a
//! ranking ranks). Nothing here names any one report's sentences: the rules
//! know the genre, the [`Lexicon`] knows the curated entities.

pub mod entities;
pub mod figures;
pub mod link;
pub mod numeral;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::genre::Genre;
use crate::lexicon::Lexicon;
use crate::model::{Aspect, EntityKind, FigureRole, IndicatorRule, Qualifier, Span, Unit};
use crate::report::Report;

/// A quantity stated in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// The quantity's text: number, magnitude, approximator and unit (`7.83亿元`).
    pub span: Span,
    /// `report.slice(span)`.
    pub raw: String,
    /// Normalised exact value (`783000000`); percentages stay in percent points.
    pub value: Decimal,
    /// Unit.
    pub unit: Unit,
    /// The counter word as written (`处`, `人次`, `元`), if any.
    pub classifier: Option<String>,
    /// Approximator or bound (以上, 余, 约 …).
    pub qualifier: Option<Qualifier>,
    /// Stock, flow or change, when the wording says.
    pub aspect: Option<Aspect>,
    /// What it measures, as a label taken from the clause (`发放低保金`).
    pub measure: String,
    /// Lexicon id of the indicator it measures, when the lexicon knows it.
    pub indicator: Option<String>,
    /// Which rule matched the indicator (see [`IndicatorRule`]).
    pub indicator_rule: Option<IndicatorRule>,
    /// Index into [`Extraction::entities`] of what it is about (program, target group, brand).
    pub subject: Option<usize>,
    /// For a distribution (分别 …), the member this value belongs to (`城市`).
    pub member: Option<String>,
    /// A scale label or a threshold rather than a measured quantity.
    pub role: Option<FigureRole>,
    /// Index of the section in [`Report::sections`].
    pub section: usize,
    /// Index of the sentence ([`crate::report::Sentence::index`]).
    pub sentence: usize,
    /// The clause it was found in.
    pub clause: Span,
}

/// One occurrence of an entity in the text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Mention {
    /// Where it is.
    pub span: Span,
    /// `report.slice(span)`.
    pub text: String,
    /// Index of the sentence ([`crate::report::Sentence::index`]); `None` in the header.
    pub sentence: Option<usize>,
}

/// How two entities (or an entity and a figure) are related.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Entity → its policy domain.
    Domain,
    /// Entity → place where it is or operates.
    Place,
    /// Brand/program/facility → institution that runs it.
    Operator,
    /// Program → target group it serves.
    TargetGroup,
    /// Person → organisation they hold a role in.
    MemberOf,
    /// Policy document → issuing institution.
    Issuer,
    /// Award → body that gives it; or the recipient → award.
    Award,
    /// Ranking → the entity it ranks.
    Ranks,
    /// Entity → a larger entity it is part of (district → city).
    PartOf,
}

/// What an entity relates to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// Another entity (index into [`Extraction::entities`]).
    Entity(usize),
    /// A figure (index into [`Extraction::figures`]).
    Figure(usize),
}

/// A named thing found in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// Its kind.
    pub kind: EntityKind,
    /// Chinese label (the lexicon's label, else the text's).
    pub label: String,
    /// English label, when the lexicon has one.
    pub label_en: Option<String>,
    /// Lexicon id, when the lexicon knows it.
    pub lexicon_id: Option<String>,
    /// A role, for people (副委员长, 部长).
    pub role: Option<String>,
    /// Every occurrence, in document order.
    pub mentions: Vec<Mention>,
    /// Relations, sorted and without duplicates.
    pub relations: Vec<(Relation, Target)>,
}

impl Entity {
    /// A stable key within a report: kind and label.
    pub fn key(&self) -> (EntityKind, &str) {
        (self.kind, &self.label)
    }
}

/// Everything extracted from one report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Extraction {
    /// The id of the genre the report was read as.
    pub genre: String,
    /// Figures, in document order.
    pub figures: Vec<Figure>,
    /// Entities, sorted by kind then label.
    pub entities: Vec<Entity>,
    /// Quantities left out because their value cannot be held exactly
    /// (reported by the converter as warnings).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unrepresentable: Vec<figures::Unrepresentable>,
}

/// Runs every extractor on `report`, read as `genre`.
pub fn extract(report: &Report, lexicon: &Lexicon, genre: &Genre) -> Extraction {
    let (mut figures, unrepresentable) = figures::find_checked(report, lexicon, genre);
    let mut entities = entities::find(report, lexicon, genre);
    link::relate(report, lexicon, genre, &mut figures, &mut entities);
    Extraction {
        genre: genre.id.clone(),
        figures,
        entities,
        unrepresentable,
    }
}
