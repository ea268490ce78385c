#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Issue 6: division codes by code and date, social credit codes, and
//! `civkg link` against an RDF file and a local SPARQL endpoint.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use civkg::convert;
use civkg::graph::{self, Config};
use civkg::lexicon::Lexicon;
use civkg::linking::{self, Codes, EndpointOptions, Reference, Resolution, Target, TargetSpec};
use civkg::report::Report;
use oxigraph::model::Quad;
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn lexicon() -> Lexicon {
    Lexicon::load_dir(&root().join("data/lexicon")).unwrap()
}

fn reference() -> Reference {
    Reference::load_dir(&root().join("data/reference")).unwrap()
}

fn fixture() -> PathBuf {
    root().join("tests/fixtures/linking/wikidata-like.ttl")
}

fn knowledge() -> convert::Knowledge {
    convert::Knowledge::load(&root().join("data")).unwrap()
}

fn codes_of(report: &Report, lexicon: &Lexicon, reference: &Reference) -> Codes {
    let genres = knowledge().genres;
    let extraction = civkg::extract::extract(report, lexicon, genres.detect(report));
    linking::report_codes(report, &extraction, lexicon, reference, &Config::default()).unwrap()
}

/// The Jinan report with its header's 索引号 replaced.
fn jinan_with_index(index: &str) -> Report {
    let path = root().join("data/reports/jinan-2023.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace("11370100004188768U/2024-00371", index);
    Report::parse("jinan-2023", &path, &text).unwrap()
}

/// A small Jinan-bureau report about `year` that names 钢城区 and 莱芜区.
fn jinan_report_of(year: i32) -> Report {
    let text = format!(
        "- 发布机构: 济南市民政局\n- 标题: 济南市民政局{year}年工作总结\n{year}年,全市民政工作稳步推进。\n一、社会救助\n钢城区、莱芜区实现城乡低保标准一体化,历下区开展社会救助改革试点。\n"
    );
    Report::parse(&format!("jinan-{year}"), Path::new("x.txt"), &text).unwrap()
}

fn code_of<'a>(codes: &'a Codes, label: &str) -> Option<&'a Resolution> {
    codes
        .places
        .iter()
        .find(|p| p.label == label)
        .map(|p| &p.resolution)
}

fn select(store: &Store, query: &str) -> Vec<HashMap<String, String>> {
    let QueryResults::Solutions(s) = civkg::query::run(store, query).unwrap() else {
        panic!("not a SELECT");
    };
    s.map(|s| {
        let s = s.unwrap();
        s.iter()
            .map(|(v, t)| (v.as_str().to_owned(), civkg::query::display_term(t)))
            .collect()
    })
    .collect()
}

