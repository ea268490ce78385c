//! Relations between figures and entities: a figure's subject, what a
//! ranking ranks, a brand's place and operator.
//!
//! Everything is decided by position within a sentence and its clauses, plus
//! the lexicon's `parent` and `domain` fields:
//!
//! * a figure's subject is the nearest program, brand, target group or
//!   institution in its clause (`保障孤困儿童300人` → 孤困儿童), else — unless
//!   the figure opens its clause — the nearest one in an earlier clause of
//!   the same statement (clauses up to the previous `；`);
//! * a brand or program relates to the domain of its section, to the place
//!   written right before it (`历下区“历即救”`), to the institution before it
//!   in its clause (its operator), to every target group of its sentence, and
//!   to its lexicon parent when that is in the report;
//! * a ranking of the kind `率先`/`首个` ranks the entity named right after it
//!   (`全省率先印发…指引`), else — like `居全省首位` — the nearest figure before
//!   it in its clause or in the clause before;
//! * a person is a member of the institution written before their role
//!   (`民政部时任部长张某`), names listed with `、` sharing it;
//! * the recipient of an award (the entity before `荣获`/`获评`/`被评为` …)
//!   relates to it; an award relates to the body that gives it (`被民政部评为`,
//!   or its lexicon parent);
//! * places and institutions are part of their lexicon parent; an
//!   institution is in the place its name starts with;
//! * a policy document's issuer is the institution before it in its clause.

use std::collections::BTreeMap;

use crate::genre::{Genre, ListName};
use crate::lexicon::Lexicon;
use crate::model::{EntityKind, Span};
use crate::report::{Report, Sentence};

use super::{Entity, Figure, Relation, Target};

/// Fills [`Figure::subject`] and [`Entity::relations`].
pub fn relate(
    report: &Report,
    lexicon: &Lexicon,
    genre: &Genre,
    figures: &mut [Figure],
    entities: &mut [Entity],
) {
    let index = Index::new(report, entities, genre.list(ListName::RoleQualifiers));
    for f in figures.iter_mut() {
        f.subject = index.subject(f);
    }
    let mut out: Vec<Vec<(Relation, Target)>> = vec![Vec::new(); entities.len()];
    let mut add = |from: usize, relation: Relation, to: Target| {
        if Target::Entity(from) != to {
            if let Some(v) = out.get_mut(from) {
                v.push((relation, to));
            }
        }
    };
    for m in &index.mentions {
        match m.kind {
            EntityKind::Brand | EntityKind::Program => {
                for (r, t) in index.brand_relations(m) {
                    add(m.entity, r, t);
                }
            }
            EntityKind::Ranking => {
                if let Some(t) = index.ranked(m, figures) {
                    add(m.entity, Relation::Ranks, t);
                }
            }
            EntityKind::Person => {
                if let Some(i) = index.member_of(m, entities) {
                    add(m.entity, Relation::MemberOf, Target::Entity(i));
                }
            }
            EntityKind::Award => {
                let (recipient, giver) = index.award_parties(m);
                if let Some(r) = recipient {
                    add(r, Relation::Award, Target::Entity(m.entity));
                }
                if let Some(g) = giver {
                    add(m.entity, Relation::Award, Target::Entity(g));
                }
            }
            EntityKind::Institution => {
                if let Some(p) = index.place_in_name(m) {
                    add(m.entity, Relation::Place, Target::Entity(p));
                }
            }
            EntityKind::PolicyDocument => {
                if let Some(i) = index.before_in_clause(m, &[EntityKind::Institution]) {
                    add(m.entity, Relation::Issuer, Target::Entity(i.entity));
                }
            }
            _ => {}
        }
    }
    for (i, e) in entities.iter().enumerate() {
        for (r, t) in index.lexicon_relations(lexicon, e) {
            add(i, r, t);
        }
    }
    for (e, mut rels) in entities.iter_mut().zip(out) {
        rels.append(&mut e.relations);
        rels.sort();
        rels.dedup();
        e.relations = rels;
    }
}

