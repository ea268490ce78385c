//! The real `civkg` binary, spawned on the bundled report.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn civkg(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_civkg"))
        .args(args)
        .current_dir(cwd)
        .env("CIVKG_LOG", "warn")
        .output()
        .expect("spawn civkg")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn jinan() -> String {
    repo()
        .join("data/reports/jinan-2023.txt")
        .display()
        .to_string()
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "civkg failed: {}\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn count(location: &Path, class: &str) -> u64 {
    let q = format!("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a {class} }}");
    let o = civkg(
        &[
            "query",
            "--location",
            &location.display().to_string(),
            "-e",
            &q,
            "--format",
            "csv",
        ],
        &repo(),
    );
    let out = stdout(&o);
    out.lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count in {out:?}"))
}

#[test]
fn figures_tsv_has_the_documented_columns_and_quotes_the_file() {
    let o = civkg(&["figures", &jinan()], &repo());
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("offset\tend\traw\tvalue\tunit\tmeasure\tsubject\tqualifier\tsection")
    );
    let text: Vec<char> = std::fs::read_to_string(jinan()).unwrap().chars().collect();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert!(rows.len() >= 100, "only {} figures", rows.len());
    for r in &rows {
        assert_eq!(r.len(), 9, "{r:?}");
        let (a, z): (usize, usize) = (r[0].parse().unwrap(), r[1].parse().unwrap());
        assert_eq!(text[a..z].iter().collect::<String>(), r[2]);
    }
    let raw_value_unit: Vec<(&str, &str, &str)> = rows.iter().map(|r| (r[2], r[3], r[4])).collect();
    // 全年共发放低保金7.83亿元
    assert!(raw_value_unit.contains(&("7.83亿元", "783000000", "CNY")));
    // 城乡低保标准分别提高到1045元/月、814元/月
    assert!(raw_value_unit.contains(&("1045元/月", "1045", "CNY-PER-MONTH")));
    assert!(raw_value_unit.contains(&("814元/月", "814", "CNY-PER-MONTH")));
}

#[test]
fn figures_csv_and_json_agree_with_tsv() {
    let tsv = stdout(&civkg(&["figures", &jinan()], &repo()));
    let csv = stdout(&civkg(&["figures", &jinan(), "--format", "csv"], &repo()));
    let json = stdout(&civkg(&["figures", &jinan(), "--format", "json"], &repo()));
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let n = tsv.lines().count() - 1;
    assert_eq!(csv.lines().count() - 1, n);
    assert_eq!(rows.as_array().map(Vec::len), Some(n));
    assert_eq!(
        rows[0]["offset"],
        serde_json::json!(tsv
            .lines()
            .nth(1)
            .unwrap()
            .split('\t')
            .next()
            .unwrap()
            .parse::<u64>()
            .unwrap())
    );
}

#[test]
fn entities_tsv_rows_point_at_their_labels() {
    let out = stdout(&civkg(&["entities", &jinan()], &repo()));
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("type\tlabel\toffset\tend\tiri"));
    let text: Vec<char> = std::fs::read_to_string(jinan()).unwrap().chars().collect();
    let mut kinds = std::collections::BTreeSet::new();
    for l in lines {
        let r: Vec<&str> = l.split('\t').collect();
        assert_eq!(r.len(), 5, "{r:?}");
        let (a, z): (usize, usize) = (r[2].parse().unwrap(), r[3].parse().unwrap());
        assert!(a < z && z <= text.len(), "{r:?}");
        assert!(r[4].starts_with("https://w3id.org/civkg/"), "{r:?}");
        kinds.insert(r[0].to_owned());
    }
    for k in [
        "brand",
        "program",
        "institution",
        "place",
        "policy-document",
        "ranking",
        "target-group",
    ] {
        assert!(kinds.contains(k), "no {k} in {kinds:?}");
    }
}

#[test]
fn build_then_query_and_stats() {
    let dir = tempfile::tempdir().unwrap();
    let loc = dir.path().join("store");
    let l = loc.display().to_string();
    stdout(&civkg(&["build", &jinan(), "--location", &l], &repo()));
    assert!(count(&loc, "civkg:Figure") >= 100);
    let stats = stdout(&civkg(&["stats", "--location", &l], &repo()));
    assert!(stats.contains("graph/jinan-2023"), "{stats}");
    assert!(stats.contains("graph/ontology"), "{stats}");
    let json = stdout(&civkg(
        &[
            "query",
            "--location",
            &l,
            "-e",
            "ASK { ?s a civkg:Report }",
            "--format",
            "json",
        ],
        &repo(),
    ));
    assert!(json.contains("true"), "{json}");
}