#[test]
fn every_place_of_the_jinan_report_has_its_code_or_zone_typing() {
    let lexicon = lexicon();
    let reference = reference();
    let c = convert::convert_file(
        &root().join("data/reports/jinan-2023.txt"),
        &knowledge(),
        None,
    )
    .unwrap();
    let codes = linking::report_codes(
        &c.report,
        &c.extraction,
        &lexicon,
        &reference,
        &Config::default(),
    )
    .unwrap();
    let unresolved: Vec<_> = codes.unresolved().collect();
    assert!(unresolved.is_empty(), "{unresolved:?}");
    assert!(codes.warnings.is_empty(), "{:?}", codes.warnings);

    let mut quads =
        convert::dataset_quads(std::slice::from_ref(&c), &knowledge(), &Config::default()).unwrap();
    quads.extend(codes.quads.clone());
    let store = Store::new().unwrap();
    let mut loader = store.bulk_loader();
    loader.load_quads(quads).unwrap();
    loader.commit().unwrap();
    let graph = graph::report_graph(&c.report, &Config::default()).unwrap();
    let places = select(
        &store,
        &format!(
            "PREFIX adms: <http://www.w3.org/ns/adms#>
             SELECT ?p ?code ?zone WHERE {{ GRAPH {graph} {{
               ?p a civkg:Place .
               OPTIONAL {{ ?p adms:identifier ?id . ?id skos:notation ?code ; skos:inScheme ?s . FILTER(STRENDS(STR(?s), \"gbt2260\")) }}
               OPTIONAL {{ ?p a civkg:FunctionalZone ; civkg:partOf ?zone }}
             }} }}"
        ),
    );
    assert!(places.len() >= 5, "{places:?}");
    for p in &places {
        assert!(
            p.contains_key("code") ^ p.contains_key("zone"),
            "a place without code or zone typing: {p:?}"
        );
    }
    let expected = [
        ("济南市", "370100"),
        ("历下区", "370102"),
        ("钢城区", "370117"),
    ];
    for (label, code) in expected {
        assert!(
            matches!(code_of(&codes, label), Some(Resolution::Division { code: c, .. }) if c == code),
            "{label}: {:?}",
            code_of(&codes, label)
        );
    }
    for zone in ["济南高新技术产业开发区", "济南新旧动能转换起步区"] {
        assert!(
            matches!(code_of(&codes, zone), Some(Resolution::Zone { parent: Some(p) }) if p.ends_with("/place/jinan")),
            "{zone}: {:?}",
            code_of(&codes, zone)
        );
    }
}

#[test]
fn codes_follow_the_report_year_not_the_name() {
    let lexicon = lexicon();
    let reference = reference();
    let cases = [
        ("before the 2019 merger", 2018, "钢城区", "371203"),
        ("after the merger", 2020, "钢城区", "370117"),
        ("after the merger", 2020, "莱芜区", "370116"),
        ("a district that kept its code", 2018, "历下区", "370102"),
    ];
    for (name, year, label, expected) in cases {
        let codes = codes_of(&jinan_report_of(year), &lexicon, &reference);
        assert!(
            matches!(code_of(&codes, label), Some(Resolution::Division { code, .. }) if code == expected),
            "{name}: {label} in {year}: {:?}",
            code_of(&codes, label)
        );
    }
    // 莱芜区 is named so only from 2019 (before, its code 371202 was 莱城区):
    // a 2018 report naming it is reported, not given 莱城区's code.
    let codes = codes_of(&jinan_report_of(2018), &lexicon, &reference);
    assert!(
        matches!(code_of(&codes, "莱芜区"), Some(Resolution::Unresolved { reason }) if reason.contains("not in force in 2018")),
        "{:?}",
        code_of(&codes, "莱芜区")
    );
}

#[test]
fn a_wrong_or_expired_reference_code_is_reported_not_published() {
    let lexicon = lexicon();
    let header = "code,name,level,parent,valid_from,valid_to,successor,source\n";
    let cases = [
        (
            "expired without successor",
            "370000,山东省,province,,,,,t\n370100,济南市,prefecture,370000,,,,t\n370117,钢城区,county,370100,2019-01-09,2021-01-01,,t\n",
            "not in force in 2023",
        ),
        (
            "code of another place",
            "370000,山东省,province,,,,,t\n370100,济南市,prefecture,370000,,,,t\n370117,莱芜区,county,370100,2019-01-09,,,t\n",
            "is 莱芜区 in the reference",
        ),
        (
            "missing from the reference",
            "370000,山东省,province,,,,,t\n370100,济南市,prefecture,370000,,,,t\n",
            "not in the reference",
        ),
    ];
    for (name, rows, message) in cases {
        let mut reference = Reference::empty();
        reference
            .add_csv(Path::new("wrong.csv"), &format!("{header}{rows}"))
            .unwrap();
        let codes = codes_of(
            &jinan_with_index("11370100004188768U/2024-00371"),
            &lexicon,
            &reference,
        );
        match code_of(&codes, "钢城区") {
            Some(Resolution::Unresolved { reason }) => {
                assert!(reason.contains(message), "{name}: {reason}")
            }
            other => panic!("{name}: {other:?}"),
        }
        let published = codes
            .quads
            .iter()
            .any(|q| q.subject.to_string().contains("jinan-gangcheng"));
        assert!(!published, "{name}: a code was published for 钢城区");
    }

    // A malformed row is reported with its file and line, and skipped.
    let mut reference = Reference::empty();
    reference
        .add_csv(Path::new("bad.csv"), &format!("{header}370117,钢城区,county,370100,2019-01-09,,,t\n37011,钢城区,county,370100,,,,t\n"))
        .unwrap();
    assert_eq!(reference.rows().len(), 1);
    assert!(
        reference
            .issues
            .iter()
            .any(|i| i.origin == "bad.csv:3" && i.message.contains("37011")),
        "{:?}",
        reference.issues
    );
}

#[test]
fn the_publishers_social_credit_code_is_checked_and_published() {
    let lexicon = lexicon();
    let reference = reference();
    let good = codes_of(
        &jinan_with_index("11370100004188768U/2024-00371"),
        &lexicon,
        &reference,
    );
    assert!(good.warnings.is_empty(), "{:?}", good.warnings);
    let on_bureau = |codes: &Codes, code: &str| {
        codes.quads.iter().any(|q| {
            q.subject
                .to_string()
                .ends_with("/institution/jinan-civil-affairs-bureau>")
                && q.object.to_string().contains(code)
        })
    };
    assert!(on_bureau(&good, "11370100004188768U"));
    assert!(on_bureau(&good, "00418876-8"));

    let cases = [
        (
            "wrong check character",
            "11370100004188768A/2024-00371",
            "11370100004188768A",
        ),
        (
            "wrong organisation check",
            "11370100004188769U/2024-00371",
            "organisation code",
        ),
        ("too short", "113701000041887/2024-00371", "18"),
    ];
    for (name, index, mention) in cases {
        let codes = codes_of(&jinan_with_index(index), &lexicon, &reference);
        assert_eq!(codes.warnings.len(), 1, "{name}: {:?}", codes.warnings);
        assert!(
            codes.warnings[0].contains(mention),
            "{name}: {}",
            codes.warnings[0]
        );
        assert!(
            codes.warnings[0].contains(index),
            "{name}: {}",
            codes.warnings[0]
        );
        assert!(!on_bureau(&codes, &index[..10]), "{name}: published anyway");
    }
}

/// Builds a store of the Jinan report (with codes) in `dir`.
fn jinan_store(dir: &Path) -> PathBuf {
    let lexicon = lexicon();
    let c = convert::convert_file(
        &root().join("data/reports/jinan-2023.txt"),
        &knowledge(),
        None,
    )
    .unwrap();
    let mut quads: Vec<Quad> =
        convert::dataset_quads(std::slice::from_ref(&c), &knowledge(), &Config::default()).unwrap();
    let codes = linking::report_codes(
        &c.report,
        &c.extraction,
        &lexicon,
        &reference(),
        &Config::default(),
    )
    .unwrap();
    quads.extend(codes.quads);
    let location = dir.join("store");
    civkg::store::rebuild(&location, &quads).unwrap();
    location
}

fn links_by_object(candidates: &[linking::Candidate]) -> HashMap<String, (String, &'static str)> {
    candidates
        .iter()
        .map(|c| {
            let local = c.object.rsplit('/').next().unwrap().to_owned();
            let subject = c.subject.rsplit('/').next().unwrap().to_owned();
            (local, (subject, c.rule))
        })
        .collect()
}

fn check_fixture_links(candidates: &[linking::Candidate]) {
    let links = links_by_object(candidates);
    let expected = [
        ("Jinan", "jinan", "code"),
        ("Lixia", "jinan-lixia", "code"),
        ("Gangcheng", "jinan-gangcheng", "code"),
        ("Shandong", "shandong", "label-alias"),
        (
            "JinanCivilAffairs",
            "jinan-civil-affairs-bureau",
            "label-variant",
        ),
        ("HighTechZone", "jinan-high-tech-zone", "label-alias"),
    ];
    for (item, subject, rule) in expected {
        assert_eq!(
            links.get(item),
            Some(&(subject.to_owned(), rule)),
            "{item}: {links:?}"
        );
    }
    assert!(
        !links.contains_key("ZaozhuangShizhong"),
        "namesake linked: {links:?}"
    );
    assert!(!links.contains_key("Qingdao"), "{links:?}");
}

#[test]
fn links_to_an_rdf_file_go_into_their_own_graph() {
    let dir = tempfile::tempdir().unwrap();
    let location = jinan_store(dir.path());
    let before = Store::open_read_only(civkg::store::current_generation(&location).unwrap())
        .unwrap()
        .len()
        .unwrap();
    let target = Target::open(TargetSpec::File(fixture()), EndpointOptions::default()).unwrap();
    let config = Config::default();

    let dry = linking::link(&location, &target, 0.6, true, &config).unwrap();
    check_fixture_links(&dry.candidates);
    assert_eq!(dry.quads, 0);
    let mut table = Vec::new();
    linking::discover::write_table(&dry.candidates, &mut table).unwrap();
    let table = String::from_utf8(table).unwrap();
    assert!(
        table.contains("owl:sameAs") && table.contains("skos:closeMatch"),
        "{table}"
    );

    let done = linking::link(&location, &target, 0.6, false, &config).unwrap();
    let store = civkg::store::open_read_only(&location).unwrap();
    assert_eq!(store.len().unwrap(), before + done.quads);
    let links = graph::links_graph(&config).unwrap();
    // Every link and its reified statement is in the links graph only.
    let rows = select(
        &store,
        &format!(
            "PREFIX void: <http://rdfs.org/ns/void#>
             SELECT ?s ?p ?o ?rule ?score ?from ?g WHERE {{
               GRAPH {links} {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                   civkg:linkRule ?rule ; civkg:linkScore ?score ; prov:wasDerivedFrom ?from ;
                   void:inDataset ?ls . ?ls a void:Linkset . }}
               GRAPH ?g {{ ?s ?p ?o }}
             }}"
        ),
    );
    assert_eq!(rows.len(), done.candidates.len(), "{rows:?}");
    for r in &rows {
        assert_eq!(r["g"], links.to_string(), "{r:?}");
        assert!(r["from"].starts_with("<file://"), "{r:?}");
        let same = r["p"] == "owl:sameAs";
        assert_eq!(same, r["rule"] == "code", "{r:?}");
    }

    // Linking again replaces the linkset instead of adding to it.
    linking::link(&location, &target, 0.6, false, &config).unwrap();
    let store = civkg::store::open_read_only(&location).unwrap();
    assert_eq!(store.len().unwrap(), before + done.quads);
}

/// A SPARQL endpoint over the fixture on 127.0.0.1: `/sparql` answers,
/// `/slow` answers after 2 s, `/flaky` fails twice with 500 then answers.
struct Endpoint {
    base: String,
    flaky_calls: Arc<AtomicUsize>,
    sparql_calls: Arc<AtomicUsize>,
}

fn start_endpoint() -> Endpoint {
    use axum::extract::State;
    use axum::http::StatusCode;
    use axum::routing::post;
    use axum::{Form, Router};

    #[derive(Clone)]
    struct App {
        store: Store,
        flaky: Arc<AtomicUsize>,
        calls: Arc<AtomicUsize>,
    }

    fn answer(store: &Store, form: &HashMap<String, String>) -> (StatusCode, String) {
        let Some(q) = form.get("query") else {
            return (StatusCode::BAD_REQUEST, "no query".to_owned());
        };
        match civkg::query::run(store, q) {
            Ok(results) => {
                let mut out = Vec::new();
                let json = civkg::query::OutputFormat::parse("json").unwrap();
                civkg::query::write(results, json, &mut out).unwrap();
                (StatusCode::OK, String::from_utf8(out).unwrap())
            }
            Err(e) => (StatusCode::BAD_REQUEST, e.to_string()),
        }
    }

    let store = Store::new().unwrap();
    store
        .load_from_slice(
            oxigraph::io::RdfFormat::Turtle,
            &std::fs::read(fixture()).unwrap(),
        )
        .unwrap();
    let app = App {
        store,
        flaky: Arc::new(AtomicUsize::new(0)),
        calls: Arc::new(AtomicUsize::new(0)),
    };
    let (flaky_calls, sparql_calls) = (app.flaky.clone(), app.calls.clone());
    let router = Router::new()
        .route(
            "/sparql",
            post(
                |State(a): State<App>, Form(f): Form<HashMap<String, String>>| async move {
                    a.calls.fetch_add(1, Ordering::SeqCst);
                    answer(&a.store, &f)
                },
            ),
        )
        .route(
            "/slow",
            post(
                |State(a): State<App>, Form(f): Form<HashMap<String, String>>| async move {
                    tokio::time::sleep(Duration::from_secs(2)).await;
                    answer(&a.store, &f)
                },
            ),
        )
        .route(
            "/flaky",
            post(
                |State(a): State<App>, Form(f): Form<HashMap<String, String>>| async move {
                    if a.flaky.fetch_add(1, Ordering::SeqCst) < 2 {
                        (StatusCode::INTERNAL_SERVER_ERROR, "try again".to_owned())
                    } else {
                        answer(&a.store, &f)
                    }
                },
            ),
        )
        .with_state(app);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, router).await.unwrap();
        });
    });
    let addr = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    Endpoint {
        base: format!("http://{addr}"),
        flaky_calls,
        sparql_calls,
    }
}

