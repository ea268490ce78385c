//! Named preset queries: the `queries/*.rq` files, embedded at build time.
//!
//! Each file starts with a comment header:
//!
//! ```text
//! # title: 各领域资金 | Money by policy domain
//! # question: 每个政策领域和项目发放了多少资金？ | How much money went to each domain and program?
//! # param: group string 老年人
//! ```
//!
//! `title` and `question` give the Chinese and English text separated by
//! ` | `; each `param` line gives a variable name (without `?`), a type
//! (`string`, `integer`, `decimal`, `iri`) and a default value (the empty
//! string when omitted). Parameters are
//! bound as typed RDF terms by variable substitution (SEP-0007), never spliced
//! into the query text; [`Preset::text_with`] writes them in as SPARQL terms
//! for a store that takes only text.
//!
//! Every pattern names its graph (`GRAPH ?g { … }`), as the dumps keep each
//! report, the lexicon and the cube in their own named graph: a preset
//! answers the same on civkg (whose default graph is the union), on a store
//! whose default graph is empty (`oxigraph serve-read-only` without
//! `--union-default-graph`) and on Virtuoso. Nothing engine-specific: no
//! REGEX over Chinese, no `CONTAINS(?x, "")` standing for "no filter".

use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, NamedNode, Term, Variable};
use serde::Serialize;

/// Errors about presets and their parameters.
#[derive(Debug, thiserror::Error)]
pub enum PresetError {
    /// A header line is missing or malformed.
    #[error("queries/{file}:{line}: {message}")]
    Header {
        /// The file name.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// No preset has this id.
    #[error("no preset named `{0}` (see `civkg query --list`)")]
    Unknown(String),
    /// A parameter was given that the preset does not declare.
    #[error("preset `{preset}` has no parameter `{name}` (it has: {known})")]
    UnknownParameter {
        /// The preset.
        preset: String,
        /// The parameter given.
        name: String,
        /// The declared ones.
        known: String,
    },
    /// A parameter value does not fit its type.
    #[error("parameter `{name}`: `{value}` is not a valid {kind}")]
    BadValue {
        /// The parameter.
        name: String,
        /// The value given.
        value: String,
        /// Its declared type.
        kind: String,
    },
}

/// The type of a preset parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamType {
    /// A plain string literal (xsd:string).
    String,
    /// An xsd:integer.
    Integer,
    /// An xsd:decimal.
    Decimal,
    /// An IRI.
    Iri,
}

impl ParamType {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "string" => Some(Self::String),
            "integer" => Some(Self::Integer),
            "decimal" => Some(Self::Decimal),
            "iri" => Some(Self::Iri),
            _ => None,
        }
    }

    /// The type's name as written in headers.
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Decimal => "decimal",
            Self::Iri => "iri",
        }
    }
}

/// A declared parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Param {
    /// Variable name without `?`.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: ParamType,
    /// Its default value (lexical form).
    pub default: String,
}

impl Param {
    /// Converts a lexical value to a term of this parameter's type.
    pub fn term(&self, value: &str) -> Result<Term, PresetError> {
        let bad = || PresetError::BadValue {
            name: self.name.clone(),
            value: value.to_owned(),
            kind: self.kind.name().to_owned(),
        };
        Ok(match self.kind {
            ParamType::String => Literal::new_simple_literal(value).into(),
            ParamType::Integer => {
                value.parse::<i64>().map_err(|_| bad())?;
                Literal::new_typed_literal(value, xsd::INTEGER).into()
            }
            ParamType::Decimal => {
                value.parse::<rust_decimal::Decimal>().map_err(|_| bad())?;
                Literal::new_typed_literal(value, xsd::DECIMAL).into()
            }
            ParamType::Iri => NamedNode::new(value).map_err(|_| bad())?.into(),
        })
    }
}

/// A preset query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preset {
    /// Identifier: the file name without `.rq`.
    pub id: String,
    /// Chinese title.
    pub title_zh: String,
    /// English title.
    pub title_en: String,
    /// Chinese question.
    pub question_zh: String,
    /// English question.
    pub question_en: String,
    /// Declared parameters.
    pub params: Vec<Param>,
    /// The query text (header included: it is made of comments).
    pub query: String,
}

