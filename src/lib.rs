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
//! extract    figures and entities (rules + lexicon), and their relations
//! graph      RDF quads with provenance, vocabulary constants
//! store      the persistent Oxigraph store, rebuilt atomically
//! ```

pub mod extract;
pub mod graph;
pub mod lexicon;
pub mod model;
pub mod report;