fn options(timeout_ms: u64, retries: u32) -> EndpointOptions {
    EndpointOptions {
        timeout: Duration::from_millis(timeout_ms),
        retries,
        backoff: Duration::from_millis(20),
        batch: 4,
        ..EndpointOptions::default()
    }
}

#[test]
fn links_from_a_sparql_endpoint_in_batches_with_timeout_and_retries() {
    let dir = tempfile::tempdir().unwrap();
    let location = jinan_store(dir.path());
    let endpoint = start_endpoint();
    let config = Config::default();

    // A working endpoint, asked in batches of 4 values.
    let url = format!("{}/sparql", endpoint.base);
    let target = Target::open(TargetSpec::Endpoint(url.clone()), options(5000, 0)).unwrap();
    let report = linking::link(&location, &target, 0.6, false, &config).unwrap();
    check_fixture_links(&report.candidates);
    assert!(
        endpoint.sparql_calls.load(Ordering::SeqCst) > 2,
        "not batched"
    );
    let store = civkg::store::open_read_only(&location).unwrap();
    let from = select(
        &store,
        "SELECT DISTINCT ?from WHERE { GRAPH ?g { ?st civkg:linkRule ?r ; prov:wasDerivedFrom ?from } }",
    );
    assert_eq!(from.len(), 1);
    assert_eq!(from[0]["from"], format!("<{url}>"));
    drop(store);

    // Fails twice with 500, then answers: the retries get through.
    let flaky = Target::open(
        TargetSpec::Endpoint(format!("{}/flaky", endpoint.base)),
        options(5000, 3),
    )
    .unwrap();
    let report = linking::link(&location, &flaky, 0.6, true, &config).unwrap();
    check_fixture_links(&report.candidates);
    assert!(endpoint.flaky_calls.load(Ordering::SeqCst) >= 3);

    // Slower than the timeout: a clear error after every retry.
    let slow = Target::open(
        TargetSpec::Endpoint(format!("{}/slow", endpoint.base)),
        options(200, 1),
    )
    .unwrap();
    let err = linking::link(&location, &slow, 0.6, true, &config).unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(err, linking::LinkError::Unreachable { attempts: 2, .. }),
        "{message}"
    );
    assert!(message.contains("timed out"), "{message}");

    // Nobody listening: unreachable, not a hang.
    let closed = Target::open(
        TargetSpec::Endpoint("http://127.0.0.1:9/sparql".to_owned()),
        options(500, 1),
    )
    .unwrap();
    let err = linking::link(&location, &closed, 0.6, true, &config).unwrap_err();
    assert!(err.to_string().contains("unreachable"), "{err}");
}

