//! Entities: brands, programs, institutions, people, places, policy
//! documents, awards, rankings, target groups and domains.
//!
//! Every sentence of the body and the header values that name the report
//! (`发布机构`, `标题` or the title line) are scanned on their own. Two
//! sources propose candidate mentions:
//!
//! * the [`Lexicon`]: every label and alias, longest first, without overlaps.
//!   Names relative to a locality (`市民政局`, `省民政厅`, `两办`, `高新区`)
//!   only count in reports published in or under the place the entry belongs
//!   to, found by walking its `parent` chain; elsewhere they are left to the
//!   rules;
//! * rules of the genre, which work without any lexicon:
//!   - quoted names `“…”` classified by their context: a program suffix after
//!     them (`行动`, `工程`, `计划`, `项目`, `活动`, `讲堂`) makes a program, `品牌`
//!     later in the clause or a place right before them a brand, `奖` or an
//!     honour verb an award, `模式`/`机制` a program (a working model). The
//!     label is the quoted text alone (`“银龄同行”关爱项目` → `银龄同行`):
//!     the words after the quote describe it, they do not name it.
//!     Numbers and numeral abbreviations (`“12345”`, `“四进”`) are skipped;
//!   - programs by suffix after a verb (`深化打击非法组织专项行动`);
//!   - institutions by suffix (`局`, `厅`, `站`, `委员会` …) after a place or a
//!     relative prefix (`市`, `省`, `全国` …);
//!   - people after a role title (`副委员长王东明`), names listed with `、`
//!     sharing the role;
//!   - places `X市`, `X区`, `X县`, `X省`, `X街道` at a word boundary;
//!   - policy documents after `出台`/`印发`/`修订`/`制定`/`发布`/`编制`, split at
//!     `、`, cut before trailing counts (`措施60条`), and `《…》` titles;
//!   - awards and honours after `荣获`/`获评`/`入选`/`被评为` …;
//!   - rankings `(居)(全国|全省|全市)(首位|率先|最高|最多|第一 …)`;
//!   - target groups: a head noun (`人员`, `对象`, `儿童`, `老年人` …) with
//!     the modifiers of the genre before it (`城乡低保对象`).
//!
//! Overlapping candidates are resolved longest first (lexicon before rules on
//! equal spans). The one exception: places at the start of an institution's
//! name (`济南市` in `济南市民政局`) are kept as mentions of their own.
//! Finally each section heading becomes a mention of its [`Domain`] entity
//! (the lexicon concept it maps to, else the heading itself).
//!
//! [`Domain`]: EntityKind::Domain

use std::collections::{BTreeMap, BTreeSet};

use crate::genre::{Genre, ListName};
use crate::lexicon::{LexEntity, Lexicon};
use crate::model::{EntityKind, Span};
use crate::report::Report;

use super::{Entity, Mention};

/// Finds every entity in the report, sorted by kind then label.
pub fn find(report: &Report, lexicon: &Lexicon, genre: &Genre) -> Vec<Entity> {
    let ctx = Context::new(report, lexicon);
    let mut found = Vec::new();
    for piece in pieces(report, genre) {
        found.extend(ctx.scan(&piece));
    }
    found.extend(domains(report, lexicon));
    assemble(report, found)
}

// ---------------------------------------------------------------------------
// Word lists of the genre
// ---------------------------------------------------------------------------

/// Characters that end a clause (`、` does not: it joins list items).
const CLAUSE_BREAKS: &[char] = &[
    '，', '；', '：', ',', ';', ':', '。', '！', '？', '!', '?', '\n', '\r',
];

/// Chinese numerals; quoted names made of one and a short word are
/// abbreviations (`“四进”`), not names.
const NUMERALS: &str = "〇零一二三四五六七八九十百千万两双";

/// Counters that turn a numeral into a count (`两项`, `三个`).
const COUNTERS: &str = "项个件类条张次名人户家处所座批届级";

/// Relative prefixes: the report's own province, city, district or county.
const RELATIVE_PREFIXES: &[char] = &['市', '省', '区', '县'];

// ---------------------------------------------------------------------------
// Pieces of text
// ---------------------------------------------------------------------------

/// A stretch of text scanned on its own: a sentence or a header value.
struct Piece<'g> {
    chars: Vec<char>,
    /// The words of the report's genre.
    genre: &'g Genre,
    /// Code-point offset of the first character in the report.
    start: usize,
    /// The sentence index, `None` in the header.
    sentence: Option<usize>,
}

impl<'g> Piece<'g> {
    fn new(text: &str, start: usize, sentence: Option<usize>, genre: &'g Genre) -> Self {
        Self {
            chars: text.chars().collect(),
            genre,
            start,
            sentence,
        }
    }

    fn len(&self) -> usize {
        self.chars.len()
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.chars
            .get(start..end.min(self.len()))
            .map(|c| c.iter().collect())
            .unwrap_or_default()
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// True when `word` starts at `i`.
    fn has_at(&self, i: usize, word: &str) -> bool {
        (i..).zip(word.chars()).all(|(k, c)| self.at(k) == Some(c))
    }

    /// True when `word` ends right before `i`.
    fn has_before(&self, i: usize, word: &str) -> bool {
        let n = word.chars().count();
        i >= n && self.has_at(i - n, word)
    }

    /// The longest of `words` starting at `i`.
    fn longest_at<'w, S: AsRef<str>>(&self, i: usize, words: &'w [S]) -> Option<&'w str> {
        words
            .iter()
            .map(AsRef::as_ref)
            .filter(|w| self.has_at(i, w))
            .max_by_key(|w| w.chars().count())
    }

    /// The longest of `words` ending right before `i`.
    fn longest_before<'w, S: AsRef<str>>(&self, i: usize, words: &'w [S]) -> Option<&'w str> {
        words
            .iter()
            .map(AsRef::as_ref)
            .filter(|w| self.has_before(i, w))
            .max_by_key(|w| w.chars().count())
    }

    /// A list of the genre.
    fn list(&self, name: ListName) -> &'g [String] {
        self.genre.list(name)
    }

    /// True when `c` is in a character list of the genre.
    fn in_chars(&self, name: ListName, c: char) -> bool {
        self.genre.chars(name).contains(c)
    }

    /// Index of the first clause break at or after `i` (or the end).
    fn clause_end(&self, i: usize) -> usize {
        (i..self.len())
            .find(|&k| self.at(k).is_some_and(|c| CLAUSE_BREAKS.contains(&c)))
            .unwrap_or(self.len())
    }

    fn all_cjk(&self, start: usize, end: usize) -> bool {
        (start..end).all(|k| self.at(k).is_some_and(is_cjk))
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Every sentence of the body, then the header values that name the report.
fn pieces<'g>(report: &Report, genre: &'g Genre) -> Vec<Piece<'g>> {
    let mut out: Vec<Piece<'g>> = report
        .sentences()
        .map(|(_, _, s)| Piece::new(&s.text, s.span.start, Some(s.index), genre))
        .collect();
    let mut header: Vec<Span> = report
        .metadata
        .fields
        .iter()
        .filter(|f| {
            matches!(
                f.key.as_str(),
                "发布机构" | "发文机关" | "发布单位" | "标题"
            )
        })
        .map(|f| f.span)
        .collect();
    if let Some((_, span)) = &report.metadata.title_line {
        header.push(*span);
    }
    header.sort();
    header.dedup();
    out.extend(
        header
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(|s| Piece::new(report.slice(s), s.start, None, genre)),
    );
    out
}

