//! Figures: every quantity in the body.
//!
//! A figure is a numeral ([`super::numeral`]) followed by an optional
//! magnitude (`万`, `亿` …) and a unit or counter word (`元`, `元/月`, `%`,
//! `人次`, `吨`, `处` …), with the approximators around it (`约`, `超过`,
//! `余`, `以上` …). Recognition is by the grammar of the genre alone, and the
//! genre's words are data ([`crate::genre`]):
//!
//! * a bare number is never a figure: it needs a unit, a counter or a
//!   magnitude after it;
//! * years and dates (`2023年`, `2022年度`, `1月14日`), ordinals (`第六届`,
//!   `前三名`), rate denominators (`每万`), identifiers (`3A`, `5G`,
//!   `2024-02-14`, `7×24`) and anything inside quotes or book-title marks
//!   (`“两项补贴”`, `《…》`) are not figures;
//! * `一` only counts when it is not part of a word (`统一`, `唯一`,
//!   `一次性`, `一户一策`);
//! * a unit followed by `/` and more unit words is a rate whose unit is
//!   composed (`元/人·月` → `CNY-PER-PERSON-MONTH`, `元/吨` → `CNY-PER-TONNE`),
//!   and so is a rate written before the number (`每人每月1045元`,
//!   `每亩400公斤`).
//!
//! Each figure is then placed in its clause: what it measures (a label taken
//! from the clause), whether it is a stock, a flow or a change, the member of
//! a `分别` distribution it belongs to, and the lexicon indicator it matches.

use rust_decimal::Decimal;

use crate::genre::table::{same_char, word_at};
use crate::genre::{Genre, ListName, UnitWord};
use crate::lexicon::Lexicon;
use crate::model::{Aspect, FigureRole, IndicatorRule, Qualifier, Span, Unit, UnitClass};
use crate::report::{Report, Sentence};

use super::numeral::{self, Numeral, Script};
use super::Figure;

/// Finds every figure in the report's body (preamble and sections, never the
/// metadata header), in document order, with the words of `genre`.
pub fn find(report: &Report, lexicon: &Lexicon, genre: &Genre) -> Vec<Figure> {
    find_checked(report, lexicon, genre).0
}

/// Like [`find`], with the quantities that could not be kept because their
/// value is not representable exactly (see [`Unrepresentable`]).
pub fn find_checked(
    report: &Report,
    lexicon: &Lexicon,
    genre: &Genre,
) -> (Vec<Figure>, Vec<Unrepresentable>) {
    let mut figures = Vec::new();
    let mut skipped = Vec::new();
    for (section, _, sentence) in report.sentences() {
        let (found, unrepresentable) = quantities_checked(&sentence.text, genre);
        figures.extend(place(sentence, section, &found, lexicon, genre));
        let base = sentence.span.start;
        skipped.extend(unrepresentable.into_iter().map(|mut u| {
            u.span = Span::new(base + u.span.start, base + u.span.end);
            u
        }));
    }
    (figures, skipped)
}

/// A quantity left out because its value cannot be held exactly: more
/// than 28 significant digits, or beyond ±7.9·10²⁸ once its magnitude is
/// applied (`0.000…0001亿元`, `10³⁰元`). Reported, never silently dropped.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unrepresentable {
    /// Code points of the quantity (in the report once placed by
    /// [`find_checked`], in the scanned text from [`quantities_checked`]).
    pub span: Span,
    /// The quantity as written.
    pub text: String,
}

impl std::fmt::Display for Unrepresentable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown: String = self.text.chars().take(60).collect();
        let more = if self.text.chars().count() > 60 {
            "…"
        } else {
            ""
        };
        write!(
            f,
            "characters {}..{}: the quantity `{shown}{more}` is left out: its value has more than 28 significant digits or exceeds ±7.9e28",
            self.span.start, self.span.end
        )
    }
}

/// A quantity found in a piece of text, before it is placed in a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// Code points of the raw quantity in the scanned text, approximators included.
    pub span: Span,
    /// Code points of the numeral alone.
    pub number: Span,
    /// Exact value, magnitude applied (`7.83亿元` → 783000000).
    pub value: Decimal,
    /// Unit.
    pub unit: Unit,
    /// The unit or counter word as written (`元/月`, `人次`, `处`), if any.
    pub classifier: Option<String>,
    /// Approximator or bound.
    pub qualifier: Option<Qualifier>,
    /// A scale label or a threshold rather than a measured quantity.
    pub role: Option<FigureRole>,
}

/// Finds every quantity in `text` (typically one sentence), in order.
/// Spans count code points from the start of `text`.
pub fn quantities(text: &str, genre: &Genre) -> Vec<Quantity> {
    quantities_checked(text, genre).0
}

/// Like [`quantities`], with the quantities left out because their value
/// cannot be held exactly.
pub fn quantities_checked(text: &str, genre: &Genre) -> (Vec<Quantity>, Vec<Unrepresentable>) {
    let chars: Vec<char> = text.chars().collect();
    let scanner = Scanner::new(&chars, genre);
    let mut found = scanner.run();
    share_rates(&chars, &mut found, genre);
    (found, scanner.unrepresentable.into_inner())
}

/// `每人每月900元和750元`: a rate written once before a list applies to
/// every plain amount of the list in the rate's numerator unit.
fn share_rates(chars: &[char], found: &mut [Quantity], genre: &Genre) {
    for k in 1..found.len() {
        let (before, after) = found.split_at_mut(k);
        let (prev, q) = (&before[k - 1], &mut after[0]);
        let listed = is_list_gap(&chars[prev.span.end..q.span.start], genre);
        let numerator = prev.unit.code().split_once("-PER-").map(|(n, _)| n);
        let plain = q
            .classifier
            .as_deref()
            .is_some_and(|c| !c.contains(['/', '／']));
        if listed && plain && prev.unit.is_rate() && numerator == Some(q.unit.code()) {
            q.unit = prev.unit.clone();
        }
    }
}

// ---------------------------------------------------------------------------
// Scanner
// ---------------------------------------------------------------------------

/// Spaces, and the line breaks of hard-wrapped text, inside a figure
/// (`4.3 万个`, `17190⏎万人`).
fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{3000}' | '\u{a0}' | '\t' | '\n' | '\r' | '\u{2002}' | '\u{2003}' | '\u{2009}'
    )
}

/// Minus signs (a hyphen-minus, its full-width form, the minus sign).
fn is_minus(c: char) -> bool {
    matches!(c, '-' | '－' | '−')
}

/// Characters that, touching a numeral, make it part of a code, a date, a
/// range or a formula (`3A`, `5G`, `2024-02-14`, `1+N`, `7×24`).
fn is_identifier_char(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(
            c,
            '-' | '－'
                | '−'
                | '–'
                | '—'
                | '―'
                | '/'
                | '／'
                | '+'
                | '＋'
                | '×'
                | '*'
                | '~'
                | '～'
                | '_'
                | '#'
                | '@'
                | '.'
                | '．'
        )
        || ('Ａ'..='Ｚ').contains(&c)
        || ('ａ'..='ｚ').contains(&c)
}

fn is_quote_open(c: char) -> bool {
    matches!(c, '“' | '‘' | '《' | '「' | '『' | '〈')
}

fn is_quote_close(c: char) -> bool {
    matches!(c, '”' | '’' | '》' | '」' | '』' | '〉')
}

/// For each character, whether it lies inside quotes or book-title marks.
fn quote_mask(chars: &[char]) -> Vec<bool> {
    let mut depth = 0usize;
    let mut ascii_open = false;
    chars
        .iter()
        .map(|&c| {
            if is_quote_open(c) {
                depth += 1;
                true
            } else if is_quote_close(c) {
                depth = depth.saturating_sub(1);
                true
            } else if c == '"' {
                ascii_open = !ascii_open;
                true
            } else {
                depth > 0 || ascii_open
            }
        })
        .collect()
}

/// `百分之` (the figure after it is a percent).
const PERCENT_WORDS: [char; 3] = ['百', '分', '之'];

struct Scanner<'a> {
    chars: &'a [char],
    quoted: Vec<bool>,
    genre: &'a Genre,
    /// Quantities left out because their value is not exact.
    unrepresentable: std::cell::RefCell<Vec<Unrepresentable>>,
}

