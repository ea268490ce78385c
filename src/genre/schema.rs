//! The schema of a genre file (`docs/genres.md`): one schema for every
//! file, so that a genre can add to any table of the common ones.

use serde::Deserialize;
use toml::Spanned;

use crate::model::{Aspect, UnitClass};

/// One `*.toml` file of a genre folder.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GenreFile {
    pub version: String,
    #[serde(default)]
    #[allow(dead_code, reason = "read by reviewers, not by the converter")]
    pub description: Option<String>,
    #[serde(default)]
    pub genre: Option<GenreMeta>,
    #[serde(default)]
    pub unit: Vec<UnitEntry>,
    #[serde(default)]
    pub unit_word: Vec<UnitWordEntry>,
    #[serde(default)]
    pub qualifier: Vec<QualifierEntry>,
    #[serde(default)]
    pub aspect: Vec<AspectEntry>,
    #[serde(default)]
    pub collective: Vec<CollectiveEntry>,
    #[serde(default)]
    pub list: Vec<ListEntry>,
    #[serde(default)]
    pub institution_suffix: Vec<InstitutionSuffixEntry>,
    #[serde(default)]
    pub relative_prefix: Vec<CharRuleEntry>,
    #[serde(default)]
    pub place_suffix: Vec<CharRuleEntry>,
    #[serde(default)]
    pub target_head: Vec<TargetHeadEntry>,
}

/// `[[institution_suffix]]`: a word that ends an institution's name, with
/// the shortest and longest core between the prefix and it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct InstitutionSuffixEntry {
    pub word: String,
    pub core: [usize; 2],
    /// Characters right after it that show it is part of another word (局长, 部门).
    #[serde(default)]
    pub not_before: Option<String>,
    #[serde(default)]
    #[allow(dead_code, reason = "read by reviewers, not by the converter")]
    pub note: Option<String>,
}

/// `[[relative_prefix]]` / `[[place_suffix]]`: one character and the
/// characters around it that make it part of another word.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CharRuleEntry {
    pub char: char,
    #[serde(default)]
    pub not_after: Option<String>,
    #[serde(default)]
    pub not_before: Option<String>,
}

/// `[[target_head]]`: the head noun of a target group.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TargetHeadEntry {
    pub word: String,
    /// True when the head alone is no group (人员, 对象).
    #[serde(default)]
    pub needs_modifier: bool,
}

/// `[genre]`: the genre a folder defines.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GenreMeta {
    pub id: String,
    pub zh: String,
    pub en: String,
    /// Words of a title that recognise the genre (统计公报, 政府工作报告).
    #[serde(default)]
    pub detect: Vec<String>,
    /// Breaks ties between genres whose keywords are equally long.
    #[serde(default)]
    pub priority: i64,
    /// The genre of a report nothing recognises.
    #[serde(default)]
    pub default: bool,
    #[serde(default)]
    #[allow(dead_code, reason = "read by reviewers, not by the converter")]
    pub note: Option<String>,
}

/// `[[unit]]`: a unit of measure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UnitEntry {
    pub code: Spanned<String>,
    pub iri: String,
    pub zh: String,
    pub en: String,
    pub class: UnitClass,
    #[serde(default)]
    pub factor: Option<Spanned<String>>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    #[allow(dead_code, reason = "read by reviewers, not by the converter")]
    pub note: Option<String>,
}

/// Characters (one string) or words (an array).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum Before {
    Chars(String),
    Words(Vec<String>),
}

/// A mechanism of the scanner a unit word needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum Rule {
    /// 年: a four-digit number from 1000 to 2199 is a year, never a duration.
    Year,
}

/// `example` / `counter_example`: one sentence or several.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(untagged)]
pub enum Examples {
    /// No example.
    #[default]
    None,
    /// One sentence.
    One(String),
    /// Several.
    Many(Vec<String>),
}

impl Examples {
    /// The sentences.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            Self::None => Vec::new(),
            Self::One(s) => vec![s.clone()],
            Self::Many(v) => v.clone(),
        }
    }
}

/// `[[unit_word]]`: words that may follow a number to make it a figure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UnitWordEntry {
    pub words: Vec<String>,
    pub unit: Spanned<String>,
    #[serde(default)]
    pub not_before: Option<Before>,
    #[serde(default)]
    pub only_before: Option<Before>,
    #[serde(default)]
    pub rule: Option<Rule>,
    #[serde(default)]
    pub factor: Option<Spanned<String>>,
    #[serde(default)]
    pub denominator: Option<bool>,
    #[serde(default)]
    pub rate_only: bool,
    #[serde(default)]
    pub example: Examples,
    #[serde(default)]
    pub counter_example: Examples,
    #[serde(default)]
    #[allow(dead_code, reason = "read by reviewers, not by the converter")]
    pub note: Option<String>,
}

/// Where a qualifier is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum Position {
    /// Before the number (约, 超过).
    Leading,
    /// After the unit (以上, 左右).
    Trailing,
}

/// `[[qualifier]]`: approximators and bounds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QualifierEntry {
    pub position: Position,
    pub qualifier: Spanned<String>,
    pub words: Vec<String>,
    /// Characters before the word that make it part of another word (节约).
    #[serde(default)]
    pub not_after: Option<String>,
    #[serde(default)]
    pub example: Examples,
    #[serde(default)]
    pub counter_example: Examples,
    #[serde(default)]
    #[allow(dead_code, reason = "read by reviewers, not by the converter")]
    pub note: Option<String>,
}

