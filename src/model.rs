//! Small value types shared by every stage: text spans, entity kinds, units
//! and qualifiers.
//!
//! They carry no behaviour beyond naming themselves; the stages that produce
//! them (`report`, `extract`) and consume them (`graph`) live in their own
//! modules.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A half-open range of Unicode code points `[start, end)` in a report's text.
///
/// Offsets count code points, not bytes, following W3C Web Annotation's
/// `TextPositionSelector`; a leading byte-order mark is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

impl Span {
    /// Builds a span; `start <= end` is the caller's responsibility.
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// Number of code points covered.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies inside `self`.
    pub const fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    /// A named service brand (泉心共助).
    Brand,
    /// A program, campaign or project (…行动, …工程, …计划, …项目).
    Program,
    /// An organisation or public body (民政部, 市救助管理站).
    Institution,
    /// A named person.
    Person,
    /// A place: division, zone or site.
    Place,
    /// A policy document issued, revised or drafted (…办法, 《…》).
    PolicyDocument,
    /// An award or honour (中华慈善奖).
    Award,
    /// A ranking claim (居全省首位, 全省率先).
    Ranking,
    /// A group of people a policy targets (低保对象, 老年人).
    TargetGroup,
    /// A policy domain (the report's sections, mapped to a shared scheme).
    Domain,
    /// An event: a meeting, forum, fair or contest (全省民政工作会议, 博览会).
    Event,
}

impl EntityKind {
    /// Every kind, in a stable order.
    pub const ALL: [EntityKind; 11] = [
        Self::Brand,
        Self::Program,
        Self::Institution,
        Self::Person,
        Self::Place,
        Self::PolicyDocument,
        Self::Award,
        Self::Ranking,
        Self::TargetGroup,
        Self::Domain,
        Self::Event,
    ];

    /// The kebab-case code used in CLI output, lexicon files and IRIs.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Brand => "brand",
            Self::Program => "program",
            Self::Institution => "institution",
            Self::Person => "person",
            Self::Place => "place",
            Self::PolicyDocument => "policy-document",
            Self::Award => "award",
            Self::Ranking => "ranking",
            Self::TargetGroup => "target-group",
            Self::Domain => "domain",
            Self::Event => "event",
        }
    }

    /// Parses a code produced by [`EntityKind::code`].
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What the converter's mechanisms need to know about a unit (the `class`
/// of `data/genres/common/units.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnitClass {
    /// An amount of a currency, or a money rate (元, 元/月, 美元).
    Money,
    /// A share in percent (5% is 5).
    Percent,
    /// A difference of percentages (提高2.3个百分点): never a percent.
    PercentagePoint,
    /// A share in permille (‰).
    Permille,
    /// A difference of permille values.
    PermillePoint,
    /// Distinct people (人, 名).
    Person,
    /// Visits, attendances, trips (人次): never added to people.
    PersonTime,
    /// Households (户).
    Household,
    /// Things counted with a classifier (个, 家, 项 …).
    Count,
    /// A length of time or an age.
    Duration,
    /// A physical quantity: mass, length, area, volume, energy, power …
    Physical,
    /// A multiple (倍).
    Multiple,
    /// A structure of shares (8.7:48.5:42.8).
    Ratio,
    /// Something per something that is not money (14.3/10万, 公斤/亩).
    Rate,
}

impl UnitClass {
    /// Every class, in a stable order.
    pub const ALL: [UnitClass; 14] = [
        Self::Money,
        Self::Percent,
        Self::PercentagePoint,
        Self::Permille,
        Self::PermillePoint,
        Self::Person,
        Self::PersonTime,
        Self::Household,
        Self::Count,
        Self::Duration,
        Self::Physical,
        Self::Multiple,
        Self::Ratio,
        Self::Rate,
    ];

    /// The kebab-case code of the units table.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Money => "money",
            Self::Percent => "percent",
            Self::PercentagePoint => "percentage-point",
            Self::Permille => "permille",
            Self::PermillePoint => "permille-point",
            Self::Person => "person",
            Self::PersonTime => "person-time",
            Self::Household => "household",
            Self::Count => "count",
            Self::Duration => "duration",
            Self::Physical => "physical",
            Self::Multiple => "multiple",
            Self::Ratio => "ratio",
            Self::Rate => "rate",
        }
    }

    /// True for things counted one by one (people, visits, households, items):
    /// their counted noun usually follows the counter.
    pub const fn is_counted(self) -> bool {
        matches!(
            self,
            Self::Count | Self::Person | Self::PersonTime | Self::Household
        )
    }
}

/// The unit a figure is expressed in: a code of the genre tables
/// (`CNY`, `PERCENTAGE-POINT`, `CNY-PER-PERSON-MONTH`), its class and its IRI
/// (QUDT's where QUDT has one, civkg's own otherwise).
///
/// Units are data (`data/genres/common/units.toml`); rates the tables do
/// not list are composed from their parts (`元/人次` → `CNY-PER-PERSON-TIME`)
/// and minted under `https://w3id.org/civkg/unit/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Unit {
    code: Arc<str>,
    class: UnitClass,
    iri: Arc<str>,
}

