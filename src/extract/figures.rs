//! Figures: every quantity in the body.

use crate::lexicon::Lexicon;
use crate::report::Report;

use super::Figure;

/// Finds every figure in the report's body, in document order.
pub fn find(report: &Report, lexicon: &Lexicon) -> Vec<Figure> {
    let _ = (report, lexicon);
    Vec::new()
}