/// One mention of an entity, in a sentence.
#[derive(Debug, Clone, Copy)]
struct At {
    entity: usize,
    kind: EntityKind,
    span: Span,
    sentence: usize,
}

/// How far back (in characters) a search for a subject, a statement start
/// or a person's institution looks within its sentence: far beyond any real
/// statement, and what keeps a sentence of thousands of clauses linear.
const LOOKBACK: usize = 300;

/// Kinds a figure can be about, with their preference on equal distance.
fn subject_rank(kind: EntityKind) -> Option<u8> {
    match kind {
        EntityKind::Brand | EntityKind::Program => Some(0),
        EntityKind::TargetGroup => Some(1),
        EntityKind::Institution => Some(2),
        _ => None,
    }
}

/// `一是`, `二是` … opening a clause.
fn is_enumeration_marker(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(n), Some('是'), None) if "一二三四五六七八九十".contains(n)
    )
}

/// Code points between two spans (0 when they touch or overlap).
fn distance(a: Span, b: Span) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Mentions by sentence, sentences by index, sections' domains, lexicon ids.
struct Index<'r> {
    report: &'r Report,
    /// Words between an institution and a role (时任), from the genre.
    role_qualifiers: &'r [String],
    /// Body mentions in document order.
    mentions: Vec<At>,
    /// Sentence index → the range of `mentions` that holds its mentions.
    sentence_mentions: std::collections::HashMap<usize, (usize, usize)>,
    /// Sentence index → (section index, sentence).
    sentences: BTreeMap<usize, (usize, &'r Sentence)>,
    /// Section index → its domain entity.
    section_domain: BTreeMap<usize, usize>,
    /// Lexicon id → entity.
    by_lexicon_id: BTreeMap<String, usize>,
    /// Institution mention spans → places mentioned at their start.
    place_mentions: Vec<At>,
}

impl<'r> Index<'r> {
    fn new(report: &'r Report, entities: &[Entity], role_qualifiers: &'r [String]) -> Self {
        let sentences: BTreeMap<usize, (usize, &Sentence)> = report
            .sentences()
            .map(|(section, _, s)| (s.index, (section, s)))
            .collect();
        let mut mentions = Vec::new();
        let mut section_domain = BTreeMap::new();
        let mut by_lexicon_id = BTreeMap::new();
        let mut place_mentions = Vec::new();
        // Section heading span → section: one lookup per domain mention.
        let headings: BTreeMap<Span, usize> = report
            .sections
            .iter()
            .enumerate()
            .filter_map(|(si, s)| s.heading.as_ref().map(|(_, h)| (*h, si)))
            .collect();
        for (i, e) in entities.iter().enumerate() {
            if let Some(id) = &e.lexicon_id {
                by_lexicon_id.entry(id.clone()).or_insert(i);
            }
            for m in &e.mentions {
                if e.kind == EntityKind::Domain {
                    if let Some(&si) = headings.get(&m.span) {
                        section_domain.insert(si, i);
                    }
                }
                let at = At {
                    entity: i,
                    kind: e.kind,
                    span: m.span,
                    sentence: m.sentence.unwrap_or(usize::MAX),
                };
                if e.kind == EntityKind::Place {
                    place_mentions.push(at);
                }
                if m.sentence.is_some() {
                    mentions.push(at);
                }
            }
        }
        mentions.sort_by_key(|m| (m.span, m.entity));
        place_mentions.sort_by_key(|m| (m.span, m.entity));
        let mut sentence_mentions = std::collections::HashMap::new();
        for (i, m) in mentions.iter().enumerate() {
            let range = sentence_mentions.entry(m.sentence).or_insert((i, i + 1));
            range.1 = i + 1;
        }
        Self {
            report,
            role_qualifiers,
            mentions,
            sentence_mentions,
            sentences,
            section_domain,
            by_lexicon_id,
            place_mentions,
        }
    }

