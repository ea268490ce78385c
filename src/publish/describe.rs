//! What the store says about itself (its reports, their publishers, dates,
//! years and areas), and the DCAT catalogue and VoID description built
//! from it and from the written files.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use oxigraph::model::{
    BlankNode, GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;

use super::dumps::{Content, Data, FileInfo};
use super::vocab::{dcat, dcterms as dct, foaf, spdx, vcard, void};
use super::{PublishConfig, PublishError};
use crate::graph::vocab::{civkg, dcterms, prov, rdf, skos, xsd};
use crate::query;

/// A report as the store describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportMeta {
    /// Its named graph.
    pub graph: NamedNode,
    /// The report node.
    pub report: NamedNode,
    /// `dcterms:title`.
    pub title: Option<String>,
    /// `dcterms:issued` (发布日期), `YYYY-MM-DD`.
    pub issued: Option<String>,
    /// `dcterms:created` (成文日期), `YYYY-MM-DD`.
    pub created: Option<String>,
    /// `civkg:refPeriod`, the year reported on.
    pub year: Option<i32>,
    /// `dcterms:publisher`, the issuing institution.
    pub publisher: Option<NamedNode>,
    /// `dcterms:spatial`, the area covered.
    pub area: Option<NamedNode>,
}

impl ReportMeta {
    /// The date it was made public: issued, else written.
    pub fn date(&self) -> Option<&str> {
        self.issued.as_deref().or(self.created.as_deref())
    }
}

/// The reports of the store and the labels of their publishers and areas.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// One per report graph, by graph IRI.
    pub reports: Vec<ReportMeta>,
    /// IRI → (language, label), sorted.
    pub labels: BTreeMap<String, Vec<(String, String)>>,
}

const REPORTS: &str = "SELECT ?g ?r ?title ?issued ?created ?year ?publisher ?area WHERE {
  GRAPH ?g {
    ?r a civkg:Report .
    OPTIONAL { ?r dcterms:title ?title }
    OPTIONAL { ?r dcterms:issued ?issued }
    OPTIONAL { ?r dcterms:created ?created }
    OPTIONAL { ?r civkg:refPeriod ?year }
    OPTIONAL { ?r dcterms:publisher ?publisher }
    OPTIONAL { ?r dcterms:spatial ?area }
  }
} ORDER BY STR(?g) STR(?r) STR(?title) STR(?issued) STR(?created) STR(?year) STR(?publisher) STR(?area)";

const LABELS: &str = "SELECT DISTINCT ?x ?label WHERE {
  ?r a civkg:Report ; dcterms:publisher|dcterms:spatial ?x .
  ?x rdfs:label|skos:prefLabel ?label .
} ORDER BY STR(?x) LANG(?label) STR(?label)";

fn solutions(
    store: &Store,
    text: &str,
) -> Result<Vec<oxigraph::sparql::QuerySolution>, PublishError> {
    match query::run(store, text)? {
        QueryResults::Solutions(s) => Ok(s.collect::<Result<_, _>>()?),
        _ => Ok(Vec::new()),
    }
}

fn named(sol: &oxigraph::sparql::QuerySolution, var: &str) -> Option<NamedNode> {
    match sol.get(var) {
        Some(Term::NamedNode(n)) => Some(n.clone()),
        _ => None,
    }
}

fn lexical(sol: &oxigraph::sparql::QuerySolution, var: &str) -> Option<String> {
    match sol.get(var) {
        Some(Term::Literal(l)) => Some(l.value().to_owned()),
        _ => None,
    }
}

impl Meta {
    /// Reads the reports and labels from the store.
    pub fn load(store: &Store) -> Result<Self, PublishError> {
        let mut reports: BTreeMap<String, ReportMeta> = BTreeMap::new();
        for sol in solutions(store, REPORTS)? {
            let (Some(graph), Some(report)) = (named(&sol, "g"), named(&sol, "r")) else {
                continue;
            };
            // The first row of a report wins: rows are sorted, so the choice is stable.
            reports
                .entry(graph.as_str().to_owned())
                .or_insert_with(|| ReportMeta {
                    graph,
                    report,
                    title: lexical(&sol, "title"),
                    issued: lexical(&sol, "issued"),
                    created: lexical(&sol, "created"),
                    year: lexical(&sol, "year").and_then(|y| y.parse().ok()),
                    publisher: named(&sol, "publisher"),
                    area: named(&sol, "area"),
                });
        }
        let mut labels: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for sol in solutions(store, LABELS)? {
            let (Some(x), Some(Term::Literal(l))) = (named(&sol, "x"), sol.get("label")) else {
                continue;
            };
            let entry = labels.entry(x.as_str().to_owned()).or_default();
            let pair = (l.language().unwrap_or("").to_owned(), l.value().to_owned());
            if !entry.contains(&pair) {
                entry.push(pair);
            }
        }
        Ok(Self {
            reports: reports.into_values().collect(),
            labels,
        })
    }

