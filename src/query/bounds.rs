//! A bound on how deeply a SPARQL text nests, checked before it is parsed.
//!
//! The SPARQL parser and the query planner recurse once per nesting level
//! (a group `{ }`, a bracketed expression or path `( )`, a blank-node
//! property list or collection `[ ]`, a unary `!`/`+`/`-`), so a few
//! kilobytes of braces exhaust any thread's stack and abort the process.
//! [`check`] measures the nesting with a scan that knows SPARQL's strings
//! and comments, and refuses a text deeper than a limit before anything
//! recursive sees it.
//!
//! The scan errs on the side of counting: brackets inside something that
//! may be an IRI (`<…>`, which is also the less-than operator) still
//! count, so no text the parser reads as deeper can pass as shallower.
//! It runs in one pass, linear in the text.
//!
//! [`check_json`] does the same for JSON (a JSON-LD body written through
//! the Graph Store Protocol): oxigraph's JSON-LD parser also recurses per
//! level, and its time grows with the square of the depth.

/// The deepest nesting a query may have unless configured otherwise: far
/// above any query a person writes (the presets nest at most 8 levels),
/// far below the depth that exhausts a 2 MiB thread stack.
pub const MAX_DEPTH: usize = 128;

/// The most triple patterns and groups a query may hold: the planner
/// (sparopt's type inference and join ordering) grows with about the cube
/// of a join chain's length before evaluation starts, where no time limit
/// reaches it (128 patterns: 0.15 s; 256: 1.1 s; 1,000: about a minute).
/// The presets hold at most 48 (their GRAPH blocks count as groups).
pub const MAX_PATTERNS: usize = 128;

/// A query holds more triple patterns and groups than allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the query holds more than {limit} triple patterns and groups (counted at line {line}, column {column}, byte {offset}): \
     split it into several queries, or list alternatives in VALUES"
)]
pub struct TooLarge {
    /// The limit.
    pub limit: usize,
    /// Byte offset of the separator or group that went past it.
    pub offset: usize,
    /// Its line, from 1.
    pub line: usize,
    /// Its column in characters, from 1.
    pub column: usize,
}

/// Why a query text is refused before it is parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Exceeded {
    /// It nests too deeply.
    #[error(transparent)]
    Depth(#[from] TooDeep),
    /// It holds too many patterns.
    #[error(transparent)]
    Patterns(#[from] TooLarge),
}

/// A query nests deeper than allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the text nests more than {limit} levels deep at line {line}, column {column} (byte {offset}): \
     brackets, groups, arrays, objects and unary operators count as one level each"
)]
pub struct TooDeep {
    /// The limit.
    pub limit: usize,
    /// Byte offset of the bracket or operator that went past it.
    pub offset: usize,
    /// Its line, from 1.
    pub line: usize,
    /// Its column in characters, from 1.
    pub column: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Normal,
    /// Inside a string opened by this quote, long (`"""`) or not.
    Str {
        quote: u8,
        long: bool,
    },
    /// From `#` to the end of the line.
    Comment,
    /// Inside `<…>` that may be an IRI.
    MaybeIri,
}

