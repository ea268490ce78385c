//! Entities: brands, programs, institutions, people, places, policy
//! documents, awards, rankings, target groups and domains.

use crate::lexicon::Lexicon;
use crate::report::Report;

use super::Entity;

/// Finds every entity in the report, sorted by kind then label.
pub fn find(report: &Report, lexicon: &Lexicon) -> Vec<Entity> {
    let _ = (report, lexicon);
    Vec::new()
}