    /// The first label of `iri` in `lang` (`""` for a plain string).
    pub fn label(&self, iri: &str, lang: &str) -> Option<&str> {
        self.labels
            .get(iri)?
            .iter()
            .find(|(l, _)| l == lang)
            .map(|(_, v)| v.as_str())
    }

    /// The publisher of the collection: the one of the latest report
    /// (by date, then graph), since DCAT-AP allows one.
    pub fn main_publisher(&self) -> Option<&NamedNode> {
        self.reports
            .iter()
            .filter(|r| r.publisher.is_some())
            .max_by(|a, b| (a.date(), a.graph.as_str()).cmp(&(b.date(), b.graph.as_str())))
            .and_then(|r| r.publisher.as_ref())
    }

    /// Earliest and latest report dates.
    pub fn date_range(&self) -> Option<(&str, &str)> {
        let dates: BTreeSet<&str> = self.reports.iter().filter_map(ReportMeta::date).collect();
        Some((*dates.first()?, *dates.last()?))
    }

    /// Earliest and latest reference years.
    pub fn year_range(&self) -> Option<(i32, i32)> {
        let years: BTreeSet<i32> = self.reports.iter().filter_map(|r| r.year).collect();
        Some((*years.first()?, *years.last()?))
    }

    /// The report whose graph is `graph`.
    pub fn report(&self, graph: &NamedNode) -> Option<&ReportMeta> {
        self.reports.iter().find(|r| &r.graph == graph)
    }
}

/// Collects default-graph quads with literal helpers.
#[derive(Debug, Default)]
struct Out {
    quads: Vec<Quad>,
}

impl Out {
    fn add(&mut self, s: &NamedOrBlankNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads
            .push(Quad::new(s.clone(), p, o, GraphName::DefaultGraph));
    }
    fn iri(&mut self, s: &NamedOrBlankNode, p: NamedNodeRef<'_>, o: &NamedNode) {
        self.add(s, p, o.clone());
    }
    fn a(&mut self, s: &NamedOrBlankNode, class: NamedNodeRef<'_>) {
        self.add(s, rdf::TYPE, class.into_owned());
    }
    fn lang(&mut self, s: &NamedOrBlankNode, p: NamedNodeRef<'_>, text: &str, lang: &str) {
        self.add(
            s,
            p,
            Literal::new_language_tagged_literal_unchecked(text, lang),
        );
    }
    fn typed(&mut self, s: &NamedOrBlankNode, p: NamedNodeRef<'_>, v: &str, dt: NamedNodeRef<'_>) {
        self.add(s, p, Literal::new_typed_literal(v, dt));
    }
    fn count(&mut self, s: &NamedOrBlankNode, p: NamedNodeRef<'_>, n: usize) {
        self.typed(s, p, &n.to_string(), xsd::INTEGER);
    }
    fn finish(mut self) -> Vec<Quad> {
        self.quads.sort_by_cached_key(|q| q.to_string());
        self.quads.dedup();
        self.quads
    }
}

fn node(iri: &NamedNode) -> NamedOrBlankNode {
    iri.clone().into()
}

fn bnode(label: String) -> NamedOrBlankNode {
    BlankNode::new_unchecked(label).into()
}

/// IRIs of the publication, all under the configured base.
#[derive(Debug, Clone)]
pub struct Iris {
    base: String,
}

impl Iris {
    /// IRIs under `base`.
    pub fn new(base: &str) -> Self {
        Self {
            base: base.to_owned(),
        }
    }
    fn make(&self, path: &str) -> Result<NamedNode, PublishError> {
        let iri = format!("{}{path}", self.base);
        NamedNode::new(iri.clone()).map_err(|e| PublishError::Iri {
            iri,
            reason: e.to_string(),
        })
    }
    /// `{base}catalog`.
    pub fn catalog(&self) -> Result<NamedNode, PublishError> {
        self.make("catalog")
    }
    /// `{base}dataset`: the whole dataset.
    pub fn dataset(&self) -> Result<NamedNode, PublishError> {
        self.make("dataset")
    }
    /// `{base}dataset/{key}`: one named graph as a dataset.
    pub fn graph_dataset(&self, key: &str) -> Result<NamedNode, PublishError> {
        self.make(&format!("dataset/{key}"))
    }
    /// `{base}distribution/{file}`.
    pub fn distribution(&self, file: &str) -> Result<NamedNode, PublishError> {
        self.make(&format!("distribution/{file}"))
    }
    /// `{base}dumps/{file}`: where a file is downloaded.
    pub fn download(&self, file: &str) -> Result<NamedNode, PublishError> {
        self.make(&format!("dumps/{file}"))
    }
    /// `{base}sparql`: the SPARQL endpoint.
    pub fn endpoint(&self) -> Result<NamedNode, PublishError> {
        self.make("sparql")
    }
    /// `{base}service/sparql`: the endpoint as a DCAT data service.
    pub fn service(&self) -> Result<NamedNode, PublishError> {
        self.make("service/sparql")
    }
    fn external(&self, host: &str) -> Result<NamedNode, PublishError> {
        self.make(&format!("dataset/external/{host}"))
    }
    /// A checked IRI given in the configuration (the licence, the contact).
    fn configured(iri: &str) -> Result<NamedNode, PublishError> {
        NamedNode::new(iri).map_err(|e| PublishError::Iri {
            iri: iri.to_owned(),
            reason: e.to_string(),
        })
    }
}