/// A unit read after a numeral.
struct UnitRead {
    unit: Unit,
    classifier: Option<String>,
    /// Code points covered (the word, and a rate suffix).
    len: usize,
    /// A factor the word applies (三成 is 30 %).
    factor: Option<Decimal>,
}

impl<'a> Scanner<'a> {
    fn new(chars: &'a [char], genre: &'a Genre) -> Self {
        Self {
            chars,
            quoted: quote_mask(chars),
            genre,
            unrepresentable: std::cell::RefCell::new(Vec::new()),
        }
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn before(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|k| self.at(k))
    }

    fn skip_spaces(&self, mut j: usize) -> usize {
        while self.at(j).is_some_and(is_space) {
            j += 1;
        }
        j
    }

    fn run(&self) -> Vec<Quantity> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.chars.len() {
            if self.quoted[i] {
                i += 1;
                continue;
            }
            if word_at(self.chars, i, &PERCENT_WORDS) {
                if let Some(q) = self
                    .numeral_at(i + 3)
                    .and_then(|n| self.quantity(i + 3, &n, Lead::PercentWords))
                {
                    i = q.span.end;
                    out.push(q);
                    continue;
                }
            }
            if self.is_negative_sign(i) {
                if let Some(q) = numeral::arabic_at(self.chars, i + 1)
                    .and_then(|n| self.quantity(i + 1, &n, Lead::Minus))
                {
                    i = q.span.end;
                    out.push(q);
                    continue;
                }
            }
            match self.numeral_at(i) {
                Some(n) => match self.quantity(i, &n, Lead::None) {
                    Some(q) => {
                        i = q.span.end;
                        out.push(q);
                    }
                    None => i += n.len.max(1),
                },
                None => i += self.run_len(i).max(1),
            }
        }
        out
    }

    /// A minus sign at `i` before a digit, standing alone (`增长-2.3%`, not
    /// `2024-02`, `--2015` or `A-3`).
    fn is_negative_sign(&self, i: usize) -> bool {
        self.at(i).is_some_and(is_minus)
            && self.at(i + 1).is_some_and(numeral::is_arabic_digit)
            && !self
                .before(i)
                .is_some_and(|c| is_identifier_char(c) || numeral::is_arabic_digit(c) || c == '―')
    }

    /// The numeral starting at `i`, if one starts there.
    fn numeral_at(&self, i: usize) -> Option<Numeral> {
        let c = self.at(i)?;
        let prev = self.before(i);
        if numeral::is_arabic_digit(c) {
            if prev.is_some_and(numeral::is_arabic_digit) {
                return None;
            }
            return numeral::arabic_at(self.chars, i);
        }
        if numeral::is_chinese_numeral_char(c)
            && !prev.is_some_and(numeral::is_chinese_numeral_char)
        {
            return numeral::chinese_at(self.chars, i).or_else(|| self.bare_magnitude_at(i));
        }
        None
    }

    /// `百余场`, `千余人`, `近千人`, `超万人次`: a magnitude alone stands for
    /// its value when 余/多 follows or an approximator precedes it.
    fn bare_magnitude_at(&self, i: usize) -> Option<Numeral> {
        let c = self.at(i)?;
        let value = match c {
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            _ => return None,
        };
        let approximate = matches!(self.at(i + 1), Some('余' | '多'))
            || self.leading_qualifier(i).is_some()
            || self
                .genre
                .words(ListName::LevelVerbs)
                .longest_before(self.chars, self.skip_spaces_back(i))
                .is_some();
        approximate.then(|| Numeral {
            value: Decimal::from(value),
            len: 1,
            script: Script::Chinese,
            integer_digits: 0,
            has_fraction: false,
            exact: true,
        })
    }

    /// How far to skip when no numeral starts at `i`: a whole run of
    /// numeral characters, so that its tail is not read as a numeral.
    fn run_len(&self, i: usize) -> usize {
        match self.at(i) {
            Some(c) if numeral::is_chinese_numeral_char(c) => {
                numeral::chinese_run_len(self.chars, i)
            }
            Some(c) if numeral::is_arabic_digit(c) => self.chars[i..]
                .iter()
                .take_while(|c| numeral::is_arabic_digit(**c))
                .count(),
            _ => 1,
        }
    }

    /// Reads the quantity whose numeral `num` starts at `i`, after `lead`.
    /// `None` when it is not a figure.
    fn quantity(&self, i: usize, num: &Numeral, lead: Lead) -> Option<Quantity> {
        let number_end = i + num.len;
        let lead_start = match lead {
            Lead::None => i,
            Lead::PercentWords => i - 3,
            Lead::Minus => i - 1,
        };
        // A character of a code right after the digits (3A, 2024-02) makes no
        // figure, unless a unit word starts there (14.3/10万).
        let code_char = self.at(number_end).is_some_and(is_identifier_char)
            && !self.genre.unit_words.starts_at(self.chars, number_end);
        if !self.left_context_allows(lead_start, num) || code_char {
            return None;
        }
        let mut value = num.value;
        let mut exact = num.exact;
        let mut qualifier = None;
        let mut j = number_end;
        let (unit, classifier) = if lead == Lead::PercentWords {
            (self.genre.unit("PERCENT")?, None)
        } else {
            // 4500余万元, 300多人: 余/多 before the magnitude or the unit.
            if let Some(k) = self.over_marker(self.skip_spaces(j)) {
                qualifier = Some(Qualifier::Over);
                j = k;
            }
            let mut magnitude = false;
            // 百亿次: a bare magnitude takes another one after it.
            let bare =
                num.script == Script::Chinese && num.len == 1 && num.value >= Decimal::ONE_HUNDRED;
            if num.script == Script::Arabic || qualifier.is_some() || bare {
                let k = self.skip_spaces(j);
                if let Some((m, len)) = self.magnitude(k) {
                    value = value.checked_mul(m).unwrap_or_else(|| {
                        exact = false;
                        value
                    });
                    j = k + len;
                    magnitude = true;
                }
            }
            // 2400万余小时: 余 after the magnitude.
            if qualifier.is_none() {
                if let Some(k) = self.over_marker(j) {
                    qualifier = Some(Qualifier::Over);
                    j = k;
                }
            }
            let u = self.skip_spaces(j);
            match self.unit_at(u, i, num) {
                Some(read) => {
                    j = u + read.len;
                    if let Some(f) = read.factor {
                        value = value.checked_mul(f).unwrap_or_else(|| {
                            exact = false;
                            value
                        });
                    }
                    (read.unit, read.classifier)
                }
                None if magnitude && !self.genre.unit_words.starts_at(self.chars, u) => {
                    (Unit::count(), None)
                }
                None => return None,
            }
        };
        if lead == Lead::Minus {
            value = -value;
        }
        // Trailing bound: 5%以上, 65%左右.
        if let Some((len, q)) = self.genre.trailing.longest_at(self.chars, j) {
            if qualifier.is_none() {
                qualifier = Some(*q);
                j += len;
            }
        } else if unit.class() == UnitClass::Duration
            && self.at(j) == Some('多')
            && qualifier.is_none()
        {
            qualifier = Some(Qualifier::Over);
            j += 1;
        }
        // Leading approximator: 超过57%, 约300人, 不少于18人.
        let mut start = lead_start;
        if let Some((len, q)) = self.leading_qualifier(lead_start) {
            // 近三年 is "the last three years": a period, not a quantity.
            let duration = matches!(unit.code(), "YEAR" | "MONTH" | "DAY" | "WEEK");
            if duration && q == Qualifier::Nearly {
                return None;
            }
            qualifier = Some(q);
            start = self.skip_spaces_back(lead_start) - len;
        }
        let unit = self
            .rate_prefix(start, &unit, classifier.as_deref())
            .unwrap_or(unit);
        if (start..j).any(|k| self.quoted[k]) {
            return None;
        }
        if !exact {
            self.unrepresentable.borrow_mut().push(Unrepresentable {
                span: Span::new(start, j),
                text: self.chars[start..j].iter().collect(),
            });
            return None;
        }
        let role = self.role(start, j, &unit, qualifier);
        Some(Quantity {
            span: Span::new(start, j),
            number: Span::new(i, number_end),
            value: value.normalize(),
            unit,
            classifier,
            qualifier,
            role,
        })
    }

    /// `10万吨级`: a scale label; `超百亿元企业`, `2000万元以上的企业`: a
    /// threshold (a bound on an amount, right before the group it defines).
    fn role(
        &self,
        start: usize,
        end: usize,
        unit: &Unit,
        qualifier: Option<Qualifier>,
    ) -> Option<FigureRole> {
        if self
            .at(end)
            .is_some_and(|c| self.genre.chars(ListName::ScaleSuffixes).contains(c))
        {
            return Some(FigureRole::Scale);
        }
        let bound = matches!(
            qualifier,
            Some(Qualifier::Over | Qualifier::AtLeast | Qualifier::AtMost | Qualifier::Under)
        );
        let amount = matches!(
            unit.class(),
            UnitClass::Money | UnitClass::Physical | UnitClass::Count
        );
        let before = self
            .genre
            .words(ListName::ThresholdBefore)
            .longest_before(self.chars, self.skip_spaces_back(start))
            .is_some();
        let after = self
            .genre
            .words(ListName::ThresholdAfter)
            .starts_at(self.chars, end);
        (amount && after && (bound || before)).then_some(FigureRole::Threshold)
    }

    /// False when what precedes the number makes it an ordinal (第), a rate
    /// denominator (每), part of a code, or a word with 一 in it.
    fn left_context_allows(&self, i: usize, num: &Numeral) -> bool {
        let Some(prev) = self.before(i) else {
            return true;
        };
        if self.genre.chars(ListName::NotAfter).contains(prev)
            || is_identifier_char(prev)
            || numeral::is_arabic_digit(prev)
        {
            return false;
        }
        !(is_lone_one(num) && self.genre.chars(ListName::OneInWordAfter).contains(prev))
    }

    /// `余` or `多` at `j` (with what follows it being a magnitude or a unit).
    fn over_marker(&self, j: usize) -> Option<usize> {
        matches!(self.at(j), Some('余' | '多')).then_some(j + 1)
    }

    /// A magnitude at `j`, unless it starts a unit word (千米, 千克, 百分点).
    fn magnitude(&self, j: usize) -> Option<(Decimal, usize)> {
        if self.genre.unit_words.starts_at(self.chars, j) {
            return None;
        }
        numeral::magnitude_at(self.chars, j)
    }

    /// True when the word `w` ending at `after` begins another word there
    /// (对口, 组织, 名单 …) or is not in a context it needs (日 before 内).
    fn word_continues(&self, w: &UnitWord, after: usize) -> bool {
        let next = self.at(after);
        if next.is_some_and(|c| w.not_before_chars.contains(c))
            || w.not_before_words.starts_at(self.chars, after)
        {
            return true;
        }
        if let Some((chars, words)) = &w.only_before {
            let ok = next.is_some_and(|c| chars.contains(c)) || words.starts_at(self.chars, after);
            return !ok;
        }
        false
    }

    /// The unit or counter at `u`, for the numeral `num` at `i`; `None` when
    /// there is none or the context shows it is not a quantity.
    fn unit_at(&self, u: usize, i: usize, num: &Numeral) -> Option<UnitRead> {
        let (len, w) = self.genre.unit_words.longest_at(self.chars, u)?;
        let after = u + len;
        let next = self.at(after);
        if w.rate_only || self.word_continues(w, after) {
            return None;
        }
        if is_lone_one(num) {
            let set_phrase = next.is_some_and(|c| {
                self.genre.chars(ListName::OneInWordBefore).contains(c)
                    || numeral::opens_chinese_numeral(c)
            });
            if set_phrase
                || self
                    .genre
                    .words(ListName::OneVagueCounters)
                    .contains(&w.word)
            {
                return None;
            }
        }
        // 五个一工程, 一户一策: a counter followed by another numeral is a slogan.
        if num.script == Script::Chinese && next.is_some_and(|c| c == '一') {
            return None;
        }
        // 前三名: a rank (but 提前两年 is a duration).
        if self.genre.words(ListName::RankCounters).contains(&w.word)
            && self.before(i) == Some('前')
            && self
                .genre
                .words(ListName::RankNotAfter)
                .longest_before(self.chars, i)
                .is_none()
        {
            return None;
        }
        if w.year_rule {
            let is_year = num.script == Script::Arabic
                && num.integer_digits == 4
                && !num.has_fraction
                && (Decimal::from(1000)..Decimal::from(2200)).contains(&num.value);
            let programme = self
                .genre
                .words(ListName::ProgrammeNouns)
                .starts_at(self.chars, after);
            if is_year || programme {
                return None;
            }
        }
        // 3月14日: a date.
        if w.unit.class() == UnitClass::Duration && self.before(i) == Some('月') {
            return None;
        }
        let symbol = len == 1 && !w.word.chars().all(is_cjk);
        let mut read = UnitRead {
            unit: w.unit.clone(),
            classifier: (!symbol).then(|| w.word.clone()),
            len,
            factor: w.factor,
        };
        if let Some((rate, n)) = self.rate_suffix(after, &w.unit) {
            read.unit = rate;
            read.classifier = Some(self.chars[u..after + n].iter().collect());
            read.len = len + n;
        } else if let Some(n) = self.alternative_counter(after) {
            // 25.1万套（间）: a second counter in brackets belongs to the figure.
            read.len = len + n;
        }
        Some(read)
    }

    /// `（间）` at `k`: a counter word in brackets; the code points it covers.
    fn alternative_counter(&self, k: usize) -> Option<usize> {
        if !self.at(k).is_some_and(|c| same_char(c, '(')) {
            return None;
        }
        let (len, w) = self.genre.unit_words.longest_at(self.chars, k + 1)?;
        let closed = self.at(k + 1 + len).is_some_and(|c| same_char(c, ')'));
        (closed && w.unit.class().is_counted()).then_some(len + 2)
    }

    /// A rate written after a unit (`/月`, `/人·月`, `/(人·年)`, `/吨`): the
    /// composed unit and the code points it covers.
    fn rate_suffix(&self, after: usize, numerator: &Unit) -> Option<(Unit, usize)> {
        if !matches!(
            numerator.class(),
            UnitClass::Money | UnitClass::Physical | UnitClass::Count | UnitClass::Person
        ) || numerator.is_rate()
        {
            return None;
        }
        if !self.at(after).is_some_and(|c| same_char(c, '/')) {
            return None;
        }
        let mut k = after + 1;
        let bracket = self.at(k).is_some_and(|c| same_char(c, '('));
        if bracket {
            k += 1;
        }
        let mut parts: Vec<&Unit> = Vec::new();
        let mut last: Option<&UnitWord> = None;
        while parts.len() < 3 {
            let Some((len, w)) = self.genre.unit_words.longest_at(self.chars, k) else {
                break;
            };
            if !w.denominator || w.unit.is_rate() {
                break;
            }
            parts.push(&w.unit);
            last = Some(w);
            k += len;
            // 人·月, 人/月, and 人月 without a separator.
            if self
                .at(k)
                .is_some_and(|c| same_char(c, '·') || same_char(c, '/'))
                && self.genre.unit_words.starts_at(self.chars, k + 1)
            {
                k += 1;
            }
        }
        let last = last?;
        if bracket {
            if !self.at(k).is_some_and(|c| same_char(c, ')')) {
                return None;
            }
            k += 1;
        } else if self.word_continues(last, k) {
            // 元/人民币: the denominator begins another word.
            return None;
        }
        // People before time: 元/月·人 is CNY-PER-PERSON-MONTH.
        parts.sort_by_key(|u| u.class() == UnitClass::Duration);
        let parts: Vec<&str> = parts.iter().map(|u| u.code()).collect();
        let code = format!("{}-PER-{}", numerator.code(), parts.join("-"));
        Some((self.genre.unit(&code)?, k - after))
    }

    fn skip_spaces_back(&self, mut k: usize) -> usize {
        while k > 0 && self.before(k).is_some_and(is_space) {
            k -= 1;
        }
        k
    }

    /// A leading approximator ending just before `i` (spaces allowed between):
    /// its length and meaning.
    fn leading_qualifier(&self, i: usize) -> Option<(usize, Qualifier)> {
        let end = self.skip_spaces_back(i);
        let (len, lead) = self.genre.leading.longest_before(self.chars, end)?;
        if len == 1
            && self
                .before(end - len)
                .is_some_and(|c| lead.not_after.contains(c))
        {
            return None;
        }
        if (end - len..end).any(|k| self.quoted[k]) {
            return None;
        }
        Some((len, lead.qualifier))
    }

    /// A rate written before the number (`每人每月1045元`, `每亩400公斤`): the
    /// composed unit, for a plain amount of money or a physical quantity.
    fn rate_prefix(&self, start: usize, unit: &Unit, classifier: Option<&str>) -> Option<Unit> {
        if !matches!(unit.class(), UnitClass::Money | UnitClass::Physical)
            || unit.is_rate()
            || classifier.is_none()
        {
            return None;
        }
        let end = self.skip_spaces_back(start);
        // The longest chain 每X每Y… ending at `end`, at most three denominators.
        let from = end.saturating_sub(12);
        (from..end).find_map(|k| {
            let mut parts = Vec::new();
            let mut p = k;
            while p < end && self.at(p) == Some('每') && parts.len() < 3 {
                let (len, w) = self.genre.unit_words.longest_at(self.chars, p + 1)?;
                if !w.denominator || w.unit.is_rate() || p + 1 + len > end {
                    return None;
                }
                parts.push(&w.unit);
                p += 1 + len;
            }
            parts.sort_by_key(|u| u.class() == UnitClass::Duration);
            let parts: Vec<&str> = parts.iter().map(|u| u.code()).collect();
            (p == end && !parts.is_empty())
                .then(|| {
                    self.genre
                        .unit(&format!("{}-PER-{}", unit.code(), parts.join("-")))
                })
                .flatten()
        })
    }
}

