//! The catalogue vocabularies a publication writes (DCAT 3, VoID, SPDX,
//! FOAF, DCTERMS terms the mapping does not use), as documented constants,
//! and the prefixes the dumps declare besides the ontology's own.

pub mod dcat {
    //! [DCAT 3](https://www.w3.org/TR/vocab-dcat-3/).
    use oxigraph::model::NamedNodeRef;

    /// The namespace.
    pub const NS: &str = "http://www.w3.org/ns/dcat#";
    /// A catalogue of datasets and services (class).
    pub const CATALOG: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#Catalog");
    /// A dataset (class).
    pub const DATASET_CLASS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#Dataset");
    /// A downloadable form of a dataset (class).
    pub const DISTRIBUTION_CLASS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#Distribution");
    /// An API giving access to datasets (class).
    pub const DATA_SERVICE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#DataService");
    /// Catalogue → dataset.
    pub const DATASET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#dataset");
    /// Catalogue → data service.
    pub const SERVICE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#service");
    /// Dataset → distribution.
    pub const DISTRIBUTION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#distribution");
    /// Direct download link.
    pub const DOWNLOAD_URL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#downloadURL");
    /// Where the distribution can be accessed.
    pub const ACCESS_URL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#accessURL");
    /// Distribution → service giving access to it.
    pub const ACCESS_SERVICE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#accessService");
    /// IANA media type of a distribution.
    pub const MEDIA_TYPE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#mediaType");
    /// Compression of a distribution's file.
    pub const COMPRESS_FORMAT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#compressFormat");
    /// Size in bytes.
    pub const BYTE_SIZE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#byteSize");
    /// The service's endpoint.
    pub const ENDPOINT_URL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#endpointURL");
    /// Description of the service's endpoint.
    pub const ENDPOINT_DESCRIPTION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#endpointDescription");
    /// Service → dataset it serves.
    pub const SERVES_DATASET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#servesDataset");
    /// A web page about the resource.
    pub const LANDING_PAGE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#landingPage");
    /// A keyword.
    pub const KEYWORD: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#keyword");
    /// Version indicator (the content hash here).
    pub const VERSION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#version");
    /// Start of a period.
    pub const START_DATE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#startDate");
    /// End of a period.
    pub const END_DATE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#endDate");
    /// `dcat:theme`: a category of the dataset (a `skos:Concept`).
    pub const THEME: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#theme");
    /// `dcat:themeTaxonomy`: the scheme the catalogue's themes come from.
    pub const THEME_TAXONOMY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#themeTaxonomy");
    /// DCAT-AP's `dcatap:availability`: how long a distribution stays.
    pub const AVAILABILITY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://data.europa.eu/r5r/availability");
    /// `dcat:contactPoint`: whom to ask (a `vcard:Kind`).
    pub const CONTACT_POINT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#contactPoint");
}

pub mod dcterms {
    //! [DCMI terms](http://purl.org/dc/terms/) the mapping itself does not use.
    use oxigraph::model::NamedNodeRef;

    /// The namespace.
    pub const NS: &str = "http://purl.org/dc/terms/";
    /// Date of last change.
    pub const MODIFIED: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/modified");
    /// Licence document.
    pub const LICENSE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/license");
    /// Temporal coverage.
    pub const TEMPORAL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/temporal");
    /// File format.
    pub const FORMAT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/format");
    /// Language of the resource.
    pub const LANGUAGE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/language");
    /// A standard the resource conforms to.
    pub const CONFORMS_TO: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/conformsTo");
    /// A period of time (class).
    pub const PERIOD_OF_TIME: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/PeriodOfTime");
    /// Licence document (class).
    pub const LICENSE_DOCUMENT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/LicenseDocument");
    /// Media type (class).
    pub const MEDIA_TYPE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/MediaType");
    /// Location (class).
    pub const LOCATION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/Location");
    /// `dcterms:LinguisticSystem`: the class of a `dcterms:language` value.
    pub const LINGUISTIC_SYSTEM: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/LinguisticSystem");
    /// `dcterms:MediaTypeOrExtent`: the class of a `dcterms:format` value.
    pub const MEDIA_TYPE_OR_EXTENT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/MediaTypeOrExtent");
    /// `dcterms:Standard`: the class of a `dcterms:conformsTo` value.
    pub const STANDARD: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/Standard");
}

pub mod foaf {
    //! [FOAF](http://xmlns.com/foaf/spec/) terms for agents and pages.
    use oxigraph::model::NamedNodeRef;