/// Everything the catalogue and VoID are made from.
#[derive(Debug)]
pub struct Inputs<'a> {
    /// Publication options.
    pub config: &'a PublishConfig,
    /// Reports, publishers, areas.
    pub meta: &'a Meta,
    /// The data.
    pub data: &'a Data,
    /// The files written so far (dumps, canonical form, ontology, shapes).
    pub files: &'a [FileInfo],
    /// Graph IRI → key used in file names and dataset IRIs.
    pub keys: &'a BTreeMap<NamedNode, String>,
    /// SHA-256 of the canonical N-Quads.
    pub content_hash: &'a str,
}

fn what(content: &Content, keys: &BTreeMap<NamedNode, String>) -> (String, String) {
    match content {
        Content::Dataset => ("完整数据集".into(), "the whole dataset".into()),
        Content::Graph(g) => {
            let key = keys.get(g).map_or(g.as_str(), String::as_str);
            (format!("命名图 {key}"), format!("named graph {key}"))
        }
        Content::Canonical => (
            "规范化N-Quads（RDFC-1.0）".into(),
            "canonical N-Quads (RDFC-1.0)".into(),
        ),
        Content::Ontology => ("本体".into(), "the ontology".into()),
        Content::Shapes => ("SHACL约束".into(), "the SHACL shapes".into()),
        Content::Catalog => ("数据目录".into(), "the catalogue".into()),
        Content::Void => ("VoID描述".into(), "the VoID description".into()),
        Content::LandingPage => ("说明页".into(), "the landing page".into()),
        Content::Checksums => ("校验和".into(), "checksums".into()),
        Content::Figures => (
            "全部数字（每个数字一行）".into(),
            "every figure, one row each".into(),
        ),
    }
}

fn format_name(f: &FileInfo) -> String {
    let name = match (f.format, &f.content) {
        (Some(format), _) => format.name(),
        (None, Content::Figures) => "CSV",
        (None, _) => "text",
    };
    if f.gzip {
        format!("{name}, gzip")
    } else {
        name.to_owned()
    }
}