impl Preset {
    /// Parses a preset file's text.
    pub fn parse(file: &str, text: &str) -> Result<Self, PresetError> {
        let err = |line: usize, message: String| PresetError::Header {
            file: file.to_owned(),
            line,
            message,
        };
        let mut title = None;
        let mut question = None;
        let mut params = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let Some(comment) = line.trim_start().strip_prefix('#') else {
                if line.trim().is_empty() {
                    continue;
                }
                break;
            };
            let Some((key, value)) = comment.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim() {
                "title" => title = Some((n + 1, value.to_owned())),
                "question" => question = Some((n + 1, value.to_owned())),
                "param" => {
                    let mut parts = value.splitn(3, char::is_whitespace);
                    let (Some(name), Some(kind)) = (parts.next(), parts.next()) else {
                        return Err(err(n + 1, "expected `# param: NAME TYPE [DEFAULT]`".into()));
                    };
                    // No default: the empty string (for `string` parameters
                    // used as filters, it matches everything).
                    let default = parts.next().unwrap_or("");
                    let kind = ParamType::parse(kind).ok_or_else(|| {
                        err(
                            n + 1,
                            format!("unknown type `{kind}` (string, integer, decimal, iri)"),
                        )
                    })?;
                    let p = Param {
                        name: name.trim_start_matches('?').to_owned(),
                        kind,
                        default: default.trim().to_owned(),
                    };
                    p.term(&p.default).map_err(|e| err(n + 1, e.to_string()))?;
                    params.push(p);
                }
                _ => {}
            }
        }
        let split = |field: &str, v: Option<(usize, String)>| {
            let (line, v) = v.ok_or_else(|| err(1, format!("missing `# {field}:` line")))?;
            match v.split_once(" | ") {
                Some((zh, en)) if !zh.trim().is_empty() && !en.trim().is_empty() => {
                    Ok((zh.trim().to_owned(), en.trim().to_owned()))
                }
                _ => Err(err(line, format!("`# {field}:` needs `中文 | English`"))),
            }
        };
        let (title_zh, title_en) = split("title", title)?;
        let (question_zh, question_en) = split("question", question)?;
        Ok(Self {
            id: file.trim_end_matches(".rq").to_owned(),
            title_zh,
            title_en,
            question_zh,
            question_en,
            params,
            query: text.to_owned(),
        })
    }

    /// The (variable, term) substitutions for the given `name=value`
    /// arguments, defaults filling the rest.
    pub fn bindings<'a>(
        &self,
        args: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Vec<(Variable, Term)>, PresetError> {
        let mut values: Vec<(&Param, String)> =
            self.params.iter().map(|p| (p, p.default.clone())).collect();
        for (name, value) in args {
            let slot = values
                .iter_mut()
                .find(|(p, _)| p.name == name)
                .ok_or_else(|| PresetError::UnknownParameter {
                    preset: self.id.clone(),
                    name: name.to_owned(),
                    known: self
                        .params
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
            slot.1 = value.to_owned();
        }
        values
            .into_iter()
            .map(|(p, v)| Ok((Variable::new_unchecked(p.name.clone()), p.term(&v)?)))
            .collect()
    }
}

impl Preset {
    /// The query text with `bindings` written in, for a store that takes
    /// only text (Virtuoso, `oxigraph serve`, any SPARQL 1.1 endpoint):
    /// each `?name`/`$name` of a bound variable becomes its term, and in the
    /// projection `(term AS ?name)`, so the answer has the same columns as
    /// civkg's. The values are terms of their declared type, written in
    /// SPARQL syntax (quoted and escaped), never raw text.
    pub fn text_with(&self, bindings: &[(Variable, Term)]) -> String {
        let query = &self.query;
        let projection = projection_span(query);
        let mut out = String::with_capacity(query.len());
        let mut rest = 0;
        let bytes = query.as_bytes();
        let mut i = 0;
        let mut in_comment = false;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'\n' {
                in_comment = false;
            } else if b == b'#' && !in_comment && !in_string(query, i) {
                in_comment = true;
            }
            if !in_comment && (b == b'?' || b == b'$') {
                let start = i + 1;
                let end = start
                    + query[start..]
                        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .unwrap_or(query.len() - start);
                let name = &query[start..end];
                if let Some((_, term)) = bindings.iter().find(|(v, _)| v.as_str() == name) {
                    out.push_str(&query[rest..i]);
                    if in_modifier(query, i) {
                        // A constant groups and orders nothing, and a bare
                        // term is not a GROUP BY / ORDER BY condition.
                    } else if projection.as_ref().is_some_and(|r| r.contains(&i)) {
                        out.push_str(&format!("({term} AS ?{name})"));
                    } else {
                        out.push_str(&term.to_string());
                    }
                    rest = end;
                }
                i = end.max(i + 1);
                continue;
            }
            i += 1;
        }
        out.push_str(&query[rest..]);
        out
    }
}