// ---------------------------------------------------------------------------
// Candidates
// ---------------------------------------------------------------------------

/// Where a candidate comes from; on equal spans the lower wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    Lexicon,
    Quote,
    Rule,
}

/// A proposed mention, in piece-local character offsets.
#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    kind: EntityKind,
    label: String,
    lexicon: Option<(String, Option<String>)>,
    role: Option<String>,
    origin: Origin,
}

impl Cand {
    fn rule(piece: &Piece, start: usize, end: usize, kind: EntityKind) -> Self {
        Self {
            start,
            end,
            kind,
            label: piece.text(start, end),
            lexicon: None,
            role: None,
            origin: Origin::Rule,
        }
    }

    fn len(&self) -> usize {
        self.end - self.start
    }

    fn overlaps(&self, other: &Cand) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// A mention found in the report, ready to be grouped into entities.
#[derive(Debug, Clone)]
struct Found {
    kind: EntityKind,
    label: String,
    lexicon: Option<(String, Option<String>)>,
    role: Option<String>,
    origin: Origin,
    mention: Mention,
}

// ---------------------------------------------------------------------------
// The scanner
// ---------------------------------------------------------------------------

/// The lexicon names usable in this report, and what the report is about.
struct Context<'l> {
    /// (name, entity), longest first, relative names of other places removed.
    names: Vec<(Vec<char>, &'l LexEntity)>,
    /// The issuing body's name, for relative names (`市民政局`).
    publisher: Option<String>,
}

impl<'l> Context<'l> {
    fn new(report: &Report, lexicon: &'l Lexicon) -> Self {
        let home = home_places(report, lexicon);
        let names = lexicon
            .names_longest_first()
            .into_iter()
            .filter(|(name, e)| {
                !is_relative(lexicon, name, e)
                    || scope_place(lexicon, e).is_some_and(|p| home.contains(p.id.as_str()))
            })
            .map(|(name, e)| (name.chars().collect(), e))
            .collect();
        Self {
            names,
            publisher: report.publisher().map(|(p, _)| p),
        }
    }

    fn scan(&self, piece: &Piece) -> Vec<Found> {
        let mut place_cands = self.lexicon_all(piece);
        place_cands.retain(|c| c.kind == EntityKind::Place);
        let mut places: Vec<(usize, usize)> =
            place_cands.iter().map(|c| (c.start, c.end)).collect();
        let rule_places = rule_places(piece, &places);
        places.extend(rule_places.iter().map(|c| (c.start, c.end)));
        place_cands.extend(rule_places.iter().cloned());
        let mut cands = self.lexicon_matches(piece);
        cands.extend(quoted_names(piece, &places));
        cands.extend(titled_documents(piece));
        cands.extend(verb_documents(piece));
        cands.extend(honours(piece));
        cands.extend(unquoted_programs(piece));
        cands.extend(events(piece));
        cands.extend(rankings(piece));
        cands.extend(people(piece));
        cands.extend(institutions(piece, &places));
        cands.extend(target_groups(piece));
        cands.extend(rule_places);
        let kept = resolve(cands, &place_cands);
        kept.into_iter().map(|c| self.found(piece, c)).collect()
    }

    fn found(&self, piece: &Piece, c: Cand) -> Found {
        let span = Span::new(piece.start + c.start, piece.start + c.end);
        let text = piece.text(c.start, c.end);
        let label = match (&c.lexicon, c.kind) {
            (None, EntityKind::Institution) => self.absolute_name(&c.label),
            _ => c.label,
        };
        Found {
            kind: c.kind,
            label,
            lexicon: c.lexicon,
            role: c.role,
            origin: c.origin,
            mention: Mention {
                span,
                text,
                sentence: piece.sentence,
            },
        }
    }

    /// A relative name made absolute with the publisher's place: in a report
    /// published by `淄博市民政局`, `市救助管理站` is `淄博市救助管理站`; in one
    /// by `济南市历下区民政局`, `区委` is `济南市历下区委`.
    fn absolute_name(&self, name: &str) -> String {
        let (Some(publisher), Some(level)) = (&self.publisher, name.chars().next()) else {
            return name.to_owned();
        };
        if !RELATIVE_PREFIXES.contains(&level) {
            return name.to_owned();
        }
        // The province or city comes first in a name, the district or county last.
        let at = match level {
            '省' | '市' => publisher.find(level),
            _ => publisher.rfind(level),
        };
        match at {
            Some(at) if publisher[..at].chars().count() >= 2 => {
                format!("{}{name}", &publisher[..at])
            }
            _ => name.to_owned(),
        }
    }

    /// Lexicon names, longest first, without overlaps.
    fn lexicon_matches(&self, piece: &Piece) -> Vec<Cand> {
        let mut taken = vec![false; piece.len()];
        let mut out = Vec::new();
        for (name, entity) in &self.names {
            let n = name.len();
            if n == 0 || n > piece.len() {
                continue;
            }
            for i in 0..=piece.len() - n {
                if piece.chars[i..i + n] == name[..] && !taken[i..i + n].iter().any(|&t| t) {
                    taken[i..i + n].iter_mut().for_each(|t| *t = true);
                    out.push(lexicon_cand(i, i + n, entity));
                }
            }
        }
        out
    }