impl Inputs<'_> {
    fn dates(
        &self,
        out: &mut Out,
        s: &NamedOrBlankNode,
        issued: Option<&str>,
        modified: Option<&str>,
    ) {
        if let Some(d) = issued {
            out.typed(s, dcterms::ISSUED, d, xsd::DATE);
        }
        if let Some(d) = self.config.modified.as_deref().or(modified) {
            out.typed(s, dct::MODIFIED, d, xsd::DATE);
        }
    }

    fn agent(&self, out: &mut Out, agent: &NamedNode) {
        let a = node(agent);
        out.a(&a, foaf::AGENT);
        let labels = self
            .meta
            .labels
            .get(agent.as_str())
            .cloned()
            .unwrap_or_default();
        for (lang, label) in &labels {
            if lang.is_empty() {
                out.add(&a, foaf::NAME, Literal::new_simple_literal(label));
            } else {
                out.lang(&a, foaf::NAME, label, lang);
            }
        }
        if labels.is_empty() {
            out.add(&a, foaf::NAME, Literal::new_simple_literal(agent.as_str()));
        }
    }

    fn period(
        &self,
        out: &mut Out,
        s: &NamedOrBlankNode,
        label: String,
        years: Option<(i32, i32)>,
    ) {
        if let Some((from, to)) = years {
            let p = bnode(label);
            out.add(s, dct::TEMPORAL, p.clone());
            out.a(&p, dct::PERIOD_OF_TIME);
            out.typed(&p, dcat::START_DATE, &format!("{from:04}-01-01"), xsd::DATE);
            out.typed(&p, dcat::END_DATE, &format!("{to:04}-12-31"), xsd::DATE);
        }
    }

    fn distribution(
        &self,
        out: &mut Out,
        iris: &Iris,
        f: &FileInfo,
        i: usize,
        dates: (Option<&str>, Option<&str>),
        license: &NamedNode,
    ) -> Result<NamedNode, PublishError> {
        let d = iris.distribution(&f.name)?;
        let s = node(&d);
        out.a(&s, dcat::DISTRIBUTION_CLASS);
        let (zh, en) = what(&f.content, self.keys);
        let format = format_name(f);
        out.lang(&s, dcterms::TITLE, &format!("{zh}（{format}）"), "zh");
        out.lang(&s, dcterms::TITLE, &format!("{en} ({format})"), "en");
        let url = iris.download(&f.name)?;
        out.iri(&s, dcat::DOWNLOAD_URL, &url);
        out.iri(&s, dcat::ACCESS_URL, &url);
        let media = |m: &str| NamedNode::new_unchecked(super::vocab::iana_media_type(m));
        let inner = f.format.map_or_else(|| f.media_type(), |f| f.media_type());
        let media_type = media(inner);
        out.iri(&s, dcat::MEDIA_TYPE, &media_type);
        out.a(&node(&media_type), dct::MEDIA_TYPE);
        if let Some(file_type) = super::vocab::eu_file_type(inner) {
            let file_type = NamedNode::new_unchecked(file_type);
            out.iri(&s, dct::FORMAT, &file_type);
            out.a(&node(&file_type), dct::MEDIA_TYPE_OR_EXTENT);
        }
        if let Some(format) = f.format {
            let spec = NamedNode::new_unchecked(format.iri());
            out.iri(&s, dct::CONFORMS_TO, &spec);
            out.a(&node(&spec), dct::STANDARD);
        }
        let compressed = if f.gzip { "，gzip压缩" } else { "" };
        out.lang(
            &s,
            dcterms::DESCRIPTION,
            &format!("{zh}，{format}格式{compressed}，{}字节。", f.bytes),
            "zh",
        );
        let compressed = if f.gzip { ", gzip-compressed" } else { "" };
        out.lang(
            &s,
            dcterms::DESCRIPTION,
            &format!("{en} as {format}{compressed}, {} bytes.", f.bytes),
            "en",
        );
        if f.gzip {
            let gz = media(super::vocab::GZIP_MEDIA_TYPE);
            out.iri(&s, dcat::COMPRESS_FORMAT, &gz);
            out.a(&node(&gz), dct::MEDIA_TYPE);
        }
        out.typed(
            &s,
            dcat::BYTE_SIZE,
            &f.bytes.to_string(),
            xsd::NON_NEGATIVE_INTEGER,
        );
        let sum = bnode(format!("checksum{i}"));
        out.add(&s, spdx::CHECKSUM, sum.clone());
        out.a(&sum, spdx::CHECKSUM_CLASS);
        out.iri(&sum, spdx::ALGORITHM, &spdx::SHA256.into_owned());
        out.a(&node(&spdx::SHA256.into_owned()), spdx::CHECKSUM_ALGORITHM);
        out.typed(&sum, spdx::CHECKSUM_VALUE, &f.sha256, xsd::HEX_BINARY);
        out.iri(&s, dct::LICENSE, license);
        // A published file stays at its address for as long as the
        // publication does (the generation directory is replaced atomically).
        let labels = super::vocab::availability("STABLE")?;
        let stable = Iris::configured(&format!("{}/STABLE", super::vocab::AVAILABILITY))?;
        out.iri(&s, dcat::AVAILABILITY, &stable);
        out.a(&node(&stable), skos::CONCEPT);
        out.lang(&node(&stable), skos::PREF_LABEL, &labels.en, "en");
        out.lang(&node(&stable), skos::PREF_LABEL, &labels.zh, "zh");
        self.dates(out, &s, dates.0, dates.1);
        Ok(d)
    }

    /// The `dcat:contactPoint`: a `vcard:Organization` named after the
    /// publisher (else civkg), reached at the configured e-mail address or
    /// page, else at the landing page.
    fn contact_point(
        &self,
        out: &mut Out,
        landing: &NamedNode,
        publisher: Option<&NamedNode>,
    ) -> Result<NamedOrBlankNode, PublishError> {
        let c = bnode("contact".to_owned());
        // Both classes: validators do not infer vcard:Organization ⊑ vcard:Kind.
        out.a(&c, vcard::KIND);
        out.a(&c, vcard::ORGANIZATION);
        let name = publisher
            .and_then(|p| self.meta.label(p.as_str(), "zh"))
            .unwrap_or("civkg");
        out.add(&c, vcard::FN, Literal::new_simple_literal(name));
        let (property, target) = match self.config.contact.as_deref().map(str::trim) {
            Some(email) if email.contains('@') && !email.contains("://") => {
                let mailto = if email.starts_with("mailto:") {
                    email.to_owned()
                } else {
                    format!("mailto:{email}")
                };
                (vcard::HAS_EMAIL, Iris::configured(&mailto)?)
            }
            Some(url) => (vcard::HAS_URL, Iris::configured(url)?),
            None => (vcard::HAS_URL, landing.clone()),
        };
        out.iri(&c, property, &target);
        Ok(c)
    }

    /// The DCAT 3 / DCAT-AP catalogue.
    pub fn catalog(&self) -> Result<Vec<Quad>, PublishError> {
        let iris = Iris::new(&self.config.base);
        let mut out = Out::default();
        let license = Iris::configured(&self.config.license)?;
        out.a(&node(&license), dct::LICENSE_DOCUMENT);
        let publisher = self.meta.main_publisher().cloned();
        let range = self.meta.date_range();
        let (first, last) = (range.map(|r| r.0), range.map(|r| r.1));
        let zh_lang = NamedNode::new_unchecked(super::vocab::LANGUAGE_ZH);
        let en_lang = NamedNode::new_unchecked(super::vocab::LANGUAGE_EN);
        for l in [&zh_lang, &en_lang] {
            out.a(&node(l), dct::LINGUISTIC_SYSTEM);
        }
        let landing = iris.download("index.html")?;
        out.a(&node(&landing), foaf::DOCUMENT);
        let taxonomy = NamedNode::new_unchecked(super::vocab::DATA_THEMES);
        out.a(&node(&taxonomy), skos::CONCEPT_SCHEME);
        out.lang(&node(&taxonomy), dcterms::TITLE, "Data theme", "en");
        let mut themes: Vec<NamedNode> = Vec::new();
        for code in &self.config.themes {
            let labels = super::vocab::data_theme(code)?;
            let t = Iris::configured(&format!("{}/{code}", super::vocab::DATA_THEMES))?;
            let n = node(&t);
            out.a(&n, skos::CONCEPT);
            out.iri(&n, skos::IN_SCHEME, &taxonomy);
            out.lang(&n, skos::PREF_LABEL, &labels.en, "en");
            out.lang(&n, skos::PREF_LABEL, &labels.zh, "zh");
            themes.push(t);
        }
        let contact = self.contact_point(&mut out, &landing, publisher.as_ref())?;

        let catalog = node(&iris.catalog()?);
        let dataset_iri = iris.dataset()?;
        let dataset = node(&dataset_iri);
        out.a(&catalog, dcat::CATALOG);
        out.lang(
            &catalog,
            dcterms::TITLE,
            "民政工作总结知识图谱数据目录",
            "zh",
        );
        out.lang(
            &catalog,
            dcterms::TITLE,
            "civkg catalogue: knowledge graphs of government work reports",
            "en",
        );
        out.lang(
            &catalog,
            dcterms::DESCRIPTION,
            "政府部门年度工作总结转换而成的关联数据，提供多种RDF格式下载与SPARQL查询服务。",
            "zh",
        );
        out.lang(&catalog, dcterms::DESCRIPTION, "Linked data converted from government bureaus' annual work reports, as downloads in every common RDF format and through a SPARQL endpoint.", "en");
        out.iri(&catalog, dct::LICENSE, &license);
        out.iri(&catalog, dct::LANGUAGE, &zh_lang);
        out.iri(&catalog, dct::LANGUAGE, &en_lang);
        out.iri(&catalog, foaf::HOMEPAGE, &landing);
        out.iri(&catalog, dcat::THEME_TAXONOMY, &taxonomy);
        out.iri(&catalog, dcat::DATASET, &dataset_iri);
        let service_iri = iris.service()?;
        out.iri(&catalog, dcat::SERVICE, &service_iri);
        if let Some(p) = &publisher {
            out.iri(&catalog, dcterms::PUBLISHER, p);
            self.agent(&mut out, p);
        }
        self.dates(&mut out, &catalog, first, last);

        // The whole dataset.
        let n = self.meta.reports.len();
        let years = self.meta.year_range();
        let span = years.map_or(String::new(), |(a, b)| {
            if a == b {
                format!("{a}")
            } else {
                format!("{a}–{b}")
            }
        });
        out.a(&dataset, dcat::DATASET_CLASS);
        out.lang(&dataset, dcterms::TITLE, "民政工作总结知识图谱", "zh");
        out.lang(
            &dataset,
            dcterms::TITLE,
            "civkg: knowledge graph of government work reports",
            "en",
        );
        out.lang(&dataset, dcterms::DESCRIPTION, &format!(
            "由{n}份工作总结转换而成：文档结构、数据指标（RDF Data Cube）、命名实体及其在原文中的位置。年份：{span}。四元组：{}。内容哈希（canonical.nq的SHA-256）：{}。",
            self.data.len(), self.content_hash), "zh");
        out.lang(&dataset, dcterms::DESCRIPTION, &format!(
            "Converted from {n} work report(s): document structure, figures (RDF Data Cube), named entities, and where in the text each is stated. Years: {span}. Quads: {}. Content hash (SHA-256 of canonical.nq): {}.",
            self.data.len(), self.content_hash), "en");
        out.add(
            &dataset,
            dcat::VERSION,
            Literal::new_simple_literal(format!("sha256:{}", self.content_hash)),
        );
        out.lang(&dataset, dcat::KEYWORD, "工作总结", "zh");
        out.lang(&dataset, dcat::KEYWORD, "民政", "zh");
        out.lang(&dataset, dcat::KEYWORD, "work report", "en");
        out.lang(&dataset, dcat::KEYWORD, "linked data", "en");
        out.iri(&dataset, dct::LANGUAGE, &zh_lang);
        out.iri(&dataset, dct::LANGUAGE, &en_lang);
        out.iri(&dataset, dcat::LANDING_PAGE, &landing);
        out.add(&dataset, dcat::CONTACT_POINT, contact.clone());
        for t in &themes {
            out.iri(&dataset, dcat::THEME, t);
        }
        if let Some(p) = &publisher {
            out.iri(&dataset, dcterms::PUBLISHER, p);
        }
        self.period(&mut out, &dataset, "period".into(), years);
        let areas: BTreeSet<&NamedNode> = self
            .meta
            .reports
            .iter()
            .filter_map(|r| r.area.as_ref())
            .collect();
        for a in areas {
            out.iri(&dataset, dcterms::SPATIAL, a);
            out.a(&node(a), dct::LOCATION);
        }
        self.dates(&mut out, &dataset, first, last);

        let mut i = 0;
        for f in self.files {
            i += 1;
            match &f.content {
                Content::Graph(_)
                | Content::Catalog
                | Content::Void
                | Content::LandingPage
                | Content::Checksums => {}
                _ => {
                    let d = self.distribution(&mut out, &iris, f, i, (first, last), &license)?;
                    out.iri(&dataset, dcat::DISTRIBUTION, &d);
                }
            }
        }
        // The endpoint as a distribution and a service.
        let endpoint = iris.endpoint()?;
        let sparql_dist = node(&iris.distribution("sparql")?);
        out.a(&sparql_dist, dcat::DISTRIBUTION_CLASS);
        out.lang(&sparql_dist, dcterms::TITLE, "SPARQL查询服务", "zh");
        out.lang(&sparql_dist, dcterms::TITLE, "SPARQL endpoint", "en");
        out.iri(&sparql_dist, dcat::ACCESS_URL, &endpoint);
        out.iri(&sparql_dist, dcat::ACCESS_SERVICE, &service_iri);
        out.iri(&sparql_dist, dct::LICENSE, &license);
        out.lang(
            &sparql_dist,
            dcterms::DESCRIPTION,
            "完整数据集的SPARQL查询服务。",
            "zh",
        );
        out.lang(
            &sparql_dist,
            dcterms::DESCRIPTION,
            "The whole dataset through its SPARQL endpoint.",
            "en",
        );
        out.iri(&dataset, dcat::DISTRIBUTION, &iris.distribution("sparql")?);
        let service = node(&service_iri);
        out.a(&service, dcat::DATA_SERVICE);
        out.lang(&service, dcterms::TITLE, "SPARQL查询服务", "zh");
        out.lang(&service, dcterms::TITLE, "civkg SPARQL endpoint", "en");
        out.iri(&service, dcat::ENDPOINT_URL, &endpoint);
        let protocol = NamedNode::new_unchecked(super::vocab::SPARQL_PROTOCOL);
        out.iri(&service, dct::CONFORMS_TO, &protocol);
        out.a(&node(&protocol), dct::STANDARD);
        out.lang(
            &service,
            dcterms::DESCRIPTION,
            "以SPARQL 1.1协议查询全部数据（只读，每个查询限时限量）。",
            "zh",
        );
        out.lang(
            &service,
            dcterms::DESCRIPTION,
            "Every graph, queried through the SPARQL 1.1 Protocol (read-only, each query bounded in time and size).",
            "en",
        );
        out.add(&service, dcat::CONTACT_POINT, contact.clone());
        out.iri(&service, dcat::ENDPOINT_DESCRIPTION, &endpoint);
        out.lang(&service, dcat::KEYWORD, "SPARQL", "en");
        out.lang(&service, dcat::KEYWORD, "工作总结", "zh");
        for t in &themes {
            out.iri(&service, dcat::THEME, t);
        }
        out.iri(&service, dcat::SERVES_DATASET, &dataset_iri);
        out.iri(&service, dct::LICENSE, &license);
        if let Some(p) = &publisher {
            out.iri(&service, dcterms::PUBLISHER, p);
        }

        // One dataset per named graph, part of the whole.
        for (graph, key) in self.keys {
            let g_iri = iris.graph_dataset(key)?;
            let g = node(&g_iri);
            out.iri(&dataset, dcterms::HAS_PART, &g_iri);
            out.iri(&g, dcterms::IS_PART_OF, &dataset_iri);
            out.a(&g, dcat::DATASET_CLASS);
            let report = self.meta.report(graph);
            match report.and_then(|r| r.title.as_deref()) {
                Some(t) => out.lang(&g, dcterms::TITLE, t, "zh"),
                None => out.lang(&g, dcterms::TITLE, &format!("命名图 {key}"), "zh"),
            }
            out.lang(
                &g,
                dcterms::TITLE,
                &format!("civkg named graph {key}"),
                "en",
            );
            out.lang(
                &g,
                dcterms::DESCRIPTION,
                &format!("命名图 <{}> 的全部三元组。", graph.as_str()),
                "zh",
            );
            out.lang(
                &g,
                dcterms::DESCRIPTION,
                &format!("Every triple of the named graph <{}>.", graph.as_str()),
                "en",
            );
            out.iri(&g, dct::LANGUAGE, &zh_lang);
            out.add(&g, dcat::CONTACT_POINT, contact.clone());
            for t in &themes {
                out.iri(&g, dcat::THEME, t);
            }
            out.lang(&g, dcat::KEYWORD, "工作总结", "zh");
            out.lang(&g, dcat::KEYWORD, "work report", "en");
            if let Some(y) = report.and_then(|r| r.year) {
                out.lang(&g, dcat::KEYWORD, &format!("{y}年"), "zh");
            }
            let publisher = report
                .and_then(|r| r.publisher.as_ref())
                .or(publisher.as_ref());
            if let Some(p) = publisher {
                out.iri(&g, dcterms::PUBLISHER, p);
                self.agent(&mut out, p);
            }
            let dates = match report {
                Some(r) => (r.date(), r.date()),
                None => (first, last),
            };
            self.dates(&mut out, &g, dates.0, dates.1);
            if let Some(r) = report {
                // The report the graph was converted from: provenance, not
                // DCAT-AP's dct:source (whose range is a dcat:Dataset).
                out.iri(&g, prov::WAS_DERIVED_FROM, &r.report);
                self.period(
                    &mut out,
                    &g,
                    format!("period{}", i + 1),
                    r.year.map(|y| (y, y)),
                );
                i += 1;
                if let Some(a) = &r.area {
                    out.iri(&g, dcterms::SPATIAL, a);
                    out.a(&node(a), dct::LOCATION);
                }
            }
            for f in self
                .files
                .iter()
                .filter(|f| f.content == Content::Graph(graph.clone()))
            {
                i += 1;
                let d = self.distribution(&mut out, &iris, f, i, dates, &license)?;
                out.iri(&g, dcat::DISTRIBUTION, &d);
            }
        }
        Ok(out.finish())
    }

    /// The VoID description of the dataset and of each named graph.
    pub fn void(&self, example_count: usize) -> Result<Vec<Quad>, PublishError> {
        let iris = Iris::new(&self.config.base);
        let mut out = Out::default();
        let dataset_iri = iris.dataset()?;
        let d = node(&dataset_iri);
        out.a(&d, void::DATASET);
        out.lang(
            &d,
            dcterms::TITLE,
            "civkg: knowledge graph of government work reports",
            "en",
        );
        out.iri(&d, void::SPARQL_ENDPOINT, &iris.endpoint()?);
        out.add(
            &d,
            void::URI_SPACE,
            Literal::new_simple_literal(&self.config.base),
        );
        for f in self
            .files
            .iter()
            .filter(|f| matches!(f.content, Content::Dataset | Content::Canonical))
        {
            out.iri(&d, void::DATA_DUMP, &iris.download(&f.name)?);
        }
        for r in self.meta.reports.iter().take(example_count) {
            out.iri(&d, void::EXAMPLE_RESOURCE, &r.report);
        }

        let triples = &self.data.union;
        let mut subjects = HashSet::new();
        let mut objects = HashSet::new();
        let mut classes: BTreeMap<&str, HashSet<&NamedOrBlankNode>> = BTreeMap::new();
        let mut properties: BTreeMap<&str, usize> = BTreeMap::new();
        for t in triples {
            subjects.insert(&t.subject);
            objects.insert(&t.object);
            *properties.entry(t.predicate.as_str()).or_default() += 1;
            if let (true, Term::NamedNode(c)) = (t.predicate == rdf::TYPE, &t.object) {
                classes.entry(c.as_str()).or_default().insert(&t.subject);
            }
        }
        out.count(&d, void::TRIPLES, triples.len());
        out.count(&d, void::DISTINCT_SUBJECTS, subjects.len());
        out.count(&d, void::DISTINCT_OBJECTS, objects.len());
        out.count(
            &d,
            void::ENTITIES,
            subjects
                .iter()
                .filter(|s| matches!(s, NamedOrBlankNode::NamedNode(_)))
                .count(),
        );
        out.count(&d, void::CLASSES, classes.len());
        out.count(&d, void::PROPERTIES, properties.len());
        let mut vocabularies = BTreeSet::new();
        for (i, (class, members)) in classes.iter().enumerate() {
            let p = bnode(format!("class{i}"));
            out.add(&d, void::CLASS_PARTITION, p.clone());
            out.iri(&p, void::CLASS, &NamedNode::new_unchecked(*class));
            out.count(&p, void::ENTITIES, members.len());
            vocabularies.insert(namespace(class));
        }
        for (i, (property, n)) in properties.iter().enumerate() {
            let p = bnode(format!("property{i}"));
            out.add(&d, void::PROPERTY_PARTITION, p.clone());
            out.iri(&p, void::PROPERTY, &NamedNode::new_unchecked(*property));
            out.count(&p, void::TRIPLES, *n);
            vocabularies.insert(namespace(property));
        }
        for v in vocabularies.into_iter().filter(|v| !v.is_empty()) {
            out.iri(&d, void::VOCABULARY, &NamedNode::new_unchecked(v));
        }
        for (graph, key) in self.keys {
            let Some((_, g)) = self.data.named_graphs().find(|(n, _)| *n == graph) else {
                continue;
            };
            let s_iri = iris.graph_dataset(key)?;
            let s = node(&s_iri);
            out.iri(&d, void::SUBSET, &s_iri);
            out.a(&s, void::DATASET);
            out.a(&s, super::vocab::sd::NAMED_GRAPH);
            out.iri(&s, super::vocab::sd::NAME, graph);
            out.count(&s, void::TRIPLES, g.quads.len());
            out.iri(&s, void::SPARQL_ENDPOINT, &iris.endpoint()?);
            for f in self
                .files
                .iter()
                .filter(|f| f.content == Content::Graph(graph.clone()))
            {
                out.iri(&s, void::DATA_DUMP, &iris.download(&f.name)?);
            }
        }
        self.linksets(&mut out, &iris, &dataset_iri)?;
        Ok(out.finish())
    }

    /// Links to other datasets: `owl:sameAs` and SKOS mapping triples whose
    /// object is outside civkg's IRIs, one linkset per predicate and host.
    fn linksets(
        &self,
        out: &mut Out,
        iris: &Iris,
        dataset: &NamedNode,
    ) -> Result<(), PublishError> {
        const LINK_PREDICATES: [&str; 4] = [
            "http://www.w3.org/2002/07/owl#sameAs",
            "http://www.w3.org/2004/02/skos/core#exactMatch",
            "http://www.w3.org/2004/02/skos/core#closeMatch",
            "http://www.w3.org/2004/02/skos/core#relatedMatch",
        ];
        let own = civkg::ONTOLOGY_NS.as_str().trim_end_matches("ontology#");
        let mut sets: BTreeMap<(&str, String), usize> = BTreeMap::new();
        for t in &self.data.union {
            let Term::NamedNode(o) = &t.object else {
                continue;
            };
            if !LINK_PREDICATES.contains(&t.predicate.as_str())
                || o.as_str().starts_with(&self.config.base)
                || o.as_str().starts_with(own)
            {
                continue;
            }
            if let Some(space) = uri_space(o.as_str()) {
                *sets.entry((t.predicate.as_str(), space)).or_default() += 1;
            }
        }
        for (i, ((predicate, space), n)) in sets.into_iter().enumerate() {
            let host = space.split('/').nth(2).unwrap_or("external");
            let target = iris.external(host)?;
            let t = node(&target);
            out.a(&t, void::DATASET);
            out.add(&t, void::URI_SPACE, Literal::new_simple_literal(&space));
            let l_iri = iris.graph_dataset(&format!("links/{i}"))?;
            let l = node(&l_iri);
            out.iri(&node(dataset), void::SUBSET, &l_iri);
            out.a(&l, void::LINKSET);
            out.iri(
                &l,
                void::LINK_PREDICATE,
                &NamedNode::new_unchecked(predicate),
            );
            out.iri(&l, void::SUBJECTS_TARGET, dataset);
            out.iri(&l, void::OBJECTS_TARGET, &target);
            out.count(&l, void::TRIPLES, n);
        }
        Ok(())
    }
}

/// The namespace of an IRI: up to its last `#` or `/`.
fn namespace(iri: &str) -> &str {
    iri.rfind(['#', '/']).map_or("", |i| &iri[..=i])
}

/// `scheme://host/` of an IRI.
fn uri_space(iri: &str) -> Option<String> {
    let (scheme, rest) = iri.split_once("://")?;
    let host = rest.split('/').next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_and_uri_spaces() {
        let cases = [
            (
                "https://w3id.org/civkg/ontology#Figure",
                "https://w3id.org/civkg/ontology#",
            ),
            (
                "http://purl.org/dc/terms/title",
                "http://purl.org/dc/terms/",
            ),
            ("urn:x", ""),
        ];
        for (iri, ns) in cases {
            assert_eq!(namespace(iri), ns, "{iri}");
        }
        assert_eq!(
            uri_space("http://www.wikidata.org/entity/Q1").as_deref(),
            Some("http://www.wikidata.org/")
        );
        assert_eq!(uri_space("urn:isbn:1"), None);
    }
}