/// Byte range of the outermost projection: from the first `SELECT` keyword
/// outside comments to the `WHERE` or `{` that follows.
fn projection_span(query: &str) -> Option<std::ops::Range<usize>> {
    let code: String = query
        .lines()
        .map(|l| {
            if l.trim_start().starts_with('#') {
                " ".repeat(l.len())
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let upper = code.to_ascii_uppercase();
    let start = upper.find("SELECT")?;
    let end = [upper[start..].find("WHERE"), upper[start..].find('{')]
        .into_iter()
        .flatten()
        .min()?;
    Some(start..start + end)
}

/// Whether byte `at` of `query` follows `GROUP BY` or `ORDER BY` on its line.
fn in_modifier(query: &str, at: usize) -> bool {
    let line_start = query[..at].rfind('\n').map_or(0, |n| n + 1);
    let before = query[line_start..at].to_ascii_uppercase();
    before.contains("GROUP BY") || before.contains("ORDER BY")
}

/// Whether byte `at` of `query` is inside a string literal of its line.
fn in_string(query: &str, at: usize) -> bool {
    let line_start = query[..at].rfind('\n').map_or(0, |n| n + 1);
    let before = &query[line_start..at];
    before.matches('"').count() % 2 == 1
}

/// The embedded `queries/*.rq` files: (file name, text), sorted by name.
pub const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/presets.rs"));

/// Every embedded preset, parsed, in id order.
pub fn all() -> Result<Vec<Preset>, PresetError> {
    FILES.iter().map(|(f, t)| Preset::parse(f, t)).collect()
}

/// The preset with this id.
pub fn get(id: &str) -> Result<Preset, PresetError> {
    FILES
        .iter()
        .find(|(f, _)| f.trim_end_matches(".rq") == id)
        .map(|(f, t)| Preset::parse(f, t))
        .unwrap_or_else(|| Err(PresetError::Unknown(id.to_owned())))
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: &str = "# title: 标题 | Title\n# question: 问题？ | Question?\n# param: group string 老年人\n# param: n integer 3\nSELECT * WHERE { ?s ?p ?group } LIMIT 1\n";

    #[test]
    fn header_is_parsed_and_parameters_are_typed() {
        let p = Preset::parse("x.rq", Q).unwrap();
        assert_eq!(
            (p.id.as_str(), p.title_en.as_str(), p.question_zh.as_str()),
            ("x", "Title", "问题？")
        );
        let b = p.bindings([("n", "7")]).unwrap();
        assert_eq!(b[0].1.to_string(), "\"老年人\"");
        assert_eq!(
            b[1].1.to_string(),
            "\"7\"^^<http://www.w3.org/2001/XMLSchema#integer>"
        );
        assert!(matches!(
            p.bindings([("n", "seven")]),
            Err(PresetError::BadValue { .. })
        ));
        assert!(matches!(
            p.bindings([("zz", "1")]),
            Err(PresetError::UnknownParameter { .. })
        ));
    }

    #[test]
    fn bindings_written_into_the_text_keep_the_columns() {
        let p = Preset::parse(
            "t.rq",
            "# title: t | t\n# question: q | q\n# param: text string 养老\n# a ?text in a comment\nSELECT ?text ?textual WHERE { ?x ?p ?textual FILTER(CONTAINS(?textual, $text)) }\nGROUP BY ?text ?textual ORDER BY ?text ?textual\n",
        )
        .unwrap();
        let b = p.bindings([("text", "a\"b")]).unwrap();
        let text = p.text_with(&b);
        assert!(text.contains("# a ?text in a comment"), "{text}");
        assert!(
            text.contains("SELECT (\"a\\\"b\" AS ?text) ?textual WHERE"),
            "{text}"
        );
        assert!(text.contains("CONTAINS(?textual, \"a\\\"b\")"), "{text}");
        assert!(
            text.contains("GROUP BY  ?textual ORDER BY  ?textual\n"),
            "{text}"
        );
        let _parsed = oxigraph::sparql::SparqlEvaluator::new()
            .parse_query(&text)
            .unwrap();
    }

    #[test]
    fn missing_english_is_an_error_with_line() {
        let e = Preset::parse("y.rq", "# title: 只有中文\n# question: a | b\nASK {}").unwrap_err();
        assert_eq!(
            e.to_string(),
            "queries/y.rq:1: `# title:` needs `中文 | English`"
        );
    }
}