/// What stands before a numeral and belongs to the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// Nothing.
    None,
    /// 百分之 (the figure is a percent).
    PercentWords,
    /// A minus sign.
    Minus,
}

/// True for the CJK ideographs (a unit word of one such character is a
/// classifier, a symbol such as `%` is not).
fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// A numeral written as the single character 一.
fn is_lone_one(num: &Numeral) -> bool {
    num.script == Script::Chinese && num.len == 1 && num.value == Decimal::ONE
}
// ---------------------------------------------------------------------------
// Placing quantities in context: measure, aspect, distribution, indicator.
// ---------------------------------------------------------------------------
/// Places the quantities of one sentence in their clauses.
fn place(
    sentence: &Sentence,
    section: usize,
    found: &[Quantity],
    lexicon: &Lexicon,
    genre: &Genre,
) -> Vec<Figure> {
    let chars: Vec<char> = sentence.text.chars().collect();
    let base = sentence.span.start;
    let mut figures: Vec<Figure> = Vec::with_capacity(found.len());
    // Clauses as ranges relative to the sentence; the sentence itself when a
    // quantity falls outside every clause.
    let mut clauses: Vec<(usize, usize)> = sentence
        .clauses
        .iter()
        .map(|c| {
            (
                c.span.start.saturating_sub(base),
                c.span.end.saturating_sub(base).min(chars.len()),
            )
        })
        .filter(|(a, z)| a <= z)
        .collect();
    // A quantity outside every clause (one that straddles a cut) is placed
    // in the clauses it touches joined, not in the whole sentence: a window
    // of two clauses, so that a sentence of thousands of clauses stays
    // linear.
    let real = clauses.len();
    let mut windows: Vec<(usize, usize)> = found
        .iter()
        .filter_map(|q| {
            let (start, end) = (q.span.start, q.span.end);
            let i = clauses[..real].partition_point(|c| c.0 <= start);
            if i > 0 && clauses[i - 1].1 >= end {
                return None;
            }
            let a = clauses[..real].partition_point(|c| c.1 <= start);
            let b = clauses[..real].partition_point(|c| c.0 < end);
            let from = clauses.get(a).map_or(start, |c| c.0.min(start));
            let to = b
                .checked_sub(1)
                .map_or(end, |j| clauses[j].1.max(end))
                .min(chars.len());
            Some((from, to))
        })
        .collect();
    windows.sort_unstable();
    windows.dedup();
    clauses.extend(windows);
    let mut previous_clause: Option<(usize, usize)> = None;
    let mut done = vec![false; found.len()];
    // Quantities by start, so each clause finds its own by binary search
    // instead of looking at every quantity of the sentence.
    let mut by_start: Vec<usize> = (0..found.len()).collect();
    by_start.sort_by_key(|&k| (found[k].span.start, k));
    for (ci, &(c0, c1)) in clauses.iter().enumerate() {
        let first = by_start.partition_point(|&k| found[k].span.start < c0);
        let mut members: Vec<usize> = by_start[first..]
            .iter()
            .take_while(|&&k| found[k].span.start < c1.max(c0 + 1))
            .copied()
            .filter(|&k| !done[k] && found[k].span.end <= c1)
            .collect();
        members.sort_unstable();
        if members.is_empty() {
            if ci + 1 < clauses.len() {
                previous_clause = Some((c0, c1));
            }
            continue;
        }
        let clause = &chars[c0..c1];
        let local: Vec<Quantity> = members
            .iter()
            .map(|&k| {
                let mut q = found[k].clone();
                q.span = Span::new(q.span.start - c0, q.span.end - c0);
                q.number = Span::new(q.number.start - c0, q.number.end - c0);
                q
            })
            .collect();
        let contexts = clause_contexts(clause, &local, &figures, genre);
        let previous_text: String = previous_clause
            .map(|(a, z)| chars[a..z].iter().collect())
            .unwrap_or_default();
        let clause_text: String = clause.iter().collect();
        for (q, ctx) in local.iter().zip(contexts) {
            let previous_measure = figures.last().map(|f: &Figure| f.measure.clone());
            let context = IndicatorContext {
                clause: &clause_text,
                previous_clause: &previous_text,
                previous_measure: previous_measure.as_deref(),
            };
            let (indicator, indicator_rule) =
                indicator_for(lexicon, &ctx.measure, &q.unit, &context).unzip();
            let span = Span::new(base + c0 + q.span.start, base + c0 + q.span.end);
            figures.push(Figure {
                span,
                raw: clause[q.span.start..q.span.end].iter().collect(),
                value: q.value,
                unit: q.unit.clone(),
                classifier: q.classifier.clone(),
                qualifier: q.qualifier,
                aspect: ctx.aspect,
                measure: ctx.measure,
                indicator,
                indicator_rule,
                subject: None,
                member: ctx.member,
                role: q.role,
                section,
                sentence: sentence.index,
                clause: Span::new(base + c0, base + c1),
            });
        }
        for k in members {
            done[k] = true;
        }
        previous_clause = Some((c0, c1));
    }
    figures.sort_by_key(|f| f.span.start);
    figures
}

