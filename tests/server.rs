//! `civkg serve` over real HTTP: each test starts the server on
//! `127.0.0.1:0` with its own store (a small fixture dataset) and talks to
//! it with reqwest.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use civkg::server::{self, AppState, ServerConfig};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
use reqwest::header::{
    ACCEPT, ACCESS_CONTROL_ALLOW_ORIGIN, AUTHORIZATION, CACHE_CONTROL, CONTENT_ENCODING,
    CONTENT_TYPE, ETAG, IF_NONE_MATCH, LOCATION, VARY,
};
use reqwest::StatusCode;
use tempfile::TempDir;

const BASE: &str = "https://w3id.org/civkg/";

/// A report graph with one figure quoted from its sentence, a lexicon
/// entity with zh/en labels, an ontology term, and a bulk graph that makes
/// cross products expensive.
const FIXTURE: &str = r#"
@prefix civkg: <https://w3id.org/civkg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix r: <https://w3id.org/civkg/report/demo-2023/> .

GRAPH <https://w3id.org/civkg/graph/demo-2023> {
  <https://w3id.org/civkg/report/demo-2023> a civkg:Report ;
    dcterms:title "示例市民政局2023年工作总结"@zh ;
    dcterms:publisher <https://w3id.org/civkg/id/institution/demo-bureau> .
  r:figures a qb:DataSet ; dcterms:source <https://w3id.org/civkg/report/demo-2023> .
  <https://w3id.org/civkg/report/demo-2023/figure/1/救助资金> a civkg:Figure ;
    qb:dataSet r:figures ;
    civkg:value 12000000.0 ;
    civkg:rawText "1200万元" ;
    rdfs:label "救助资金 1200万元"@zh ;
    civkg:subject <https://w3id.org/civkg/id/institution/demo-bureau> ;
    prov:wasDerivedFrom <https://w3id.org/civkg/report/demo-2023/mention/12-18> .
  <https://w3id.org/civkg/report/demo-2023/mention/12-18> a civkg:Mention ;
    oa:start 12 ; oa:end 18 ; oa:exact "1200万元" ;
    civkg:inSentence r:sentence-1 .
  r:sentence-1 a civkg:Sentence ; oa:start 4 ; oa:end 23 ;
    oa:exact "全年发放救助资金1200万元，惠及群众。" .
}
GRAPH <https://w3id.org/civkg/graph/lexicon> {
  <https://w3id.org/civkg/id/institution/demo-bureau> a civkg:Institution ;
    rdfs:label "示例市民政局"@zh , "Demo Civil Affairs Bureau"@en .
}
GRAPH <https://w3id.org/civkg/graph/ontology> {
  <https://w3id.org/civkg/ontology> a owl:Ontology ; rdfs:label "civkg ontology"@en .
  civkg:Figure a owl:Class ; rdfs:label "数字"@zh , "Figure"@en .
}
"#;

const BULK_GRAPH: &str = "https://w3id.org/civkg/graph/bulk";
const BULK_SIZE: usize = 600;