#[test]
fn bad_input_fails_clearly_and_leaves_the_store_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let loc = dir.path().join("store");
    let l = loc.display().to_string();
    stdout(&civkg(&["build", &jinan(), "--location", &l], &repo()));
    let before = count(&loc, "civkg:Figure");

    // Not UTF-8: file, line and column named.
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"- \xe6\xa0\x87\xe9\xa2\x98: x\n\xff\n").unwrap();
    let o = civkg(
        &[
            "build",
            &jinan(),
            &bad.display().to_string(),
            "--location",
            &l,
        ],
        &repo(),
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.txt:2:1: invalid UTF-8"), "{err}");
    assert_eq!(count(&loc, "civkg:Figure"), before);

    // No body.
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "- 标题: 某市民政局2023年工作总结\n").unwrap();
    let o = civkg(
        &["build", &empty.display().to_string(), "--location", &l],
        &repo(),
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no report body"));

    // Unreadable file.
    let o = civkg(
        &["build", "/nonexistent/report.txt", "--location", &l],
        &repo(),
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/report.txt"));

    // A lexicon with a syntax error: file, line and column named.
    let lex = dir.path().join("lexicon");
    std::fs::create_dir(&lex).unwrap();
    std::fs::write(
        lex.join("broken.toml"),
        "version = \"1\"\n[[entity]]\nid = \"x\"\nzh = @\n",
    )
    .unwrap();
    let o = civkg(
        &[
            "build",
            &jinan(),
            "--location",
            &l,
            "--lexicon",
            &lex.display().to_string(),
        ],
        &repo(),
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("broken.toml:4:6:"), "{err}");
    assert_eq!(count(&loc, "civkg:Figure"), before);
}

#[test]
fn query_reports_syntax_errors_with_position() {
    let dir = tempfile::tempdir().unwrap();
    let l = dir.path().join("store").display().to_string();
    stdout(&civkg(&["build", &jinan(), "--location", &l], &repo()));
    let o = civkg(
        &["query", "--location", &l, "-e", "SELECT ?x WHERE { ?x"],
        &repo(),
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("SPARQL syntax error"), "{err}");
}

#[test]
fn presets_list_and_run_with_typed_parameters() {
    let list = stdout(&civkg(&["query", "--list"], &repo()));
    assert!(list.contains("cost-per-beneficiary"), "{list}");
    assert!(list.contains("--param group="), "{list}");
    let dir = tempfile::tempdir().unwrap();
    let l = dir.path().join("store").display().to_string();
    stdout(&civkg(&["build", &jinan(), "--location", &l], &repo()));
    let csv = stdout(&civkg(
        &[
            "query",
            "--location",
            &l,
            "--preset",
            "full-text",
            "--param",
            "text=避风港",
            "--format",
            "csv",
        ],
        &repo(),
    ));
    assert!(csv.contains("泉城避风港"), "{csv}");
    // A value that is not of the declared type is refused before evaluation.
    let o = civkg(
        &[
            "query",
            "--location",
            &l,
            "--preset",
            "provenance",
            "--param",
            "item=not an iri",
        ],
        &repo(),
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a valid iri"));
}

#[test]
fn one_bad_report_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let loc = dir.path().join("store");
    let l = loc.display().to_string();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"- \xe6\xa0\x87\xe9\xa2\x98: x\n\xff\n").unwrap();
    let other = repo().join("tests/fixtures/reports/synthetic-lixia-2022.txt");
    let o = civkg(
        &[
            "build",
            &jinan(),
            &bad.display().to_string(),
            &other.display().to_string(),
            "--location",
            &l,
        ],
        &repo(),
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("bad.txt:2:1: invalid UTF-8"), "{err}");
    assert!(err.contains("1 of 3 report(s) failed"), "{err}");
    assert_eq!(
        count(&loc, "civkg:Report"),
        2,
        "the two good reports are built"
    );

    // --strict fails the whole build and leaves the store as it was.
    let o = civkg(
        &[
            "build",
            &jinan(),
            &bad.display().to_string(),
            "--strict",
            "--location",
            &l,
        ],
        &repo(),
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("the store was left as it was"), "{err}");
    assert_eq!(count(&loc, "civkg:Report"), 2);

    // The report that stopped the corpus build (a heading `一、` alone on its
    // line) converts.
    let corpus = repo().join("../shared/corpus/texts/wsgwr_national_1955.txt");
    if corpus.exists() {
        let o = civkg(
            &["build", &corpus.display().to_string(), "--location", &l],
            &repo(),
        );
        stdout(&o);
        assert_eq!(count(&loc, "civkg:Report"), 1);
    }
}

#[test]
fn genre_is_detected_recorded_and_can_be_overridden() {
    let dir = tempfile::tempdir().unwrap();
    let loc = dir.path().join("store");
    let l = loc.display().to_string();
    let health = repo().join("tests/fixtures/genres/health-2024.txt");
    stdout(&civkg(
        &[
            "build",
            &jinan(),
            &health.display().to_string(),
            "--location",
            &l,
        ],
        &repo(),
    ));
    let q = "SELECT ?g WHERE { ?r a civkg:Report ; civkg:genre ?g } ORDER BY ?g";
    let out = stdout(&civkg(
        &["query", "--location", &l, "-e", q, "--format", "csv"],
        &repo(),
    ));
    assert!(
        out.contains("https://w3id.org/civkg/genre/bureau-summary"),
        "{out}"
    );
    assert!(
        out.contains("https://w3id.org/civkg/genre/health-bureau-summary"),
        "{out}"
    );
    // Units come with their meaning: a permille point is no percent.
    let figures = stdout(&civkg(&["figures", &health.display().to_string()], &repo()));
    assert!(figures.contains("PERMILLE-POINT"), "{figures}");
    assert!(figures.contains("BED-DAY"), "{figures}");
    let plain = stdout(&civkg(
        &[
            "figures",
            &health.display().to_string(),
            "--genre",
            "bureau-summary",
        ],
        &repo(),
    ));
    assert!(!plain.contains("BED-DAY"), "{plain}");
    let o = civkg(
        &[
            "figures",
            &health.display().to_string(),
            "--genre",
            "no-such-genre",
        ],
        &repo(),
    );
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no genre `no-such-genre`"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn spawn(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_civkg"))
        .args(args)
        .current_dir(repo())
        .env("CIVKG_LOG", "error")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn civkg")
}