    /// An agent (class).
    pub const AGENT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://xmlns.com/foaf/0.1/Agent");
    /// An agent's name.
    pub const NAME: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://xmlns.com/foaf/0.1/name");
    /// A home page.
    pub const HOMEPAGE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://xmlns.com/foaf/0.1/homepage");
    /// A page about the thing.
    pub const PAGE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://xmlns.com/foaf/0.1/page");
    /// `foaf:Document`: the class of a home or landing page.
    pub const DOCUMENT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://xmlns.com/foaf/0.1/Document");
}

pub mod spdx {
    //! [SPDX 2.3](https://spdx.org/rdf/terms/) checksums.
    use oxigraph::model::NamedNodeRef;

    /// The namespace.
    pub const NS: &str = "http://spdx.org/rdf/terms#";
    /// A checksum (class).
    pub const CHECKSUM_CLASS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://spdx.org/rdf/terms#Checksum");
    /// Resource → checksum.
    pub const CHECKSUM: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://spdx.org/rdf/terms#checksum");
    /// Checksum → algorithm.
    pub const ALGORITHM: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://spdx.org/rdf/terms#algorithm");
    /// The checksum value (hex).
    pub const CHECKSUM_VALUE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://spdx.org/rdf/terms#checksumValue");
    /// SHA-256.
    /// SHA-256, by the IRI DCAT-AP 3's controlled vocabulary uses
    /// (`https://spdx.org/rdf/terms#…`, checked by its mdr-vocabularies shape).
    pub const SHA256: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://spdx.org/rdf/terms#checksumAlgorithm_sha256");
    /// `spdx:ChecksumAlgorithm`: the class of an algorithm.
    pub const CHECKSUM_ALGORITHM: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://spdx.org/rdf/terms#ChecksumAlgorithm");
}

pub mod void {
    //! [VoID](https://www.w3.org/TR/void/).
    use oxigraph::model::NamedNodeRef;

    /// The namespace.
    pub const NS: &str = "http://rdfs.org/ns/void#";
    /// A dataset (class).
    pub const DATASET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#Dataset");
    /// A set of links between two datasets (class).
    pub const LINKSET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#Linkset");
    /// Number of triples.
    pub const TRIPLES: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#triples");
    /// Number of entities (class partitions).
    pub const ENTITIES: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#entities");
    /// Number of distinct classes.
    pub const CLASSES: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#classes");
    /// Number of distinct properties.
    pub const PROPERTIES: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#properties");
    /// Number of distinct subjects.
    pub const DISTINCT_SUBJECTS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#distinctSubjects");
    /// Number of distinct objects.
    pub const DISTINCT_OBJECTS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#distinctObjects");
    /// A subset holding one class's instances.
    pub const CLASS_PARTITION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#classPartition");
    /// A subset holding one property's triples.
    pub const PROPERTY_PARTITION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#propertyPartition");
    /// The class of a class partition.
    pub const CLASS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#class");
    /// The property of a property partition.
    pub const PROPERTY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#property");
    /// A representative resource.
    pub const EXAMPLE_RESOURCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#exampleResource");
    /// The SPARQL endpoint.
    pub const SPARQL_ENDPOINT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#sparqlEndpoint");
    /// A dump of the dataset.
    pub const DATA_DUMP: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#dataDump");
    /// Prefix of the dataset's entity IRIs.
    pub const URI_SPACE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#uriSpace");
    /// A vocabulary the dataset uses.
    pub const VOCABULARY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#vocabulary");
    /// A part of the dataset.
    pub const SUBSET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#subset");
    /// Linkset → dataset of its subjects.
    pub const SUBJECTS_TARGET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#subjectsTarget");
    /// Linkset → dataset of its objects.
    pub const OBJECTS_TARGET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#objectsTarget");
    /// Linkset → its link predicate.
    pub const LINK_PREDICATE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#linkPredicate");
    /// Root resource of the dataset.
    pub const ROOT_RESOURCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#rootResource");
}

pub mod sd {
    //! [SPARQL 1.1 Service Description](https://www.w3.org/TR/sparql11-service-description/).
    use oxigraph::model::NamedNodeRef;

    /// A named graph (class).
    pub const NAMED_GRAPH: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/sparql-service-description#NamedGraph");
    /// A named graph's name.
    pub const NAME: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/sparql-service-description#name");
}

pub mod vcard {
    //! [vCard in RDF](https://www.w3.org/TR/vcard-rdf/) for contact points.
    use oxigraph::model::NamedNodeRef;