    /// The mentions of a sentence, in document order.
    fn sentence_slice(&self, sentence: usize) -> &[At] {
        match self.sentence_mentions.get(&sentence) {
            Some(&(a, z)) => &self.mentions[a..z],
            None => &[],
        }
    }

    fn in_sentence(&self, sentence: usize) -> impl Iterator<Item = &At> {
        self.sentence_slice(sentence)
            .iter()
            .filter(move |m| m.sentence == sentence)
    }

    /// The mentions of `sentence` that start within `span`, found by binary
    /// search (a long sentence is not scanned per figure).
    fn starting_in(&self, sentence: usize, span: Span) -> impl Iterator<Item = &At> {
        let all = self.sentence_slice(sentence);
        let a = all.partition_point(|m| m.span.start < span.start);
        let z = all.partition_point(|m| m.span.start < span.end).max(a);
        all[a..z].iter().filter(move |m| m.sentence == sentence)
    }

    /// The clause of `sentence` holding `span` (the sentence when none does).
    fn clause_of(&self, sentence: usize, span: Span) -> Span {
        let Some((_, s)) = self.sentences.get(&sentence) else {
            return span;
        };
        // Clauses are in order and do not overlap: the last starting at or
        // before `span` is the only candidate.
        let after = s.clauses.partition_point(|c| c.span.start <= span.start);
        after
            .checked_sub(1)
            .map(|i| s.clauses[i].span)
            .filter(|c| c.start <= span.start && span.start < c.end)
            .unwrap_or(s.span)
    }

    fn text(&self, start: usize, end: usize) -> &str {
        self.report.slice(Span::new(start, end.max(start)))
    }

    /// The figure's subject: nearest in its clause, else nearest before it.
    fn subject(&self, f: &Figure) -> Option<usize> {
        let in_clause = self
            .starting_in(f.sentence, f.clause)
            .filter_map(|m| subject_rank(m.kind).map(|r| (m, r)))
            .filter(|(m, _)| f.clause.contains(&m.span))
            .min_by_key(|(m, r)| (distance(m.span, f.span), *r, m.span.start));
        if let Some((m, _)) = in_clause {
            return Some(m.entity);
        }
        // A figure that opens its clause (`12项试点顺利推进`) is about the
        // words after it, not about an earlier clause.
        let lead = self.text(f.clause.start, f.span.start);
        if lead.is_empty() || is_enumeration_marker(lead) {
            return None;
        }
        let statement = self.statement_start(f.sentence, f.clause);
        self.starting_in(f.sentence, Span::new(statement, f.clause.start))
            .filter_map(|m| subject_rank(m.kind).map(|r| (m, r)))
            .filter(|(m, _)| m.span.end <= f.clause.start && m.span.start >= statement)
            .max_by_key(|(m, r)| (m.span.end, std::cmp::Reverse(*r)))
            .map(|(m, _)| m.entity)
    }

    /// Start of the statement holding `clause`: just after the last `；`
    /// before it in the sentence (statements joined by `；` are independent).
    fn statement_start(&self, sentence: usize, clause: Span) -> usize {
        let Some((_, s)) = self.sentences.get(&sentence) else {
            return clause.start;
        };
        // Looking back at most LOOKBACK characters keeps this bounded in a
        // sentence of thousands of clauses.
        let from = s.span.start.max(clause.start.saturating_sub(LOOKBACK));
        let before = self.text(from, clause.start);
        match before.rfind(['；', ';']) {
            Some(b) => from + before[..b].chars().count() + 1,
            None => from,
        }
    }

    /// The clause before `clause` in the sentence, if any.
    fn previous_clause(&self, sentence: usize, clause: Span) -> Option<Span> {
        let (_, s) = self.sentences.get(&sentence)?;
        let before = s.clauses.partition_point(|c| c.span.end <= clause.start);
        before.checked_sub(1).map(|i| s.clauses[i].span)
    }