/// What [`place`] works out for one figure from its clause.
struct Context {
    measure: String,
    aspect: Option<Aspect>,
    member: Option<String>,
}

/// Measure, aspect and distribution member of each quantity of one clause
/// (quantity spans relative to the clause). `earlier` are the figures already
/// placed from the same sentence.
fn clause_contexts(
    clause: &[char],
    quantities: &[Quantity],
    earlier: &[Figure],
    genre: &Genre,
) -> Vec<Context> {
    let mut out: Vec<Context> = Vec::with_capacity(quantities.len());
    for (k, q) in quantities.iter().enumerate() {
        let gap_start = if k == 0 {
            0
        } else {
            quantities[k - 1].span.end
        };
        let gap = &clause[gap_start..q.span.start];
        let next_start = quantities.get(k + 1).map_or(clause.len(), |n| n.span.start);
        let suffix = &clause[q.span.end..next_start];
        let aspect = aspect_for(gap, &clause[..q.span.start], genre);
        // 120场、2.5万人: nothing but a list separator since the previous one.
        let listed = k > 0 && is_list_gap(gap, genre);
        let measure = if listed {
            out[k - 1].measure.clone()
        } else {
            measure_for(gap, suffix, k + 1 < quantities.len(), &q.unit, genre)
                .or_else(|| {
                    let same_clause = quantities[..k]
                        .iter()
                        .zip(&out)
                        .rev()
                        .find(|(p, _)| p.unit == q.unit);
                    same_clause.map(|(_, c)| strip_flow_prefix(&c.measure, genre).to_owned())
                })
                .or_else(|| inherited_measure(earlier, &q.unit, genre))
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| fallback_measure(clause, q))
        };
        let aspect = if listed { out[k - 1].aspect } else { aspect };
        out.push(Context {
            measure,
            aspect,
            member: None,
        });
    }
    assign_distribution(clause, quantities, &mut out, genre);
    for c in &mut out {
        bound_measure(&mut c.measure);
    }
    out
}

