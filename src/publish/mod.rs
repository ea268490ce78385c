//! Open-government dumps of the store: every RDF format, a canonical form
//! and its hash, a DCAT catalogue, a VoID description, checksums and a
//! landing page, published atomically.
//!
//! ```text
//! OUT/ (a link to OUT.gen-NNNNNNNNNN, see `atomic`)
//!   civkg.{nq,trig,jsonld,ttl,nt,rdf}[.gz]   the whole dataset
//!   graph-<key>.nq.gz                         each named graph (report, lexicon, ontology), N-Quads
//!   canonical.nq                              RDFC-1.0 canonical N-Quads; its SHA-256 is the content hash
//!   civkg-ontology.ttl, civkg-shapes.ttl      the ontology and shapes as written
//!   catalog.ttl, catalog.jsonld               DCAT 3 / DCAT-AP catalogue
//!   void.ttl                                  VoID description
//!   index.html                                landing page
//!   SHA256SUMS                                `sha256sum -c` list of every other file
//! ```
//!
//! File names, extensions, media types and format IRIs all come from
//! oxigraph's [`RdfFormat`]. Quad formats (N-Quads, TriG, JSON-LD) keep
//! graph names; triple formats (Turtle, N-Triples, RDF/XML) hold the union
//! of the graphs' triples. The whole dataset comes in every format, plain
//! and gzipped; each named graph comes once, as gzipped N-Quads, so the
//! number of files grows by one per report (a corpus of 3,300 reports is
//! about 3,320 files, not 40,000) and a harvester that wants one report
//! fetches one file that keeps its graph name. Output is deterministic: quads are sorted, blank
//! nodes keep the store's labels, gzip headers carry no time, and dates
//! come from the reports ([`PublishConfig::modified`] overrides the
//! modification date when asked). The same store gives the same bytes.
//!
//! The server should serve the live publication ([`current`]) under
//! `/dumps/`, with [`media_type_of`] as each file's content type.

mod atomic;
pub mod canonical;
pub mod describe;
pub mod dumps;
mod error;
pub mod figures;
pub mod html;
pub mod jsonld;
pub mod vocab;

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term, Triple};
use oxigraph::store::Store;

pub use atomic::current;
pub use dumps::{Content, FileInfo, FORMATS};
pub use error::PublishError;

use self::describe::{Inputs, Meta};
use self::dumps::{Copies, Data, GraphQuads, Style, Tee};
use self::error::io;
use self::jsonld::Context;
use crate::graph::vocab::rdf;

/// The stem of the whole dataset's files.
pub const DATASET_STEM: &str = "civkg";
/// The canonical N-Quads file.
pub const CANONICAL_FILE: &str = "canonical.nq";
/// The checksum list.
pub const SUMS_FILE: &str = atomic::MARKER;
/// How many example resources VoID lists.
const EXAMPLES: usize = 3;

/// The licence of the published data unless another is given: CC BY 4.0.
pub const DEFAULT_LICENSE: &str = "https://creativecommons.org/licenses/by/4.0/";

/// How a publication is described.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishConfig {
    /// The base of data IRIs; downloads are `{base}dumps/<file>`, the
    /// endpoint `{base}sparql`.
    pub base: String,
    /// The licence IRI of the data.
    pub license: String,
    /// A modification date (`YYYY-MM-DD`) to state instead of the latest
    /// report date; `None` keeps the output a function of the data.
    pub modified: Option<String>,
    /// Whom to ask about the data: an e-mail address or a web page
    /// (`dcat:contactPoint`); `None` points at the landing page.
    pub contact: Option<String>,
    /// `dcat:theme` codes of the EU data-theme table (`GOVE`, `SOCI`, …).
    pub themes: Vec<String>,
}

/// The EU data themes a work report belongs to unless others are given:
/// government and public sector, population and society.
pub const DEFAULT_THEMES: [&str; 2] = ["GOVE", "SOCI"];

impl Default for PublishConfig {
    fn default() -> Self {
        Self {
            base: crate::graph::DEFAULT_BASE.to_owned(),
            license: DEFAULT_LICENSE.to_owned(),
            modified: None,
            contact: None,
            themes: DEFAULT_THEMES.iter().map(|t| (*t).to_owned()).collect(),
        }
    }
}

/// A finished publication.
#[derive(Debug, Clone)]
pub struct Publication {
    /// The generation directory now live behind `--out`.
    pub dir: PathBuf,
    /// Every file, in the order written (SHA256SUMS last).
    pub files: Vec<FileInfo>,
    /// SHA-256 of the canonical N-Quads: the dataset's content hash.
    pub content_hash: String,
    /// Number of quads published.
    pub quads: usize,
}

