//! The dataset read from the store in a fixed order, and the files it is
//! written to: one per RDF format, each with a gzip twin, hashed and sized
//! while they are written.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, Quad, Triple};
use oxigraph::store::Store;
use sha2::{Digest, Sha256};

use super::jsonld::{self, Context};
use super::PublishError;

/// The RDF formats every dump is written in, in the order they are listed.
pub const FORMATS: [RdfFormat; 6] = [
    RdfFormat::NQuads,
    RdfFormat::TriG,
    RdfFormat::JsonLd {
        profile: JsonLdProfileSet::empty(),
    },
    RdfFormat::Turtle,
    RdfFormat::NTriples,
    RdfFormat::RdfXml,
];

/// The file-name extension of gzip files.
pub const GZIP_EXTENSION: &str = "gz";

/// The quads of one graph, sorted.
#[derive(Debug)]
pub struct GraphQuads {
    /// The graph's name.
    pub name: GraphName,
    /// Its quads, sorted by their N-Triples form.
    pub quads: Vec<Quad>,
}

impl GraphQuads {
    /// Its triples (the graph name dropped), in the same order.
    pub fn triples(&self) -> impl Iterator<Item = Triple> + '_ {
        self.quads.iter().map(|q| Triple::from(q.clone()))
    }
}

/// The whole store in memory, in a fixed order.
#[derive(Debug)]
pub struct Data {
    /// The default graph (if it has quads), then the named graphs by IRI.
    pub graphs: Vec<GraphQuads>,
    /// The distinct triples of all graphs together, sorted.
    pub union: Vec<Triple>,
}

impl Data {
    /// Reads every quad of `store`.
    pub fn load(store: &Store) -> Result<Self, PublishError> {
        let mut by_graph: BTreeMap<String, GraphQuads> = BTreeMap::new();
        for quad in store.iter() {
            let quad = quad?;
            let key = match &quad.graph_name {
                GraphName::DefaultGraph => String::new(),
                g => g.to_string(),
            };
            by_graph
                .entry(key)
                .or_insert_with(|| GraphQuads {
                    name: quad.graph_name.clone(),
                    quads: Vec::new(),
                })
                .quads
                .push(quad);
        }
        Ok(Self::from_graphs(by_graph.into_values().collect()))
    }

    fn from_graphs(mut graphs: Vec<GraphQuads>) -> Self {
        for g in &mut graphs {
            g.quads
                .sort_by_cached_key(|q| Triple::from(q.clone()).to_string());
        }
        let mut union: Vec<(String, Triple)> = graphs
            .iter()
            .flat_map(GraphQuads::triples)
            .map(|t| (t.to_string(), t))
            .collect();
        union.sort_by(|a, b| a.0.cmp(&b.0));
        union.dedup_by(|a, b| a.0 == b.0);
        Self {
            graphs,
            union: union.into_iter().map(|(_, t)| t).collect(),
        }
    }

    /// Every quad, graph by graph.
    pub fn quads(&self) -> impl Iterator<Item = &Quad> {
        self.graphs.iter().flat_map(|g| g.quads.iter())
    }

    /// The number of quads.
    pub fn len(&self) -> usize {
        self.graphs.iter().map(|g| g.quads.len()).sum()
    }

    /// Whether the store was empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The named graphs, in order.
    pub fn named_graphs(&self) -> impl Iterator<Item = (&NamedNode, &GraphQuads)> {
        self.graphs.iter().filter_map(|g| match &g.name {
            GraphName::NamedNode(n) => Some((n, g)),
            _ => None,
        })
    }
}

/// What a written file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Every quad of the store (or, in a triples-only format, the union of
    /// its graphs' triples).
    Dataset,
    /// One named graph (its triples in a triples-only format).
    Graph(NamedNode),
    /// The dataset's RDFC-1.0 canonical N-Quads.
    Canonical,
    /// The bundled ontology, as written by its authors.
    Ontology,
    /// The bundled SHACL shapes, as written by their authors.
    Shapes,
    /// The DCAT catalogue.
    Catalog,
    /// The VoID description.
    Void,
    /// The landing page.
    LandingPage,
    /// The checksum list.
    Checksums,
    /// Every figure as a spreadsheet table (CSV).
    Figures,
}

/// A file of the publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    /// Its name in the publication directory.
    pub name: String,
    /// What it holds.
    pub content: Content,
    /// Its RDF format, if it is RDF.
    pub format: Option<RdfFormat>,
    /// Whether it is gzip-compressed.
    pub gzip: bool,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256, lower-case hex.
    pub sha256: String,
}

impl FileInfo {
    /// Its media type: the RDF format's, gzip's, or by extension.
    pub fn media_type(&self) -> &'static str {
        if self.gzip {
            return super::vocab::GZIP_MEDIA_TYPE;
        }
        match (&self.format, &self.content) {
            (Some(f), _) => f.media_type(),
            (None, Content::LandingPage) => "text/html",
            (None, Content::Figures) => "text/csv",
            (None, _) => "text/plain",
        }
    }
}

/// A writer that hashes and counts what goes through it.
struct Hashing<W: Write> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Hashing<W> {
    fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

type Sink = Hashing<BufWriter<File>>;

/// Size in bytes and SHA-256 (hex) of a written file.
pub(crate) type Written = (u64, String);

/// Which copies of a file are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Copies {
    /// The file as it is.
    Plain,
    /// The file and its gzip twin (`NAME.gz`), in one pass.
    PlainAndGzip,
    /// Only `NAME.gz`.
    Gzip,
}

