//! Every IRI the mapping writes, as documented constants grouped by
//! vocabulary (as oxrdf's `vocab.rs` does).
//!
//! `rdf`, `rdfs` and `xsd` are oxigraph's own. The civkg terms are declared,
//! labelled and commented in `ontology/civkg.ttl`; a test checks that every
//! civkg constant here is declared there.

pub use oxigraph::model::vocab::{rdf, rdfs, xsd};

pub mod civkg {
    //! The civkg ontology (`ontology/civkg.ttl`): classes, properties and SKOS concepts.
    use oxigraph::model::NamedNodeRef;

    /// The ontology's namespace.
    pub const ONTOLOGY_NS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#");

    /// A government work report (class).
    pub const REPORT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Report");

    /// A stretch of a report's text with a position (class).
    pub const TEXT_UNIT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#TextUnit");

    /// A numbered section or the preamble (class).
    pub const SECTION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Section");

    /// A run of sentences opened by a topic sentence (class).
    pub const TOPIC: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Topic");

    /// A sentence (class).
    pub const SENTENCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Sentence");

    /// A clause of a sentence (class).
    pub const CLAUSE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Clause");

    /// Where something is stated in the text (class).
    pub const MENTION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Mention");

    /// A quantity stated in a report, a qb:Observation (class).
    pub const FIGURE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Figure");

    /// The data structure definition of every report's figures.
    pub const FIGURE_STRUCTURE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#FigureStructure");

    /// The data structure definition of the indicator series across reports.
    pub const SERIES_STRUCTURE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#SeriesStructure");

    /// The slice key of one indicator in one place over the years.
    pub const SERIES_BY_INDICATOR_AND_AREA: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#SeriesByIndicatorAndArea");

    /// How many figures of the reports state a series observation's value
    /// for its indicator, place and year.
    pub const STATEMENTS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#statements");

    /// Figure → the rule that matched its indicator.
    pub const INDICATOR_RULE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#indicatorRule");

    /// Indicator rule: the keywords are in the figure's measure label.
    pub const INDICATOR_BY_MEASURE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#IndicatorByMeasure");

    /// Indicator rule: a bare measure, the keywords in its clause.
    pub const INDICATOR_BY_CLAUSE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#IndicatorByClause");

    /// Indicator rule: a bare measure, the keywords in the previous clause.
    pub const INDICATOR_BY_PREVIOUS_CLAUSE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#IndicatorByPreviousClause");

    /// Indicator rule: a bare measure, the keywords in the previous figure's measure.
    pub const INDICATOR_BY_PREVIOUS_MEASURE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#IndicatorByPreviousMeasure");

    /// A named thing (class).
    pub const ENTITY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Entity");

    /// A service brand (class).
    pub const BRAND: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Brand");

    /// A program, campaign or project (class).
    pub const PROGRAM: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Program");

    /// An organisation or public body (class).
    pub const INSTITUTION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Institution");

    /// A named person (class).
    pub const PERSON: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Person");

    /// A division, zone or site (class).
    pub const PLACE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Place");

    /// A policy document (class).
    pub const POLICY_DOCUMENT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#PolicyDocument");

    /// An award or honour (class).
    pub const AWARD: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Award");

    /// A ranking claim (class).
    pub const RANKING: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Ranking");

    /// A group of people a policy targets (class).
    pub const TARGET_GROUP: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#TargetGroup");

    /// A policy domain concept (class).
    pub const DOMAIN_CLASS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Domain");

    /// An indicator concept (class).
    pub const INDICATOR_CLASS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Indicator");

    /// A qualifier concept (class).
    pub const QUALIFIER_CLASS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Qualifier");

    /// An aspect concept (class).
    pub const ASPECT_CLASS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Aspect");

    /// A report's full text.
    pub const TEXT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#text");

    /// Name of a source or lexicon file.
    pub const FILE_NAME: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#fileName");

    /// A report's filing category (组配分类).
    pub const CATEGORY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#category");

    /// A report's document number (发文字号).
    pub const DOCUMENT_NUMBER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#documentNumber");

    /// Position of a text unit in its parent.
    pub const NUMBER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#number");

    /// Position of a sentence in the whole report.
    pub const INDEX: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#index");

    /// Heading of a section or topic.
    pub const HEADING: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#heading");

