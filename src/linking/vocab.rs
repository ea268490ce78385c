//! Terms written by the linking stage that `graph::vocab` does not hold.
//!
//! The civkg terms are declared in `ontology/civkg.ttl` (a test checks it).

use oxigraph::model::NamedNodeRef;

/// civkg terms for divisions, zones and links.
pub mod civkg {
    use super::NamedNodeRef;

    /// A place with a GB/T 2260 code (class).
    pub const ADMINISTRATIVE_DIVISION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#AdministrativeDivision");
    /// A functional zone without a division code (class).
    pub const FUNCTIONAL_ZONE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#FunctionalZone");
    /// The rule that proposed a link.
    pub const LINK_RULE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#linkRule");
    /// The score of a link, 0 to 1.
    pub const LINK_SCORE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#linkScore");
}

/// Asset Description Metadata Schema.
pub mod adms {
    use super::NamedNodeRef;

    /// An identifier with its scheme (class).
    pub const IDENTIFIER_CLASS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/adms#Identifier");
    /// Links a thing to an identifier node.
    pub const IDENTIFIER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/adms#identifier");
    /// The agency that manages the identifier's scheme.
    pub const SCHEME_AGENCY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/adms#schemeAgency");
}

/// Vocabulary of Interlinked Datasets.
pub mod void {
    use super::NamedNodeRef;

    /// A set of links between two datasets (class).
    pub const LINKSET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#Linkset");
    /// A dataset (class).
    pub const DATASET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#Dataset");
    /// The dataset the links start from.
    pub const SUBJECTS_TARGET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#subjectsTarget");
    /// The dataset the links point into.
    pub const OBJECTS_TARGET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#objectsTarget");
    /// A predicate the links use.
    pub const LINK_PREDICATE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#linkPredicate");
    /// Number of link triples.
    pub const TRIPLES: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#triples");
    /// A SPARQL endpoint of a dataset.
    pub const SPARQL_ENDPOINT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#sparqlEndpoint");
    /// A dump file of a dataset.
    pub const DATA_DUMP: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#dataDump");
    /// The dataset something belongs to.
    pub const IN_DATASET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#inDataset");
}

/// schema.org validity dates.
pub mod schema {
    use super::NamedNodeRef;

    /// First day in force.
    pub const VALID_FROM: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://schema.org/validFrom");
    /// Last moment in force (civkg writes the first day no longer in force, exclusive).
    pub const VALID_THROUGH: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://schema.org/validThrough");
}

/// SKOS terms not in `graph::vocab`.
pub mod skos {
    use super::NamedNodeRef;

    /// A code within a scheme.
    pub const NOTATION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#notation");
    /// A link to a close (but not certainly identical) concept elsewhere.
    pub const CLOSE_MATCH: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#closeMatch");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civkg_terms_are_declared_in_the_ontology() {
        for term in [
            civkg::ADMINISTRATIVE_DIVISION,
            civkg::FUNCTIONAL_ZONE,
            civkg::LINK_RULE,
            civkg::LINK_SCORE,
        ] {
            let local = term
                .as_str()
                .strip_prefix("https://w3id.org/civkg/ontology#")
                .unwrap();
            assert!(
                crate::graph::ONTOLOGY_TTL.contains(&format!("\ncivkg:{local} a owl:")),
                "{local} is not declared"
            );
        }
    }
}