/// Writes a file, its gzip twin, or both in one pass.
pub(crate) struct Tee {
    plain: Option<Sink>,
    gz: Option<GzEncoder<Sink>>,
}

fn create(path: &Path) -> io::Result<Sink> {
    Ok(Hashing::new(BufWriter::new(File::create(path)?)))
}

fn close(sink: Sink) -> io::Result<Written> {
    let hash = hex::encode(sink.hasher.finalize());
    let file = sink.inner.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok((sink.bytes, hash))
}

impl Tee {
    /// Creates `path` and/or `path.gz`, as `copies` says.
    pub(crate) fn create(path: &Path, copies: Copies) -> io::Result<Self> {
        let gz = if copies == Copies::Plain {
            None
        } else {
            let mut name = path.as_os_str().to_owned();
            name.push(format!(".{GZIP_EXTENSION}"));
            Some(GzEncoder::new(
                create(Path::new(&name))?,
                Compression::default(),
            ))
        };
        let plain = if copies == Copies::Gzip {
            None
        } else {
            Some(create(path)?)
        };
        Ok(Self { plain, gz })
    }

    /// Flushes, fsyncs and returns (size, sha256) of the file and of its
    /// twin, each if written.
    pub(crate) fn finish(self) -> io::Result<(Option<Written>, Option<Written>)> {
        let plain = self.plain.map(close).transpose()?;
        let gz = self.gz.map(|gz| gz.finish().and_then(close)).transpose()?;
        Ok((plain, gz))
    }
}

impl Write for Tee {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(plain) = &mut self.plain {
            plain.write_all(buf)?;
        }
        if let Some(gz) = &mut self.gz {
            gz.write_all(buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(plain) = &mut self.plain {
            plain.flush()?;
        }
        if let Some(gz) = &mut self.gz {
            gz.flush()?;
        }
        Ok(())
    }
}

/// How RDF is written: prefixes for Turtle-family formats, a context for JSON-LD.
#[derive(Debug, Clone)]
pub struct Style {
    /// Prefix name → namespace, in declaration order.
    pub prefixes: Vec<(String, String)>,
    /// The JSON-LD context.
    pub context: Context,
}

fn serializer(format: RdfFormat, style: &Style) -> RdfSerializer {
    let mut s = RdfSerializer::from_format(format);
    for (name, ns) in &style.prefixes {
        // A namespace the serializer rejects is simply not abbreviated.
        s = match s.clone().with_prefix(name, ns) {
            Ok(with) => with,
            Err(_) => s,
        };
    }
    s
}

/// Writes `graphs` in `format`: their quads in a dataset format, else the
/// `triples` given (the graphs' union, without duplicates).
pub fn write_rdf(
    format: RdfFormat,
    style: &Style,
    graphs: &[&GraphQuads],
    triples: &mut dyn Iterator<Item = Triple>,
    w: &mut dyn Write,
) -> io::Result<()> {
    if let RdfFormat::JsonLd { .. } = format {
        return jsonld::write(
            &style.context,
            graphs.iter().map(|g| (&g.name, g.quads.as_slice())),
            w,
        );
    }
    let mut out = serializer(format, style).for_writer(&mut *w);
    if format.supports_datasets() {
        for q in graphs.iter().flat_map(|g| g.quads.iter()) {
            out.serialize_quad(q)?;
        }
    } else {
        for t in triples {
            out.serialize_triple(&t)?;
        }
    }
    out.finish()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    fn quad(s: &str, o: &str, g: Option<&str>) -> Quad {
        Quad::new(
            NamedNode::new_unchecked(s),
            NamedNode::new_unchecked("http://e/p"),
            Literal::new_simple_literal(o),
            g.map_or(GraphName::DefaultGraph, |g| {
                NamedNode::new_unchecked(g).into()
            }),
        )
    }

    #[test]
    fn the_union_drops_triples_repeated_across_graphs() {
        let data = Data::from_graphs(vec![
            GraphQuads {
                name: NamedNode::new_unchecked("http://e/g1").into(),
                quads: vec![
                    quad("http://e/b", "1", Some("http://e/g1")),
                    quad("http://e/a", "1", Some("http://e/g1")),
                ],
            },
            GraphQuads {
                name: NamedNode::new_unchecked("http://e/g2").into(),
                quads: vec![quad("http://e/a", "1", Some("http://e/g2"))],
            },
        ]);
        assert_eq!(data.len(), 3);
        assert_eq!(data.union.len(), 2);
        assert_eq!(data.graphs[0].quads[0].subject.to_string(), "<http://e/a>");
    }

    #[test]
    fn the_gzip_twin_decompresses_to_the_plain_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.nt");
        let mut tee = Tee::create(&path, Copies::PlainAndGzip).unwrap();
        tee.write_all(b"<http://e/s> <http://e/p> \"o\" .\n")
            .unwrap();
        let (Some((n, hash)), gz) = tee.finish().unwrap() else {
            panic!("no plain file")
        };
        let plain = std::fs::read(&path).unwrap();
        assert_eq!(n, plain.len() as u64);
        assert_eq!(hash, super::super::canonical::sha256_hex(&plain));
        let gz_bytes = std::fs::read(dir.path().join("x.nt.gz")).unwrap();
        assert_eq!(gz.unwrap().0, gz_bytes.len() as u64);
        let mut back = Vec::new();
        io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(gz_bytes.as_slice()),
            &mut back,
        )
        .unwrap();
        assert_eq!(back, plain);
    }
}