    /// Entity → one of its mentions.
    pub const MENTION_PROP: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#mention");

    /// Mention → the sentence it lies in.
    pub const IN_SENTENCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#inSentence");

    /// A figure's quantity as written.
    pub const RAW_TEXT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#rawText");

    /// A person's post.
    pub const ROLE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#role");

    /// An official code of an entity.
    pub const CODE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#code");

    /// Entity → place where it is or operates.
    pub const PLACE_PROP: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#place");

    /// Entity → institution that runs it.
    pub const OPERATOR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#operator");

    /// Entity → target group it serves.
    pub const TARGET_GROUP_PROP: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#targetGroup");

    /// Policy document → issuing institution.
    pub const ISSUER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#issuer");

    /// Award ↔ giver or recipient.
    pub const AWARD_PROP: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#award");

    /// Ranking → what it ranks.
    pub const RANKS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#ranks");

    /// Entity → larger entity it belongs to.
    pub const PART_OF: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#partOf");

    /// Section, figure, indicator or entity → policy domain.
    pub const DOMAIN: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#domain");

    /// Reference year (xsd:gYear).
    pub const REF_PERIOD: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#refPeriod");

    /// Figure → reference area.
    pub const REF_AREA: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#refArea");

    /// Unit → its code in the genre tables (`CNY`, `PERCENTAGE-POINT`).
    pub const UNIT_CODE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#unitCode");

    /// An event (a meeting, forum, fair, contest).
    pub const EVENT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Event");

    /// Figure → its role when it is a scale label or a threshold.
    pub const FIGURE_ROLE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#figureRole");

    /// Figure role: a scale label.
    pub const SCALE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#scale");

    /// Figure role: a threshold.
    pub const THRESHOLD: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#threshold");

    /// Report → the genre it was read as.
    pub const GENRE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#genre");

    /// A genre of report (a concept of the genre scheme).
    pub const GENRE_CLASS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#Genre");

    /// Figure → indicator.
    pub const INDICATOR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#indicator");

    /// A figure's exact value (xsd:decimal).
    pub const VALUE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#value");

    /// Figure or indicator → unit.
    pub const UNIT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#unit");

    /// Figure → qualifier concept.
    pub const QUALIFIER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#qualifier");

    /// Figure → aspect concept.
    pub const ASPECT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#aspect");

    /// What a figure measures, in the report's words.
    pub const MEASURE_LABEL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#measureLabel");

    /// The counter word as written.
    pub const CLASSIFIER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#classifier");

    /// The member of a 分别 distribution.
    pub const MEMBER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#member");

    /// Figure → entity it is about.
    pub const SUBJECT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#subject");

    /// Figure → section it is stated in.
    pub const SECTION_PROP: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#section");

    /// Figure → clause it is stated in.
    pub const CLAUSE_PROP: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#clause");

    /// Qualifier: the value or more.
    pub const AT_LEAST: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#atLeast");

    /// Qualifier: somewhat more than the value.
    pub const OVER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#over");

    /// Qualifier: about the value.
    pub const APPROX: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#approx");

    /// Qualifier: slightly less than the value.
    pub const NEARLY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#nearly");

    /// Qualifier: less than the value.
    pub const UNDER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#under");

    /// Qualifier: the value or less.
    pub const AT_MOST: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#atMost");

    /// Aspect: a level.
    pub const STOCK: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#stock");

    /// Aspect: an amount over the period.
    pub const FLOW: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#flow");

    /// Aspect: a change.
    pub const CHANGE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/civkg/ontology#change");
}

pub mod qudt {
    //! QUDT: units and their symbols and conversions.
    use oxigraph::model::NamedNodeRef;

    /// A unit of measure.
    pub const UNIT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://qudt.org/schema/qudt/Unit");
    /// A unit's symbol.
    pub const SYMBOL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://qudt.org/schema/qudt/symbol");
    /// The multiplier to the unit's SI unit.
    pub const CONVERSION_MULTIPLIER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://qudt.org/schema/qudt/conversionMultiplier");
}

pub mod dcterms {
    //! [DCMI Metadata Terms](https://www.dublincore.org/specifications/dublin-core/dcmi-terms/).
    use oxigraph::model::NamedNodeRef;

    /// A name given to the resource.
    pub const TITLE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/title");

    /// An identifier of the resource.
    pub const IDENTIFIER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/identifier");

