//! civkg turns a government bureau's annual work report into a linked-data
//! knowledge graph.
//!
//! The stages are layered one way, each a module that only uses the ones
//! above it:
//!
//! ```text
//! model      spans, entity kinds, units, qualifiers
//! report     text → header, sections, topics, sentences, clauses (code-point offsets)
//! lexicon    curated knowledge from data/lexicon/*.toml
//! genre      the word tables of each kind of report, from data/genres/
//! extract    figures and entities (rules + lexicon), and their relations
//! graph      RDF quads with provenance, vocabulary constants
//! convert    files → reports → extractions → quads
//! store      the persistent Oxigraph store, rebuilt atomically
//! linking    division codes, organisation identifiers, links to other datasets
//! pipeline   `civkg build`: conversions, codes, a new store generation; failures per report
//! query      SPARQL over the store, results as tables or standard formats
//! publish    open-data dumps of the store: every RDF format, DCAT, VoID, checksums (atomic)
//! table      figures and entities as TSV / CSV / JSON rows
//! server     `civkg serve`: SPARQL protocol, presets, Linked Data, UI over HTTP
//! cli        command-line definitions (the binary is glue)
//! ```

pub mod cli;
pub mod convert;
pub mod extract;
pub mod generations;
pub mod genre;
pub mod graph;
pub mod lexicon;
pub mod linking;
pub mod model;
pub mod pipeline;
pub mod presets;
pub mod publish;
pub mod query;
pub mod report;
pub mod server;
pub mod store;
pub mod table;
