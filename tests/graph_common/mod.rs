//! Shared by the graph tests (`tests/shacl.rs`, `tests/provenance.rs`): the
//! Jinan report's dataset through the real pipeline, and a small report with
//! a hand-made extraction covering every entity kind, relation and figure
//! field.
#![allow(
    dead_code,
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "shared test helpers fail loudly; not every test uses every helper"
)]

use std::path::{Path, PathBuf};
use std::str::FromStr;

use civkg::extract::{self, Entity, Extraction, Figure, Mention, Relation, Target};
use civkg::genre::{Genre, Genres};
use civkg::graph::{self, Config};
use civkg::lexicon::Lexicon;
use civkg::model::{Aspect, EntityKind, Qualifier, Span, Unit};
use civkg::report::Report;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Quad;
use rust_decimal::Decimal;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The project's genres, loaded once.
pub fn genres() -> &'static Genres {
    static GENRES: std::sync::OnceLock<Genres> = std::sync::OnceLock::new();
    GENRES.get_or_init(|| Genres::load_dir(&root().join("data/genres")).expect("data/genres loads"))
}

/// The genre the project reads a report as.
pub fn genre_of(report: &Report) -> &'static Genre {
    genres().detect(report)
}

/// The project's lexicon, or an empty one while `data/lexicon/` does not exist.
pub fn project_lexicon() -> Lexicon {
    let dir = root().join("data/lexicon");
    if dir.is_dir() {
        Lexicon::load_dir(&dir).expect("data/lexicon loads")
    } else {
        Lexicon::empty()
    }
}

pub fn jinan() -> Report {
    Report::from_path(&root().join("data/reports/jinan-2023.txt")).expect("Jinan report parses")
}

/// The synthetic reports of other cities, years and bureaus, through the real pipeline.
pub fn synthetic_datasets() -> Vec<(Report, Vec<Quad>)> {
    let dir = root().join("tests/fixtures/reports");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures directory")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert!(
        !paths.is_empty(),
        "no synthetic reports in {}",
        dir.display()
    );
    let lexicon = project_lexicon();
    paths
        .iter()
        .map(|p| {
            let report = Report::from_path(p).expect("synthetic report parses");
            let extraction = extract::extract(&report, &lexicon, genre_of(&report));
            let quads = dataset(&report, &extraction, &lexicon);
            (report, quads)
        })
        .collect()
}

/// Ontology, lexicon and report graphs, as `convert` builds them.
pub fn dataset(report: &Report, extraction: &Extraction, lexicon: &Lexicon) -> Vec<Quad> {
    let config = Config::default();
    let mut quads = graph::ontology_quads().expect("ontology parses");
    quads.extend(graph::lexicon_quads(lexicon, genres(), &config).expect("lexicon maps"));
    quads.extend(graph::report_quads(report, extraction, lexicon, &config).expect("report maps"));
    quads
}

/// The Jinan report through the real pipeline.
pub fn jinan_dataset() -> (Report, Vec<Quad>) {
    let report = jinan();
    let lexicon = project_lexicon();
    let extraction = extract::extract(&report, &lexicon, genre_of(&report));
    let quads = dataset(&report, &extraction, &lexicon);
    (report, quads)
}

pub fn nquads(quads: &[Quad]) -> Vec<u8> {
    let mut s = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
    for q in quads {
        s.serialize_quad(q).expect("in-memory write");
    }
    s.finish().expect("in-memory write")
}

/// All quads as triples (graph names dropped), in N-Triples.
pub fn ntriples(quads: &[Quad]) -> String {
    let mut s = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for q in quads {
        s.serialize_triple(q.as_ref()).expect("in-memory write");
    }
    String::from_utf8(s.finish().expect("in-memory write")).expect("N-Triples is UTF-8")
}

pub const SMALL_REPORT: &str = "\
- 索引号: 000000/2024-00001 组配分类: 部门计划及总结
- 成文日期: 2024-01-10 发布日期: 2024-01-12
- 发布机构: 甲市民政局
- 标题: 甲市民政局2023年工作总结
- 发文字号:
2023年,甲市民政局扎实推进各项工作,荣获全国先进集体称号。
一、社会救助保障有力
救助标准提升。全年发放低保金1.5亿元,保障2万余人。城乡低保标准居全省首位。实施“暖心行动”,救助困难群众3000人次。
二、养老服务提质增效
民政部部长张三调研我市养老服务工作。出台养老服务办法,养老床位达到5000张,发放高龄津贴200万元,发放护理补贴约100万元。
";

pub const SMALL_LEXICON: &str = r#"
version = "test-1"
description = "测试词库"

