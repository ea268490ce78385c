//! A small quad collector for one named graph, with typed literal helpers
//! and a deterministic finish (sorted, without duplicates).

use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};

use super::vocab::xsd;

/// Collects the quads of one named graph.
#[derive(Debug)]
pub(crate) struct Sink {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Sink {
    /// A sink writing into `graph`.
    pub(crate) fn new(graph: NamedNode) -> Self {
        Self {
            graph: GraphName::NamedNode(graph),
            quads: Vec::new(),
        }
    }

    /// Adds `subject predicate object`.
    pub(crate) fn add(
        &mut self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        object: impl Into<Term>,
    ) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::NamedNode(subject.clone()),
            predicate,
            object,
            self.graph.clone(),
        ));
    }

    /// Adds a link to a vocabulary term.
    pub(crate) fn term(
        &mut self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        object: NamedNodeRef<'_>,
    ) {
        self.add(subject, predicate, object.into_owned());
    }

    /// Adds a link to another node.
    pub(crate) fn link(
        &mut self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        object: &NamedNode,
    ) {
        self.add(subject, predicate, object.clone());
    }

    /// Adds a language-tagged literal; nothing when `text` is empty.
    pub(crate) fn lang(
        &mut self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        text: &str,
        lang: &'static str,
    ) {
        if !text.is_empty() {
            self.add(
                subject,
                predicate,
                Literal::new_language_tagged_literal_unchecked(text, lang),
            );
        }
    }

    /// Adds a Chinese literal (`@zh`); nothing when `text` is empty.
    pub(crate) fn zh(&mut self, subject: &NamedNode, predicate: NamedNodeRef<'_>, text: &str) {
        self.lang(subject, predicate, text, "zh");
    }

    /// Adds an English literal (`@en`); nothing when `text` is empty.
    pub(crate) fn en(&mut self, subject: &NamedNode, predicate: NamedNodeRef<'_>, text: &str) {
        self.lang(subject, predicate, text, "en");
    }

    /// Adds an `xsd:string` literal (kept even when empty: it is a quote).
    pub(crate) fn string(&mut self, subject: &NamedNode, predicate: NamedNodeRef<'_>, text: &str) {
        self.add(subject, predicate, Literal::new_simple_literal(text));
    }

    /// Adds a literal of `datatype` whose lexical form is `value`.
    pub(crate) fn typed(
        &mut self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        value: &str,
        datatype: NamedNodeRef<'_>,
    ) {
        self.add(
            subject,
            predicate,
            Literal::new_typed_literal(value, datatype),
        );
    }

    /// Adds an `xsd:integer`.
    pub(crate) fn integer(
        &mut self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        value: usize,
    ) {
        self.typed(subject, predicate, &value.to_string(), xsd::INTEGER);
    }

    /// Adds an `xsd:nonNegativeInteger` (a code-point offset).
    pub(crate) fn offset(
        &mut self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        value: usize,
    ) {
        self.typed(
            subject,
            predicate,
            &value.to_string(),
            xsd::NON_NEGATIVE_INTEGER,
        );
    }

    /// The quads, sorted by their N-Quads form and without duplicates, so
    /// that the same input always gives the same output.
    pub(crate) fn finish(self) -> Vec<Quad> {
        let mut quads = self.quads;
        quads.sort_by_cached_key(ToString::to_string);
        quads.dedup();
        quads
    }
}
