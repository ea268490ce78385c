//! Entities and relations on the bundled Jinan report and the synthetic
//! fixtures, with and without the lexicon.

#![expect(clippy::expect_used, reason = "a failed expect is a failed test")]

use std::path::{Path, PathBuf};

use civkg::extract::{entities, extract, Entity, Relation, Target};
use civkg::lexicon::Lexicon;
use civkg::model::EntityKind;
use civkg::report::Report;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn jinan() -> Report {
    Report::from_path(&root().join("data/reports/jinan-2023.txt"))
        .expect("the bundled report parses")
}

fn genre() -> &'static civkg::genre::Genre {
    static GENRES: std::sync::OnceLock<civkg::genre::Genres> = std::sync::OnceLock::new();
    GENRES
        .get_or_init(|| {
            civkg::genre::Genres::load_dir(&root().join("data/genres")).expect("data/genres loads")
        })
        .default_genre()
}

fn lexicon() -> Lexicon {
    Lexicon::load_dir(&root().join("data/lexicon")).expect("the lexicon loads")
}

fn find<'e>(entities: &'e [Entity], kind: EntityKind, label: &str) -> Option<&'e Entity> {
    entities.iter().find(|e| e.kind == kind && e.label == label)
}

fn describe(entities: &[Entity]) -> String {
    entities
        .iter()
        .map(|e| format!("{} {}", e.kind, e.label))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn lexicon_references_resolve() {
    let lexicon = lexicon();
    for e in &lexicon.entities {
        if let Some(p) = &e.parent {
            assert!(lexicon.entity(p).is_some(), "{}: unknown parent {p}", e.id);
        }
        if let Some(d) = &e.domain {
            assert!(lexicon.concept(d).is_some(), "{}: unknown domain {d}", e.id);
        }
        if e.kind == EntityKind::Place {
            let subtype = e.subtype.as_deref();
            assert_eq!(
                e.code.is_none(),
                subtype == Some("functional-zone"),
                "{}",
                e.id
            );
        }
    }
    for c in &lexicon.concepts {
        if let Some(b) = &c.broader {
            assert!(
                lexicon.concept(b).is_some(),
                "{}: unknown broader {b}",
                c.id
            );
        }
    }
    for required in [
        "social-assistance",
        "child-welfare",
        "disability-welfare",
        "vagrant-assistance",
        "elderly-care",
        "community-governance",
        "marriage-registration",
        "funeral-services",
        "place-names",
        "social-organizations",
        "charity",
        "social-work",
        "volunteering",
        "welfare-lottery",
        "party-building",
    ] {
        assert!(lexicon.concept(required).is_some(), "{required}");
    }
}

#[test]
fn every_mention_quotes_the_report() {
    let report = jinan();
    for lexicon in [lexicon(), Lexicon::empty()] {
        for e in entities::find(&report, &lexicon, genre()) {
            assert!(
                !e.mentions.is_empty(),
                "{} {} has no mention",
                e.kind,
                e.label
            );
            for m in &e.mentions {
                assert_eq!(report.slice(m.span), m.text, "{} {}", e.kind, e.label);
            }
        }
    }
}

#[test]
fn entities_are_sorted_and_unique() {
    let found = entities::find(&jinan(), &lexicon(), genre());
    let keys: Vec<_> = found.iter().map(Entity::key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted);
}

#[test]
fn jinan_expected_entities() {
    use EntityKind::*;
    let expected: &[(EntityKind, &str)] = &[
        (Brand, "泉心共助"),
        (Brand, "历即救"),
        (Brand, "泉城避风港"),
        (Program, "慈善救急难双百行动"),
        (Program, "明天计划"),
        (Program, "阳光工程"),
        (Program, "幸福家园"),
        (Program, "情暖夕阳"),
        (Program, "打击整治非法社会组织专项行动"),
        (Institution, "民政部"),
        (Institution, "全国人民代表大会常务委员会"),
        (Institution, "中国人民政治协商会议全国委员会"),
        (Institution, "济南市救助管理站"),
        (Institution, "济南市民政局"),
        (Institution, "新华网"),
        (Institution, "中央电视台"),
        (Person, "王东明"),
        (Person, "谌贻琴"),
        (Person, "蒋作君"),
        (Person, "王光谦"),
        (Person, "唐登杰"),
        (Person, "王勇"),
        (Place, "济南市"),
        (Place, "历下区"),
        (Place, "钢城区"),
        (Place, "济南高新技术产业开发区"),
        (Place, "济南新旧动能转换起步区"),
        (PolicyDocument, "因病致贫重病患者认定办法"),
        (PolicyDocument, "特困人员救助供养办法"),
        (PolicyDocument, "困境未成年人监护工作指引"),
        (PolicyDocument, "加强社会救助兜底保障措施"),
        (PolicyDocument, "基本养老服务清单"),
        (PolicyDocument, "老年人照护需求评估标准"),
        (Award, "中华慈善奖"),
        (Award, "山东慈善奖"),
        (Award, "全省优秀社会救助品牌"),
        (Ranking, "居全省首位"),
        (Ranking, "全省率先"),
        (Ranking, "全省最高"),
        (Ranking, "全省最多"),
        (Ranking, "全国首个"),
        (Ranking, "包揽前三名"),
        (TargetGroup, "孤困儿童"),
        (TargetGroup, "留守儿童"),
        (TargetGroup, "老年人"),
        (TargetGroup, "流浪乞讨人员"),
        (TargetGroup, "社区工作者"),
        (TargetGroup, "志愿者"),
        (TargetGroup, "困难群众"),
        (TargetGroup, "特困人员"),
    ];
    let found = entities::find(&jinan(), &lexicon(), genre());
    let missing: Vec<String> = expected
        .iter()
        .filter(|(k, l)| find(&found, *k, l).is_none())
        .map(|(k, l)| format!("{k} {l}"))
        .collect();
    assert!(
        missing.is_empty(),
        "missing {missing:?}\nfound:\n{}",
        describe(&found)
    );
}

#[test]
fn jinan_details() {
    let found = entities::find(&jinan(), &lexicon(), genre());
    let get = |kind, label| find(&found, kind, label).unwrap_or_else(|| panic!("{kind} {label}"));

    let station = get(EntityKind::Institution, "济南市救助管理站");
    assert_eq!(station.lexicon_id.as_deref(), Some("jinan-relief-station"));
    assert_eq!(station.mentions[0].text, "市救助管理站");
    assert!(station.label_en.is_some());

    assert_eq!(
        get(EntityKind::Person, "王东明").role.as_deref(),
        Some("副委员长")
    );
    assert_eq!(
        get(EntityKind::Person, "唐登杰").role.as_deref(),
        Some("部长")
    );
    assert!(get(EntityKind::Ranking, "居全省首位").mentions.len() >= 3);
    assert!(found
        .iter()
        .any(|e| e.kind == EntityKind::Award && e.label.ends_with("表扬激励城市")));

    let high_tech = get(EntityKind::Place, "济南高新技术产业开发区");
    assert_eq!(high_tech.mentions[0].text, "高新区");

    for not_a_document in ["朝闻天下", "从单车婚礼到美好未来"] {
        assert!(find(&found, EntityKind::PolicyDocument, not_a_document).is_none());
    }
    for not_a_name in ["12345", "四进", "十佳"] {
        assert!(!found.iter().any(|e| e.label == not_a_name), "{not_a_name}");
    }
}

#[test]
fn jinan_domains_cover_every_section() {
    let report = jinan();
    let found = entities::find(&report, &lexicon(), genre());
    let domains: Vec<&Entity> = found
        .iter()
        .filter(|e| e.kind == EntityKind::Domain)
        .collect();
    let headed = report
        .sections
        .iter()
        .filter(|s| s.heading.is_some())
        .count();
    assert_eq!(headed, 7);
    let mentions: usize = domains.iter().map(|d| d.mentions.len()).sum();
    assert_eq!(mentions, 7);
    assert!(
        domains.iter().all(|d| d.lexicon_id.is_some()),
        "{:?}",
        domains
    );
    let ids: Vec<&str> = domains
        .iter()
        .filter_map(|d| d.lexicon_id.as_deref())
        .collect();
    for id in [
        "social-assistance",
        "special-groups",
        "elderly-care",
        "community-governance",
        "basic-public-services",
        "social-organizations",
        "charity-and-social-work",
    ] {
        assert!(ids.contains(&id), "{id} not in {ids:?}");
    }
}

#[test]
fn rules_alone_find_names_bodies_documents_and_rankings() {
    use EntityKind::*;
    let found = entities::find(&jinan(), &Lexicon::empty(), genre());
    let expected: &[(EntityKind, &str)] = &[
        (Brand, "泉心共助"),
        (Brand, "历即救"),
        (Brand, "泉城避风港"),
        (Program, "慈善救急难双百行动"),
        (Program, "明天计划"),
        (Program, "阳光工程"),
        (Institution, "全国人大常委会"),
        (Institution, "全国政协"),
        (Institution, "济南市救助管理站"),
        (Institution, "济南市民政局"),
        (Person, "王东明"),
        (Person, "唐登杰"),
        (PolicyDocument, "因病致贫重病患者认定办法"),
        (PolicyDocument, "困境未成年人监护工作指引"),
        (Award, "中华慈善奖"),
        (Ranking, "居全省首位"),
        (Ranking, "全省率先"),
        (Ranking, "全国首个"),
        (TargetGroup, "孤困儿童"),
        (TargetGroup, "流浪乞讨人员"),
    ];
    let missing: Vec<String> = expected
        .iter()
        .filter(|(k, l)| find(&found, *k, l).is_none())
        .map(|(k, l)| format!("{k} {l}"))
        .collect();
    assert!(
        missing.is_empty(),
        "missing {missing:?}\nfound:\n{}",
        describe(&found)
    );
    assert!(found
        .iter()
        .all(|e| e.lexicon_id.is_none() && e.label_en.is_none()));
}

#[test]
fn jinan_relations() {
    let report = jinan();
    let lexicon = lexicon();
    let genres = civkg::genre::Genres::load_dir(&root().join("data/genres")).expect("genres");
    let extraction = extract(&report, &lexicon, genres.detect(&report));
    let entities = &extraction.entities;
    let index = |kind, label| {
        entities
            .iter()
            .position(|e| e.kind == kind && e.label == label)
            .unwrap_or_else(|| panic!("{kind} {label}"))
    };
    let has = |from: usize, relation: Relation, to: Target| {
        entities[from].relations.contains(&(relation, to))
    };

    let npc = index(EntityKind::Institution, "全国人民代表大会常务委员会");
    assert!(has(
        index(EntityKind::Person, "王东明"),
        Relation::MemberOf,
        Target::Entity(npc)
    ));
    let mca = index(EntityKind::Institution, "民政部");
    assert!(has(
        index(EntityKind::Person, "唐登杰"),
        Relation::MemberOf,
        Target::Entity(mca)
    ));
    let lixia = index(EntityKind::Place, "历下区");
    let jinan_city = index(EntityKind::Place, "济南市");
    assert!(has(
        index(EntityKind::Brand, "历即救"),
        Relation::Place,
        Target::Entity(lixia)
    ));
    assert!(has(lixia, Relation::PartOf, Target::Entity(jinan_city)));
    let doc = index(EntityKind::PolicyDocument, "困境未成年人监护工作指引");
    assert!(has(
        index(EntityKind::Ranking, "全省率先"),
        Relation::Ranks,
        Target::Entity(doc)
    ));
    let award = index(EntityKind::Award, "中华慈善奖");
    assert!(has(
        index(EntityKind::Person, "王勇"),
        Relation::Award,
        Target::Entity(award)
    ));
    assert!(has(award, Relation::Award, Target::Entity(mca)));
    for e in entities {
        let mut sorted = e.relations.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(e.relations, sorted, "{}", e.label);
        for (_, t) in &e.relations {
            match t {
                Target::Entity(i) => assert!(*i < entities.len()),
                Target::Figure(i) => assert!(*i < extraction.figures.len()),
            }
        }
    }
}

/// One expected entity of a fixture: kind and label.
struct Expected {
    kind: EntityKind,
    label: String,
}

fn read_expected(path: &Path) -> Vec<Expected> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let kind = EntityKind::from_code(cols.next()?)?;
            let label = cols.next()?.to_owned();
            Some(Expected { kind, label })
        })
        .collect()
}