#[test]
fn the_cli_builds_reports_unresolved_places_and_links_with_a_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_civkg");
    let location = dir.path().join("store");
    let build = Command::new(bin)
        .current_dir(root())
        .args(["build", "--location"])
        .arg(&location)
        .arg("data/reports/jinan-2023.txt")
        .arg("tests/fixtures/reports/synthetic-lixia-2022.txt")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    assert!(stderr.contains("unresolved place 千佛山街道"), "{stderr}");
    assert!(stderr.contains("11370102004215379K"), "{stderr}");

    let dry = Command::new(bin)
        .args(["link", "--dry-run", "--location"])
        .arg(&location)
        .arg("--target")
        .arg(fixture())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&dry.stdout);
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(stdout.starts_with("score"), "{stdout}");
    assert!(stdout.contains("1.00   code   "), "{stdout}");
    assert!(stdout.contains("钢城区"), "{stdout}");

    let run = Command::new(bin)
        .args(["link", "--location"])
        .arg(&location)
        .arg("--target")
        .arg(fixture())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("graph/links"), "{stdout}");
}

#[test]
fn a_target_that_holds_the_stores_own_data_proposes_no_link_into_the_store() {
    // A shared regional endpoint holds civkg's own data beside the
    // external items: every store entity matches itself by code and label.
    let dir = tempfile::tempdir().unwrap();
    let location = jinan_store(dir.path());
    let store = civkg::store::open_read_only(&location).unwrap();
    let mut target_text = Vec::new();
    let mut writer = oxigraph::io::RdfSerializer::from_format(oxigraph::io::RdfFormat::NTriples)
        .for_writer(&mut target_text);
    for q in store.iter() {
        writer.serialize_triple(q.unwrap().as_ref()).unwrap();
    }
    for t in oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
        .for_reader(std::fs::File::open(fixture()).unwrap())
    {
        writer.serialize_triple(t.unwrap().as_ref()).unwrap();
    }
    writer.finish().unwrap();
    drop(store);
    let path = dir.path().join("shared-endpoint.nt");
    std::fs::write(&path, target_text).unwrap();
    let target = Target::open(TargetSpec::File(path), EndpointOptions::default()).unwrap();
    let config = Config::default();
    let dry = linking::link(&location, &target, 0.6, true, &config).unwrap();
    let into_store: Vec<_> = dry
        .candidates
        .iter()
        .filter(|c| c.object.starts_with(&config.base) || c.object == c.subject)
        .map(|c| format!("{} -> {}", c.subject, c.object))
        .collect();
    assert!(into_store.is_empty(), "{into_store:#?}");
    // The external links are still found.
    check_fixture_links(&dry.candidates);
}