    /// The namespace.
    pub const NS: &str = "http://www.w3.org/2006/vcard/ns#";
    /// `vcard:Kind`: the class DCAT-AP requires of a contact point.
    pub const KIND: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2006/vcard/ns#Kind");
    /// `vcard:Organization`, a `vcard:Kind`.
    pub const ORGANIZATION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2006/vcard/ns#Organization");
    /// `vcard:fn`: the formatted name.
    pub const FN: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2006/vcard/ns#fn");
    /// `vcard:hasEmail`: a `mailto:` IRI.
    pub const HAS_EMAIL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2006/vcard/ns#hasEmail");
    /// `vcard:hasURL`: a web page to reach it.
    pub const HAS_URL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2006/vcard/ns#hasURL");
}

/// Prefixes declared in the catalogue and added to those of the ontology in
/// the dumps.
pub const PREFIXES: &[(&str, &str)] = &[
    ("dcat", dcat::NS),
    ("dcterms", dcterms::NS),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("spdx", spdx::NS),
    ("void", void::NS),
    ("vcard", vcard::NS),
    ("dcatap", "http://data.europa.eu/r5r/"),
    ("sd", "http://www.w3.org/ns/sparql-service-description#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
];

/// The IANA media-type IRI DCAT-AP expects for `media_type`.
pub fn iana_media_type(media_type: &str) -> String {
    let essence = media_type.split(';').next().unwrap_or(media_type).trim();
    format!("https://www.iana.org/assignments/media-types/{essence}")
}

/// The media type of gzip files.
pub const GZIP_MEDIA_TYPE: &str = "application/gzip";

/// The IRI of the SPARQL 1.1 protocol, which the data service conforms to.
pub const SPARQL_PROTOCOL: &str = "https://www.w3.org/TR/sparql11-protocol/";

/// The EU language authority's IRI for Chinese, for `dcterms:language`.
pub const LANGUAGE_ZH: &str = "http://publications.europa.eu/resource/authority/language/ZHO";

/// English in the EU language authority table (labels and titles are in
/// both languages).
pub const LANGUAGE_EN: &str = "http://publications.europa.eu/resource/authority/language/ENG";

/// The EU planned-availability table (`dcatap:availability`).
pub const AVAILABILITY: &str =
    "http://publications.europa.eu/resource/authority/planned-availability";

/// The EU data-theme authority table (DCAT-AP's `dcat:themeTaxonomy`).
pub const DATA_THEMES: &str = "http://publications.europa.eu/resource/authority/data-theme";

/// Labels of a term of an EU authority table.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct TermLabels {
    /// English, as the EU table gives it.
    pub en: String,
    /// Chinese.
    pub zh: String,
}

#[derive(Debug, serde::Deserialize)]
struct EuTables {
    availability: std::collections::BTreeMap<String, TermLabels>,
    themes: std::collections::BTreeMap<String, TermLabels>,
}

fn eu_tables() -> Result<EuTables, super::PublishError> {
    const TABLES: &str = include_str!("../../data/reference/eu-vocabularies.toml");
    toml::from_str(TABLES).map_err(|e| super::PublishError::ThemeTable(e.to_string()))
}

/// The labels of the planned-availability term `code`.
pub fn availability(code: &str) -> Result<TermLabels, super::PublishError> {
    eu_tables()?
        .availability
        .remove(code)
        .ok_or_else(|| super::PublishError::ThemeTable(format!("no availability `{code}`")))
}

/// The labels of the data theme `code` from `data/reference/eu-vocabularies.toml`.
pub fn data_theme(code: &str) -> Result<TermLabels, super::PublishError> {
    let table = eu_tables()?;
    table
        .themes
        .get(code)
        .cloned()
        .ok_or_else(|| super::PublishError::Theme {
            code: code.to_owned(),
            known: table.themes.keys().cloned().collect::<Vec<_>>().join(", "),
        })
}

/// The EU file-type authority table.
pub const FILE_TYPES: &str = "http://publications.europa.eu/resource/authority/file-type";

/// The EU file-type authority IRI of a media type (DCAT-AP's `dcterms:format`),
/// beside the IANA media type in `dcat:mediaType`.
pub fn eu_file_type(media_type: &str) -> Option<String> {
    let essence = media_type.split(';').next().unwrap_or(media_type).trim();
    let code = match essence {
        "text/turtle" => "RDF_TURTLE",
        "application/n-triples" => "RDF_N_TRIPLES",
        "application/n-quads" => "RDF_N_QUADS",
        "application/trig" => "RDF_TRIG",
        "application/rdf+xml" => "RDF_XML",
        "application/ld+json" => "JSON_LD",
        "text/html" => "HTML",
        "text/plain" => "TXT",
        "text/csv" => "CSV",
        "application/gzip" => "GZIP",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "XLSX",
        _ => return None,
    };
    Some(format!("{FILE_TYPES}/{code}"))
}
