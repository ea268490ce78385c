//! Small value types shared by every stage: text spans, entity kinds, units
//! and qualifiers.
//!
//! They carry no behaviour beyond naming themselves; the stages that produce
//! them (`report`, `extract`) and consume them (`graph`) live in their own
//! modules.

use std::fmt;

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
}

impl EntityKind {
    /// Every kind, in a stable order.
    pub const ALL: [EntityKind; 10] = [
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

/// The unit a figure is expressed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Unit {
    /// Chinese yuan (元, 万元, 亿元).
    Cny,
    /// Yuan per month (元/月).
    CnyPerMonth,
    /// Yuan per year (元/年).
    CnyPerYear,
    /// Yuan per person and month (元/人·月).
    CnyPerPersonMonth,
    /// Yuan per person and year (元/人·年).
    CnyPerPersonYear,
    /// Percent points (%).
    Percent,
    /// People (人, 名 when counting people).
    Person,
    /// Person-times (人次): visits, attendances; never added to [`Unit::Person`].
    PersonTime,
    /// Households (户).
    Household,
    /// Hours (小时).
    Hour,
    /// Days (天, 日 as a duration).
    Day,
    /// Months (个月).
    Month,
    /// Years as a duration (提前两年).
    Year,
    /// Square metres (平方米).
    SquareMetre,
    /// Mu (亩), the Chinese land unit.
    Mu,
    /// A plain count with a classifier (处, 家, 张, 场 …).
    Count,
}

impl Unit {
    /// Every unit, in a stable order.
    pub const ALL: [Unit; 16] = [
        Self::Cny,
        Self::CnyPerMonth,
        Self::CnyPerYear,
        Self::CnyPerPersonMonth,
        Self::CnyPerPersonYear,
        Self::Percent,
        Self::Person,
        Self::PersonTime,
        Self::Household,
        Self::Hour,
        Self::Day,
        Self::Month,
        Self::Year,
        Self::SquareMetre,
        Self::Mu,
        Self::Count,
    ];

    /// Short code used in CLI output and test fixtures (`CNY`, `PERSON-TIME`, `NUM`).
    pub const fn code(self) -> &'static str {
        match self {
            Self::Cny => "CNY",
            Self::CnyPerMonth => "CNY-PER-MONTH",
            Self::CnyPerYear => "CNY-PER-YEAR",
            Self::CnyPerPersonMonth => "CNY-PER-PERSON-MONTH",
            Self::CnyPerPersonYear => "CNY-PER-PERSON-YEAR",
            Self::Percent => "PERCENT",
            Self::Person => "PERSON",
            Self::PersonTime => "PERSON-TIME",
            Self::Household => "HOUSEHOLD",
            Self::Hour => "HOUR",
            Self::Day => "DAY",
            Self::Month => "MONTH",
            Self::Year => "YEAR",
            Self::SquareMetre => "M2",
            Self::Mu => "MU",
            Self::Count => "NUM",
        }
    }

    /// Parses a code produced by [`Unit::code`].
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.code() == code)
    }

    /// True for monetary units (amounts and rates).
    pub const fn is_money(self) -> bool {
        matches!(
            self,
            Self::Cny
                | Self::CnyPerMonth
                | Self::CnyPerYear
                | Self::CnyPerPersonMonth
                | Self::CnyPerPersonYear
        )
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
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

/// Whether a figure is a level at a point in time, an amount over the
/// period, or a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
