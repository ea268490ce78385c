//! Arabic and Chinese numerals with magnitudes, as exact decimals.