/// True when an entity of that kind has the label, or a mention with that text.
fn matches(found: &[Entity], x: &Expected) -> bool {
    found
        .iter()
        .filter(|e| e.kind == x.kind)
        .any(|e| e.label == x.label || e.mentions.iter().any(|m| m.text == x.label))
}

/// Recall of the synthetic fixtures' expected entities. The fixtures are
/// written by someone else from the text alone; the floor guards against
/// regressions, the misses are printed for review.
#[test]
fn synthetic_fixtures_recall() {
    let dir = root().join("tests/fixtures/reports");
    let Ok(read) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".entities.tsv"))
        .collect();
    files.sort();
    let lexicon = lexicon();
    let (mut total, mut hits) = (0, 0);
    for tsv in files {
        let name = tsv
            .to_string_lossy()
            .trim_end_matches(".entities.tsv")
            .to_owned();
        let report = Report::from_path(Path::new(&format!("{name}.txt"))).expect("fixture parses");
        let found = entities::find(&report, &lexicon, genre());
        let expected = read_expected(&tsv);
        let missed: Vec<String> = expected
            .iter()
            .filter(|x| !matches(&found, x))
            .map(|x| format!("{} {}", x.kind, x.label))
            .collect();
        eprintln!(
            "{}: {}/{} expected entities found; missed: {missed:?}",
            report.id,
            expected.len() - missed.len(),
            expected.len()
        );
        total += expected.len();
        hits += expected.len() - missed.len();
    }
    eprintln!("synthetic fixtures: {hits}/{total}");
    assert!(hits * 100 >= total * 80, "recall {hits}/{total} below 80%");
}