/// Publishes `store` to `out` (see the module docs).
pub fn publish(
    store: &Store,
    out: &Path,
    config: &PublishConfig,
) -> Result<Publication, PublishError> {
    publish_with(store, out, config, &mut |_| Ok(()))
}

/// Like [`publish`], calling `on_file` after each file is written (for
/// progress); an error from it aborts the publication, which then leaves
/// the previous one live and untouched.
pub fn publish_with(
    store: &Store,
    out: &Path,
    config: &PublishConfig,
    on_file: &mut dyn FnMut(&FileInfo) -> io::Result<()>,
) -> Result<Publication, PublishError> {
    let staging = atomic::Staging::begin(out)?;
    match write_all(store, &staging.dir, config, on_file) {
        Ok(mut publication) => {
            publication.dir = staging.dir.clone();
            staging.commit()?;
            Ok(publication)
        }
        Err(e) => {
            staging.abandon();
            Err(e)
        }
    }
}

/// The VoID file of a publication.
pub const VOID_FILE: &str = "void.ttl";

/// The VoID description `publish` writes, read back from the live
/// publication behind `out`; `None` if there is none (or it does not parse).
pub fn published_void(out: &Path) -> Option<Vec<Quad>> {
    let text = std::fs::read(current(out)?.join(VOID_FILE)).ok()?;
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&text)
        .collect::<Result<Vec<_>, _>>()
        .ok()
}

/// The VoID description `publish` would write for `store`, without the
/// files of a publication (no `void:dataDump`): the same dataset IRI and
/// counts, for a server that has no publication to point at.
pub fn void(store: &Store, config: &PublishConfig) -> Result<Vec<Quad>, PublishError> {
    let data = Data::load(store)?;
    let meta = Meta::load(store)?;
    let keys = graph_keys(&data, &config.base);
    Inputs {
        config,
        meta: &meta,
        data: &data,
        files: &[],
        keys: &keys,
        content_hash: "",
    }
    .void(EXAMPLES)
}

/// The media type to serve a publication file with.
pub fn media_type_of(file_name: &str) -> &'static str {
    let ext = file_name.rsplit('.').next().unwrap_or("");
    if ext == dumps::GZIP_EXTENSION {
        return vocab::GZIP_MEDIA_TYPE;
    }
    if ext == "html" {
        return "text/html; charset=utf-8";
    }
    if ext == "csv" {
        return "text/csv; charset=utf-8";
    }
    RdfFormat::from_extension(ext).map_or("text/plain; charset=utf-8", RdfFormat::media_type)
}

/// Collects the files written, calling the hook after each.
struct Files<'h> {
    dir: PathBuf,
    files: Vec<FileInfo>,
    hook: &'h mut dyn FnMut(&FileInfo) -> io::Result<()>,
}

impl Files<'_> {
    fn write(
        &mut self,
        name: &str,
        content: Content,
        format: Option<RdfFormat>,
        copies: Copies,
        body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), PublishError> {
        let path = self.dir.join(name);
        let tee = Tee::create(&path, copies).map_err(io(&path))?;
        // Serialisers write token by token; the gzip encoder zeroes its
        // whole output buffer on every write it gets, so it must get few.
        let mut buffered = io::BufWriter::with_capacity(1 << 16, tee);
        body(&mut buffered).map_err(io(&path))?;
        let tee = buffered
            .into_inner()
            .map_err(|e| io(&path)(e.into_error()))?;
        let (plain, gz) = tee.finish().map_err(io(&path))?;
        let info = FileInfo {
            name: name.to_owned(),
            content,
            format,
            gzip: false,
            bytes: 0,
            sha256: String::new(),
        };
        if let Some((bytes, sha256)) = plain {
            self.push(FileInfo {
                bytes,
                sha256,
                ..info.clone()
            })?;
        }
        if let Some((bytes, sha256)) = gz {
            self.push(FileInfo {
                name: format!("{name}.{}", dumps::GZIP_EXTENSION),
                gzip: true,
                bytes,
                sha256,
                ..info
            })?;
        }
        Ok(())
    }

    fn push(&mut self, info: FileInfo) -> Result<(), PublishError> {
        (self.hook)(&info).map_err(|source| PublishError::Aborted {
            file: info.name.clone(),
            source,
        })?;
        self.files.push(info);
        Ok(())
    }
}

/// The prefixes the bundled ontology and shapes declare, then the
/// catalogue's, first declaration of a name winning.
pub fn prefixes() -> Result<Vec<(String, String)>, PublishError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for text in [crate::graph::ONTOLOGY_TTL, crate::graph::SHAPES_TTL] {
        let mut parser = RdfParser::from_format(RdfFormat::Turtle).for_slice(text);
        for quad in parser.by_ref() {
            quad?;
        }
        for (name, iri) in parser.prefixes() {
            if !out.iter().any(|(n, _)| n == name) {
                out.push((name.to_owned(), iri.to_owned()));
            }
        }
    }
    for (name, iri) in vocab::PREFIXES {
        if !out.iter().any(|(n, _)| n == name) {
            out.push(((*name).to_owned(), (*iri).to_owned()));
        }
    }
    Ok(out)
}