    /// The nearest mention of `kinds` before `m` in its clause, with no brand
    /// or program between them.
    fn before_in_clause(&self, m: &At, kinds: &[EntityKind]) -> Option<&At> {
        let clause = self.clause_of(m.sentence, m.span);
        let before: Vec<&At> = self
            .starting_in(m.sentence, clause)
            .filter(|o| clause.contains(&o.span) && o.span.end <= m.span.start)
            .collect();
        let found = before.iter().rev().find(|o| kinds.contains(&o.kind))?;
        let blocked = before.iter().any(|o| {
            matches!(o.kind, EntityKind::Brand | EntityKind::Program)
                && o.span.start >= found.span.end
        });
        (!blocked).then_some(*found)
    }

    fn brand_relations(&self, m: &At) -> Vec<(Relation, Target)> {
        let mut out = Vec::new();
        if let Some((section, _)) = self.sentences.get(&m.sentence) {
            if let Some(&d) = self.section_domain.get(section) {
                out.push((Relation::Domain, Target::Entity(d)));
            }
        }
        if let Some(p) = self.before_in_clause(m, &[EntityKind::Place]) {
            out.push((Relation::Place, Target::Entity(p.entity)));
        }
        if let Some(i) = self.before_in_clause(m, &[EntityKind::Institution]) {
            out.push((Relation::Operator, Target::Entity(i.entity)));
        }
        for t in self
            .in_sentence(m.sentence)
            .filter(|o| o.kind == EntityKind::TargetGroup)
        {
            out.push((Relation::TargetGroup, Target::Entity(t.entity)));
        }
        out
    }

    /// What a ranking ranks: the entity named after `率先`/`首个`, else the
    /// nearest figure before it in its clause, then in the clause before.
    fn ranked(&self, m: &At, figures: &[Figure]) -> Option<Target> {
        let phrase = self.text(m.span.start, m.span.end);
        let clause = self.clause_of(m.sentence, m.span);
        if ["率先", "首个", "首家"].iter().any(|w| phrase.contains(w)) {
            let next = self
                .starting_in(m.sentence, clause)
                .filter(|o| clause.contains(&o.span) && o.span.start >= m.span.end)
                .find(|o| {
                    matches!(
                        o.kind,
                        EntityKind::PolicyDocument
                            | EntityKind::Program
                            | EntityKind::Brand
                            | EntityKind::Institution
                            | EntityKind::Award
                    )
                });
            if let Some(o) = next {
                return Some(Target::Entity(o.entity));
            }
        }
        let before = |f: &&Figure| f.sentence == m.sentence && f.span.end <= m.span.start;
        // Figures are in document order: only the sentence's are looked at.
        let first = figures.partition_point(|f| f.sentence < m.sentence);
        let last = first + figures[first..].partition_point(|f| f.sentence <= m.sentence);
        let nearest = |within: Span| {
            figures[first..last]
                .iter()
                .enumerate()
                .map(|(k, f)| (first + k, f))
                .filter(|(_, f)| before(f) && within.contains(&f.span))
                .max_by_key(|(_, f)| f.span.end)
                .map(|(i, _)| Target::Figure(i))
        };
        nearest(clause).or_else(|| self.previous_clause(m.sentence, clause).and_then(nearest))
    }

    /// The institution a person holds their role in: written right before
    /// the role (and a `时任` or the like), names listed with `、` sharing it.
    fn member_of(&self, m: &At, entities: &[Entity]) -> Option<usize> {
        // Names, roles and institutions written right before the person:
        // a window of LOOKBACK characters, not the whole sentence.
        let window = Span::new(m.span.start.saturating_sub(LOOKBACK), m.span.end);
        let in_sentence: Vec<&At> = self.starting_in(m.sentence, window).collect();
        let mut pos = m.span.start;
        loop {
            let listed = self.text(pos.saturating_sub(1), pos) == "、";
            let previous = in_sentence
                .iter()
                .find(|o| o.kind == EntityKind::Person && listed && o.span.end + 1 == pos);
            match previous {
                Some(p) => pos = p.span.start,
                None => break,
            }
        }
        let person = in_sentence
            .iter()
            .find(|o| o.kind == EntityKind::Person && o.span.start == pos)
            .map_or(m.entity, |o| o.entity);
        let role = entities.get(person)?.role.as_deref()?;
        let role_len = role.chars().count();
        if pos < role_len || self.text(pos - role_len, pos) != role {
            return None;
        }
        pos -= role_len;
        for q in self.role_qualifiers {
            let n = q.chars().count();
            if pos >= n && self.text(pos - n, pos) == *q {
                pos -= n;
                break;
            }
        }
        in_sentence
            .iter()
            .find(|o| o.kind == EntityKind::Institution && o.span.end == pos)
            .map(|o| o.entity)
    }