/// The longest measure label, in characters: 99.9% of the corpus's are
/// under 50; a longer one is a run of text, not a label.
pub const MAX_MEASURE_CHARS: usize = 60;

/// Cuts a measure longer than [`MAX_MEASURE_CHARS`] to its end (the words
/// next to the value), from just after a `、` when there is one.
fn bound_measure(measure: &mut String) {
    let n = measure.chars().count();
    if n <= MAX_MEASURE_CHARS {
        return;
    }
    let skip: usize = measure
        .chars()
        .take(n - MAX_MEASURE_CHARS)
        .map(char::len_utf8)
        .sum();
    let tail = &measure[skip..];
    let tail = match tail.find('、') {
        Some(i) if i + '、'.len_utf8() < tail.len() => &tail[i + '、'.len_utf8()..],
        _ => tail,
    };
    *measure = tail.to_owned();
}

/// True when `gap` holds only a list separator (、 和 及 与 …) and spaces.
fn is_list_gap(gap: &[char], genre: &Genre) -> bool {
    let s: String = gap.iter().filter(|c| !is_space(**c)).collect();
    s.is_empty() || genre.words(ListName::ListSeparators).contains(&s)
}

fn strip_quotes(s: &[char]) -> String {
    s.iter()
        .filter(|c| !is_quote_open(**c) && !is_quote_close(**c) && **c != '"' && !is_space(**c))
        .collect()
}

/// Removes an enumeration marker (一是, 二是 …) at the start.
fn strip_enumeration(s: &str) -> &str {
    let digits = s
        .chars()
        .take_while(|c| numeral::chinese_digit(*c).is_some() || *c == '十')
        .count();
    if digits > 0 && s.chars().nth(digits) == Some('是') {
        let bytes: usize = s.chars().take(digits + 1).map(char::len_utf8).sum();
        return &s[bytes..];
    }
    s
}

/// Strips leading and trailing noise words until none is left; a closing
/// change verb goes too when a real label is left (慈善组织增长 → 慈善组织,
/// but 同比增长 stays).
fn clean_prefix(raw: &str, genre: &Genre) -> String {
    let mut s =
        strip_enumeration(raw.trim_matches(|c: char| is_space(c) || "、，,；;：:".contains(c)));
    let leading = genre.words(ListName::LeadingNoise);
    let trailing = genre.words(ListName::TrailingNoise);
    let change = genre.words(ListName::TrailingChange);
    let comparators = genre.words(ListName::Comparators);
    loop {
        let before = s;
        if let Some(n) = leading.longest_prefix(s) {
            s = &s[n..];
        }
        if let Some(n) = trailing.longest_suffix(s) {
            s = &s[..s.len() - n];
        }
        if let Some(n) = change.longest_suffix(s) {
            let mut rest = &s[..s.len() - n];
            if let Some(c) = comparators.longest_suffix(rest) {
                rest = &rest[..rest.len() - c];
            }
            if rest.chars().count() >= 2 {
                s = rest;
            }
        }
        if s == before {
            break;
        }
    }
    if genre.words(ListName::WholeNoise).contains(s) {
        return String::new();
    }
    s.to_owned()
}

/// The counted noun after a counter: up to where the predicate starts, or —
/// when another figure follows (`bounded`) — up to the `、` before it.
fn clean_suffix(raw: &str, bounded: bool, genre: &Genre) -> String {
    let s = raw.trim_start_matches(|c: char| c == '的' || is_space(c));
    let list_end = if bounded { s.find('、') } else { None };
    let cut = genre
        .words(ListName::PredicateStarts)
        .find_in(s)
        .into_iter()
        .chain(list_end)
        .min()
        .unwrap_or(s.len());
    s[..cut]
        .trim_end_matches(|c: char| "、，,和及与".contains(c))
        .to_owned()
}

/// The measure label from the text before the figure (`gap`, since the
/// previous figure of the clause) and after it (`suffix`, up to the next).
///
/// Chinese counts put the counted noun after the counter (`41处面积不达标
/// 社区综合服务设施`) or before the number (`措施60条`); the label joins the
/// verb before with the noun after. A gap ending in `、` is a sibling item
/// (`床位数量、3类困难群众`), not the measure; an enumeration before the
/// number (`A、B、C 3个县`) names the members, not what is counted.
fn measure_for(
    gap: &[char],
    suffix: &[char],
    bounded: bool,
    unit: &Unit,
    genre: &Genre,
) -> Option<String> {
    let gap = strip_quotes(gap);
    let sibling = gap.ends_with('、');
    let mut prefix = if sibling {
        String::new()
    } else {
        clean_prefix(&gap, genre)
    };
    let enumeration_closed = prefix.ends_with('等');
    if enumeration_closed {
        prefix = clean_prefix(prefix.trim_end_matches('等'), genre);
    }
    let suffix = clean_suffix(&strip_quotes(suffix), bounded, genre);
    let counted = unit.class().is_counted();
    let measure = if suffix.is_empty() {
        prefix
    } else if enumeration_closed {
        suffix
    } else if counted && prefix.contains('、') {
        leading_flow_verb(&prefix, genre)
            .unwrap_or_default()
            .to_owned()
            + &suffix
    } else if counted || prefix.chars().count() <= 2 {
        prefix + &suffix
    } else {
        prefix
    };
    (!measure.is_empty()).then_some(measure)
}

/// The flow verb a label starts with (新建, 开展 …), if any.
fn leading_flow_verb(s: &str, genre: &Genre) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    genre
        .aspects
        .iter()
        .filter(|(w, a)| **a == Aspect::Flow && word_at(&chars, 0, w))
        .map(|(w, _)| w.iter().collect::<String>())
        .max_by_key(String::len)
}

/// The measure of the last earlier figure of the sentence with this unit,
/// without its flow verb (新设社区基金8支，达到20支 → 社区基金).
fn inherited_measure(earlier: &[Figure], unit: &Unit, genre: &Genre) -> Option<String> {
    let f = earlier.iter().rev().find(|f| f.unit == *unit)?;
    let m = strip_flow_prefix(&f.measure, genre);
    (!m.is_empty()).then(|| m.to_owned())
}

/// A label without its opening flow verb (新增慈善信托备案 → 慈善信托备案).
fn strip_flow_prefix<'m>(m: &'m str, genre: &Genre) -> &'m str {
    match genre.words(ListName::FlowPrefixes).longest_prefix(m) {
        Some(n) => &m[n..],
        None => m,
    }
}

/// The clause without the figure: the last resort, never empty.
fn fallback_measure(clause: &[char], q: &Quantity) -> String {
    let rest: String = clause[..q.span.start]
        .iter()
        .chain(&clause[q.span.end..])
        .filter(|c| !is_space(**c))
        .collect();
    if rest.is_empty() {
        clause[q.span.start..q.span.end].iter().collect()
    } else {
        rest
    }
}

/// Stock, flow or change: the last aspect word of `gap` (the text since the
/// previous figure), reading words greedily left to right so that 新增长者
/// is 新增 + 长者, not 增长; 累计 anywhere in `clause_before` turns a flow
/// into a stock. Nothing after an enumeration closed by 等 (A增幅等8项指标).
fn aspect_for(gap: &[char], clause_before: &[char], genre: &Genre) -> Option<Aspect> {
    let trimmed: Vec<char> = gap.iter().copied().filter(|c| !is_space(*c)).collect();
    if trimmed.last() == Some(&'等') {
        return None;
    }
    let mut last = None;
    let mut k = 0;
    while k < gap.len() {
        if let Some((n, _)) = genre.words(ListName::NotAspect).longest_at(gap, k) {
            k += n;
            continue;
        }
        match genre.aspects.longest_at(gap, k) {
            Some((n, a)) => {
                last = Some(*a);
                k += n;
            }
            None => k += 1,
        }
    }
    let aspect = last?;
    let cumulative_words = genre.words(ListName::Cumulative);
    let cumulative = (0..clause_before.len()).any(|k| cumulative_words.starts_at(clause_before, k));
    Some(if aspect == Aspect::Flow && cumulative {
        Aspect::Stock
    } else {
        aspect
    })
}

