//! Unified social credit codes (统一社会信用代码, GB 32100-2015) and the
//! organisation codes embedded in them (组织机构代码, GB 11714-1997).
//!
//! A unified social credit code has 18 characters:
//!
//! ```text
//! 1 1 370100 00418876 8 U
//! │ │ │      │        │ └ check character (GB 32100, modulo 31)
//! │ │ │      └────────┴── organisation code with its own check (GB 11714, modulo 11)
//! │ │ └── administrative division of the registering authority (GB/T 2260)
//! │ └── kind of organisation (1 = government body, …)
//! └── registering authority (1 = institutional establishment, 5 = civil affairs, 9 = market regulation, …)
//! ```
//!
//! A government work report's 索引号 header starts with its publisher's code,
//! followed by `/` and the document's own number.

use std::fmt;

/// The 31 characters of GB 32100 (no I, O, S, V, Z), in value order.
const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of the first 17 characters (3^(i) mod 31).
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Weights of the first 8 characters of an organisation code.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Why a string is not a valid unified social credit code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    /// It does not have 18 characters.
    #[error("`{code}` has {len} characters, a unified social credit code has 18")]
    Length {
        /// The offending text.
        code: String,
        /// How many characters it has.
        len: usize,
    },
    /// A character is outside the GB 32100 alphabet.
    #[error(
        "`{code}`: character {position} (`{found}`) is not allowed in a unified social credit code"
    )]
    Character {
        /// The offending code.
        code: String,
        /// 1-based position.
        position: usize,
        /// The character.
        found: char,
    },
    /// Characters 3 to 8 are not a division code.
    #[error("`{code}`: characters 3-8 (`{division}`) are not a division code")]
    Division {
        /// The offending code.
        code: String,
        /// What stands there.
        division: String,
    },
    /// The embedded organisation code's check digit is wrong.
    #[error("`{code}`: the embedded organisation code `{org}` should end in `{expected}`")]
    OrganisationCheck {
        /// The offending code.
        code: String,
        /// Characters 9 to 17.
        org: String,
        /// The check character GB 11714 gives.
        expected: char,
    },
    /// The last character is not the GB 32100 check character.
    #[error("`{code}`: the check character should be `{expected}`, not `{found}`")]
    Check {
        /// The offending code.
        code: String,
        /// The check character GB 32100 gives.
        expected: char,
        /// The one written.
        found: char,
    },
}

/// A validated unified social credit code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Uscc(String);

impl Uscc {
    /// Validates `code` (surrounding white space is ignored, lower case is accepted).
    pub fn parse(code: &str) -> Result<Self, UsccError> {
        let code = code.trim().to_ascii_uppercase();
        let chars: Vec<char> = code.chars().collect();
        if chars.len() != 18 {
            return Err(UsccError::Length {
                len: chars.len(),
                code,
            });
        }
        let mut values = Vec::with_capacity(18);
        for (i, &c) in chars.iter().enumerate() {
            match USCC_ALPHABET.find(c) {
                Some(v) => values.push(v as u32),
                None => {
                    return Err(UsccError::Character {
                        code,
                        position: i + 1,
                        found: c,
                    })
                }
            }
        }
        let division: String = chars[2..8].iter().collect();
        if !division.chars().all(|c| c.is_ascii_digit()) {
            return Err(UsccError::Division { code, division });
        }
        let org: String = chars[8..17].iter().collect();
        let expected_org = organisation_check(&chars[8..16]);
        if expected_org != Some(chars[16]) {
            return Err(UsccError::OrganisationCheck {
                code,
                org,
                expected: expected_org.unwrap_or('?'),
            });
        }
        let expected = uscc_check(&values[..17]);
        if expected != chars[17] {
            return Err(UsccError::Check {
                code,
                expected,
                found: chars[17],
            });
        }
        Ok(Self(code))
    }

    /// The 18 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The GB/T 2260 division code of the registering authority (characters 3-8).
    pub fn division(&self) -> &str {
        &self.0[2..8]
    }

    /// The embedded organisation code, written `XXXXXXXX-C`.
    pub fn organisation_code(&self) -> String {
        format!("{}-{}", &self.0[8..16], &self.0[16..17])
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The GB 32100 check character of 17 character values.
fn uscc_check(values: &[u32]) -> char {
    let sum: u32 = values.iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    USCC_ALPHABET.chars().nth(check as usize).unwrap_or('?')
}

/// The GB 11714 check character of an organisation code's first 8
/// characters (digits and upper-case letters); `None` when one is neither.
fn organisation_check(body: &[char]) -> Option<char> {
    let mut sum = 0;
    for (&c, w) in body.iter().zip(ORG_WEIGHTS) {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            _ => return None,
        };
        sum += v * w;
    }
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        d => char::from_digit(d, 10),
    }
}

/// The code before the `/` of a 索引号 header value (`{18-character code}/{year}-{number}`).
pub fn from_index_number(value: &str) -> &str {
    value.split(['/', '／']).next().unwrap_or("").trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked() {
        let cases: [(&str, &str, Result<(), &str>); 7] = [
            ("a municipal bureau", "11370100004188768U", Ok(())),
            ("lower case", "11370100004188768u", Ok(())),
            ("wrong final check", "11370100004188768A", Err("check")),
            ("wrong organisation check", "11370100004188767U", Err("org")),
            ("too short", "1137010000418876", Err("length")),
            ("forbidden letter", "11370100004188768I", Err("char")),
            (
                "letters in the division",
                "1137A100004188768U",
                Err("division"),
            ),
        ];
        for (name, code, expected) in cases {
            let got = Uscc::parse(code).map(|_| ()).map_err(|e| match e {
                UsccError::Check { .. } => "check",
                UsccError::OrganisationCheck { .. } => "org",
                UsccError::Length { .. } => "length",
                UsccError::Character { .. } => "char",
                UsccError::Division { .. } => "division",
            });
            assert_eq!(got, expected, "{name}");
        }
    }

    #[test]
    fn parts_of_a_code() {
        let c = Uscc::parse("11370100004188768U").unwrap();
        assert_eq!(c.division(), "370100");
        assert_eq!(c.organisation_code(), "00418876-8");
        assert_eq!(
            from_index_number("11370100004188768U/2024-00371"),
            c.as_str()
        );
    }

    #[test]
    fn organisation_check_digits() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(organisation_check(&chars("00418876")), Some('8'));
        // 11 - (sum mod 11) = 10 is written X.
        assert_eq!(organisation_check(&chars("00000006")), Some('X'));
        assert_eq!(organisation_check(&chars("0000000-")), None);
    }
}