[[concept]]
id = "social-assistance"
zh = "社会救助"
en = "Social assistance"
keywords = ["社会救助", "低保"]

[[concept]]
id = "elderly-care"
zh = "养老服务"
en = "Elderly care"
keywords = ["养老"]

[[concept]]
id = "subsistence"
zh = "最低生活保障"
en = "Subsistence allowance"
broader = "social-assistance"

[[indicator]]
id = "subsistence-allowance-paid"
zh = "低保金发放额"
en = "Subsistence allowance paid"
keywords = ["低保金"]
unit = "CNY"
domain = "social-assistance"

[[entity]]
id = "ministry-of-civil-affairs"
type = "institution"
zh = "民政部"
en = "Ministry of Civil Affairs"
shared = true
same_as = ["http://www.wikidata.org/entity/Q1066440"]

[[entity]]
id = "jia-city"
type = "place"
zh = "甲市"
en = "Jia City"
code = "999900"

[[entity]]
id = "jia-city-bureau"
type = "institution"
zh = "甲市民政局"
en = "Jia City Civil Affairs Bureau"
parent = "jia-city"
domain = "social-assistance"
"#;

pub fn small_lexicon() -> Lexicon {
    let mut l = Lexicon::empty();
    l.add_str(Path::new("test.toml"), SMALL_LEXICON)
        .expect("test lexicon loads");
    l
}

pub fn small_report() -> Report {
    Report::parse("small-2023", Path::new("small-2023.txt"), SMALL_REPORT)
        .expect("small report parses")
}

/// The span of the `nth` (0-based) occurrence of `needle`, in code points.
pub fn span_of(report: &Report, needle: &str, nth: usize) -> Span {
    let (byte, _) = report
        .text()
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} occurs {nth} times"));
    let start = report.char_offset(byte);
    Span::new(start, start + needle.chars().count())
}

fn sentence_of(report: &Report, span: Span) -> usize {
    report
        .sentences()
        .find(|(_, _, s)| s.span.contains(&span))
        .map(|(_, _, s)| s.index)
        .unwrap_or_else(|| panic!("no sentence holds {span}"))
}

fn section_of(report: &Report, span: Span) -> usize {
    report.section_at(span.start).expect("in a section")
}

fn clause_of(report: &Report, span: Span) -> Span {
    report
        .sentences()
        .flat_map(|(_, _, s)| s.clauses.iter())
        .find(|c| c.span.contains(&span))
        .map(|c| c.span)
        .unwrap_or_else(|| panic!("no clause holds {span}"))
}

pub fn mention(report: &Report, needle: &str, nth: usize) -> Mention {
    let span = span_of(report, needle, nth);
    let sentence = report
        .sentences()
        .any(|(_, _, s)| s.span.contains(&span))
        .then(|| sentence_of(report, span));
    Mention {
        span,
        text: needle.to_owned(),
        sentence,
    }
}

#[allow(clippy::too_many_arguments)]
fn figure(
    report: &Report,
    raw: &str,
    value: &str,
    unit: Unit,
    measure: &str,
    qualifier: Option<Qualifier>,
    aspect: Option<Aspect>,
    classifier: Option<&str>,
) -> Figure {
    let span = span_of(report, raw, 0);
    Figure {
        span,
        raw: raw.to_owned(),
        value: Decimal::from_str(value).expect("decimal"),
        unit,
        classifier: classifier.map(str::to_owned),
        qualifier,
        aspect,
        measure: measure.to_owned(),
        indicator: None,
        indicator_rule: None,
        subject: None,
        member: None,
        role: None,
        section: section_of(report, span),
        sentence: sentence_of(report, span),
        clause: clause_of(report, span),
    }
}

fn entity(kind: EntityKind, label: &str, mentions: Vec<Mention>) -> Entity {
    Entity {
        kind,
        label: label.to_owned(),
        label_en: None,
        lexicon_id: None,
        role: None,
        mentions,
        relations: Vec::new(),
    }
}

// Entity indices in `small_extraction`, sorted by kind then label.
pub const BRAND: usize = 0;
pub const PROGRAM: usize = 1;
pub const BUREAU: usize = 2;
pub const MINISTRY: usize = 3;
pub const PERSON: usize = 4;
pub const PLACE: usize = 5;
pub const POLICY: usize = 6;
pub const AWARD: usize = 7;
pub const RANKING: usize = 8;
pub const TARGET_GROUP: usize = 9;
pub const DOMAIN: usize = 10;