    /// The recipient of an award (the entity before the honour verb) and the
    /// body that gives it (`被民政部评为`).
    fn award_parties(&self, m: &At) -> (Option<usize>, Option<usize>) {
        let clause = self.clause_of(m.sentence, m.span);
        let before = self.text(clause.start, m.span.start);
        let verbs = [
            "被评为",
            "被授予",
            "荣获",
            "获评",
            "获得",
            "评为",
            "入选",
            "荣膺",
            "授予",
            "获",
        ];
        let Some((verb_at, _)) = verbs
            .iter()
            .filter_map(|v| before.rfind(v).map(|b| (b, *v)))
            .max_by_key(|(b, v)| (*b, v.len()))
        else {
            return (None, None);
        };
        let verb_start = clause.start + before[..verb_at].chars().count();
        let passive = before[..verb_at]
            .rfind('被')
            .map(|b| clause.start + before[..b].chars().count());
        let limit = passive.unwrap_or(verb_start);
        let candidates: Vec<&At> = self
            .starting_in(m.sentence, clause)
            .filter(|o| clause.contains(&o.span) && o.entity != m.entity)
            .collect();
        let recipient = candidates
            .iter()
            .filter(|o| o.span.end <= limit)
            .filter(|o| {
                matches!(
                    o.kind,
                    EntityKind::Person
                        | EntityKind::Brand
                        | EntityKind::Program
                        | EntityKind::Institution
                        | EntityKind::Place
                )
            })
            .max_by_key(|o| o.span.end)
            .map(|o| o.entity);
        let giver = passive.and_then(|p| {
            candidates
                .iter()
                .find(|o| {
                    o.kind == EntityKind::Institution
                        && o.span.start > p
                        && o.span.end <= verb_start
                })
                .map(|o| o.entity)
        });
        (recipient, giver)
    }

    /// The place an institution's name starts with (`济南市` in `济南市民政局`).
    fn place_in_name(&self, m: &At) -> Option<usize> {
        // Sorted by span: the places starting where the name starts.
        let from = self
            .place_mentions
            .partition_point(|p| p.span.start < m.span.start);
        self.place_mentions[from..]
            .iter()
            .take_while(|p| p.span.start == m.span.start)
            .find(|p| m.span.contains(&p.span) && p.span != m.span)
            .map(|p| p.entity)
    }

