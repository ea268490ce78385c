//! The UI in a real browser: headless Chromium (Debian's `chromium`) loads
//! `/?preset=report-overview`, the page runs the preset through
//! `/queries/report-overview`, and the result rows must be in YASR's table.
//!
//! Without Chromium the test is skipped with a message, unless `CI` is set:
//! then it fails (`.ci/run` installs Chromium through `make test`).
//! `CIVKG_SCREENSHOT=docs/ui.png` also saves a screenshot of the page.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

use std::path::{Path, PathBuf};
use std::process::Command;

use civkg::server::{self, AppState, ServerConfig};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;

const FIXTURE: &str = r#"
@prefix civkg: <https://w3id.org/civkg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix qb: <http://purl.org/linked-data/cube#> .
GRAPH <https://w3id.org/civkg/graph/demo-2023> {
  <https://w3id.org/civkg/report/demo-2023> a civkg:Report ;
    dcterms:title "示例市民政局2023年工作总结"@zh , "Demo bureau 2023 work report"@en .
  <https://w3id.org/civkg/report/demo-2023/figures> dcterms:source <https://w3id.org/civkg/report/demo-2023> .
  <https://w3id.org/civkg/report/demo-2023/figure/1> a civkg:Figure ;
    qb:dataSet <https://w3id.org/civkg/report/demo-2023/figures> .
  <https://w3id.org/civkg/report/demo-2023/figure/2> a civkg:Figure ;
    qb:dataSet <https://w3id.org/civkg/report/demo-2023/figures> .
}
GRAPH <https://w3id.org/civkg/graph/demo-2022> {
  <https://w3id.org/civkg/report/demo-2022> a civkg:Report ;
    dcterms:title "示例区民政局2022年工作总结"@zh .
}
"#;

fn chromium() -> Option<PathBuf> {
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .find_map(|name| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
    })
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Runs Chromium headless on `url` with `extra` flags; returns stdout.
fn headless(browser: &Path, url: &str, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--virtual-time-budget=15000",
            "--window-size=1366,860",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_preset_runs_in_the_browser_and_fills_the_result_table() {
    let Some(browser) = chromium() else {
        assert!(
            !in_ci(),
            "CI is set but chromium is not installed (scripts/install-deps.sh installs it)"
        );
        eprintln!(
            "SKIPPED: chromium not installed (set INSTALL_BROWSER=1 for make deps, or CI=true)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let location = dir.path().join("store");
    let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::TriG)
        .for_slice(FIXTURE.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    civkg::store::rebuild(&location, &quads).unwrap();
    let state = AppState::open(ServerConfig::new(&location, "https://w3id.org/civkg/")).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    runtime.spawn(server::run(listener, state, async {
        let _ = stopped.await;
    }));

    let url = format!("http://{addr}/?preset=report-overview&lang=en");
    let dom = headless(&browser, &url, &["--dump-dom"]);
    assert!(
        dom.contains("data-preset-loaded=\"report-overview\""),
        "the preset did not run: {}",
        &dom[..dom.len().min(3000)]
    );
    // YASR's table: one row per report, with the title and the figure count.
    let table = dom
        .split("<table")
        .find(|t| t.contains("示例市民政局2023年工作总结"))
        .unwrap_or_else(|| panic!("no result table with the rows: {dom}"));
    assert!(table.contains("<td"), "rows are table cells");
    assert!(
        table.contains("示例区民政局2022年工作总结"),
        "both reports listed"
    );
    assert!(table.contains("demo-2023"), "IRIs shown");
    // The editor holds the preset's query, highlighted, its prefixes declared
    // and the query valid.
    assert!(dom.contains("CodeMirror"), "the SPARQL editor is there");
    assert!(
        dom.contains("cm-keyword\">PREFIX</span>") && dom.contains("cm-string-2\">civkg:</span>"),
        "prefixes are declared and highlighted in the editor"
    );
    assert!(
        dom.contains("yasqe_queryButton query_valid"),
        "the editor finds the query valid"
    );
    // The page is in English when asked.
    assert!(dom.contains("Preset queries"));

    if let Some(path) = std::env::var_os("CIVKG_SCREENSHOT") {
        let path = std::path::absolute(PathBuf::from(path)).unwrap();
        headless(
            &browser,
            &url,
            &[
                &format!("--screenshot={}", path.display()),
                "--hide-scrollbars",
            ],
        );
        assert!(path.is_file(), "screenshot written");
    }
    let _ = stop.send(());
}