/// The generation directories beside a link, by name.
fn generations(dir: &Path, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.strip_prefix(prefix)
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn concurrent_builds_and_publishes_take_turns_and_leave_a_whole_live_generation() {
    let tmp = tempfile::tempdir().unwrap();
    let location = tmp.path().join("store");
    let out = tmp.path().join("dumps");
    let (loc, dumps) = (location.display().to_string(), out.display().to_string());
    let report = jinan();
    let figures = {
        let o = civkg(&["build", &report, "--location", &loc], &repo());
        stdout(&o);
        count(&location, "civkg:Figure")
    };
    for trial in 0..20 {
        let both: Vec<_> = (0..2)
            .map(|_| spawn(&["build", "--full", &report, "--location", &loc]))
            .collect();
        for child in both {
            let o = child.wait_with_output().unwrap();
            assert!(
                o.status.success(),
                "trial {trial}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        let live = std::fs::read_link(location.join("current")).unwrap();
        assert!(location.join(&live).is_dir(), "trial {trial}: {live:?}");
        assert_eq!(count(&location, "civkg:Figure"), figures, "trial {trial}");
        assert!(generations(&location, "gen-").len() <= 2);
    }
    for trial in 0..20 {
        let both: Vec<_> = (0..2)
            .map(|_| spawn(&["publish", "--location", &loc, "--out", &dumps]))
            .collect();
        for child in both {
            let o = child.wait_with_output().unwrap();
            assert!(
                o.status.success(),
                "trial {trial}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        // Every file SHA256SUMS lists is there with its checksum.
        let check = Command::new("sha256sum")
            .args(["-c", "--quiet", "SHA256SUMS"])
            .current_dir(&out)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "trial {trial}: {}",
            String::from_utf8_lossy(&check.stdout)
        );
        assert!(generations(tmp.path(), "dumps.gen-").len() <= 2);
    }
}

#[test]
fn a_killed_build_or_publish_never_replaces_the_last_complete_generation() {
    let tmp = tempfile::tempdir().unwrap();
    let location = tmp.path().join("store");
    let out = tmp.path().join("dumps");
    let (loc, dumps) = (location.display().to_string(), out.display().to_string());
    let report = jinan();
    stdout(&civkg(&["build", &report, "--location", &loc], &repo()));
    stdout(&civkg(
        &["publish", "--location", &loc, "--out", &dumps],
        &repo(),
    ));
    let complete_store = std::fs::read_link(location.join("current")).unwrap();
    let complete_dumps = std::fs::read_link(&out).unwrap();
    // Kill each mid-way (after it has begun writing its generation).
    for (args, dir, prefix) in [
        (
            vec!["build", "--full", &report, "--location", &loc],
            location.clone(),
            "gen-",
        ),
        (
            vec!["publish", "--location", &loc, "--out", &dumps],
            tmp.path().to_owned(),
            "dumps.gen-",
        ),
    ] {
        let before = generations(&dir, prefix);
        let mut child = spawn(&args);
        let started = std::time::Instant::now();
        while generations(&dir, prefix) == before && started.elapsed().as_secs() < 20 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        child.kill().unwrap();
        child.wait().unwrap();
    }
    assert_eq!(
        std::fs::read_link(location.join("current")).unwrap(),
        complete_store
    );
    assert_eq!(std::fs::read_link(&out).unwrap(), complete_dumps);
    // The next ones keep the last complete generation as the previous one
    // and drop the half-written ones.
    stdout(&civkg(
        &["build", "--full", &report, "--location", &loc],
        &repo(),
    ));
    stdout(&civkg(
        &["publish", "--location", &loc, "--out", &dumps],
        &repo(),
    ));
    let store_gens = generations(&location, "gen-");
    assert_eq!(
        store_gens[0],
        complete_store.display().to_string(),
        "{store_gens:?}"
    );
    assert_eq!(store_gens.len(), 2);
    let dump_gens = generations(tmp.path(), "dumps.gen-");
    assert_eq!(
        dump_gens[0],
        complete_dumps.display().to_string(),
        "{dump_gens:?}"
    );
    assert!(tmp.path().join(&dump_gens[0]).join("SHA256SUMS").is_file());
    assert_eq!(dump_gens.len(), 2);
}