/// A hand-made extraction of [`SMALL_REPORT`], as the extractors should
/// produce it: every entity kind, every relation, every figure field.
pub fn small_extraction(report: &Report) -> Extraction {
    let r = report;
    let mut figures = vec![
        figure(
            r,
            "1.5亿元",
            "150000000",
            unit("CNY"),
            "发放低保金",
            None,
            Some(Aspect::Flow),
            Some("元"),
        ),
        figure(
            r,
            "2万余人",
            "20000",
            unit("PERSON"),
            "保障",
            Some(Qualifier::Over),
            None,
            Some("人"),
        ),
        figure(
            r,
            "3000人次",
            "3000",
            unit("PERSON-TIME"),
            "救助困难群众",
            None,
            Some(Aspect::Flow),
            Some("人次"),
        ),
        figure(
            r,
            "5000张",
            "5000",
            unit("NUM"),
            "养老床位",
            None,
            Some(Aspect::Stock),
            Some("张"),
        ),
        figure(
            r,
            "200万元",
            "2000000",
            unit("CNY"),
            "发放",
            None,
            Some(Aspect::Flow),
            Some("元"),
        ),
        figure(
            r,
            "约100万元",
            "1000000",
            unit("CNY"),
            "发放",
            Some(Qualifier::Approx),
            Some(Aspect::Flow),
            Some("元"),
        ),
    ];
    figures[0].indicator = Some("subsistence-allowance-paid".to_owned());
    figures[1].subject = Some(TARGET_GROUP);
    figures[2].subject = Some(PROGRAM);
    figures[4].member = Some("高龄津贴".to_owned());

    let mut entities = vec![
        entity(
            EntityKind::Brand,
            "暖心行动",
            vec![mention(r, "暖心行动", 0)],
        ),
        entity(
            EntityKind::Program,
            "暖心行动",
            vec![mention(r, "“暖心行动”", 0)],
        ),
        entity(
            EntityKind::Institution,
            "甲市民政局",
            vec![mention(r, "甲市民政局", 0), mention(r, "甲市民政局", 2)],
        ),
        entity(
            EntityKind::Institution,
            "民政部",
            vec![mention(r, "民政部", 0)],
        ),
        entity(EntityKind::Person, "张三", vec![mention(r, "张三", 0)]),
        entity(EntityKind::Place, "甲市", vec![mention(r, "甲市", 0)]),
        entity(
            EntityKind::PolicyDocument,
            "养老服务办法",
            vec![mention(r, "养老服务办法", 0)],
        ),
        entity(
            EntityKind::Award,
            "全国先进集体",
            vec![mention(r, "全国先进集体", 0)],
        ),
        entity(
            EntityKind::Ranking,
            "居全省首位",
            vec![mention(r, "居全省首位", 0)],
        ),
        entity(
            EntityKind::TargetGroup,
            "困难群众",
            vec![mention(r, "困难群众", 0)],
        ),
        entity(
            EntityKind::Domain,
            "社会救助",
            vec![mention(r, "社会救助", 0)],
        ),
    ];
    entities[BUREAU].lexicon_id = Some("jia-city-bureau".to_owned());
    entities[MINISTRY].lexicon_id = Some("ministry-of-civil-affairs".to_owned());
    entities[MINISTRY].label_en = Some("Ministry of Civil Affairs".to_owned());
    entities[PLACE].lexicon_id = Some("jia-city".to_owned());
    entities[DOMAIN].lexicon_id = Some("social-assistance".to_owned());
    entities[PERSON].role = Some("部长".to_owned());
    entities[PERSON].relations = vec![(Relation::MemberOf, Target::Entity(MINISTRY))];
    entities[PROGRAM].relations = vec![
        (Relation::Domain, Target::Entity(DOMAIN)),
        (Relation::Operator, Target::Entity(BUREAU)),
        (Relation::TargetGroup, Target::Entity(TARGET_GROUP)),
    ];
    entities[BRAND].relations = vec![(Relation::Place, Target::Entity(PLACE))];
    entities[BUREAU].relations = vec![
        (Relation::Award, Target::Entity(AWARD)),
        (Relation::PartOf, Target::Entity(PLACE)),
    ];
    entities[POLICY].relations = vec![(Relation::Issuer, Target::Entity(BUREAU))];
    entities[RANKING].relations = vec![(Relation::Ranks, Target::Figure(0))];
    Extraction {
        genre: genres().default_genre().id.clone(),
        figures,
        entities,
        unrepresentable: Vec::new(),
    }
}

/// A unit of the bundled units table.
pub fn unit(code: &str) -> Unit {
    genres()
        .default_genre()
        .unit(code)
        .expect("a unit of units.toml")
}