/// `[[aspect]]`: words that say a figure is a stock, a flow or a change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AspectEntry {
    pub aspect: Aspect,
    pub words: Vec<String>,
    #[serde(default)]
    pub example: Examples,
    #[serde(default)]
    #[allow(dead_code, reason = "read by reviewers, not by the converter")]
    pub note: Option<String>,
}

/// `[[collective]]`: a word a `分别` distribution splits into members.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CollectiveEntry {
    pub word: String,
    pub members: Vec<String>,
    #[serde(default)]
    #[allow(dead_code, reason = "examples of collectives are read by reviewers")]
    pub example: Examples,
}

/// `[[list]]`: words (or characters) one mechanism of the converter acts on.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ListEntry {
    pub name: Spanned<ListName>,
    #[serde(default)]
    pub words: Vec<String>,
    /// Single characters, written as one string.
    #[serde(default)]
    pub chars: Option<String>,
    /// Words a genre takes out of the common list.
    #[serde(default)]
    pub remove: Vec<String>,
    #[serde(default)]
    pub example: Examples,
    #[serde(default)]
    pub counter_example: Examples,
    #[serde(default)]
    #[allow(dead_code, reason = "read by reviewers, not by the converter")]
    pub note: Option<String>,
}

/// The lists the converter's mechanisms read. Each is documented where the
/// common tables define it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ListName {
    // --- figures: what is not a figure -----------------------------------
    /// Characters right before a number that make it an ordinal or a rate denominator (第, 每).
    NotAfter,
    /// Characters before a lone 一 that make it part of a word (统一, 唯一).
    OneInWordAfter,
    /// Characters after 一 + counter that make a set phrase (一次性, 一条龙).
    OneInWordBefore,
    /// Counters that, after a lone 一, mean "a lot" (一批).
    OneVagueCounters,
    /// Nouns after a duration in years that make it a programme name (三年行动).
    ProgrammeNouns,
    /// Counters that, after 前, make the number a rank (前三名).
    RankCounters,
    /// Words ending in 前 that do not make a rank (提前两年).
    RankNotAfter,
    /// Words before a bare magnitude that make it a level reached (突破百亿次).
    LevelVerbs,
    /// Characters after a number and its unit that make it a scale label (万吨级).
    ScaleSuffixes,
    /// Words before a number that make it a threshold (超百亿元的企业).
    ThresholdBefore,
    /// Words after a figure that make it a threshold (…以上的企业).
    ThresholdAfter,
    // --- figures: the words around a measure -----------------------------
    /// Words that open a clause without saying what is measured.
    LeadingNoise,
    /// Prepositions that are noise only when nothing else is left.
    WholeNoise,
    /// Words that close the text before a number without saying what is measured.
    TrailingNoise,
    /// Change verbs closing the text before a number, removed when a label is left.
    TrailingChange,
    /// Comparison words left before a change verb (同比, 较上年).
    Comparators,
    /// Words after a counted noun where the predicate starts.
    PredicateStarts,
    /// Flow verbs removed from a measure inherited by a later stock figure.
    FlowPrefixes,
    /// Words that turn a flow into a stock anywhere before it in the clause (累计).
    Cumulative,
    /// What may stand between two figures of one list (、 和 及).
    ListSeparators,
    /// Words that look like they hold an aspect word and do not (率先 is "first to", not a rate).
    NotAspect,
    // --- entities ----------------------------------------------------------
    /// Words after a quoted name that make it a program.
    ProgramSuffixes,
    /// Words after a quoted name that make it a working model.
    ModelSuffixes,
    /// Words after a quoted name that make it a branded service.
    ServiceSuffixes,
    /// Counters of branded sites (处, 家).
    SiteCounters,
    /// Words near a quoted name that show it is a slogan, not a program.
    NotANameHints,
    /// Verbs that open an unquoted program name.
    ProgramVerbs,
    /// Words that end an unquoted program name.
    UnquotedProgramSuffixes,
    /// Verbs that issue a policy document.
    DocumentVerbs,
    /// Words that end a policy document name.
    DocumentSuffixes,
    /// Verbs that confer an honour.
    HonourVerbs,
    /// Words that end an honour's name.
    HonourSuffixes,
    /// Words that may open a ranking claim (位居).
    RankingLeads,
    /// Scopes of a ranking claim (全国, 全省).
    RankingScopes,
    /// Positions of a ranking claim (首位, 前列).
    RankingPositions,
    /// Words before a number and a rank counter that make a ranking (包揽前).
    RankingSweeps,
    /// Role titles before a person's name.
    RoleTitles,
    /// Role heads that take the words before them into the role (候选对象).
    RoleHeadsWithModifiers,
    /// Words between an institution and a role (时任).
    RoleQualifiers,
    /// Single-character surnames.
    Surnames,
    /// Words that may follow a person's name.
    AfterName,
    /// Prefixes of national bodies (国家, 中国).
    NationalPrefixes,
    /// Characters an institution's core may not contain.
    CoreStops,
    /// Characters an institution's core may not start with.
    CoreBadStart,
    /// Characters a place name found by rule may not contain.
    PlaceStops,
    /// Verbs that look like a place name before 区/市.
    NotPlaceNames,
    /// Characters before a place name that mark a word boundary.
    PlaceOpeners,
    /// Modifiers of target groups.
    TargetModifiers,
    /// Verbs before an event name (举办, 召开).
    EventVerbs,
    /// Words that end an event name (会议, 论坛, 博览会).
    EventSuffixes,
    /// Words that end the issuing body's name inside a title (政府, 统计局).
    PublisherSuffixes,
}