    /// Date of formal issuance.
    pub const ISSUED: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/issued");

    /// Date of creation.
    pub const CREATED: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/created");

    /// An entity responsible for making the resource available.
    pub const PUBLISHER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/publisher");

    /// Spatial characteristics of the resource.
    pub const SPATIAL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/spatial");

    /// A related resource in which the described resource is included.
    pub const IS_PART_OF: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/isPartOf");

    /// A related resource included in the described resource.
    pub const HAS_PART: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/hasPart");

    /// A related resource from which the described resource is derived.
    pub const SOURCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/source");

    /// An account of the resource.
    pub const DESCRIPTION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/description");
}

pub mod foaf {
    //! [FOAF](http://xmlns.com/foaf/spec/).
    use oxigraph::model::NamedNodeRef;

    /// A document (class).
    pub const DOCUMENT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://xmlns.com/foaf/0.1/Document");
}

pub mod prov {
    //! [PROV-O](https://www.w3.org/TR/prov-o/).
    use oxigraph::model::NamedNodeRef;

    /// A thing with provenance (class).
    pub const ENTITY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#Entity");

    /// Derivation from another entity.
    pub const WAS_DERIVED_FROM: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasDerivedFrom");
}

pub mod org {
    //! [W3C Organization Ontology](https://www.w3.org/TR/vocab-org/).
    use oxigraph::model::NamedNodeRef;

    /// Person → organisation they are a member of.
    pub const MEMBER_OF: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/org#memberOf");
}

pub mod skos {
    //! [SKOS](https://www.w3.org/TR/skos-reference/).
    use oxigraph::model::NamedNodeRef;

    /// A concept (class).
    pub const CONCEPT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#Concept");

    /// A concept scheme (class).
    pub const CONCEPT_SCHEME: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#ConceptScheme");

    /// The preferred label, one per language.
    pub const PREF_LABEL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#prefLabel");

    /// An alternative label.
    pub const ALT_LABEL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#altLabel");

    /// A label for matching, not for display.
    pub const HIDDEN_LABEL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#hiddenLabel");

    /// A code naming a concept in its scheme.
    pub const NOTATION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#notation");

    /// Concept → scheme.
    pub const IN_SCHEME: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#inScheme");

    /// Concept → scheme it tops.
    pub const TOP_CONCEPT_OF: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#topConceptOf");

    /// Scheme → top concept.
    pub const HAS_TOP_CONCEPT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#hasTopConcept");

    /// Concept → broader concept.
    pub const BROADER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#broader");

    /// A definition.
    pub const DEFINITION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#definition");
}

pub mod owl {
    //! [OWL 2](https://www.w3.org/TR/owl2-rdf-based-semantics/).
    use oxigraph::model::NamedNodeRef;

    /// The same individual.
    pub const SAME_AS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#sameAs");

    /// A version annotation.
    pub const VERSION_INFO: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#versionInfo");
}

pub mod qb {
    //! [RDF Data Cube](https://www.w3.org/TR/vocab-data-cube/).
    use oxigraph::model::NamedNodeRef;

    /// A collection of observations (class).
    pub const DATA_SET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/linked-data/cube#DataSet");

    /// Observation → its data set.
    pub const DATA_SET_PROP: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/linked-data/cube#dataSet");

    /// Data set → its structure definition.
    pub const STRUCTURE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/linked-data/cube#structure");

    /// A single observation (class).
    pub const OBSERVATION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/linked-data/cube#Observation");

    /// A subset of a data set with some dimensions fixed (class).
    pub const SLICE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/linked-data/cube#Slice");

    /// Data set → one of its slices.
    pub const SLICE_PROP: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/linked-data/cube#slice");

    /// Slice → the slice key naming its fixed dimensions.
    pub const SLICE_STRUCTURE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/linked-data/cube#sliceStructure");

    /// Slice → one of its observations.
    pub const OBSERVATION_PROP: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/linked-data/cube#observation");
}

pub mod oa {
    //! [Web Annotation](https://www.w3.org/TR/annotation-vocab/): text positions.
    use oxigraph::model::NamedNodeRef;

    /// Start of a selection, in code points.
    pub const START: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#start");

    /// End of a selection (exclusive), in code points.
    pub const END: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#end");

    /// The selected text.
    pub const EXACT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#exact");
}
