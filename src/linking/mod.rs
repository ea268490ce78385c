//! Linking to national and global datasets.
//!
//! * [`divisions`]: GB/T 2260 division codes with their validity, from
//!   `data/reference/*.csv`;
//! * [`uscc`]: unified social credit codes (GB 32100) and the organisation
//!   codes inside them (GB 11714), with their check characters;
//! * [`codes`]: what a report's graph gains from them: each place's code for
//!   the report's year (or its typing as a functional zone), the
//!   publisher's identifiers; unresolved places and invalid codes are
//!   reported, never guessed;
//! * [`discover`] and [`target`]: `civkg link`, which matches the store's
//!   places and institutions against an RDF file or a SPARQL endpoint (by
//!   code, then by normalised label, see [`normalize`]) and writes a VoID
//!   linkset into `{base}graph/links`, never into a report graph.
//!
//! This module sits above `graph` and `store` and below the CLI.

pub mod codes;
pub mod discover;
pub mod divisions;
mod error;
pub mod normalize;
pub mod target;
pub mod uscc;
pub mod vocab;

pub use codes::{report_codes, Codes, PlaceCode, Resolution};
pub use discover::{link, Candidate, LinkReport, DEFAULT_THRESHOLD, SAME_AS_SCORE};
pub use divisions::{Date, Division, Reference, ReferenceIssue};
pub use error::LinkError;
pub use target::{EndpointOptions, Target, TargetSpec};