/// Whether the bytes after a `<` at `at` could be an IRIREF: no character
/// an IRI excludes before the next `>`.
fn iri_ahead(text: &[u8], at: usize) -> bool {
    for &b in &text[at + 1..] {
        match b {
            b'>' => return true,
            b'<' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`' | b'\\' => return false,
            b if b <= b' ' => return false,
            _ => {}
        }
    }
    false
}

/// Checks that `text` nests at most `limit` levels deep.
///
/// Counts open brackets `{ ( [` not yet closed, plus the length of the
/// current run of unary operators `! + -`. Unbalanced text is left for the
/// parser to reject.
pub fn check(text: &str, limit: usize) -> Result<(), TooDeep> {
    match scan(text, limit, usize::MAX) {
        Ok(()) => Ok(()),
        Err(Exceeded::Depth(e)) => Err(e),
        // No pattern limit was set.
        Err(Exceeded::Patterns(_)) => Ok(()),
    }
}

/// Checks a query: at most [`MAX_DEPTH`] levels deep and at most
/// [`MAX_PATTERNS`] triple patterns and groups. A pattern is counted at
/// each group `{` and at each `.`, `;` or `,` that separates patterns (a
/// comma between function arguments counts too: the count errs upwards).
pub fn check_query(text: &str) -> Result<(), Exceeded> {
    scan(text, MAX_DEPTH, MAX_PATTERNS)
}

fn scan(text: &str, limit: usize, pattern_limit: usize) -> Result<(), Exceeded> {
    let bytes = text.as_bytes();
    let mut mode = Mode::Normal;
    let mut depth = 0usize;
    let mut unary = 0usize;
    let mut patterns = 0usize;
    let mut i = 0;
    let position = |offset: usize| crate::report::line_column(&text[..offset]);
    let too_deep = |offset: usize| {
        let (line, column) = position(offset);
        Exceeded::Depth(TooDeep {
            limit,
            offset,
            line,
            column,
        })
    };
    let mut count = |offset: usize| {
        patterns += 1;
        if patterns > pattern_limit {
            let (line, column) = position(offset);
            return Err(Exceeded::Patterns(TooLarge {
                limit: pattern_limit,
                offset,
                line,
                column,
            }));
        }
        Ok(())
    };
    while i < bytes.len() {
        let b = bytes[i];
        match mode {
            Mode::Str { quote, long } => {
                if b == b'\\' {
                    i += 2;
                    continue;
                }
                if b == quote {
                    if !long {
                        mode = Mode::Normal;
                    } else if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                        mode = Mode::Normal;
                        i += 3;
                        continue;
                    }
                } else if !long && (b == b'\n' || b == b'\r') {
                    // A short string cannot span lines: the parser stops here.
                    mode = Mode::Normal;
                }
            }
            Mode::Comment => {
                if b == b'\n' || b == b'\r' {
                    mode = Mode::Normal;
                }
            }
            Mode::Normal | Mode::MaybeIri => {
                let in_iri = mode == Mode::MaybeIri;
                match b {
                    b'{' | b'(' | b'[' => {
                        depth += 1;
                        if depth + unary > limit {
                            return Err(too_deep(i));
                        }
                        if b == b'{' && !in_iri {
                            count(i)?;
                        }
                        unary = 0;
                    }
                    b'}' | b')' | b']' => {
                        depth = depth.saturating_sub(1);
                        unary = 0;
                    }
                    b'!' | b'+' | b'-' => {
                        unary += 1;
                        if depth + unary > limit {
                            return Err(too_deep(i));
                        }
                    }
                    b if b.is_ascii_whitespace() => {}
                    b';' | b',' if !in_iri => {
                        count(i)?;
                        unary = 0;
                    }
                    // A `.` that ends a pattern, not one inside a decimal
                    // or a prefixed name.
                    b'.' if !in_iri
                        && bytes.get(i + 1).is_none_or(|n| {
                            n.is_ascii_whitespace() || matches!(n, b'}' | b'#')
                        }) =>
                    {
                        count(i)?;
                        unary = 0;
                    }
                    b'>' if in_iri => {
                        mode = Mode::Normal;
                        unary = 0;
                    }
                    b'"' | b'\'' if !in_iri => {
                        let long = bytes.get(i + 1) == Some(&b) && bytes.get(i + 2) == Some(&b);
                        mode = Mode::Str { quote: b, long };
                        unary = 0;
                        i += if long { 3 } else { 1 };
                        continue;
                    }
                    b'#' if !in_iri => mode = Mode::Comment,
                    b'<' if !in_iri && iri_ahead(bytes, i) => {
                        mode = Mode::MaybeIri;
                        unary = 0;
                    }
                    _ => unary = 0,
                }
            }
        }
        i += 1;
    }
    Ok(())
}

/// Checks that the JSON text `bytes` nests at most `limit` arrays and
/// objects deep (strings skipped, escapes honoured). Invalid JSON is left
/// for the parser to reject.
pub fn check_json(bytes: &[u8], limit: usize) -> Result<(), TooDeep> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match (in_string, bytes[i]) {
            (true, b'\\') => i += 1,
            (true, b'"') | (false, b'"') => in_string = !in_string,
            (false, b'{' | b'[') => {
                depth += 1;
                if depth > limit {
                    let (line, column) =
                        crate::report::line_column(&String::from_utf8_lossy(&bytes[..i]));
                    return Err(TooDeep {
                        limit,
                        offset: i,
                        line,
                        column,
                    });
                }
            }
            (false, b'}' | b']') => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
        format!("{}{inner}{}", open.repeat(n), close.repeat(n))
    }

    #[test]
    fn ordinary_queries_pass() {
        for q in [
            "SELECT * WHERE { ?s ?p ?o FILTER(!BOUND(?x) && (?a - -1) > 2) }",
            "ASK { ?s <http://a/b#c> ?o . ?s ex:a-b-c [ ex:p ( 1 2 ( 3 ) ) ] }",
            "SELECT * { { SELECT * { ?s ?p ?o } } UNION { OPTIONAL { ?a ?b ?c } } }",
        ] {
            check(q, MAX_DEPTH).unwrap();
        }
        for p in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/queries")).unwrap() {
            let text = std::fs::read_to_string(p.unwrap().path()).unwrap();
            check(&text, 16).unwrap();
        }
    }

    #[test]
    fn patterns_are_counted_and_bounded() {
        let chain = |n: usize| {
            let body: String = (0..n)
                .map(|i| format!("?x{i} ?p{i} ?x{} . ", i + 1))
                .collect();
            format!("SELECT * WHERE {{ {body}}}")
        };
        // One group and 127 separators pass; one more pattern does not.
        check_query(&chain(MAX_PATTERNS - 1)).unwrap();
        let Err(Exceeded::Patterns(e)) = check_query(&chain(MAX_PATTERNS)) else {
            panic!("a chain of {MAX_PATTERNS} patterns passed");
        };
        assert_eq!((e.line, e.limit), (1, MAX_PATTERNS));
        assert!(
            e.to_string().contains("more than 128 triple patterns"),
            "{e}"
        );
        let optionals = format!(
            "ASK {{ ?s ?p ?o {} }}",
            "OPTIONAL { ?s ?p ?q } ".repeat(200)
        );
        assert!(matches!(
            check_query(&optionals),
            Err(Exceeded::Patterns(_))
        ));
        // Decimals, prefixed names with dots, strings, IRIs and comments are
        // not separators.
        let quiet = format!(
            "SELECT * WHERE {{ ?s ex:a.b 1.5 ; <http://x/a.b,c;d> \"a. b, c;\" }} # {}",
            ". ".repeat(1000)
        );
        check_query(&quiet).unwrap();
        let mut most = 0;
        for p in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/queries")).unwrap() {
            let text = std::fs::read_to_string(p.unwrap().path()).unwrap();
            check_query(&text).unwrap();
            let fits = (1..=MAX_PATTERNS)
                .find(|&n| scan(&text, MAX_DEPTH, n).is_ok())
                .unwrap_or(MAX_PATTERNS);
            most = most.max(fits);
        }
        assert!(
            most <= 48,
            "a preset holds {most} patterns: update MAX_PATTERNS' doc"
        );
    }

    #[test]
    fn every_nesting_construct_counts() {
        let n = MAX_DEPTH + 1;
        for q in [
            format!("ASK {}", nested("{", "?s ?p ?o", "}", n)),
            format!("ASK {{ FILTER{} }}", nested("(", "1", ")", n)),
            format!("ASK {{ FILTER({}true) }}", "!".repeat(n)),
            format!("ASK {{ FILTER({}1) }}", "- ".repeat(n)),
            format!("ASK {}", nested("{ FILTER EXISTS ", "?s ?p ?o", "}", n)),
            format!(
                "ASK {}",
                nested("{ SELECT * WHERE ", "{ ?s ?p ?o }", "}", n)
            ),
            format!("ASK {}", nested("{ OPTIONAL ", "{ ?s ?p ?o }", "}", n)),
            format!("ASK {{ ?s ?p {} }}", nested("[ ?p ", "1", "]", n)),
            format!("ASK {{ ?s {} ?o }}", nested("(", "^?p", ")", n)),
        ] {
            let e = check(&q, MAX_DEPTH).unwrap_err();
            assert_eq!(e.limit, MAX_DEPTH);
            assert_eq!(e.line, 1);
        }
    }

    #[test]
    fn strings_and_comments_do_not_count_but_maybe_iris_do() {
        let deep = "(".repeat(MAX_DEPTH * 2);
        check(&format!("ASK {{ FILTER(?x = \"{deep}\") }}"), MAX_DEPTH).unwrap();
        check(&format!("ASK {{ FILTER(?x = '''{deep}\n''') }}"), MAX_DEPTH).unwrap();
        check(&format!("ASK {{ FILTER(?x = \"\\\"{deep}\") }}"), MAX_DEPTH).unwrap();
        check(&format!("# {deep}\nASK {{}}"), MAX_DEPTH).unwrap();
        // `<` is also less-than: `?a<((((…))))>1` must still count.
        let hidden = format!("ASK {{ FILTER(?a<{deep}?b>1) }}");
        assert!(check(&hidden, MAX_DEPTH).is_err());
        // A `#` inside an IRI does not start a comment that hides the rest.
        let after_iri = format!("ASK {{ <http://a/#x> ?p {deep} }}");
        assert!(check(&after_iri, MAX_DEPTH).is_err());
    }

    #[test]
    fn the_error_says_where() {
        let q = format!("PREFIX ex: <http://e/>\nASK {}", nested("{", "", "}", 10));
        let e = check(&q, 4).unwrap_err();
        assert_eq!((e.line, e.column, e.offset), (2, 9, 31));
        assert!(e.to_string().contains("line 2, column 9"), "{e}");
    }

    #[test]
    fn json_nesting_is_bounded_outside_strings() {
        let deep = nested("{\"a\": [", "1", "]}", MAX_DEPTH);
        let e = check_json(deep.as_bytes(), MAX_DEPTH).unwrap_err();
        let before = &deep.as_bytes()[..e.offset];
        assert_eq!(
            before.iter().filter(|b| matches!(b, b'{' | b'[')).count(),
            MAX_DEPTH
        );
        let in_string = format!("{{\"a\": \"\\\"{}\"}}", "[".repeat(MAX_DEPTH * 2));
        check_json(in_string.as_bytes(), MAX_DEPTH).unwrap();
        check_json(
            br#"{"@context": {"a": {"@id": "x"}}, "@graph": [{"a": [1, [2]]}]}"#,
            8,
        )
        .unwrap();
    }

    #[test]
    fn the_scan_is_linear() {
        // A megabyte of alternating brackets: one pass, no rescans.
        let q = "{}".repeat(500_000);
        check(&q, MAX_DEPTH).unwrap();
    }
}