/// Where civkg mints the units QUDT does not have.
pub const CIVKG_UNIT_BASE: &str = "https://w3id.org/civkg/unit/";

/// QUDT's plain count, the unit of a number with a magnitude and no counter.
pub const NUM_IRI: &str = "http://qudt.org/vocab/unit/NUM";

impl Unit {
    /// A unit with its code, class and IRI.
    pub fn new(code: &str, class: UnitClass, iri: &str) -> Self {
        Self {
            code: code.into(),
            class,
            iri: iri.into(),
        }
    }

    /// A unit civkg mints (`https://w3id.org/civkg/unit/{code}`).
    pub fn minted(code: &str, class: UnitClass) -> Self {
        Self::new(code, class, &format!("{CIVKG_UNIT_BASE}{code}"))
    }

    /// QUDT's plain count (`NUM`).
    pub fn count() -> Self {
        Self::new("NUM", UnitClass::Count, NUM_IRI)
    }

    /// Short code used in CLI output and test fixtures (`CNY`, `PERSON-TIME`, `NUM`).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// What kind of unit it is.
    pub const fn class(&self) -> UnitClass {
        self.class
    }

    /// Its IRI.
    pub fn iri(&self) -> &str {
        &self.iri
    }

    /// True for monetary units (amounts and rates).
    pub fn is_money(&self) -> bool {
        self.class == UnitClass::Money
    }

    /// True for a rate (`A-PER-B`): money per something, or anything per something.
    pub fn is_rate(&self) -> bool {
        self.code.contains("-PER-") || self.class == UnitClass::Rate
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// How a figure's value relates to the true quantity (以上, 余, 约 …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Qualifier {
    /// The value or more (以上, 不少于).
    AtLeast,
    /// Somewhat more than the value (余, 多, 超过).
    Over,
    /// About the value (约, 左右).
    Approx,
    /// Slightly less than the value (近, 将近).
    Nearly,
    /// Less than the value (不到, 不足).
    Under,
    /// The value or less (以下, 以内, 不超过).
    AtMost,
}

impl Qualifier {
    /// Every qualifier, in a stable order.
    pub const ALL: [Qualifier; 6] = [
        Self::AtLeast,
        Self::Over,
        Self::Approx,
        Self::Nearly,
        Self::Under,
        Self::AtMost,
    ];

    /// Short code (`at-least`, `over`, …).
    pub const fn code(self) -> &'static str {
        match self {
            Self::AtLeast => "at-least",
            Self::Over => "over",
            Self::Approx => "approx",
            Self::Nearly => "nearly",
            Self::Under => "under",
            Self::AtMost => "at-most",
        }
    }

    /// Parses a code produced by [`Qualifier::code`].
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.code() == code)
    }
}

impl fmt::Display for Qualifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What a figure is when it is not a measured quantity of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FigureRole {
    /// A scale or class label (10万吨级泊位, 5A级景区): names a kind of thing.
    Scale,
    /// A threshold that defines a group (超百亿元企业, 年产值2000万元以上企业).
    Threshold,
}

impl FigureRole {
    /// Short code (`scale`, `threshold`).
    pub const fn code(self) -> &'static str {
        match self {
            Self::Scale => "scale",
            Self::Threshold => "threshold",
        }
    }
}

/// Where the words that matched a figure's indicator were found: the
/// figure's own measure label, or (for a bare measure such as 保障, 规模)
/// its clause, the previous clause, or the previous figure's measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndicatorRule {
    /// Every keyword of the indicator is in the figure's measure label.
    Measure,
    /// The measure is bare; the keywords are in the figure's clause.
    Clause,
    /// The measure is bare; the keywords are in the previous clause and the measure.
    PreviousClause,
    /// The measure is bare; the keywords are in the previous figure's measure and this one.
    PreviousMeasure,
}

impl IndicatorRule {
    /// Short code (`measure`, `clause`, `previous-clause`, `previous-measure`).
    pub const fn code(self) -> &'static str {
        match self {
            Self::Measure => "measure",
            Self::Clause => "clause",
            Self::PreviousClause => "previous-clause",
            Self::PreviousMeasure => "previous-measure",
        }
    }
}

/// Whether a figure is a level at a point in time, an amount over the
/// period, or a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aspect {
    /// A level reached or held (达到, 共有, 总数, 累计).
    Stock,
    /// An amount produced or spent during the period (新增, 发放, 开展).
    Flow,
    /// A change against a previous level (提高, 增长, 同比).
    Change,
}

impl Aspect {
    /// Short code (`stock`, `flow`, `change`).
    pub const fn code(self) -> &'static str {
        match self {
            Self::Stock => "stock",
            Self::Flow => "flow",
            Self::Change => "change",
        }
    }
}

impl fmt::Display for Aspect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
