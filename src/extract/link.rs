//! Relations between figures and entities: a figure's subject, what a
//! ranking ranks, a brand's place and operator.

use crate::lexicon::Lexicon;
use crate::report::Report;

use super::{Entity, Figure};

/// Fills [`Figure::subject`] and [`Entity::relations`].
pub fn relate(report: &Report, lexicon: &Lexicon, figures: &mut [Figure], entities: &mut [Entity]) {
    let _ = (report, lexicon, figures, entities);
}