/// The terms the ontology graph declares: IRI subjects of `rdf:type`,
/// except the ontology header and SHACL shapes.
pub fn ontology_terms(ontology: &[Quad]) -> Vec<String> {
    const SHACL: &str = "http://www.w3.org/ns/shacl#";
    const OWL_ONTOLOGY: &str = "http://www.w3.org/2002/07/owl#Ontology";
    let mut shapes_or_headers = std::collections::BTreeSet::new();
    let mut terms = std::collections::BTreeSet::new();
    for q in ontology.iter().filter(|q| q.predicate == rdf::TYPE) {
        let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(class)) = (&q.subject, &q.object)
        else {
            continue;
        };
        if class.as_str().starts_with(SHACL) || class.as_str() == OWL_ONTOLOGY {
            shapes_or_headers.insert(s.as_str().to_owned());
        } else {
            terms.insert(s.as_str().to_owned());
        }
    }
    terms.difference(&shapes_or_headers).cloned().collect()
}

/// The vocabulary IRIs a set of quads uses: predicates and classes.
fn used_terms(quads: &[Quad]) -> Vec<String> {
    let mut terms = std::collections::BTreeSet::new();
    for q in quads {
        terms.insert(q.predicate.as_str().to_owned());
        if let (true, Term::NamedNode(c)) = (q.predicate == rdf::TYPE, &q.object) {
            terms.insert(c.as_str().to_owned());
        }
    }
    terms.into_iter().collect()
}

/// A file-name-safe key for each named graph: the part after
/// `{base}graph/` (else after the last `/` or `#`), unique.
fn graph_keys(data: &Data, base: &str) -> BTreeMap<NamedNode, String> {
    let prefix = format!("{base}graph/");
    let mut keys = BTreeMap::new();
    let mut taken = std::collections::BTreeSet::new();
    for (graph, _) in data.named_graphs() {
        let raw = graph
            .as_str()
            .strip_prefix(&prefix)
            .unwrap_or_else(|| jsonld::local_name(graph.as_str()));
        let clean: String = raw
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let clean = if clean.is_empty() {
            "graph".to_owned()
        } else {
            clean
        };
        let mut key = clean.clone();
        let mut i = 1;
        while !taken.insert(key.clone()) {
            i += 1;
            key = format!("{clean}-{i}");
        }
        keys.insert(graph.clone(), key);
    }
    keys
}

fn write_triples(
    quads: &[Quad],
    format: RdfFormat,
    prefixes: &[(String, String)],
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut s = RdfSerializer::from_format(format);
    for (name, ns) in prefixes {
        s = match s.clone().with_prefix(name, ns) {
            Ok(with) => with,
            Err(_) => s,
        };
    }
    let mut out = s.for_writer(w);
    for q in quads {
        out.serialize_triple(&Triple::from(q.clone()))?;
    }
    out.finish()?;
    Ok(())
}

fn jsonld_format() -> RdfFormat {
    RdfFormat::JsonLd {
        profile: JsonLdProfileSet::empty(),
    }
}