/// `A、B…分别 x、y`: gives each figure of a run after 分别 its member (from
/// the enumeration before 分别, or from a collective word such as 城乡) and a
/// measure naming that member.
fn assign_distribution(
    clause: &[char],
    quantities: &[Quantity],
    out: &mut [Context],
    genre: &Genre,
) {
    let mut k = 0;
    while k < quantities.len() {
        // The run of figures joined by list separators starting at k.
        let mut end = k + 1;
        while end < quantities.len()
            && is_list_gap(
                &clause[quantities[end - 1].span.end..quantities[end].span.start],
                genre,
            )
        {
            end += 1;
        }
        let n = end - k;
        let gap_start = if k == 0 {
            0
        } else {
            quantities[k - 1].span.end
        };
        let before: String = clause[gap_start..quantities[k].span.start].iter().collect();
        if n >= 2 {
            if let Some(pos) = before.find("分别") {
                let head = clean_prefix(
                    &strip_quotes(&before[..pos].chars().collect::<Vec<_>>()),
                    genre,
                );
                if let Some(split) = distribution_members(&head, n, genre) {
                    for (ctx, (member, measure)) in out[k..end].iter_mut().zip(split) {
                        ctx.member = Some(member);
                        ctx.measure = measure;
                    }
                }
            }
        }
        k = end;
    }
}

/// Members and their measures for an `n`-way distribution whose subject is
/// `head` (`集中养育孤儿、社会散居孤儿基本生活保障标准`, `城乡低保标准`).
fn distribution_members(head: &str, n: usize, genre: &Genre) -> Option<Vec<(String, String)>> {
    let mut parts: Vec<&str> = head.split('、').filter(|p| !p.is_empty()).collect();
    if parts.len() + 1 == n {
        if let Some(last) = parts.pop() {
            let joiner = ["和", "与", "及"].iter().find_map(|j| last.split_once(j));
            match joiner {
                Some((a, b)) if !a.is_empty() && !b.is_empty() => parts.extend([a, b]),
                _ => parts.push(last),
            }
        }
    }
    if parts.len() == n {
        let first = parts[0];
        let last = parts[n - 1];
        let (last_member, shared) = split_member(first, last);
        let mut members: Vec<String> = parts[..n - 1].iter().map(|p| (*p).to_owned()).collect();
        members.push(last_member.to_owned());
        return Some(
            members
                .into_iter()
                .map(|m| (m.clone(), format!("{m}{shared}")))
                .collect(),
        );
    }
    genre.collectives.iter().find_map(|(word, split)| {
        (split.len() == n && head.contains(word.as_str())).then(|| {
            split
                .iter()
                .map(|m| (m.clone(), head.replacen(word.as_str(), m, 1)))
                .collect()
        })
    })
}

/// Splits the last element of an enumeration into its member and the noun
/// shared by all members: `社会散居孤儿基本生活保障标准` after `集中养育孤儿`
/// → (`社会散居孤儿`, `基本生活保障标准`), anchored on the first member's
/// last characters, else on its length.
fn split_member<'s>(first: &str, last: &'s str) -> (&'s str, &'s str) {
    let first_chars: Vec<char> = first.chars().collect();
    let last_len = last.chars().count();
    for anchor_len in [2usize, 1] {
        if first_chars.len() < anchor_len {
            continue;
        }
        let anchor: String = first_chars[first_chars.len() - anchor_len..]
            .iter()
            .collect();
        if let Some(pos) = last.find(&anchor) {
            let cut = pos + anchor.len();
            if cut < last.len() {
                return last.split_at(cut);
            }
            return (last, "");
        }
    }
    let keep = first_chars.len().min(last_len);
    let cut: usize = last.chars().take(keep).map(char::len_utf8).sum();
    last.split_at(cut)
}

/// Longest measure still treated as a bare verb or word (保障, 规模, 同比增长)
/// whose indicator is looked for in the surrounding text.
const SHORT_MEASURE: usize = 4;

/// Most characters a count's label may have after the indicator's last
/// keyword: Chinese noun phrases end in their head, so 社会组织服务站举办
/// 业务培训活动 counts activities, not 社会组织.
const COUNT_HEAD_SLACK: usize = 6;

/// The lexicon indicator a figure measures and the rule that found it: from
/// its measure; for a bare measure (保障, 规模) from its clause, the previous
/// clause or the previous figure's measure with it.
fn indicator_for(
    lexicon: &Lexicon,
    measure: &str,
    unit: &Unit,
    context: &IndicatorContext<'_>,
) -> Option<(String, IndicatorRule)> {
    let try_text = |text: &str| {
        lexicon
            .indicator_for(text, unit)
            .filter(|i| unit.code() != "NUM" || ends_near_keyword(text, &i.keywords))
            .map(|i| i.id.clone())
    };
    if let Some(id) = try_text(measure) {
        return Some((id, IndicatorRule::Measure));
    }
    if measure.chars().count() > SHORT_MEASURE {
        return None;
    }
    let by = |rule| move |id| (id, rule);
    try_text(context.clause)
        .map(by(IndicatorRule::Clause))
        .or_else(|| {
            (!context.previous_clause.is_empty())
                .then(|| try_text(&format!("{}{measure}", context.previous_clause)))
                .flatten()
                .map(by(IndicatorRule::PreviousClause))
        })
        .or_else(|| {
            context
                .previous_measure
                .and_then(|p| try_text(&format!("{p}{measure}")))
                .map(by(IndicatorRule::PreviousMeasure))
        })
}

/// Where a figure's indicator may be looked for besides its measure.
struct IndicatorContext<'a> {
    clause: &'a str,
    previous_clause: &'a str,
    previous_measure: Option<&'a str>,
}