    /// Relations the lexicon states: parent (part of, place, operator, giver)
    /// and domain, when the related entity is in the report.
    fn lexicon_relations(&self, lexicon: &Lexicon, e: &Entity) -> Vec<(Relation, Target)> {
        let mut out = Vec::new();
        let Some(lex) = e.lexicon_id.as_deref().and_then(|id| lexicon.entity(id)) else {
            return out;
        };
        let parent = lex
            .parent
            .as_deref()
            .and_then(|id| self.by_lexicon_id.get(id).map(|&i| (i, lexicon.entity(id))));
        if let Some((i, Some(p))) = parent {
            let relation = match (e.kind, p.kind) {
                (EntityKind::Award, _) => Some(Relation::Award),
                (EntityKind::Brand | EntityKind::Program, EntityKind::Place) => {
                    Some(Relation::Place)
                }
                (EntityKind::Brand | EntityKind::Program, EntityKind::Institution) => {
                    Some(Relation::Operator)
                }
                (EntityKind::Institution, EntityKind::Place) => Some(Relation::Place),
                (EntityKind::Place, EntityKind::Place) => Some(Relation::PartOf),
                (EntityKind::Institution, EntityKind::Institution) => Some(Relation::PartOf),
                _ => None,
            };
            if let Some(r) = relation {
                out.push((r, Target::Entity(i)));
            }
        }
        let mut concept = lex.domain.as_deref().and_then(|id| lexicon.concept(id));
        for _ in 0..8 {
            let Some(c) = concept else { break };
            if let Some(&d) = self.by_lexicon_id.get(&c.id) {
                out.push((Relation::Domain, Target::Entity(d)));
                break;
            }
            concept = c.broader.as_deref().and_then(|id| lexicon.concept(id));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use rust_decimal::Decimal;

    use super::*;
    use crate::extract::entities;
    use crate::model::Unit;

    fn report(body: &str) -> Report {
        let text = format!(
            "- 发布机构: 甲市民政局\n- 标题: 甲市民政局2023年工作总结\n一、社会救助\n{body}\n"
        );
        Report::parse("t", Path::new("t.txt"), &text).unwrap()
    }

    /// A figure for the first occurrence of `raw` in the report's body.
    fn figure(r: &Report, raw: &str) -> Figure {
        let (_, _, s) = r
            .sentences()
            .find(|(_, _, s)| s.text.contains(raw))
            .unwrap();
        let byte = s.text.find(raw).unwrap();
        let start = s.span.start + s.text[..byte].chars().count();
        let span = Span::new(start, start + raw.chars().count());
        let clause = s
            .clauses
            .iter()
            .find(|c| c.span.contains(&span))
            .unwrap()
            .span;
        Figure {
            span,
            raw: raw.to_owned(),
            value: Decimal::ONE,
            unit: Unit::count(),
            classifier: None,
            qualifier: None,
            aspect: None,
            measure: String::new(),
            indicator: None,
            indicator_rule: None,
            subject: None,
            member: None,
            role: None,
            section: 1,
            sentence: s.index,
            clause,
        }
    }

    fn entity<'e>(entities: &'e [Entity], kind: EntityKind, label: &str) -> (usize, &'e Entity) {
        entities
            .iter()
            .enumerate()
            .find(|(_, e)| e.kind == kind && e.label == label)
            .unwrap_or_else(|| panic!("{kind} {label} not found"))
    }

    fn run(body: &str, raws: &[&str]) -> (Vec<Figure>, Vec<Entity>) {
        let r = report(body);
        let lexicon = Lexicon::empty();
        let mut figures: Vec<Figure> = raws.iter().map(|raw| figure(&r, raw)).collect();
        let genre = crate::genre::bundled().default_genre();
        let mut entities = entities::find(&r, &lexicon, genre);
        relate(&r, &lexicon, genre, &mut figures, &mut entities);
        (figures, entities)
    }

    #[test]
    fn figure_subjects() {
        let cases: &[(&str, &str, &str, EntityKind, &str)] = &[
            (
                "object before the figure",
                "发放基本生活费6771.5万元，保障孤困儿童3055人。",
                "3055人",
                EntityKind::TargetGroup,
                "孤困儿童",
            ),
            (
                "brand after the figure",
                "规范提升166处“泉城避风港”，开展街面巡查。",
                "166处",
                EntityKind::Brand,
                "泉城避风港",
            ),
            (
                "earlier clause",
                "完成市救助管理站改造工程，新增床位200张。",
                "200张",
                EntityKind::Institution,
                "市救助管理站",
            ),
        ];
        for (name, body, raw, kind, label) in cases {
            let (figures, entities) = run(body, &[raw]);
            let (i, _) = entity(&entities, *kind, label);
            assert_eq!(figures[0].subject, Some(i), "{name}");
        }
    }

    #[test]
    fn rankings_rank_figures_or_documents() {
        let (_, entities) = run(
            "销售福利彩票11亿元，同比增长32.59%，增幅居全省首位。",
            &["11亿元", "32.59%"],
        );
        let (_, ranking) = entity(&entities, EntityKind::Ranking, "居全省首位");
        assert_eq!(ranking.relations, [(Relation::Ranks, Target::Figure(1))]);

        let (_, entities) = run("8项指标居全省首位。", &["8项"]);
        let (_, ranking) = entity(&entities, EntityKind::Ranking, "居全省首位");
        assert_eq!(ranking.relations, [(Relation::Ranks, Target::Figure(0))]);

        let (_, entities) = run("全省率先印发困境未成年人监护工作指引。", &[]);
        let (doc, _) = entity(
            &entities,
            EntityKind::PolicyDocument,
            "困境未成年人监护工作指引",
        );
        let (_, ranking) = entity(&entities, EntityKind::Ranking, "全省率先");
        assert_eq!(ranking.relations, [(Relation::Ranks, Target::Entity(doc))]);
    }

    #[test]
    fn people_are_members_of_the_institution_before_their_role() {
        let (_, entities) = run(
            "全国人大常委会副委员长王东明、国务委员谌贻琴、全国政协副主席蒋作君、王光谦调研。",
            &[],
        );
        let (npc, _) = entity(&entities, EntityKind::Institution, "全国人大常委会");
        let (cppcc, _) = entity(&entities, EntityKind::Institution, "全国政协");
        let member = |name: &str| {
            entity(&entities, EntityKind::Person, name)
                .1
                .relations
                .iter()
                .find(|(r, _)| *r == Relation::MemberOf)
                .map(|(_, t)| t.clone())
        };
        assert_eq!(member("王东明"), Some(Target::Entity(npc)));
        assert_eq!(member("谌贻琴"), None);
        assert_eq!(member("蒋作君"), Some(Target::Entity(cppcc)));
        assert_eq!(member("王光谦"), Some(Target::Entity(cppcc)));
    }

    #[test]
    fn brands_place_operator_domain_and_awards() {
        let (_, entities) = run(
            "历下区“历即救”社会救助品牌获评全省优秀社会救助品牌。市救助管理站开展“寒冬送温暖”专项救助行动，救助流浪乞讨人员。",
            &[],
        );
        let (place, _) = entity(&entities, EntityKind::Place, "历下区");
        let (domain, _) = entity(&entities, EntityKind::Domain, "社会救助");
        let (award, _) = entity(&entities, EntityKind::Award, "全省优秀社会救助品牌");
        let (_, brand) = entity(&entities, EntityKind::Brand, "历即救");
        assert!(brand
            .relations
            .contains(&(Relation::Place, Target::Entity(place))));
        assert!(brand
            .relations
            .contains(&(Relation::Domain, Target::Entity(domain))));
        assert!(brand
            .relations
            .contains(&(Relation::Award, Target::Entity(award))));
        let (station, _) = entity(&entities, EntityKind::Institution, "市救助管理站");
        let (group, _) = entity(&entities, EntityKind::TargetGroup, "流浪乞讨人员");
        let (_, program) = entity(&entities, EntityKind::Program, "寒冬送温暖");
        assert!(program
            .relations
            .contains(&(Relation::Operator, Target::Entity(station))));
        assert!(program
            .relations
            .contains(&(Relation::TargetGroup, Target::Entity(group))));
    }

    #[test]
    fn passive_honour_names_recipient_and_giver() {
        let (_, entities) = run("博山区婚姻登记处被民政部评为4A级婚姻登记机关。", &[]);
        let (registry, _) = entity(&entities, EntityKind::Institution, "博山区婚姻登记处");
        let (award, a) = entity(&entities, EntityKind::Award, "4A级婚姻登记机关");
        let (_, r) = (registry, &entities[registry]);
        assert!(
            r.relations
                .contains(&(Relation::Award, Target::Entity(award))),
            "{:?}",
            r.relations
        );
        assert!(a.relations.iter().all(|(rel, _)| *rel == Relation::Award));
    }
}