    /// Every occurrence of every lexicon name, overlaps included.
    fn lexicon_all(&self, piece: &Piece) -> Vec<Cand> {
        let mut out = Vec::new();
        for (name, entity) in &self.names {
            let n = name.len();
            if n == 0 || n > piece.len() {
                continue;
            }
            for i in 0..=piece.len() - n {
                if piece.chars[i..i + n] == name[..] {
                    out.push(lexicon_cand(i, i + n, entity));
                }
            }
        }
        out
    }
}

fn lexicon_cand(start: usize, end: usize, e: &LexEntity) -> Cand {
    Cand {
        start,
        end,
        kind: e.kind,
        label: e.zh.clone(),
        lexicon: Some((e.id.clone(), e.en.clone())),
        role: None,
        origin: Origin::Lexicon,
    }
}

/// Keeps the longest candidates that do not overlap (lexicon first on equal
/// spans), then re-admits the places that open an institution's name.
fn resolve(mut cands: Vec<Cand>, places: &[Cand]) -> Vec<Cand> {
    cands.sort_by(|a, b| {
        b.len()
            .cmp(&a.len())
            .then(a.origin.cmp(&b.origin))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<Cand> = Vec::new();
    for c in cands {
        if c.len() > 0 && !kept.iter().any(|k| k.overlaps(&c)) {
            kept.push(c);
        }
    }
    let mut nested = Vec::new();
    for inst in kept.iter().filter(|k| k.kind == EntityKind::Institution) {
        let mut pos = inst.start;
        while let Some(p) = places
            .iter()
            .filter(|p| p.start == pos && p.end < inst.end)
            .min_by(|a, b| b.len().cmp(&a.len()).then(a.origin.cmp(&b.origin)))
        {
            nested.push(p.clone());
            pos = p.end;
        }
    }
    kept.extend(nested);
    kept.sort_by_key(|c| (c.start, c.end));
    kept
}

// ---------------------------------------------------------------------------
// Lexicon scope
// ---------------------------------------------------------------------------

/// The place an entry belongs to: the first place up its `parent` chain.
fn scope_place<'l>(lexicon: &'l Lexicon, e: &LexEntity) -> Option<&'l LexEntity> {
    let mut current = e.parent.as_deref();
    for _ in 0..16 {
        let p = lexicon.entity(current?)?;
        if p.kind == EntityKind::Place {
            return Some(p);
        }
        current = p.parent.as_deref();
    }
    None
}

/// True when `name` only means `e` inside `e`'s own locality: it starts with
/// `市`/`省`/`区`/`县`, is at most two characters, or names a functional zone
/// without its city.
fn is_relative(lexicon: &Lexicon, name: &str, e: &LexEntity) -> bool {
    let Some(scope) = scope_place(lexicon, e) else {
        return false;
    };
    if name.starts_with(RELATIVE_PREFIXES) || name.chars().count() <= 2 {
        return true;
    }
    let short = scope.zh.trim_end_matches(RELATIVE_PREFIXES);
    e.subtype.as_deref() == Some("functional-zone") && !name.contains(short)
}

/// Lexicon ids of the places the report is published in (found in the
/// publisher and the title) and of every place above them.
fn home_places<'l>(report: &Report, lexicon: &'l Lexicon) -> BTreeSet<&'l str> {
    let mut text = String::new();
    if let Some((p, _)) = report.publisher() {
        text.push_str(&p);
    }
    if let Some((t, _)) = report.metadata.title() {
        text.push(' ');
        text.push_str(t);
    }
    let mut home = BTreeSet::new();
    for (name, e) in lexicon.names_longest_first() {
        if e.kind == EntityKind::Place && !is_relative(lexicon, name, e) && text.contains(name) {
            let mut current = Some(e);
            for _ in 0..16 {
                let Some(p) = current else { break };
                home.insert(p.id.as_str());
                current = p.parent.as_deref().and_then(|id| lexicon.entity(id));
            }
        }
    }
    home
}

// ---------------------------------------------------------------------------
// Quoted names
// ---------------------------------------------------------------------------