/// True when `text` ends within [`COUNT_HEAD_SLACK`] characters of the last
/// occurrence of one of `keywords`.
fn ends_near_keyword(text: &str, keywords: &[String]) -> bool {
    let last_end = keywords
        .iter()
        .filter_map(|k| text.rfind(k.as_str()).map(|p| p + k.len()))
        .max()
        .unwrap_or(0);
    text[last_end..].chars().count() <= COUNT_HEAD_SLACK
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;
    use std::path::Path;

    use super::*;

    fn ok<T, E: Debug>(r: Result<T, E>) -> T {
        match r {
            Ok(v) => v,
            Err(e) => panic!("{e:?}"),
        }
    }

    /// (raw, value, unit code, qualifier code) of every quantity in `text`.
    fn scan(text: &str) -> Vec<(String, String, String, &'static str)> {
        let chars: Vec<char> = text.chars().collect();
        quantities(text, genre())
            .into_iter()
            .map(|q| {
                (
                    chars[q.span.start..q.span.end].iter().collect(),
                    q.value.to_string(),
                    q.unit.code().to_owned(),
                    q.qualifier.map_or("", Qualifier::code),
                )
            })
            .collect()
    }

    fn genre() -> &'static Genre {
        crate::genre::bundled().default_genre()
    }

    fn one(text: &str) -> (String, String, String, &'static str) {
        let mut all = scan(text);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all.remove(0)
    }

    #[test]
    fn figures_with_magnitude_unit_and_qualifier() {
        let cases = [
            (
                "yi yuan",
                "全年共发放低保金7.83亿元。",
                "7.83亿元",
                "783000000",
                "CNY",
                "",
            ),
            (
                "decimal wan yuan",
                "发放临时救助金2136.1万元。",
                "2136.1万元",
                "21361000",
                "CNY",
                "",
            ),
            (
                "wan persons",
                "保障9.59万人。",
                "9.59万人",
                "95900",
                "PERSON",
                "",
            ),
            (
                "rate per month",
                "标准提高到1045元/月。",
                "1045元/月",
                "1045",
                "CNY-PER-MONTH",
                "",
            ),
            (
                "rate per person month",
                "补贴标准为300元/人·月。",
                "300元/人·月",
                "300",
                "CNY-PER-PERSON-MONTH",
                "",
            ),
            (
                "full-width rate",
                "补贴为300元／人／年。",
                "300元／人／年",
                "300",
                "CNY-PER-PERSON-YEAR",
                "",
            ),
            (
                "rate per year",
                "补贴1200元/年。",
                "1200元/年",
                "1200",
                "CNY-PER-YEAR",
                "",
            ),
            (
                "rate written before",
                "标准为每人每月800元。",
                "800元",
                "800",
                "CNY-PER-PERSON-MONTH",
                "",
            ),
            (
                "percent",
                "同比增长32.59%。",
                "32.59%",
                "32.59",
                "PERCENT",
                "",
            ),
            (
                "full-width percent",
                "达到96％。",
                "96％",
                "96",
                "PERCENT",
                "",
            ),
            (
                "percent in words",
                "达到百分之九十五。",
                "百分之九十五",
                "95",
                "PERCENT",
                "",
            ),
            (
                "percentage points",
                "提高2个百分点。",
                "2个百分点",
                "2",
                "PERCENTAGE-POINT",
                "",
            ),
            (
                "trailing at least",
                "提高5%以上。",
                "5%以上",
                "5",
                "PERCENT",
                "at-least",
            ),
            (
                "leading over",
                "覆盖率超过57%。",
                "超过57%",
                "57",
                "PERCENT",
                "over",
            ),
            (
                "leading at least",
                "不少于18人。",
                "不少于18人",
                "18",
                "PERSON",
                "at-least",
            ),
            (
                "leading approx",
                "惠及约300人。",
                "约300人",
                "300",
                "PERSON",
                "approx",
            ),
            (
                "leading nearly",
                "新纳入近300户。",
                "近300户",
                "300",
                "HOUSEHOLD",
                "nearly",
            ),
            (
                "leading jiangjin",
                "将近3000家。",
                "将近3000家",
                "3000",
                "NUM",
                "nearly",
            ),
            (
                "leading under",
                "不到4000元。",
                "不到4000元",
                "4000",
                "CNY",
                "under",
            ),
            (
                "leading at most",
                "不超过5人。",
                "不超过5人",
                "5",
                "PERSON",
                "at-most",
            ),
            (
                "trailing at most",
                "控制在0.5%以下。",
                "0.5%以下",
                "0.5",
                "PERCENT",
                "at-most",
            ),
            (
                "trailing approx",
                "入住率65%左右。",
                "65%左右",
                "65",
                "PERCENT",
                "approx",
            ),
            (
                "yu before counter",
                "活动300余场。",
                "300余场",
                "300",
                "NUM",
                "over",
            ),
            (
                "yu before magnitude",
                "筹款4500余万元。",
                "4500余万元",
                "45000000",
                "CNY",
                "over",
            ),
            (
                "yu after magnitude",
                "时长2400万余小时。",
                "2400万余小时",
                "24000000",
                "HOUR",
                "over",
            ),
            (
                "wan yu person-times",
                "惠及120万余人次。",
                "120万余人次",
                "1200000",
                "PERSON-TIME",
                "over",
            ),
            (
                "qian magnitude",
                "服务儿童3千余人次。",
                "3千余人次",
                "3000",
                "PERSON-TIME",
                "over",
            ),
            ("duo", "培训300多人。", "300多人", "300", "PERSON", "over"),
            (
                "thousands separator",
                "标准1,045元/月。",
                "1,045元/月",
                "1045",
                "CNY-PER-MONTH",
                "",
            ),
            (
                "full-width digits",
                "惠及１２００余名。",
                "１２００余名",
                "1200",
                "PERSON",
                "over",
            ),
            (
                "space before number",
                "发放低保金 3.5亿元。",
                "3.5亿元",
                "350000000",
                "CNY",
                "",
            ),
            (
                "space before unit",
                "发放低保金3.5 亿元。",
                "3.5 亿元",
                "350000000",
                "CNY",
                "",
            ),
            (
                "leading zero",
                "规模0.35亿元。",
                "0.35亿元",
                "35000000",
                "CNY",
                "",
            ),
            ("mu", "流转土地300亩。", "300亩", "300", "MU", ""),
            (
                "square metres",
                "面积2000平方米。",
                "2000平方米",
                "2000",
                "M2",
                "",
            ),
            ("months", "用时3个月。", "3个月", "3", "MONTH", ""),
            ("days", "办结时限压缩至5天。", "5天", "5", "DAY", ""),
            (
                "days within",
                "10个工作日内办结。",
                "10个工作日",
                "10",
                "DAY",
                "",
            ),
            (
                "age",
                "为80周岁以上老年人发放。",
                "80周岁以上",
                "80",
                "YEAR",
                "at-least",
            ),
            (
                "decimal count",
                "拥有社区社会组织8.6家。",
                "8.6家",
                "8.6",
                "NUM",
                "",
            ),
            ("bare magnitude", "惠及群众3万。", "3万", "30000", "NUM", ""),
            (
                "magnitude alone with yu",
                "开展活动百余场。",
                "百余场",
                "100",
                "NUM",
                "over",
            ),
            (
                "magnitude alone after nearly",
                "惠及近千人。",
                "近千人",
                "1000",
                "PERSON",
                "nearly",
            ),
            (
                "nearly after a noun ending in tie",
                "发放补贴近２亿元。",
                "近２亿元",
                "200000000",
                "CNY",
                "nearly",
            ),
        ];
        for (name, text, raw, value, unit, qualifier) in cases {
            let got = one(text);
            assert_eq!(
                (got.0.as_str(), got.1.as_str(), got.2.as_str(), got.3),
                (raw, value, unit, qualifier),
                "{name}: {text}"
            );
        }
    }

    #[test]
    fn scale_labels_and_thresholds_have_their_role() {
        let roles: Vec<(String, Option<FigureRole>)> = quantities(
            "建成10万吨级泊位2个，培育年营收超10亿元企业15家，规上工业增加值增长6%。",
            genre(),
        )
        .into_iter()
        .map(|q| (q.value.to_string(), q.role))
        .collect();
        assert_eq!(
            roles,
            [
                ("100000".to_owned(), Some(FigureRole::Scale)),
                ("2".to_owned(), None),
                ("1000000000".to_owned(), Some(FigureRole::Threshold)),
                ("15".to_owned(), None),
                ("6".to_owned(), None),
            ]
        );
    }

    #[test]
    fn a_rate_written_once_applies_to_the_list() {
        let units: Vec<String> = quantities("城乡低保标准分别达到每人每月900元和750元。", genre())
            .iter()
            .map(|q| q.unit.code().to_owned())
            .collect();
        assert_eq!(units, ["CNY-PER-PERSON-MONTH", "CNY-PER-PERSON-MONTH"]);
    }

    #[test]
    fn counters_and_their_units() {
        let cases = [
            (
                "person-times are not persons",
                "开展服务7566人次。",
                "PERSON-TIME",
            ),
            ("ming counts people", "资助249名孤困儿童。", "PERSON"),
            ("wei counts people", "慰问3位老人。", "PERSON"),
            ("households", "改造934户。", "HOUSEHOLD"),
            ("household-times are a count", "走访300户次。", "NUM"),
            ("hours", "服务24小时。", "HOUR"),
            ("measures after noun", "出台措施60条。", "NUM"),
            ("couples", "办理结婚登记4218对。", "NUM"),
            ("beds", "新增床位200张。", "NUM"),
            ("ge", "建成5个站点。", "NUM"),
        ];
        for (name, text, unit) in cases {
            assert_eq!(one(text).2, unit, "{name}: {text}");
        }
    }

    #[test]
    fn chinese_numerals_as_figures() {
        let cases = [
            ("liang ci", "部长两次调研。", "两次", "2", "NUM"),
            ("wu ge", "五个区实现一体化。", "五个", "5", "NUM"),
            (
                "duration in years",
                "提前两年实现目标。",
                "两年",
                "2",
                "YEAR",
            ),
            ("continuous years", "连续三年居首位。", "三年", "3", "YEAR"),
            (
                "hundreds",
                "建成站点一百二十处。",
                "一百二十处",
                "120",
                "NUM",
            ),
            (
                "thousands and yu",
                "为两千余名老人服务。",
                "两千余名",
                "2000",
                "PERSON",
            ),
            ("tens and yu", "开展活动三十余场。", "三十余场", "30", "NUM"),
            (
                "teens at start",
                "十二个县市区全部建成。",
                "十二个",
                "12",
                "NUM",
            ),
            (
                "twenty-three",
                "二十三家社会组织参与。",
                "二十三家",
                "23",
                "NUM",
            ),
            ("one counted", "建成1个中心和一个站点。", "1个", "1", "NUM"),
        ];
        for (name, text, raw, value, unit) in cases {
            let got = &scan(text)[0];
            assert_eq!(
                (got.0.as_str(), got.1.as_str(), got.2.as_str()),
                (raw, value, unit),
                "{name}: {text}"
            );
        }
    }

    #[test]
    fn not_figures() {
        let cases = [
            ("year", "2023年，市民政局坚持。"),
            ("year with du", "获评2022年度表扬激励城市。"),
            ("year and month", "2024年1月起施行。"),
            ("month and day", "于2月14日召开。"),
            ("iso date", "成文日期2024-02-14。"),
            ("ordinal di", "在第六届论坛上发言。"),
            ("ordinal without di", "学习党的二十大和二十届二中全会精神。"),
            ("rank", "包揽前三名。"),
            ("quoted number", "“12345”模式被评为典型。"),
            ("quoted chinese numeral", "以市“两办”名义印发。"),
            ("quoted counter", "精准发放残疾人“两项补贴”。"),
            ("quoted slogan", "入选“十佳”，开展“四进”活动。"),
            ("book title", "印发《2023年工作要点》。"),
            ("programme name", "实施社区社会组织三年行动。"),
            ("grade", "获得3A以上评估等级。"),
            ("grade with ji", "被评为4A级婚姻登记机关。"),
            ("5G", "建设5G基站。"),
            ("formula", "推行7×24小时服务。"),
            ("denominator", "每万城镇常住人口。"),
            ("denominator with digits", "每10万人拥有。"),
            ("enumeration marker", "一是提标扩面，二是足额发放。"),
            (
                "yi in words",
                "实现一体化、一站式服务，统一部署，唯一省会城市，全省第一。",
            ),
            (
                "yi in set phrases",
                "发放一次性补贴，提供一条龙服务，办好一件事。",
            ),
            ("yi yi slogan", "实行一户一策。"),
            ("vague batch", "建成一批示范点。"),
            ("first prize", "获得一等奖。"),
            ("plan name", "十四五时期。"),
            ("east and west", "用于东西部协作。"),
            ("place names", "千佛山街道、万家社区，百姓，千家万户。"),
            ("per thousand", "每千名老年人。"),
            ("bare number", "拨打12345热线。"),
            ("list number", "1.提高救助标准。"),
            ("long code", "代码11370100004188768。"),
            ("word after counter", "对口支援3对口地区，联合5组织。"),
        ];
        for (name, text) in cases {
            let got = scan(text);
            assert!(got.is_empty(), "{name}: {text}: {got:?}");
        }
        // 节约 is not 约: the figure is there, without the approximator.
        assert_eq!(one("节约300元。").0, "300元");
        // 前 in 提前 is not a rank.
        assert_eq!(one("提前3名完成。").0, "3名");
    }

    fn figures_of(text: &str) -> Vec<Figure> {
        let report = ok(Report::parse("t", Path::new("t.txt"), text));
        let mut lexicon = Lexicon::empty();
        ok(lexicon.add_str(
                Path::new("indicators.toml"),
                "version = \"t\"\n[[indicator]]\nid = \"sa-paid\"\nzh = \"低保金发放额\"\nen = \"x\"\nkeywords = [\"低保金\"]\nunit = \"CNY\"\n[[indicator]]\nid = \"sa-persons\"\nzh = \"低保保障人数\"\nen = \"x\"\nkeywords = [\"低保\"]\nunit = \"PERSON\"\n[[indicator]]\nid = \"urban-standard\"\nzh = \"城市低保标准\"\nen = \"x\"\nkeywords = [\"城市\", \"低保标准\"]\nunit = \"CNY-PER-MONTH\"\n",
        ));
        find(&report, &lexicon, genre())
    }

    #[test]
    fn measures_aspects_and_indicators() {
        let f = figures_of("一、救助\n全年共发放低保金7.83亿元,保障9.59万人;建设“精康之家”41处,完成41处面积不达标社区综合服务设施改造提升。\n");
        let got: Vec<_> = f
            .iter()
            .map(|f| {
                (
                    f.raw.as_str(),
                    f.measure.as_str(),
                    f.aspect,
                    f.indicator.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "7.83亿元",
                    "发放低保金",
                    Some(Aspect::Flow),
                    Some("sa-paid")
                ),
                ("9.59万人", "保障", Some(Aspect::Flow), Some("sa-persons")),
                ("41处", "建设精康之家", Some(Aspect::Flow), None),
                (
                    "41处",
                    "完成面积不达标社区综合服务设施改造提升",
                    Some(Aspect::Flow),
                    None
                ),
            ]
        );
    }

    #[test]
    fn aspects() {
        let cases = [
            (
                "change",
                "销售彩票11亿元,同比增长32.59%。",
                "32.59%",
                Some(Aspect::Change),
            ),
            (
                "change by raising",
                "保障标准提高5%以上。",
                "5%以上",
                Some(Aspect::Change),
            ),
            (
                "stock by reaching",
                "完成改造934户,总数达到4698户。",
                "4698户",
                Some(Aspect::Stock),
            ),
            (
                "stock by raising to",
                "低保标准提高到1045元/月。",
                "1045元/月",
                Some(Aspect::Stock),
            ),
            (
                "stock by rate",
                "农村幸福院覆盖率超过57%。",
                "超过57%",
                Some(Aspect::Stock),
            ),
            ("flow", "新增床位200张。", "200张", Some(Aspect::Flow)),
            (
                "cumulative flow is stock",
                "累计提供助餐服务3000万人次。",
                "3000万人次",
                Some(Aspect::Stock),
            ),
            ("unclear", "9个作品获奖。", "9个", None),
        ];
        for (name, text, raw, aspect) in cases {
            let f = figures_of(&format!("一、测试\n{text}\n"));
            let fig = f
                .iter()
                .find(|f| f.raw == raw)
                .unwrap_or_else(|| panic!("{name}: {f:?}"));
            assert_eq!(fig.aspect, aspect, "{name}");
        }
    }

    #[test]
    fn distributions_with_fenbie() {
        let cases = [
            (
                "collective word",
                "城乡低保标准分别提高到1045元/月、814元/月。",
                vec![
                    ("城市", "城市低保标准", Some("urban-standard")),
                    ("农村", "农村低保标准", None),
                ],
            ),
            (
                "enumeration with shared head",
                "集中养育孤儿、社会散居孤儿基本生活保障标准分别提高到 2100元/月、1680元/月。",
                vec![
                    ("集中养育孤儿", "集中养育孤儿基本生活保障标准", None),
                    ("社会散居孤儿", "社会散居孤儿基本生活保障标准", None),
                ],
            ),
        ];
        for (name, text, want) in cases {
            let f = figures_of(&format!("一、测试\n{text}\n"));
            let got: Vec<_> = f
                .iter()
                .map(|f| {
                    (
                        f.member.as_deref().unwrap_or(""),
                        f.measure.as_str(),
                        f.indicator.as_deref(),
                    )
                })
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn list_members_share_the_measure_and_values_are_normalised() {
        let f = figures_of("一、测试\n开展政策培训394场、1.6万人。\n");
        assert_eq!(f.len(), 2);
        assert_eq!(f[1].measure, "开展政策培训");
        assert_eq!(f[1].value, Decimal::from(16000));
        assert_eq!(f[1].value.to_string(), "16000");
        assert!(f.iter().all(|f| f.member.is_none()));
    }

    #[test]
    fn offsets_point_into_the_report() {
        let text = "- 标题: 某市民政局2023年工作总结\n- 成文日期: 2024-02-14\n2023年,工作有成效。\n一、救助\n救助标准提升。发放低保金 3.5亿元,惠及１２００余名。\n";
        let report = ok(Report::parse("t", Path::new("t.txt"), text));
        let f = find(&report, &Lexicon::empty(), genre());
        assert_eq!(f.len(), 2, "{f:?}");
        for fig in &f {
            assert_eq!(report.slice(fig.span), fig.raw);
            assert!(report.slice(fig.clause).contains(&fig.raw));
            assert!(!fig.measure.is_empty());
            assert_eq!(fig.section, 1);
        }
    }
}