fn fixture_quads() -> Vec<Quad> {
    let mut quads: Vec<Quad> = RdfParser::from_format(RdfFormat::TriG)
        .for_slice(FIXTURE.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    let g = NamedNode::new(BULK_GRAPH).unwrap();
    let p = NamedNode::new("https://w3id.org/civkg/bulk#p").unwrap();
    for i in 0..BULK_SIZE {
        let s = NamedNode::new(format!("https://w3id.org/civkg/bulk/{i}")).unwrap();
        quads.push(Quad::new(
            s,
            p.clone(),
            Literal::from(i as i64),
            GraphName::NamedNode(g.clone()),
        ));
    }
    quads
}

/// A running server and its store; stopped when dropped.
struct Server {
    addr: SocketAddr,
    dir: TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    async fn start(configure: impl FnOnce(&mut ServerConfig)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let location = dir.path().join("store");
        civkg::store::rebuild(&location, &fixture_quads()).unwrap();
        let mut config = ServerConfig::new(&location, BASE);
        configure(&mut config);
        let state = AppState::open(config).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server::run(listener, state, async {
            let _ = rx.await;
        }));
        Self {
            addr,
            dir,
            shutdown: Some(tx),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// `application/x-www-form-urlencoded` text of `pairs`.
fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// Adds query parameters (reqwest's own `query` needs a feature we do not build).
trait WithQuery {
    fn q(self, pairs: &[(&str, &str)]) -> Self;
}

impl WithQuery for reqwest::RequestBuilder {
    fn q(self, pairs: &[(&str, &str)]) -> Self {
        let (client, request) = self.build_split();
        let mut request = request.unwrap();
        request.url_mut().query_pairs_mut().extend_pairs(pairs);
        reqwest::RequestBuilder::from_parts(client, request)
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

const COUNT_REPORTS: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?r a civkg:Report }";
/// About 2·10⁸ solutions: seconds of work, a few MB of memory.
const EXPENSIVE: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

fn header(r: &reqwest::Response, name: impl reqwest::header::AsHeaderName) -> &str {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

async fn get_query(s: &Server, query: &str, accept: &str) -> reqwest::Response {
    client()
        .get(s.url("/sparql"))
        .q(&[("query", query)])
        .header(ACCEPT, accept)
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_three_ways_of_sending_a_query_agree() {
    let s = Server::start(|_| {}).await;
    let c = client();
    let get = get_query(&s, COUNT_REPORTS, "application/sparql-results+json").await;
    let form = c
        .post(s.url("/sparql"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form(&[("query", COUNT_REPORTS)]))
        .send()
        .await
        .unwrap();
    let direct = c
        .post(s.url("/sparql"))
        .header(CONTENT_TYPE, "application/sparql-query")
        .body(COUNT_REPORTS)
        .send()
        .await
        .unwrap();
    let mut bodies = Vec::new();
    for r in [get, form, direct] {
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(header(&r, CONTENT_TYPE), "application/sparql-results+json");
        let v: serde_json::Value = r.json().await.unwrap();
        bodies.push(v["results"]["bindings"][0]["n"]["value"].clone());
    }
    assert_eq!(bodies, vec![serde_json::json!("1"); 3]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn select_results_are_negotiated_with_q_values() {
    let s = Server::start(|_| {}).await;
    let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let cases = [
        ("*/*", "application/sparql-results+json"),
        (browser, "application/sparql-results+json"),
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
        ),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        (
            "text/csv;q=0.2, text/tab-separated-values;q=0.8",
            "text/tab-separated-values",
        ),
    ];
    for (accept, expected) in cases {
        let r = get_query(&s, COUNT_REPORTS, accept).await;
        assert_eq!(r.status(), StatusCode::OK, "{accept}");
        assert!(header(&r, CONTENT_TYPE).starts_with(expected), "{accept}");
        assert!(header(&r, VARY).contains("Accept"), "{accept}");
    }
    // ASK too.
    let r = get_query(
        &s,
        "ASK { ?r a civkg:Report }",
        "application/sparql-results+xml",
    )
    .await;
    assert!(r.text().await.unwrap().contains("<boolean>true</boolean>"));
    // format= (a link, a browser) chooses when Accept names nothing we serve.
    let r = client()
        .get(s.url("/sparql"))
        .q(&[("query", COUNT_REPORTS), ("format", "csv")])
        .header(ACCEPT, "text/html,*/*;q=0.8")
        .send()
        .await
        .unwrap();
    assert!(header(&r, CONTENT_TYPE).starts_with("text/csv"));
    assert_eq!(r.text().await.unwrap(), "n\r\n1\r\n");
    // It never overrides an Accept that names a served format, and an
    // unknown value (SPARQLWrapper sends `rdf+xml`, `n3`) is not an error.
    for format in ["csv", "rdf+xml", "docx"] {
        let r = client()
            .get(s.url("/sparql"))
            .q(&[("query", COUNT_REPORTS), ("format", format)])
            .header(ACCEPT, "application/sparql-results+xml")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{format}");
        assert!(
            header(&r, CONTENT_TYPE).starts_with("application/sparql-results+xml"),
            "{format}"
        );
    }
    // Nothing acceptable: 406.
    let r = get_query(&s, COUNT_REPORTS, "image/png").await;
    assert_eq!(r.status(), StatusCode::NOT_ACCEPTABLE);
    let r = get_query(&s, COUNT_REPORTS, "text/turtle").await;
    assert_eq!(r.status(), StatusCode::NOT_ACCEPTABLE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graph_results_come_in_every_rdf_format() {
    let s = Server::start(|_| {}).await;
    let construct = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/civkg/graph/lexicon> { ?s ?p ?o } }";
    let formats = [
        ("*/*", RdfFormat::Turtle),
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
        ("application/rdf+xml", RdfFormat::RdfXml),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: Default::default(),
            },
        ),
        ("application/n-quads", RdfFormat::NQuads),
        ("application/trig", RdfFormat::TriG),
    ];
    for (accept, format) in formats {
        let r = get_query(&s, construct, accept).await;
        assert_eq!(r.status(), StatusCode::OK, "{accept}");
        assert_eq!(header(&r, CONTENT_TYPE), format.media_type(), "{accept}");
        let body = r.bytes().await.unwrap();
        let parsed: Vec<Quad> = RdfParser::from_format(format)
            .for_slice(&body)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{accept}: {e}"));
        assert_eq!(parsed.len(), 3, "{accept}");
    }
    let r = get_query(&s, construct, "application/sparql-results+json").await;
    assert_eq!(r.status(), StatusCode::NOT_ACCEPTABLE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protocol_errors_have_their_status_and_reason() {
    let s = Server::start(|_| {}).await;
    let r = get_query(&s, "SELECT ?x WHERE { ?x ?y }", "*/*").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let text = r.text().await.unwrap();
    assert!(
        text.contains("SPARQL syntax error") && text.contains("1:"),
        "{text}"
    );
    let r = client()
        .post(s.url("/sparql"))
        .header(CONTENT_TYPE, "text/plain")
        .body(COUNT_REPORTS)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = client()
        .post(s.url("/sparql"))
        .body(COUNT_REPORTS)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_get_without_query_is_the_service_description() {
    let s = Server::start(|_| {}).await;
    let r = client()
        .get(s.url("/sparql"))
        .header(ACCEPT, "text/turtle")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, CONTENT_TYPE), "text/turtle");
    // It names the endpoint as the client reached it, so caches key on Host.
    assert_eq!(header(&r, VARY), "Accept, Host");
    let body = r.text().await.unwrap();
    assert!(
        body.contains("sd:Service") && body.contains(&s.url("/sparql")),
        "{body}"
    );
    assert!(body.contains("sd:UnionDefaultGraph"));
    let r = client()
        .get(s.url("/sparql"))
        .header(ACCEPT, "application/ld+json")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&r, CONTENT_TYPE), "application/ld+json");
    // A browser is sent to the editor.
    let r = client()
        .get(s.url("/sparql"))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&r, LOCATION), "/");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_graph_is_the_union_unless_the_request_names_a_dataset() {
    let s = Server::start(|_| {}).await;
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let n = |r: serde_json::Value| {
        r["results"]["bindings"][0]["n"]["value"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let all = n(get_query(&s, count, "*/*").await.json().await.unwrap());
    let total = fixture_quads().len().to_string();
    assert_eq!(all, total);
    let lexicon = client()
        .get(s.url("/sparql"))
        .q(&[
            ("query", count),
            ("default-graph-uri", "https://w3id.org/civkg/graph/lexicon"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(n(lexicon.json().await.unwrap()), "3");
    let named = client()
        .get(s.url("/sparql"))
        .q(&[
            (
                "query",
                "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            ),
            ("named-graph-uri", "https://w3id.org/civkg/graph/ontology"),
        ])
        .send()
        .await
        .unwrap();
    let v: serde_json::Value = named.json().await.unwrap();
    let rows = v["results"]["bindings"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0]["g"]["value"],
        "https://w3id.org/civkg/graph/ontology"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updates_are_forbidden_without_a_token_and_change_nothing() {
    let s = Server::start(|_| {}).await;
    let update = "INSERT DATA { GRAPH <https://w3id.org/civkg/graph/x> { <https://w3id.org/civkg/x> a civkg:Report } }";
    let r = client()
        .post(s.url("/sparql"))
        .header(CONTENT_TYPE, "application/sparql-update")
        .header(AUTHORIZATION, "Bearer guess")
        .body(update)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = client()
        .post(s.url("/sparql"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form(&[("update", update)]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = client()
        .put(s.url("/store?graph=https://w3id.org/civkg/graph/x"))
        .header(CONTENT_TYPE, "text/turtle")
        .body("<https://w3id.org/civkg/x> a <https://w3id.org/civkg/ontology#Report> .")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let v: serde_json::Value = get_query(&s, COUNT_REPORTS, "*/*")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["results"]["bindings"][0]["n"]["value"], "1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_with_the_token_update_the_data_and_its_etag() {
    let s = Server::start(|c| c.write_token = Some("s3cret".into())).await;
    let c = client();
    let before = get_query(&s, COUNT_REPORTS, "*/*").await;
    let etag_before = header(&before, ETAG).to_owned();
    assert_eq!(header(&before, CACHE_CONTROL), "no-cache");
    let update = "INSERT DATA { GRAPH <https://w3id.org/civkg/graph/x> { <https://w3id.org/civkg/x> a civkg:Report } }";
    let wrong = c
        .post(s.url("/sparql"))
        .header(CONTENT_TYPE, "application/sparql-update")
        .header(AUTHORIZATION, "Bearer nope")
        .body(update)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let ok = c
        .post(s.url("/sparql"))
        .header(CONTENT_TYPE, "application/sparql-update")
        .header(AUTHORIZATION, "Bearer s3cret")
        .body(update)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
    let after = get_query(&s, COUNT_REPORTS, "*/*").await;
    assert_ne!(header(&after, ETAG), etag_before);
    let v: serde_json::Value = after.json().await.unwrap();
    assert_eq!(v["results"]["bindings"][0]["n"]["value"], "2");
    // Graph Store Protocol: PUT creates (201), GET reads, DELETE removes.
    let graph = s.url("/store?graph=https://w3id.org/civkg/graph/y");
    let put = c
        .put(&graph)
        .header(CONTENT_TYPE, "text/turtle")
        .header(AUTHORIZATION, "Bearer s3cret")
        .body("<https://w3id.org/civkg/y> <http://www.w3.org/2000/01/rdf-schema#label> \"y\" .")
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::CREATED);
    let got = c
        .get(&graph)
        .header(ACCEPT, "application/n-triples")
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), StatusCode::OK);
    assert!(got.text().await.unwrap().contains("\"y\""));
    let del = c
        .delete(&graph)
        .header(AUTHORIZATION, "Bearer s3cret")
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), StatusCode::NO_CONTENT);
    let gone = c.get(&graph).send().await.unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graph_store_reads_work_on_a_read_only_server() {
    let s = Server::start(|_| {}).await;
    let c = client();
    let named = c
        .get(s.url("/store?graph=https://w3id.org/civkg/graph/lexicon"))
        .header(ACCEPT, "application/n-triples")
        .send()
        .await
        .unwrap();
    assert_eq!(named.status(), StatusCode::OK);
    assert_eq!(named.text().await.unwrap().lines().count(), 3);
    let default = c
        .get(s.url("/sparql?default"))
        .header(ACCEPT, "application/n-triples")
        .send()
        .await
        .unwrap();
    assert_eq!(default.status(), StatusCode::OK);
    assert_eq!(
        default.text().await.unwrap().lines().count(),
        fixture_quads().len()
    );
    let dump = c.get(s.url("/store")).send().await.unwrap();
    assert_eq!(header(&dump, CONTENT_TYPE), "application/trig");
    let missing = c
        .get(s.url("/store?graph=https://w3id.org/civkg/graph/none"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expensive_query_is_cut_off_and_the_server_still_answers() {
    let s = Server::start(|c| c.timeout = Duration::from_secs(1)).await;
    let started = Instant::now();
    let r = get_query(&s, EXPENSIVE, "*/*").await;
    let elapsed = started.elapsed();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.text().await.unwrap().contains("time limit of 1 s"));
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    let started = Instant::now();
    let r = get_query(&s, COUNT_REPORTS, "*/*").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_after_streaming_began_is_not_a_clean_200() {
    let s = Server::start(|c| {
        c.timeout = Duration::from_secs(1);
        c.stream_after_bytes = 1000;
        c.max_rows = usize::MAX;
    })
    .await;
    let r = get_query(
        &s,
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "text/csv",
    )
    .await;
    // The status was sent before the time limit struck ...
    assert_eq!(r.status(), StatusCode::OK);
    // ... so the body must end in an error the client sees.
    assert!(
        r.bytes().await.is_err(),
        "a truncated stream looked complete"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_rows_cuts_select_results_and_says_so() {
    let s = Server::start(|c| c.max_rows = 5).await;
    let r = get_query(&s, "SELECT ?s WHERE { ?s ?p ?o }", "text/csv").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "x-sparql-maxrows"), "5");
    assert_eq!(r.text().await.unwrap().lines().count(), 1 + 5);
    let r = get_query(&s, COUNT_REPORTS, "text/csv").await;
    assert!(r.headers().get("x-sparql-maxrows").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_bodies_are_capped() {
    let s = Server::start(|c| c.max_body_bytes = 1000).await;
    let big = format!("SELECT * WHERE {{ ?s ?p ?o }} # {}", "x".repeat(2000));
    let r = client()
        .post(s.url("/sparql"))
        .header(CONTENT_TYPE, "application/sparql-query")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_preflight_is_answered_on_sparql_and_presets() {
    let s = Server::start(|_| {}).await;
    for path in ["/sparql", "/queries/report-overview", "/queries"] {
        let r = client()
            .request(reqwest::Method::OPTIONS, s.url(path))
            .header("Origin", "https://example.org")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        assert_eq!(header(&r, ACCESS_CONTROL_ALLOW_ORIGIN), "*", "{path}");
        assert!(
            header(&r, "access-control-allow-methods").contains("POST"),
            "{path}"
        );
    }
    let r = client()
        .get(s.url("/sparql"))
        .q(&[("query", COUNT_REPORTS)])
        .header("Origin", "https://example.org")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&r, ACCESS_CONTROL_ALLOW_ORIGIN), "*");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn etags_give_304_and_follow_rebuilds() {
    let s = Server::start(|_| {}).await;
    let r = get_query(&s, COUNT_REPORTS, "*/*").await;
    let etag = header(&r, ETAG).to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    assert!(header(&r, CACHE_CONTROL).starts_with("public, max-age="));
    let again = client()
        .get(s.url("/sparql"))
        .q(&[("query", COUNT_REPORTS)])
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let preset = client()
        .get(s.url("/queries/report-overview"))
        .send()
        .await
        .unwrap();
    let preset_etag = header(&preset, ETAG).to_owned();
    let preset_again = client()
        .get(s.url("/queries/report-overview"))
        .header(IF_NONE_MATCH, &preset_etag)
        .send()
        .await
        .unwrap();
    assert_eq!(preset_again.status(), StatusCode::NOT_MODIFIED);
    // A rebuild (new generation) is picked up without a restart.
    let mut quads = fixture_quads();
    quads.retain(|q| q.graph_name.to_string() != format!("<{BASE}graph/demo-2023>"));
    civkg::store::rebuild(&s.dir.path().join("store"), &quads).unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let after = client()
        .get(s.url("/sparql"))
        .q(&[("query", COUNT_REPORTS)])
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::OK);
    let v: serde_json::Value = after.json().await.unwrap();
    assert_eq!(v["results"]["bindings"][0]["n"]["value"], "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_calls_are_refused_unless_federation_is_allowed() {
    let remote = Server::start(|_| {}).await;
    let query = format!(
        "SELECT ?label WHERE {{ SERVICE <{}> {{ <https://w3id.org/civkg/id/institution/demo-bureau> rdfs:label ?label FILTER(LANG(?label) = \"en\") }} }}",
        remote.url("/sparql")
    );
    let closed = Server::start(|_| {}).await;
    let r = get_query(&closed, &query, "*/*").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("--allow-federation"));
    let open = Server::start(|c| c.allow_federation = true).await;
    let r = get_query(&open, &query, "text/csv").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.text().await.unwrap(),
        "label\r\nDemo Civil Affairs Bureau\r\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presets_are_listed_run_with_typed_parameters_and_described() {
    let s = Server::start(|_| {}).await;
    let c = client();
    let list: serde_json::Value = c
        .get(s.url("/queries"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let overview = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "report-overview")
        .expect("report-overview is listed");
    assert_eq!(overview["title"]["en"], "Reports overview");
    assert_eq!(overview["parameters"][1]["type"], "integer");
    let r = c
        .get(s.url("/queries/report-overview"))
        .header(ACCEPT, "text/csv")
        .send()
        .await
        .unwrap();
    let status = r.status();
    let csv = r.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{csv}");
    assert!(
        csv.contains("https://w3id.org/civkg/report/demo-2023,示例市民政局2023年工作总结,1,zh,0"),
        "{csv}"
    );
    // A typed integer filters; a string with quotes is a term, not SPARQL.
    let r = c
        .get(s.url("/queries/report-overview?minFigures=2&format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.text().await.unwrap().lines().count(), 1);
    let r = c
        .get(s.url("/queries/report-overview"))
        .q(&[("lang", "zh\") } } #"), ("format", "csv")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bad = [
        (
            "/queries/report-overview?minFigures=many",
            StatusCode::BAD_REQUEST,
        ),
        ("/queries/report-overview?bogus=1", StatusCode::BAD_REQUEST),
        ("/queries/no-such-preset", StatusCode::NOT_FOUND),
    ];
    for (path, status) in bad {
        assert_eq!(
            c.get(s.url(path)).send().await.unwrap().status(),
            status,
            "{path}"
        );
    }
    let api: serde_json::Value = c
        .get(s.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["openapi"], "3.0.3");
    let op = &api["paths"]["/queries/report-overview"]["get"];
    assert!(op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "minFigures" && p["schema"]["type"] == "integer"));
    assert!(op["responses"]["200"]["content"]["text/csv"].is_object());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn iris_under_the_base_dereference_with_303() {
    let s = Server::start(|_| {}).await;
    let c = client();
    let entity = "/id/institution/demo-bureau";
    let rdf = c
        .get(s.url(entity))
        .header(ACCEPT, "text/turtle")
        .send()
        .await
        .unwrap();
    assert_eq!(rdf.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&rdf, LOCATION), format!("/data{entity}"));
    let html = c
        .get(s.url(entity))
        .header(ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&html, LOCATION), format!("/page{entity}"));
    for (accept, format) in [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: Default::default(),
            },
        ),
    ] {
        let r = c
            .get(s.url(&format!("/data{entity}")))
            .header(ACCEPT, accept)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(header(&r, CONTENT_TYPE), format.media_type());
        assert!(header(&r, VARY).contains("Accept"));
        let quads: Vec<Quad> = RdfParser::from_format(format)
            .for_slice(&r.bytes().await.unwrap())
            .collect::<Result<_, _>>()
            .unwrap();
        // 3 about it, 2 pointing at it (publisher, figure subject), and 4
        // about the document: a foaf:Document, its primary topic, and the
        // two named graphs its triples come from (dcterms:isPartOf). One
        // graph: a triple-format client (rdflib's Graph) reads every triple.
        assert_eq!(quads.len(), 9, "{accept}");
        assert!(
            quads.iter().all(|q| q.graph_name.is_default_graph()),
            "{accept}"
        );
        for graph in ["graph/lexicon", "graph/demo-2023"] {
            assert!(
                quads.iter().any(
                    |q| q.predicate.as_str() == "http://purl.org/dc/terms/isPartOf"
                        && q.object.to_string() == format!("<{BASE}{graph}>")
                ),
                "{accept}: {graph}"
            );
        }
    }
    let missing = c.get(s.url("/id/institution/nobody")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_show_labels_links_and_the_quoted_quantity() {
    let s = Server::start(|_| {}).await;
    let c = client();
    let figure = format!(
        "/page/report/demo-2023/figure/1/{}",
        form_urlencoded::byte_serialize("救助资金".as_bytes()).collect::<String>()
    );
    let r = c
        .get(s.url(&figure))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(header(&r, CONTENT_TYPE).starts_with("text/html"));
    let html = r.text().await.unwrap();
    assert!(
        html.contains("全年发放救助资金<mark>1200万元</mark>，惠及群众。"),
        "{html}"
    );
    assert!(
        html.contains("href=\"/id/institution/demo-bureau\""),
        "local link: {html}"
    );
    assert!(
        html.contains(">Demo Civil Affairs Bureau</a>"),
        "English label: {html}"
    );
    assert!(html.contains(">Figure</a>"), "type label: {html}");
    let bureau = c
        .get(s.url("/page/id/institution/demo-bureau?lang=zh"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(bureau.contains("<h1>示例市民政局</h1>"), "{bureau}");
    assert!(
        bureau.contains("Demo Civil Affairs Bureau"),
        "other language shown"
    );
    assert!(bureau.contains("反向链接"), "incoming links section");
    assert!(
        bureau.contains("<mark>1200万元</mark>"),
        "figures about it, quoted"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn void_health_and_ui_are_served() {
    let s = Server::start(|_| {}).await;
    let c = client();
    let void = c
        .get(s.url("/.well-known/void"))
        .header(ACCEPT, "text/turtle")
        .send()
        .await
        .unwrap();
    assert_eq!(void.status(), StatusCode::OK);
    let text = void.text().await.unwrap();
    assert!(
        text.contains("void:sparqlEndpoint") && text.contains("void:uriSpace"),
        "{text}"
    );
    assert!(
        text.contains(&format!("void:triples {}", fixture_quads().len())),
        "{text}"
    );
    // Cached publicly, so nothing in it may come from the request: another
    // Host gets the same bytes, with the IRIs of the configured base.
    let other = c
        .get(s.url("/.well-known/void"))
        .header(ACCEPT, "text/turtle")
        .header("Host", "attacker.example")
        .send()
        .await
        .unwrap();
    let other = other.text().await.unwrap();
    assert_eq!(other, text);
    assert!(
        !text.contains("attacker") && !text.contains("127.0.0.1"),
        "{text}"
    );
    assert!(text.contains(&format!("<{BASE}dataset>")), "{text}");
    let health: serde_json::Value = c
        .get(s.url("/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["data_version"], "gen-0000000001");
    let index = c.get(s.url("/")).send().await.unwrap();
    assert_eq!(header(&index, CONTENT_TYPE), "text/html; charset=utf-8");
    assert!(index.text().await.unwrap().contains("/ui/yasgui.min.js"));
    let js = c
        .get(s.url("/ui/yasgui.min.js"))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(js.status(), StatusCode::OK);
    assert_eq!(header(&js, CONTENT_ENCODING), "gzip");
    let br = get_query(&s, "SELECT * WHERE { ?s ?p ?o }", "*/*").await;
    assert_eq!(header(&br, CONTENT_ENCODING), "");
    let br = client()
        .get(s.url("/sparql"))
        .q(&[("query", "SELECT * WHERE { ?s ?p ?o }")])
        .header("Accept-Encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&br, CONTENT_ENCODING), "br");
}

#[test]
fn the_ui_fetches_nothing_from_other_hosts() {
    let app = include_str!("../assets/app.js");
    let index = include_str!("../assets/index.html");
    for (name, text) in [("app.js", app), ("index.html", index)] {
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{name} names a host"
        );
    }
    // The vendored bundle's defaults that would call out are overridden.
    assert!(app.contains("prefixCcApi = null"));
    assert!(app.contains("autocompleters = [\"prefixes\", \"variables\"]"));
    assert!(app.contains("endpointCatalogueOptions"));
}

/// `open` × n, `inner`, `close` × n.
fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
    format!("{}{inner}{}", open.repeat(n), close.repeat(n))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deeply_nested_requests_get_a_400_and_the_server_lives_on() {
    let s = Server::start(|c| {
        c.write_token = Some("s3cret".into());
        c.max_body_bytes = 4 << 20;
    })
    .await;
    let c = client();
    // The reproduction that aborted the process (3,601 braces), then every
    // nesting construct at ten times the depths that did.
    let hostile = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/hostile/server-stack-overflow-braces-3601.rq");
    let mut queries: Vec<(String, String)> = Vec::new();
    if let Ok(text) = std::fs::read_to_string(&hostile) {
        queries.push(("hostile file".into(), text));
    }
    let n = 36_000;
    queries.extend([
        (
            "groups".into(),
            format!("ASK {}", nested("{", "?s ?p ?o", "}", n)),
        ),
        (
            "parentheses".into(),
            format!("ASK {{ FILTER{} }}", nested("(", "1", ")", n)),
        ),
        (
            "negations".into(),
            format!("ASK {{ FILTER({}true) }}", "!".repeat(120_000)),
        ),
        (
            "FILTER EXISTS".into(),
            format!("ASK {}", nested("{ FILTER EXISTS ", "{}", "}", 16_000)),
        ),
        (
            "sub-selects".into(),
            format!("ASK {}", nested("{ SELECT * WHERE ", "{}", "}", 16_000)),
        ),
        (
            "UNION".into(),
            format!("ASK {}", nested("{ {} UNION ", "{}", "}", 36_000)),
        ),
        (
            "OPTIONAL".into(),
            format!("ASK {}", nested("{ OPTIONAL ", "{}", "}", 36_000)),
        ),
        (
            "blank-node lists".into(),
            format!("ASK {{ ?s ?p {} }}", nested("[ ?p ", "1", "]", n)),
        ),
        (
            "paths".into(),
            format!("ASK {{ ?s {} ?o }}", nested("(", "?p", ")", n)),
        ),
    ]);
    for (what, query) in &queries {
        let mut answers = vec![c
            .post(s.url("/sparql"))
            .header(CONTENT_TYPE, "application/sparql-query")
            .body(query.clone())
            .send()
            .await
            .unwrap()];
        // One GET is enough to reach the parser (a URI has room for 64 KB).
        if query.len() < 20_000 {
            answers.push(get_query(&s, query, "*/*").await);
        }
        for r in answers {
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{what}");
            let text = r.text().await.unwrap();
            // Constructs with several groups per level reach the pattern
            // bound first: refused before parsing all the same.
            assert!(
                text.contains("levels deep at line") || text.contains("triple patterns and groups"),
                "{what}: {text}"
            );
        }
    }
    let update = format!(
        "INSERT {{ ?s ?p ?o }} WHERE {}",
        nested("{", "?s ?p ?o", "}", n)
    );
    let r = c
        .post(s.url("/sparql"))
        .header(CONTENT_TYPE, "application/sparql-update")
        .header(AUTHORIZATION, "Bearer s3cret")
        .body(update)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "update");
    // RDF bodies nest too: the parsers must not recurse per level.
    for (media, body) in [
        (
            "text/turtle",
            format!(
                "<https://w3id.org/civkg/z> <https://w3id.org/p> {} .",
                nested("[ <https://w3id.org/p> ", "1", " ]", n)
            ),
        ),
        (
            "text/turtle",
            format!(
                "<https://w3id.org/civkg/z> <https://w3id.org/p> {} .",
                nested("(", "1", ")", n)
            ),
        ),
        (
            "application/ld+json",
            nested(
                "{\"@id\": \"https://w3id.org/civkg/z\", \"https://w3id.org/p\": ",
                "1",
                "}",
                n,
            ),
        ),
        (
            "application/rdf+xml",
            format!(
                "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">{}</rdf:RDF>",
                nested(
                    "<rdf:Description><rdf:value>",
                    "",
                    "</rdf:value></rdf:Description>",
                    n / 4
                )
            ),
        ),
    ] {
        let r = c
            .put(s.url("/store?graph=https://w3id.org/civkg/graph/deep"))
            .header(CONTENT_TYPE, media)
            .header(AUTHORIZATION, "Bearer s3cret")
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(
            r.status().is_success() || r.status() == StatusCode::BAD_REQUEST,
            "{media}: {}",
            r.status()
        );
    }
    let r = get_query(&s, COUNT_REPORTS, "*/*").await;
    assert_eq!(r.status(), StatusCode::OK);
}

/// `civkg serve` as its own process over a store of the fixture, so that a
/// test can read its CPU time, memory and threads, and signal it.
struct Process {
    child: std::process::Child,
    addr: SocketAddr,
    _dir: TempDir,
}

impl Process {
    fn start(args: &[&str]) -> Self {
        use std::io::BufRead;
        let dir = tempfile::tempdir().unwrap();
        let location = dir.path().join("store");
        civkg::store::rebuild(&location, &fixture_quads()).unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_civkg"))
            .arg("serve")
            .arg("--location")
            .arg(&location)
            .arg("--dumps")
            .arg(dir.path().join("no-dumps"))
            .args(["--bind", "127.0.0.1:0"])
            .args(args)
            .env("CIVKG_LOG", "info")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
        let addr = loop {
            let line = lines
                .next()
                .expect("the server exited before serving")
                .unwrap();
            if let Some(rest) = line.split("serving http://").nth(1) {
                break rest.split('/').next().unwrap().parse().unwrap();
            }
        };
        // Keep reading the log, so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Self {
            child,
            addr,
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// CPU time the process has used, user and system, in seconds.
    fn cpu_seconds(&self) -> f64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap();
        // Fields after the command name (which may hold spaces): utime is
        // the 14th field of the whole line, stime the 15th.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .unwrap()
            .1
            .split_whitespace()
            .collect();
        let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
        ticks / 100.0
    }

    /// A number from `/proc/PID/status` (`VmHWM`, `VmRSS` in kB; `Threads`).
    fn status(&self, key: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with(key)).unwrap();
        line[key.len() + 1..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    fn query(&self, query: &str) -> reqwest::blocking::Response {
        reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .unwrap()
            .post(self.url("/sparql"))
            .header(CONTENT_TYPE, "application/sparql-query")
            .header(ACCEPT, "application/sparql-results+json")
            .body(query.to_owned())
            .send()
            .unwrap()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Queries that used to go on for minutes after their 503: cartesian
/// products counted, sorted, deduplicated, grouped; a path under a product.
const RUNAWAY: [(&str, &str); 5] = [
    (
        "count of a 4-way product",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    ),
    (
        "sort of a 3-way product",
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i",
    ),
    (
        "distinct 3-way product",
        "SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    ),
    (
        "grouped 3-way product",
        "SELECT ?c (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?c ?f ?i",
    ),
    (
        "path under a product",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a (<http://x/p>|!<http://x/q>)* ?b . ?c ?d ?e . ?f ?g ?h }",
    ),
];

#[test]
fn runaway_queries_stop_consuming_cpu_after_their_503() {
    let s = Process::start(&["--timeout", "2"]);
    for (what, query) in RUNAWAY {
        let started = Instant::now();
        let r = s.query(query);
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE, "{what}");
        assert!(started.elapsed() < Duration::from_secs(4), "{what}");
        // Freeing what the evaluation built (a DISTINCT or GROUP BY table of
        // millions of rows) takes a moment after the 503; an evaluation that
        // went on would burn a core in every second. So: within 5 s of the
        // 503, some whole second is (almost) idle.
        let mut seconds = Vec::new();
        let quiet = (0..5).any(|_| {
            let before = s.cpu_seconds();
            std::thread::sleep(Duration::from_secs(1));
            let burnt = s.cpu_seconds() - before;
            seconds.push(burnt);
            burnt < 0.15
        });
        assert!(
            quiet,
            "{what}: CPU seconds burnt in each second after its 503: {seconds:?}"
        );
    }
    // Queries the planner cannot handle within bounds are refused up front.
    let chain: String = (0..5000)
        .map(|i| format!("?x{i} ?p{i} ?x{} . ", i + 1))
        .collect();
    let optionals = "OPTIONAL { ?s ?p ?o } ".repeat(1000);
    for query in [
        format!("SELECT * WHERE {{ {chain} }}"),
        format!("SELECT * WHERE {{ ?s ?p ?o {optionals} }}"),
    ] {
        let r = s.query(&query);
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(r.text().unwrap().contains("more than 128 triple patterns"));
    }
    assert_eq!(s.query(COUNT_REPORTS).status(), StatusCode::OK);
}

#[test]
fn a_query_past_the_memory_ceiling_is_cancelled_and_its_memory_freed() {
    let s = Process::start(&["--timeout", "60", "--max-memory", "200"]);
    let before_kb = s.status("VmRSS:");
    let started = Instant::now();
    let r = s.query(RUNAWAY[1].1);
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(header_blocking(&r, "retry-after"), "5");
    let text = r.text().unwrap();
    assert!(text.contains("ceiling of 200 MB"), "{text}");
    assert!(started.elapsed() < Duration::from_secs(20));
    // The peak stays within the ceiling plus what one reading interval
    // lets a sort grow.
    let peak_mb = (s.status("VmHWM:") - before_kb) >> 10;
    assert!(peak_mb < 200 + 200, "grew by {peak_mb} MB");
    std::thread::sleep(Duration::from_secs(1));
    let before = s.cpu_seconds();
    std::thread::sleep(Duration::from_secs(1));
    assert!(s.cpu_seconds() - before < 0.15);
    // Memory kept by the allocator does not count against the next query.
    assert_eq!(s.query(COUNT_REPORTS).status(), StatusCode::OK);
}

fn header_blocking<'r>(r: &'r reqwest::blocking::Response, name: &str) -> &'r str {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[test]
fn sigterm_during_a_runaway_query_exits_within_seconds() {
    let mut s = Process::start(&["--timeout", "120"]);
    let url = s.url("/sparql");
    let client = std::thread::spawn(move || {
        reqwest::blocking::Client::new()
            .post(url)
            .header(CONTENT_TYPE, "application/sparql-query")
            .body(RUNAWAY[0].1)
            .send()
            .map(|r| r.status())
    });
    std::thread::sleep(Duration::from_millis(700));
    let status = std::process::Command::new("kill")
        .args(["-TERM", &s.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let signalled = Instant::now();
    let exit = loop {
        if let Some(exit) = s.child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(5),
            "still running 5 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit}");
    // The client got an answer (503: shutting down) or a closed connection.
    if let Ok(status) = client.join().unwrap() {
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    }
}

#[test]
fn idle_and_non_reading_clients_leave_room_for_a_control_query() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    let s = Process::start(&[
        "--idle-timeout",
        "2",
        "--write-timeout",
        "3",
        "--timeout",
        "10",
    ]);
    // Both processes need a descriptor per connection: scale down where
    // the limit is low rather than fail on the test's own limit.
    let limit = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|l| {
            l.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3)?.parse::<usize>().ok())
        })
        .unwrap_or(1024);
    let scale = |n: usize| n.min(limit.saturating_sub(200) * n / 2600);
    let (idle_n, stalled_n) = (scale(2000), scale(600));
    if idle_n < 2000 {
        eprintln!("open-file limit {limit}: {idle_n} idle and {stalled_n} non-reading clients");
    }
    let control = || {
        let started = Instant::now();
        let r = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap()
            .get(s.url(&format!("/sparql?{}", form(&[("query", COUNT_REPORTS)]))))
            .send()
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        started.elapsed()
    };
    let idle: Vec<TcpStream> = (0..idle_n)
        .map(|_| TcpStream::connect(s.addr).unwrap())
        .collect();
    let took = control();
    assert!(
        took < Duration::from_secs(1),
        "{idle_n} idle connections: {took:?}"
    );
    // Clients that ask for a large streamed result and never read it.
    let construct = form(&[(
        "query",
        "CONSTRUCT { ?a ?b ?d } WHERE { ?a ?b ?c . ?d ?e ?f }",
    )]);
    let request = format!(
        "GET /sparql?{construct} HTTP/1.1\r\nHost: {}\r\nAccept: application/n-triples\r\n\r\n",
        s.addr
    );
    let mut streaming = 0;
    let mut stalled = Vec::new();
    for _ in 0..stalled_n {
        let mut tcp = TcpStream::connect(s.addr).unwrap();
        tcp.write_all(request.as_bytes()).unwrap();
        stalled.push(tcp);
    }
    for tcp in &mut stalled {
        // The status line only; the body is never read.
        let mut status = [0u8; 12];
        tcp.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        tcp.read_exact(&mut status).unwrap();
        if &status == b"HTTP/1.1 200" {
            streaming += 1;
        } else {
            assert_eq!(&status, b"HTTP/1.1 503");
        }
    }
    // At most MAX_STREAMS stream at once; turns freed by the write timeout
    // go to later clients, so the total may be a little higher.
    assert!(
        streaming < stalled_n / 2,
        "{streaming} of {stalled_n} streamed"
    );
    let took = control();
    assert!(
        took < Duration::from_secs(1),
        "{stalled_n} non-reading clients: {took:?}"
    );
    let threads = s.status("Threads:");
    assert!(threads < 200, "{threads} threads");
    // Past the idle and write timeouts the server has let them all go.
    std::thread::sleep(Duration::from_secs(5));
    for mut tcp in idle.into_iter().take(50) {
        tcp.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        let mut byte = [0u8; 1];
        assert!(
            matches!(tcp.read(&mut byte), Ok(0) | Err(_)),
            "an idle connection was kept past the idle timeout"
        );
    }
    let threads = s.status("Threads:");
    assert!(threads < 60, "{threads} threads after the write timeout");
    assert!(control() < Duration::from_secs(1));
}