/// Content spans of the quotations in a piece: `“…”`, `「…」`, `『…』`, `"…"`.
fn quotations(piece: &Piece) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < piece.len() {
        let close = match piece.at(i) {
            Some('“') => '”',
            Some('「') => '」',
            Some('『') => '』',
            Some('"') => '"',
            _ => {
                i += 1;
                continue;
            }
        };
        let end = (i + 1..piece.len().min(i + 40)).find(|&k| piece.at(k) == Some(close));
        match end {
            Some(k) if !(i + 1..k).any(|j| piece.at(j).is_some_and(|c| "。！？".contains(c))) => {
                out.push((i + 1, k));
                i = k + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// True for quoted numbers and numeral abbreviations: `12345`, `四进`, `两项补贴`.
fn is_numeric_abbreviation(q: &[char]) -> bool {
    let Some(&first) = q.first() else {
        return true;
    };
    if q.iter().all(|c| !is_cjk(*c)) {
        return true;
    }
    if is_digit(first) {
        return true;
    }
    let numeral = NUMERALS.contains(first);
    numeral && (q.len() <= 3 || q.get(1).is_some_and(|c| COUNTERS.contains(*c)))
}

/// Quoted names, classified by what surrounds them.
fn quoted_names(piece: &Piece, places: &[(usize, usize)]) -> Vec<Cand> {
    let mut out = Vec::new();
    for (start, end) in quotations(piece) {
        if let Some(kind) = classify_quote(piece, start, end, places) {
            out.push(Cand {
                origin: Origin::Quote,
                ..Cand::rule(piece, start, end, kind)
            });
        }
    }
    out
}

fn classify_quote(
    piece: &Piece,
    start: usize,
    end: usize,
    places: &[(usize, usize)],
) -> Option<EntityKind> {
    let q = piece.chars.get(start..end)?;
    let content = piece.text(start, end);
    let open = start.saturating_sub(1);
    let honoured =
        content.ends_with('奖') || piece.has_at(end + 1, "称号") || after_honour_verb(piece, open);
    if honoured && q.len() >= 2 && q.iter().any(|c| is_cjk(*c)) {
        return Some(EntityKind::Award);
    }
    if q.len() < 2 || is_numeric_abbreviation(q) {
        return None;
    }
    let after = end + 1;
    let clause_end = piece.clause_end(after);
    let ends_with = |ws: &[String]| ws.iter().any(|w| content.ends_with(w.as_str()));
    let followed = |ws: &[String], max_gap: usize| {
        (0..=max_gap).any(|gap| {
            piece.all_cjk(after, after + gap)
                && after + gap < clause_end
                && piece.longest_at(after + gap, ws).is_some()
        })
    };

    let programs = piece.list(ListName::ProgramSuffixes);
    if ends_with(programs) || followed(programs, 8) {
        return Some(EntityKind::Program);
    }
    let rest = piece.text(after, clause_end);
    if content.ends_with("品牌") || rest.contains("品牌") {
        return Some(EntityKind::Brand);
    }
    if places.iter().any(|&(_, e)| e == open) {
        return Some(EntityKind::Brand);
    }
    if piece.has_at(after, "服务")
        || followed(piece.list(ListName::ServiceSuffixes), 10)
        || counted_site(piece, open, after)
    {
        return Some(EntityKind::Brand);
    }
    if followed(piece.list(ListName::ModelSuffixes), 8) {
        return Some(EntityKind::Program);
    }
    let hint_window = piece.text(after, (after + 6).min(clause_end));
    if piece
        .list(ListName::NotANameHints)
        .iter()
        .any(|h| content.ends_with(h.as_str()) || hint_window.contains(h.as_str()))
    {
        return None;
    }
    (q.len() >= 3).then_some(EntityKind::Program)
}

/// `52处“暖心驿站”` or `“长者食堂”156处`: a count of branded sites.
fn counted_site(piece: &Piece, open: usize, after: usize) -> bool {
    let before = open >= 2
        && piece
            .at(open - 1)
            .is_some_and(|c| piece.in_chars(ListName::SiteCounters, c))
        && piece.at(open - 2).is_some_and(is_digit);
    let mut k = after;
    while piece.at(k).is_some_and(|c| c == ' ' || c == '\u{3000}') {
        k += 1;
    }
    let digits = (k..piece.len())
        .take_while(|&j| piece.at(j).is_some_and(|c| is_digit(c) || c == '.'))
        .count();
    let later = digits > 0
        && piece
            .at(k + digits)
            .is_some_and(|c| piece.in_chars(ListName::SiteCounters, c));
    before || later
}

/// True when an honour verb ends right before `i`, allowing a short
/// qualifier between (`荣获第十二届“…”`, `被评为区级“…”`).
fn after_honour_verb(piece: &Piece, i: usize) -> bool {
    (0..=4).any(|q| {
        i >= q
            && piece.all_cjk(i - q, i)
            && piece
                .longest_before(i - q, piece.list(ListName::HonourVerbs))
                .is_some()
    })
}

// ---------------------------------------------------------------------------
// Policy documents
// ---------------------------------------------------------------------------

/// Strips `（试行）`-style notes at the end of a title.
fn title_core(title: &str) -> &str {
    let mut t = title;
    for note in [
        "（试行）",
        "(试行)",
        "（修订）",
        "(修订)",
        "（暂行）",
        "(暂行)",
    ] {
        t = t.strip_suffix(note).unwrap_or(t);
    }
    t
}

/// `《…》` titles that are policy documents: after an issuing verb, or ending
/// in a document word. The label is the title without its brackets.
fn titled_documents(piece: &Piece) -> Vec<Cand> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < piece.len() {
        if piece.at(i) != Some('《') {
            i += 1;
            continue;
        }
        let Some(close) = (i + 1..piece.len()).find(|&k| piece.at(k) == Some('》')) else {
            break;
        };
        let title = piece.text(i + 1, close);
        let issued = piece
            .longest_before(i, piece.list(ListName::DocumentVerbs))
            .is_some();
        let named = piece
            .list(ListName::DocumentSuffixes)
            .iter()
            .any(|s| title_core(&title).ends_with(s.as_str()));
        if close > i + 2 && (issued || named) {
            out.push(Cand::rule(piece, i + 1, close, EntityKind::PolicyDocument));
        }
        i = close + 1;
    }
    out
}

/// Policy documents named after an issuing verb, split at `、`.
fn verb_documents(piece: &Piece) -> Vec<Cand> {
    let mut out = Vec::new();
    for v in 0..piece.len() {
        let Some(verb) = piece.longest_at(v, piece.list(ListName::DocumentVerbs)) else {
            continue;
        };
        let mut start = v + verb.chars().count();
        if piece.at(start) == Some('了') {
            start += 1;
        }
        if piece.at(start) == Some('《') {
            continue;
        }
        let end = generic_cut(piece, start, piece.clause_end(start));
        for (a, z) in list_items(piece, start, end) {
            if let Some(c) = document_item(piece, a, z) {
                out.push(c);
            }
        }
    }
    out
}

/// Cuts a list before `等` + a generic word (`…指引等制度`, `…等6张清单`).
fn generic_cut(piece: &Piece, start: usize, end: usize) -> usize {
    (start..end)
        .find(|&k| {
            piece.at(k) == Some('等') && !piece.at(k + 1).is_some_and(|c| "级次同待于".contains(c))
        })
        .unwrap_or(end)
}

/// Splits `[start, end)` at `、` and at `和`/`及`/`与` where the left part is a
/// complete document name; items without a document word join the next one.
fn list_items(piece: &Piece, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut raw = Vec::new();
    let mut depth = 0i32;
    let mut s = start;
    for k in start..end {
        match piece.at(k) {
            Some('(' | '（' | '“' | '《') => depth += 1,
            Some(')' | '）' | '”' | '》') => depth -= 1,
            Some('、') if depth == 0 => {
                raw.push((s, k));
                s = k + 1;
            }
            Some('和' | '及' | '与') if depth == 0 && ends_in_document_word(piece, s, k) => {
                raw.push((s, k));
                s = k + 1;
            }
            _ => {}
        }
    }
    raw.push((s, end));
    let mut items = Vec::new();
    let mut pending: Option<usize> = None;
    for (a, z) in raw {
        let from = pending.unwrap_or(a);
        if ends_in_document_word(piece, a, z) || z == end {
            items.push((from, z));
            pending = None;
        } else {
            pending = Some(from);
        }
    }
    items
}

fn ends_in_document_word(piece: &Piece, start: usize, end: usize) -> bool {
    end > start
        && piece
            .longest_before(end, piece.list(ListName::DocumentSuffixes))
            .is_some()
}

/// The document named by one list item: up to its last document word.
fn document_item(piece: &Piece, start: usize, end: usize) -> Option<Cand> {
    let last = (start + 1..=end)
        .rev()
        .find(|&k| ends_in_document_word(piece, start, k))?;
    let len = last - start;
    let cjk = (start..last)
        .filter(|&k| piece.at(k).is_some_and(is_cjk))
        .count();
    let bad_start = piece
        .at(start)
        .is_some_and(|c| "了的将和及与并".contains(c));
    let clean = (start..last).all(|k| {
        piece
            .at(k)
            .is_some_and(|c| is_cjk(c) || is_digit(c) || "()（）“”、·—-".contains(c))
    });
    ((4..=40).contains(&len) && cjk >= 4 && !bad_start && clean)
        .then(|| Cand::rule(piece, start, last, EntityKind::PolicyDocument))
}

// ---------------------------------------------------------------------------
// Awards, programs, rankings
// ---------------------------------------------------------------------------

/// Honours named after an honour verb (`获评全省优秀工作法`); a leading
/// `第十二届` or `2022年度` is not part of the name.
fn honours(piece: &Piece) -> Vec<Cand> {
    let mut out = Vec::new();
    for v in 0..piece.len() {
        let Some(verb) = piece.longest_at(v, piece.list(ListName::HonourVerbs)) else {
            continue;
        };
        let start = skip_edition(piece, v + verb.chars().count());
        let end = piece.clause_end(start);
        let np = piece.text(start, end);
        if np.contains(['“', '”', '"', '《']) {
            continue;
        }
        let last = (start + 1..=end).rev().find(|&k| {
            piece
                .longest_before(k, piece.list(ListName::HonourSuffixes))
                .is_some()
                && honour_tail_ok(&piece.text(k, end))
        });
        if let Some(k) = last {
            if k - start >= 3 && k - start <= 40 {
                out.push(Cand::rule(piece, start, k, EntityKind::Award));
            }
        }
    }
    out
}

fn honour_tail_ok(tail: &str) -> bool {
    tail.is_empty() || ["称号", "荣誉", "等"].iter().any(|t| tail.starts_with(t))
}

/// Skips `第十二届`, `2022年度` or `2022年` at `i`.
fn skip_edition(piece: &Piece, i: usize) -> usize {
    if piece.at(i) == Some('第') {
        if let Some(k) = (i + 1..(i + 5).min(piece.len())).find(|&k| piece.at(k) == Some('届')) {
            if (i + 1..k).all(|j| {
                piece
                    .at(j)
                    .is_some_and(|c| NUMERALS.contains(c) || is_digit(c))
            }) {
                return k + 1;
            }
        }
    }
    let digits = (i..piece.len())
        .take_while(|&k| piece.at(k).is_some_and(is_digit))
        .count();
    if digits == 4 && piece.at(i + 4) == Some('年') {
        return if piece.at(i + 5) == Some('度') {
            i + 6
        } else {
            i + 5
        };
    }
    i
}

/// Programs named after a verb and ending in a program word
/// (`深化打击非法组织专项行动`). A name followed by a count is a
/// category (`开展服务项目800个`), not a program.
fn unquoted_programs(piece: &Piece) -> Vec<Cand> {
    let mut out = Vec::new();
    for v in 0..piece.len() {
        let Some(verb) = piece.longest_at(v, piece.list(ListName::ProgramVerbs)) else {
            continue;
        };
        let start = v + verb.chars().count();
        let limit = (start + 24).min(piece.len());
        let Some(end) = (start + 2..=limit).find(|&k| {
            piece.all_cjk(start, k)
                && piece
                    .longest_before(k, piece.list(ListName::UnquotedProgramSuffixes))
                    .is_some()
        }) else {
            continue;
        };
        let end = piece
            .longest_at(end, &["计划"])
            .map_or(end, |w| end + w.chars().count());
        let counted = piece.at(end).is_some_and(is_digit);
        let name_len = end - start;
        let suffix_len = piece
            .longest_before(end, piece.list(ListName::UnquotedProgramSuffixes))
            .map_or(0, |s| s.chars().count());
        if !counted
            && name_len >= suffix_len + 2
            && !piece.at(start).is_some_and(|c| "了的".contains(c))
        {
            out.push(Cand::rule(piece, start, end, EntityKind::Program));
        }
    }
    out
}

/// Events named after a verb and ending in an event word
/// (`召开全省民政工作会议`, `举办第五届中国（四川）国际熊猫消费节`).
fn events(piece: &Piece) -> Vec<Cand> {
    let mut out = Vec::new();
    let suffixes = piece.list(ListName::EventSuffixes);
    let name_char = |c: char| is_cjk(c) || is_digit(c) || "（）()·“”".contains(c);
    for v in 0..piece.len() {
        let Some(verb) = piece.longest_at(v, piece.list(ListName::EventVerbs)) else {
            continue;
        };
        let start = v + verb.chars().count();
        let limit = (start + 30).min(piece.len());
        let Some(end) = (start + 2..=limit)
            .take_while(|&k| piece.at(k - 1).is_some_and(name_char))
            .find(|&k| piece.longest_before(k, suffixes).is_some())
        else {
            continue;
        };
        // 博览会, not 博览会议: the longest event word ending there.
        let end = piece
            .longest_at(end, &["议"])
            .filter(|_| piece.has_before(end, "会"))
            .map_or(end, |_| end + 1);
        let suffix_len = piece
            .longest_before(end, suffixes)
            .map_or(0, |s| s.chars().count());
        let balanced = piece.text(start, end).matches(['（', '(']).count()
            == piece.text(start, end).matches(['）', ')']).count();
        if end - start >= suffix_len + 2
            && balanced
            && !piece.at(start).is_some_and(|c| "了的".contains(c))
        {
            out.push(Cand::rule(piece, start, end, EntityKind::Event));
        }
    }
    out
}

/// Ranking claims: `(位居|居)?(全国|全省|全市…)(首位|率先|最高…)` and `包揽前N名`.
fn rankings(piece: &Piece) -> Vec<Cand> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < piece.len() {
        let lead = piece
            .longest_at(i, piece.list(ListName::RankingLeads))
            .map_or(0, |w| w.chars().count());
        let found = piece
            .longest_at(i + lead, piece.list(ListName::RankingScopes))
            .and_then(|scope| {
                let k = i + lead + scope.chars().count();
                piece
                    .longest_at(k, piece.list(ListName::RankingPositions))
                    .map(|pos| k + pos.chars().count())
            });
        // 包揽前三名: a sweep word, a one-character number, a rank counter.
        let found = found.or_else(|| {
            let sweep = piece.longest_at(i, piece.list(ListName::RankingSweeps))?;
            let k = i + sweep.chars().count();
            let number = piece
                .at(k)
                .is_some_and(|c| NUMERALS.contains(c) || is_digit(c));
            let counter = piece.longest_at(k + 1, piece.list(ListName::RankCounters))?;
            (lead == 0 && number).then_some(k + 1 + counter.chars().count())
        });
        match found {
            Some(end) => {
                out.push(Cand::rule(piece, i, end, EntityKind::Ranking));
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

// ---------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------

/// People after a role title: `副部长张某`, `副主席李某、王某`,
/// `党组书记、局长刘建华`, `慈善楷模候选对象王某`.
fn people(piece: &Piece) -> Vec<Cand> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < piece.len() {
        let Some(role) = piece.longest_at(i, piece.list(ListName::RoleTitles)) else {
            i += 1;
            continue;
        };
        let mut role_start = i;
        if piece
            .list(ListName::RoleHeadsWithModifiers)
            .iter()
            .any(|h| h == role)
        {
            while role_start > 0
                && i - role_start < 6
                && piece
                    .at(role_start - 1)
                    .is_some_and(|c| is_cjk(c) && !"的是为在".contains(c))
            {
                role_start -= 1;
            }
        }
        let mut role_end = i + role.chars().count();
        while piece.at(role_end) == Some('、') {
            match piece.longest_at(role_end + 1, piece.list(ListName::RoleTitles)) {
                Some(next) => role_end += 1 + next.chars().count(),
                None => break,
            }
        }
        let role_text = piece.text(role_start, role_end);
        let mut k = role_end;
        let mut any = false;
        while let Some(n) = name_at(piece, k) {
            let mut c = Cand::rule(piece, k, k + n, EntityKind::Person);
            c.role = Some(role_text.clone());
            out.push(c);
            any = true;
            k += n;
            let next_is_name = piece.at(k) == Some('、')
                && piece
                    .longest_at(k + 1, piece.list(ListName::RoleTitles))
                    .is_none()
                && name_at(piece, k + 1).is_some();
            if !next_is_name {
                break;
            }
            k += 1;
        }
        i = if any { k } else { i + 1 };
    }
    out
}

/// Length of a two- or three-character personal name at `i`, if one is there.
fn name_at(piece: &Piece, i: usize) -> Option<usize> {
    let first = piece.at(i)?;
    if !piece.in_chars(ListName::Surnames, first) {
        return None;
    }
    let ends_name = |k: usize| match piece.at(k) {
        None => true,
        Some(c) if !is_cjk(c) => true,
        Some(_) => {
            piece
                .longest_at(k, piece.list(ListName::AfterName))
                .is_some()
                || piece
                    .longest_at(k, piece.list(ListName::RoleTitles))
                    .is_some()
        }
    };
    [2, 3]
        .into_iter()
        .find(|&n| piece.all_cjk(i, i + n) && ends_name(i + n))
}

// ---------------------------------------------------------------------------
// Places and institutions
// ---------------------------------------------------------------------------

/// Places by rule: a two-character name and `市`/`区`/`县`/`省`, or two to four
/// characters and `街道`, at a word boundary (clause start, `、`, a
/// preposition, or right after another place).
fn rule_places(piece: &Piece, known: &[(usize, usize)]) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::new();
    let mut ends: BTreeSet<usize> = known.iter().map(|&(_, e)| e).collect();
    for i in 0..piece.len() {
        let (suffix_len, lengths): (usize, &[usize]) = if piece.has_at(i, "街道") {
            (2, &[4, 3, 2])
        } else {
            match piece.at(i) {
                Some(c) => match piece.genre.place_suffixes.iter().find(|(p, _)| *p == c) {
                    Some((_, blocked)) => {
                        if piece.at(i + 1).is_some_and(|n| blocked.contains(n)) {
                            continue;
                        }
                        (1, &[2])
                    }
                    None => continue,
                },
                _ => continue,
            }
        };
        for &n in lengths {
            if i < n {
                continue;
            }
            let s = i - n;
            let name_ok = (s..i).all(|k| {
                piece
                    .at(k)
                    .is_some_and(|c| is_cjk(c) && !piece.in_chars(ListName::PlaceStops, c))
            }) && piece
                .longest_at(s, piece.list(ListName::NotPlaceNames))
                .is_none();
            let boundary = s == 0
                || ends.contains(&s)
                || piece.at(s - 1).is_some_and(|c| {
                    !is_cjk(c) || c == '、' || piece.in_chars(ListName::PlaceOpeners, c)
                });
            if name_ok && boundary {
                let end = i + suffix_len;
                if !out.iter().any(|c| c.start == s && c.end == end) {
                    out.push(Cand::rule(piece, s, end, EntityKind::Place));
                }
                ends.insert(end);
                break;
            }
        }
    }
    out
}

/// Institutions by suffix after a place, a relative prefix (`市`, `区` …) or
/// a national one (`全国`, `国家` …): `市救助管理站`, `全国人大常委会`.
fn institutions(piece: &Piece, places: &[(usize, usize)]) -> Vec<Cand> {
    let mut out = Vec::new();
    for j in 0..piece.len() {
        for (suffix, min_core, max_core, blocked) in &piece.genre.institution_suffixes {
            let (min_core, max_core) = (*min_core, *max_core);
            if !piece.has_at(j, suffix) {
                continue;
            }
            let end = j + suffix.chars().count();
            if counted(piece, end) || piece.at(end).is_some_and(|n| blocked.contains(n)) {
                continue;
            }
            if let Some(start) = institution_start(piece, places, j, min_core, max_core) {
                out.push(Cand::rule(piece, start, end, EntityKind::Institution));
            }
        }
    }
    out
}

/// True when a count follows `i` (`养老服务中心4处`): the name before it is a
/// category. A year (`2024年`) is no count.
fn counted(piece: &Piece, i: usize) -> bool {
    let digits = (i..piece.len())
        .take_while(|&k| piece.at(k).is_some_and(is_digit))
        .count();
    digits > 0 && piece.at(i + digits) != Some('年')
}

/// Start of the institution whose suffix begins at `j`: the nearest valid
/// prefix before a core of `min_core..=max_core` characters.
fn institution_start(
    piece: &Piece,
    places: &[(usize, usize)],
    j: usize,
    min_core: usize,
    max_core: usize,
) -> Option<usize> {
    for core in min_core..=max_core {
        if core > j {
            break;
        }
        let p = j - core;
        if !(p..j).all(|k| {
            piece
                .at(k)
                .is_some_and(|c| is_cjk(c) && !piece.in_chars(ListName::CoreStops, c))
        }) {
            break;
        }
        if core > 0
            && piece
                .at(p)
                .is_some_and(|c| piece.in_chars(ListName::CoreBadStart, c))
        {
            continue;
        }
        if let Some(s) = place_chain_start(places, p) {
            return Some(s);
        }
        if let Some(w) = piece.longest_before(p, piece.list(ListName::NationalPrefixes)) {
            return Some(p - w.chars().count());
        }
        if let Some(prefix) = p.checked_sub(1).and_then(|k| piece.at(k)) {
            if let Some((_, not_after)) = piece
                .genre
                .relative_prefixes
                .iter()
                .find(|(r, _)| *r == prefix)
            {
                let blocked = p >= 2 && piece.at(p - 2).is_some_and(|c| not_after.contains(c));
                if !blocked {
                    return Some(p - 1);
                }
            }
        }
    }
    None
}

/// Start of the run of adjacent places ending at `end` (`济南市历下区`).
fn place_chain_start(places: &[(usize, usize)], end: usize) -> Option<usize> {
    let mut start = places
        .iter()
        .filter(|&&(_, e)| e == end)
        .map(|&(s, _)| s)
        .min()?;
    while let Some(s) = places
        .iter()
        .filter(|&&(_, e)| e == start)
        .map(|&(s, _)| s)
        .min()
    {
        start = s;
    }
    Some(start)
}

// ---------------------------------------------------------------------------
// Target groups
// ---------------------------------------------------------------------------

/// Target groups: a head noun and the modifiers of the genre before it
/// (`城乡低保对象`, `困难失能老年人`); heads such as `人员` need one.
fn target_groups(piece: &Piece) -> Vec<Cand> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < piece.len() {
        let Some((head, needs_modifier)) = piece
            .genre
            .target_heads
            .iter()
            .filter(|(h, _)| piece.has_at(i, h))
            .max_by_key(|(h, _)| h.chars().count())
        else {
            i += 1;
            continue;
        };
        let end = i + head.chars().count();
        let mut start = i;
        let mut modifiers = 0;
        while modifiers < 4 {
            match piece.longest_before(start, piece.list(ListName::TargetModifiers)) {
                Some(m) => {
                    start -= m.chars().count();
                    modifiers += 1;
                }
                None => break,
            }
        }
        if modifiers > 0 || !*needs_modifier {
            out.push(Cand::rule(piece, start, end, EntityKind::TargetGroup));
        }
        i = end;
    }
    out
}

// ---------------------------------------------------------------------------
// Domains
// ---------------------------------------------------------------------------

/// One mention per section heading, of the concept it maps to (or of the
/// heading itself when no concept fits).
fn domains(report: &Report, lexicon: &Lexicon) -> Vec<Found> {
    report
        .sections
        .iter()
        .filter_map(|s| s.heading.as_ref())
        .map(|(heading, span)| {
            let concept = lexicon.concept_for(heading);
            Found {
                kind: EntityKind::Domain,
                label: concept.map_or_else(|| heading.clone(), |c| c.zh.clone()),
                lexicon: concept.map(|c| (c.id.clone(), Some(c.en.clone()))),
                role: None,
                origin: if concept.is_some() {
                    Origin::Lexicon
                } else {
                    Origin::Rule
                },
                mention: Mention {
                    span: *span,
                    text: report.slice(*span).to_owned(),
                    sentence: None,
                },
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Grouping
// ---------------------------------------------------------------------------

/// Groups mentions into entities by kind and label. A name quoted several
/// times keeps one kind: award over brand over program.
fn assemble(report: &Report, mut found: Vec<Found>) -> Vec<Entity> {
    let mut quote_kind: BTreeMap<String, EntityKind> = BTreeMap::new();
    for f in found.iter().filter(|f| f.origin == Origin::Quote) {
        let k = quote_kind.entry(f.label.clone()).or_insert(f.kind);
        if quote_rank(f.kind) < quote_rank(*k) {
            *k = f.kind;
        }
    }
    for f in found.iter_mut().filter(|f| f.origin == Origin::Quote) {
        if let Some(k) = quote_kind.get(&f.label) {
            f.kind = *k;
        }
    }
    let mut by_key: BTreeMap<(EntityKind, String), Entity> = BTreeMap::new();
    for f in found {
        debug_assert_eq!(report.slice(f.mention.span), f.mention.text);
        let e = by_key
            .entry((f.kind, f.label.clone()))
            .or_insert_with(|| Entity {
                kind: f.kind,
                label: f.label.clone(),
                label_en: None,
                lexicon_id: None,
                role: None,
                mentions: Vec::new(),
                relations: Vec::new(),
            });
        if let Some((id, en)) = f.lexicon {
            e.lexicon_id.get_or_insert(id);
            if let Some(en) = en {
                e.label_en.get_or_insert(en);
            }
        }
        if let Some(role) = f.role {
            e.role.get_or_insert(role);
        }
        e.mentions.push(f.mention);
    }
    by_key
        .into_values()
        .map(|mut e| {
            e.mentions.sort();
            e.mentions.dedup();
            e
        })
        .collect()
}

fn quote_rank(kind: EntityKind) -> u8 {
    match kind {
        EntityKind::Award => 0,
        EntityKind::Brand => 1,
        EntityKind::Program => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn report(body: &str) -> Report {
        let text = format!(
            "- 发布机构: 甲市民政局\n- 标题: 甲市民政局2023年工作总结\n一、社会救助\n{body}\n"
        );
        Report::parse("t", Path::new("t.txt"), &text).unwrap()
    }

    fn lexicon(toml: &str) -> Lexicon {
        let mut l = Lexicon::empty();
        l.add_str(Path::new("t.toml"), toml).unwrap();
        l
    }

    fn labels(entities: &[Entity], kind: EntityKind) -> Vec<&str> {
        entities
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.label.as_str())
            .collect()
    }

    #[test]
    fn rules_alone_by_kind() {
        use EntityKind::*;
        let cases: &[(&str, &str, EntityKind, &str)] = &[
            (
                "quoted program with suffix",
                "实施“护苗”关爱行动，惠及儿童。",
                Program,
                "护苗",
            ),
            (
                "quoted name ending in a program word",
                "开展孤儿医疗康复“明天计划”。",
                Program,
                "明天计划",
            ),
            (
                "brand by 品牌 later in the clause",
                "深化“暖心救助”社会救助品牌建设。",
                Brand,
                "暖心救助",
            ),
            (
                "brand after a place",
                "张店区“邻里e家”社区治理模式被推广。",
                Brand,
                "邻里e家",
            ),
            (
                "brand counted as sites",
                "规范提升166处“避风港湾”。",
                Brand,
                "避风港湾",
            ),
            (
                "working model",
                "建立“一门受理、协同办理”机制。",
                Program,
                "一门受理、协同办理",
            ),
            (
                "quoted award",
                "项目荣获第二届“泉城慈善奖”。",
                Award,
                "泉城慈善奖",
            ),
            (
                "quoted honour after verb",
                "张三获评“山东省优秀社会工作者”。",
                Award,
                "山东省优秀社会工作者",
            ),
            (
                "unquoted program after verb",
                "深化打击整治非法社会组织专项行动，取缔57家。",
                Program,
                "打击整治非法社会组织专项行动",
            ),
            (
                "institution by suffix",
                "完成市救助管理站改造工程。",
                Institution,
                "市救助管理站",
            ),
            (
                "national institution",
                "全国人大常委会副委员长王东明调研。",
                Institution,
                "全国人大常委会",
            ),
            (
                "person with role",
                "全国人大常委会副委员长王东明调研。",
                Person,
                "王东明",
            ),
            (
                "second name inherits the role",
                "全国政协副主席蒋作君、王光谦调研。",
                Person,
                "王光谦",
            ),
            (
                "place by suffix",
                "奎文区、潍城区二十三家社会组织参与。",
                Place,
                "潍城区",
            ),
            (
                "subdistrict",
                "千佛山街道综合养老服务中心投入运营。",
                Place,
                "千佛山街道",
            ),
            (
                "document after verb",
                "出台因病致贫重病患者认定办法、特困人员救助供养办法。",
                PolicyDocument,
                "特困人员救助供养办法",
            ),
            (
                "document count dropped",
                "出台加强社会救助兜底保障措施60条。",
                PolicyDocument,
                "加强社会救助兜底保障措施",
            ),
            (
                "document before 等",
                "修订社会团体成立和换届选举工作指引等制度。",
                PolicyDocument,
                "社会团体成立和换届选举工作指引",
            ),
            (
                "titled document",
                "出台《某市低收入人口认定办法》。",
                PolicyDocument,
                "某市低收入人口认定办法",
            ),
            (
                "honour after verb",
                "3个社区创新做法获评全省优秀社区工作法。",
                Award,
                "全省优秀社区工作法",
            ),
            (
                "honour after edition",
                "本市获评2022年度全国表扬激励城市。",
                Award,
                "全国表扬激励城市",
            ),
            ("ranking", "8项指标居全省首位。", Ranking, "居全省首位"),
            (
                "ranking 率先",
                "全省率先印发困境未成年人监护工作指引。",
                Ranking,
                "全省率先",
            ),
            (
                "event after a verb",
                "召开全市民政工作会议。",
                Event,
                "全市民政工作会议",
            ),
            (
                "event with an edition",
                "成功举办第五届中国（四川）国际熊猫消费节。",
                Event,
                "第五届中国（四川）国际熊猫消费节",
            ),
            (
                "target group with modifiers",
                "全市城乡低保对象较上年减少。",
                TargetGroup,
                "城乡低保对象",
            ),
            (
                "target group after list",
                "为3600名失能、半失能老年人提供服务。",
                TargetGroup,
                "半失能老年人",
            ),
        ];
        for (name, body, kind, label) in cases {
            let r = report(body);
            let entities = find(
                &r,
                &Lexicon::empty(),
                crate::genre::bundled().default_genre(),
            );
            assert!(
                labels(&entities, *kind).contains(label),
                "{name}: {kind} {label} not in {:?}",
                entities
                    .iter()
                    .map(|e| (e.kind, e.label.as_str()))
                    .collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn not_entities() {
        use EntityKind::*;
        let cases: &[(&str, &str, EntityKind, &str)] = &[
            (
                "quoted number",
                "社会组织监管“12345”模式被评为全省优秀典型案例。",
                Program,
                "12345",
            ),
            (
                "numeral abbreviation",
                "组织移风易俗“四进”活动73场。",
                Program,
                "四进",
            ),
            (
                "TV programme",
                "央视《朝闻天下》专题报道。",
                PolicyDocument,
                "朝闻天下",
            ),
            (
                "film",
                "《从单车婚礼到美好未来》纪录片荣获最佳作品。",
                PolicyDocument,
                "从单车婚礼到美好未来",
            ),
            (
                "counted category",
                "开展志愿服务项目5万余个。",
                Program,
                "志愿服务项目",
            ),
            (
                "generic list",
                "指导区县印发社区工作事项等6张清单。",
                PolicyDocument,
                "社区工作事项等6张清单",
            ),
            (
                "urban district",
                "城区社区综合服务设施改造。",
                Place,
                "城区",
            ),
            (
                "county list",
                "建成区县养老服务中心4处。",
                Institution,
                "区县养老服务中心",
            ),
        ];
        for (name, body, kind, label) in cases {
            let r = report(body);
            let entities = find(
                &r,
                &Lexicon::empty(),
                crate::genre::bundled().default_genre(),
            );
            assert!(
                !labels(&entities, *kind).contains(label),
                "{name}: {kind} {label} found"
            );
        }
    }

    #[test]
    fn mentions_quote_the_text_and_carry_the_sentence() {
        let r = report("市救助管理站开展“寒冬送温暖”专项救助行动。全省率先出台社工站服务指南。");
        let entities = find(
            &r,
            &Lexicon::empty(),
            crate::genre::bundled().default_genre(),
        );
        assert!(!entities.is_empty());
        for e in &entities {
            for m in &e.mentions {
                assert_eq!(r.slice(m.span), m.text, "{}", e.label);
                if e.kind != EntityKind::Domain {
                    assert!(
                        m.sentence.is_some() || m.text.contains("民政局"),
                        "{}",
                        e.label
                    );
                }
            }
        }
        let keys: Vec<_> = entities.iter().map(|e| e.key()).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn lexicon_wins_and_resolves_aliases() {
        let l = lexicon(
            r#"version = "1"
[[entity]]
id = "jia"
type = "place"
zh = "甲市"
[[entity]]
id = "jia-station"
type = "institution"
zh = "甲市救助管理站"
en = "Jia relief station"
aliases = ["市救助管理站"]
parent = "jia"
"#,
        );
        let r = report("完成市救助管理站改造工程。");
        let entities = find(&r, &l, crate::genre::bundled().default_genre());
        let station = entities
            .iter()
            .find(|e| e.kind == EntityKind::Institution && e.label == "甲市救助管理站")
            .unwrap();
        assert_eq!(station.lexicon_id.as_deref(), Some("jia-station"));
        assert_eq!(station.label_en.as_deref(), Some("Jia relief station"));
        assert_eq!(station.mentions[0].text, "市救助管理站");
    }

    #[test]
    fn relative_aliases_only_resolve_at_home() {
        let l = lexicon(
            r#"version = "1"
[[entity]]
id = "yi"
type = "place"
zh = "乙市"
[[entity]]
id = "yi-bureau"
type = "institution"
zh = "乙市民政局"
aliases = ["市民政局"]
parent = "yi"
"#,
        );
        let r = report("市民政局开展调研。");
        let entities = find(&r, &l, crate::genre::bundled().default_genre());
        assert!(!labels(&entities, EntityKind::Institution).contains(&"乙市民政局"));
    }

    #[test]
    fn relative_names_take_the_publishers_place() {
        let cases = [
            ("淄博市民政局", "市救助管理站开展巡查。", "淄博市救助管理站"),
            ("淄博市民政局", "市民政局开展调研。", "淄博市民政局"),
            ("济南市历下区民政局", "区委召开会议。", "济南市历下区委"),
            (
                "济南市历下区民政局",
                "联合区救助管理站开展巡查。",
                "济南市历下区救助管理站",
            ),
            ("济南市历下区民政局", "市民政局开展指导。", "济南市民政局"),
        ];
        for (publisher, body, label) in cases {
            let text = format!("- 发布机构: {publisher}\n一、社会救助\n{body}\n");
            let r = Report::parse("t", Path::new("t.txt"), &text).unwrap();
            let entities = find(
                &r,
                &Lexicon::empty(),
                crate::genre::bundled().default_genre(),
            );
            assert!(
                labels(&entities, EntityKind::Institution).contains(&label),
                "{publisher} {body}: {:?}",
                labels(&entities, EntityKind::Institution)
            );
        }
    }

    #[test]
    fn people_roles_and_lists() {
        let r = report("全国人大常委会副委员长王东明、国务委员谌贻琴、全国政协副主席蒋作君、王光谦调研。市民政局党组书记、局长刘建华在会上强调。");
        let entities = find(
            &r,
            &Lexicon::empty(),
            crate::genre::bundled().default_genre(),
        );
        let role = |name: &str| {
            entities
                .iter()
                .find(|e| e.kind == EntityKind::Person && e.label == name)
                .and_then(|e| e.role.clone())
        };
        assert_eq!(role("王东明").as_deref(), Some("副委员长"));
        assert_eq!(role("谌贻琴").as_deref(), Some("国务委员"));
        assert_eq!(role("王光谦").as_deref(), Some("副主席"));
        assert_eq!(role("刘建华").as_deref(), Some("党组书记、局长"));
    }

    #[test]
    fn nested_place_in_institution_name() {
        let r = report("潍坊市民政局召开会议。");
        let entities = find(
            &r,
            &Lexicon::empty(),
            crate::genre::bundled().default_genre(),
        );
        assert!(labels(&entities, EntityKind::Institution).contains(&"潍坊市民政局"));
        assert!(labels(&entities, EntityKind::Place).contains(&"潍坊市"));
    }

    #[test]
    fn domain_from_heading_or_heading_itself() {
        let r = report("发放低保金1亿元。");
        let entities = find(
            &r,
            &Lexicon::empty(),
            crate::genre::bundled().default_genre(),
        );
        assert_eq!(labels(&entities, EntityKind::Domain), ["社会救助"]);
        let l = lexicon("version = \"1\"\n[[concept]]\nid = \"sa\"\nzh = \"社会救助工作\"\nen = \"Social assistance\"\nkeywords = [\"救助\"]\n");
        let entities = find(&r, &l, crate::genre::bundled().default_genre());
        let d = entities
            .iter()
            .find(|e| e.kind == EntityKind::Domain)
            .unwrap();
        assert_eq!(
            (d.label.as_str(), d.lexicon_id.as_deref()),
            ("社会救助工作", Some("sa"))
        );
    }
}