fn write_all(
    store: &Store,
    dir: &Path,
    config: &PublishConfig,
    hook: &mut dyn FnMut(&FileInfo) -> io::Result<()>,
) -> Result<Publication, PublishError> {
    let data = Data::load(store)?;
    let prefixes = prefixes()?;
    let ontology_graph = crate::graph::ontology_graph(&crate::graph::Config {
        base: config.base.clone(),
    })
    .ok();
    let ontology: Vec<Quad> = match data
        .named_graphs()
        .find(|(g, _)| Some(*g) == ontology_graph.as_ref())
    {
        Some((_, g)) => g.quads.clone(),
        None => crate::graph::ontology_quads().unwrap_or_default(),
    };
    let terms = ontology_terms(&ontology);
    let style = Style {
        context: Context::new(
            prefixes.iter().map(|(n, i)| (n.as_str(), i.as_str())),
            terms.iter().map(String::as_str),
        ),
        prefixes: prefixes.clone(),
    };
    let keys = graph_keys(&data, &config.base);
    let mut files = Files {
        dir: dir.to_owned(),
        files: Vec::new(),
        hook,
    };

    let all: Vec<&GraphQuads> = data.graphs.iter().collect();
    for format in FORMATS {
        let name = format!("{DATASET_STEM}.{}", format.file_extension());
        files.write(
            &name,
            Content::Dataset,
            Some(format),
            Copies::PlainAndGzip,
            |w| dumps::write_rdf(format, &style, &all, &mut data.union.iter().cloned(), w),
        )?;
    }
    for (graph, g) in data.named_graphs() {
        let key = keys.get(graph).map_or("graph", String::as_str);
        let format = RdfFormat::NQuads;
        let name = format!("graph-{key}.{}", format.file_extension());
        files.write(
            &name,
            Content::Graph(graph.clone()),
            Some(format),
            Copies::Gzip,
            |w| dumps::write_rdf(format, &style, &[g], &mut g.triples(), w),
        )?;
    }

    files.write(figures::FILE, Content::Figures, None, Copies::Plain, |w| {
        figures::write_csv(store, w)
            .map(drop)
            .map_err(io::Error::other)
    })?;

    let canonical = canonical::canonical_nquads(data.quads())?;
    let content_hash = canonical::sha256_hex(&canonical);
    files.write(
        CANONICAL_FILE,
        Content::Canonical,
        Some(RdfFormat::NQuads),
        Copies::Plain,
        |w| w.write_all(&canonical),
    )?;
    drop(canonical);
    for (name, content, text) in [
        (
            "civkg-ontology.ttl",
            Content::Ontology,
            crate::graph::ONTOLOGY_TTL,
        ),
        (
            "civkg-shapes.ttl",
            Content::Shapes,
            crate::graph::SHAPES_TTL,
        ),
    ] {
        files.write(name, content, Some(RdfFormat::Turtle), Copies::Plain, |w| {
            w.write_all(text.as_bytes())
        })?;
    }

    let meta = Meta::load(store)?;
    let written = files.files.clone();
    let inputs = Inputs {
        config,
        meta: &meta,
        data: &data,
        files: &written,
        keys: &keys,
        content_hash: &content_hash,
    };
    let catalog = inputs.catalog()?;
    let void = inputs.void(EXAMPLES)?;
    let catalog_context = Context::new(
        vocab::PREFIXES.iter().copied(),
        used_terms(&catalog).iter().map(String::as_str),
    );
    files.write(
        "catalog.ttl",
        Content::Catalog,
        Some(RdfFormat::Turtle),
        Copies::Plain,
        |w| write_triples(&catalog, RdfFormat::Turtle, &prefixes, w),
    )?;
    files.write(
        "catalog.jsonld",
        Content::Catalog,
        Some(jsonld_format()),
        Copies::Plain,
        |w| {
            jsonld::write(
                &catalog_context,
                [(&GraphName::DefaultGraph, catalog.as_slice())],
                w,
            )
        },
    )?;
    files.write(
        VOID_FILE,
        Content::Void,
        Some(RdfFormat::Turtle),
        Copies::Plain,
        |w| write_triples(&void, RdfFormat::Turtle, &prefixes, w),
    )?;

    let listed = files.files.clone();
    let page = html::Page {
        base: &config.base,
        meta: &meta,
        files: &listed,
        quads: data.len(),
        content_hash: &content_hash,
        license: &config.license,
    };
    files.write(
        "index.html",
        Content::LandingPage,
        None,
        Copies::Plain,
        |w| w.write_all(page.render().as_bytes()),
    )?;

    let mut sums: Vec<(&str, &str)> = files
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.sha256.as_str()))
        .collect();
    sums.sort();
    let sums: String = sums
        .iter()
        .map(|(name, hash)| format!("{hash}  {name}\n"))
        .collect();
    files.write(SUMS_FILE, Content::Checksums, None, Copies::Plain, |w| {
        w.write_all(sums.as_bytes())
    })?;

    Ok(Publication {
        dir: dir.to_owned(),
        files: files.files,
        content_hash,
        quads: data.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_come_from_the_extension() {
        let cases = [
            ("civkg.ttl", "text/turtle"),
            ("civkg.nq.gz", "application/gzip"),
            ("civkg.jsonld", "application/ld+json"),
            ("index.html", "text/html; charset=utf-8"),
            ("SHA256SUMS", "text/plain; charset=utf-8"),
        ];
        for (name, media) in cases {
            assert_eq!(media_type_of(name), media, "{name}");
        }
    }

    #[test]
    fn the_ontology_gives_short_names_for_its_classes_and_properties() {
        let terms = ontology_terms(&crate::graph::ontology_quads().unwrap());
        let ctx = Context::new(
            prefixes()
                .unwrap()
                .iter()
                .map(|(n, i)| (n.as_str(), i.as_str())),
            terms.iter().map(String::as_str),
        );
        assert_eq!(
            ctx.term("https://w3id.org/civkg/ontology#Figure"),
            Some("Figure")
        );
        assert_eq!(
            ctx.term("https://w3id.org/civkg/ontology#measureLabel"),
            Some("measureLabel")
        );
        assert!(ctx.term("https://w3id.org/civkg/ontology").is_none());
    }
}
