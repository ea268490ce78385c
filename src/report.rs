//! Text → document model: metadata header, sections, topics, sentences and
//! clauses, each with code-point offsets into the report's text.
//!
//! The parser knows the *genre* (Chinese government work summaries), not any
//! one report: a `- key: value` header or a title line, intro paragraphs,
//! sections numbered `一、…`, optional `(一)` sub-sections, short topic
//! sentences that open a run of statements, `一是…二是…` enumerations and
//! `1.` list items. Line endings (LF or CRLF), a byte-order mark and full- or
//! half-width punctuation are all accepted.
//!
//! Offsets are Unicode code points of the text *without* its byte-order mark,
//! as in W3C Web Annotation's `TextPositionSelector`: `report.slice(span)` is
//! exactly the quoted string.

use std::path::{Path, PathBuf};

use crate::model::Span;

/// Errors raised while reading a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The file is not valid UTF-8.
    #[error("{path}:{line}:{column}: invalid UTF-8 at byte offset {offset}")]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based column (in code points) of the first invalid byte.
        column: usize,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// Nothing in the file looks like the body of a work report.
    #[error("{path}: no report body found (expected paragraphs of sentences ending in 。 after the header)")]
    NoBody {
        /// The file.
        path: PathBuf,
    },
}

/// One `key: value` pair of the metadata header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaField {
    /// The key as written (索引号, 发布机构 …).
    pub key: String,
    /// The value, trimmed; may be empty.
    pub value: String,
    /// Where the value is (empty span at the end of the key when the value is empty).
    pub span: Span,
}

/// The header of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Every `key: value` pair in order.
    pub fields: Vec<MetaField>,
    /// A title line used instead of (or besides) a `标题` field.
    pub title_line: Option<(String, Span)>,
    /// The issuing body named inside the title (`浙江省政府` in
    /// `2025年浙江省政府工作报告`), see [`Report::infer_publisher`].
    pub title_publisher: Option<(String, Span)>,
}

impl Metadata {
    /// The first non-empty value for one of `keys`.
    pub fn get(&self, keys: &[&str]) -> Option<&MetaField> {
        self.fields
            .iter()
            .find(|f| keys.contains(&f.key.as_str()) && !f.value.is_empty())
    }

    /// The report's title: the `标题` field or the title line.
    pub fn title(&self) -> Option<(&str, Span)> {
        self.get(&["标题", "题目", "名称"])
            .map(|f| (f.value.as_str(), f.span))
            .or_else(|| self.title_line.as_ref().map(|(t, s)| (t.as_str(), *s)))
    }
}

/// A clause: the part of a sentence between `，`/`；`/`：` or enumeration markers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Where it is.
    pub span: Span,
    /// Its text.
    pub text: String,
}

/// A sentence, ended by `。！？` or a line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Index of this sentence in the whole report (0-based, document order).
    pub index: usize,
    /// Where it is, terminator included.
    pub span: Span,
    /// Its text.
    pub text: String,
    /// Its clauses, in order.
    pub clauses: Vec<Clause>,
}

/// A run of sentences opened by a topic sentence (`救助标准持续提升。`) or a
/// `(一)` sub-section heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// The topic sentence or sub-section heading, without its terminator or marker.
    pub heading: Option<(String, Span)>,
    /// Where the run is, heading included.
    pub span: Span,
    /// The statements of the run (the heading is not one of them).
    pub sentences: Vec<Sentence>,
}

/// A numbered section (`一、养老服务提质增效`), or the preamble before the
/// first one (number 0, no heading).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// 1-based section number; 0 for the preamble.
    pub number: u32,
    /// The heading without its number, if any.
    pub heading: Option<(String, Span)>,
    /// Where the section is, heading included.
    pub span: Span,
    /// Its topics, in order.
    pub topics: Vec<Topic>,
}

impl Section {
    /// Every sentence of the section, in order.
    pub fn sentences(&self) -> impl Iterator<Item = &Sentence> {
        self.topics.iter().flat_map(|t| t.sentences.iter())
    }
}

/// A parsed report.
#[derive(Debug, Clone)]
pub struct Report {
    /// Short identifier, from the file name (`jinan-2023`).
    pub id: String,
    /// Where it was read from.
    pub source: PathBuf,
    /// The header.
    pub metadata: Metadata,
    /// Preamble (number 0) and numbered sections.
    pub sections: Vec<Section>,
    text: String,
    /// Byte offset of every code point, plus the text length at the end.
    char_starts: Vec<usize>,
}

impl Report {
    /// Reads and parses a report file.
    pub fn from_path(path: &Path) -> Result<Self, ReportError> {
        let bytes = std::fs::read(path).map_err(|source| ReportError::Io {
            path: path.to_owned(),
            source,
        })?;
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report".to_owned());
        Self::from_bytes(&id, path, &bytes)
    }

    /// Parses a report from its bytes; `source` is only used in messages.
    pub fn from_bytes(id: &str, source: &Path, bytes: &[u8]) -> Result<Self, ReportError> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let offset = e.valid_up_to();
            let (line, column) = line_column(&String::from_utf8_lossy(&bytes[..offset]));
            ReportError::NotUtf8 {
                path: source.to_owned(),
                line,
                column,
                offset,
            }
        })?;
        Self::parse(id, source, text)
    }

    /// Parses a report from text; `source` is only used in messages.
    pub fn parse(id: &str, source: &Path, text: &str) -> Result<Self, ReportError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_owned();
        let mut char_starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        char_starts.push(text.len());
        let mut report = Report {
            id: id.to_owned(),
            source: source.to_owned(),
            metadata: Metadata::default(),
            sections: Vec::new(),
            text,
            char_starts,
        };
        Parser::new(&mut report).run();
        if report.sentences().next().is_none() {
            return Err(ReportError::NoBody {
                path: source.to_owned(),
            });
        }
        Ok(report)
    }

    /// The whole text (without byte-order mark).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Length of the text in code points.
    pub fn len_chars(&self) -> usize {
        self.char_starts.len() - 1
    }

    /// The text covered by `span`; empty when the span is out of range.
    pub fn slice(&self, span: Span) -> &str {
        match (
            self.char_starts.get(span.start),
            self.char_starts.get(span.end),
        ) {
            (Some(&a), Some(&b)) if a <= b => &self.text[a..b],
            _ => "",
        }
    }

    /// Code-point offset of a byte offset (which must be a char boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        self.char_starts.partition_point(|&b| b < byte)
    }

    /// Byte offset of a code-point offset (clamped to the text length).
    pub fn byte_offset(&self, char_offset: usize) -> usize {
        self.char_starts
            .get(char_offset)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Every sentence with the index of its section and topic, in document order.
    pub fn sentences(&self) -> impl Iterator<Item = (usize, usize, &Sentence)> {
        self.sections.iter().enumerate().flat_map(|(si, s)| {
            s.topics
                .iter()
                .enumerate()
                .flat_map(move |(ti, t)| t.sentences.iter().map(move |x| (si, ti, x)))
        })
    }

    /// The section holding code point `offset`, if any.
    pub fn section_at(&self, offset: usize) -> Option<usize> {
        self.sections
            .iter()
            .position(|s| s.span.start <= offset && offset < s.span.end)
    }

    /// The year the report covers: a four-digit year before `年` in the title,
    /// else the first one in the preamble, else the year before publication.
    pub fn reference_year(&self) -> Option<i32> {
        if let Some(y) = self.metadata.title().and_then(|(t, _)| first_year(t)) {
            return Some(y);
        }
        let preamble = self
            .sections
            .first()
            .filter(|s| s.number == 0)
            .map(|s| self.slice(s.span));
        if let Some(y) = preamble.and_then(first_year) {
            return Some(y);
        }
        self.metadata
            .get(&["成文日期", "发布日期"])
            .and_then(|f| f.value.get(..4))
            .and_then(|y| y.parse::<i32>().ok())
            .map(|y| y - 1)
    }

    /// The issuing body: the `发布机构` field, else the part of the title
    /// before the year, else the body the title names
    /// ([`Report::infer_publisher`]).
    pub fn publisher(&self) -> Option<(String, Span)> {
        if let Some(f) = self.metadata.get(&["发布机构", "发文机关", "发布单位"]) {
            return Some((f.value.clone(), f.span));
        }
        let before_year = self.metadata.title().and_then(|(title, span)| {
            let cut = title.find(|c: char| c.is_ascii_digit())?;
            let name = title[..cut].trim();
            (!name.is_empty()).then(|| {
                (
                    name.to_owned(),
                    Span::new(span.start, span.start + name.chars().count()),
                )
            })
        });
        before_year.or_else(|| self.metadata.title_publisher.clone())
    }

    /// Finds the issuing body inside the title, for reports without a
    /// `发布机构` field whose title does not start with it: the shortest
    /// stretch after the year that ends in one of `suffixes` (`政府` in
    /// `2025年浙江省政府工作报告`, `统计局` …). The words are the genre's.
    pub fn infer_publisher<S: AsRef<str>>(&mut self, suffixes: &[S]) {
        let Some((title, span)) = self.metadata.title() else {
            return;
        };
        let chars: Vec<char> = title.chars().collect();
        // After a leading year (2025年), if there is one.
        let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
        let from = if digits == 4 && chars.get(4) == Some(&'年') {
            5
        } else {
            0
        };
        let found = (from + 2..=chars.len()).find_map(|end| {
            let text: String = chars[from..end].iter().collect();
            suffixes
                .iter()
                .any(|s| !s.as_ref().is_empty() && text.ends_with(s.as_ref()))
                .then_some((text, end))
        });
        self.metadata.title_publisher =
            found.map(|(text, end)| (text, Span::new(span.start + from, span.start + end)));
    }
}

fn first_year(s: &str) -> Option<i32> {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(5).find_map(|w| {
        (w[..4].iter().all(char::is_ascii_digit) && w[4] == '年')
            .then(|| w[..4].iter().collect::<String>().parse().ok())
            .flatten()
    })
}

/// 1-based line and column (in code points) of the end of `prefix`.
pub(crate) fn line_column(prefix: &str) -> (usize, usize) {
    let line = prefix.matches('\n').count() + 1;
    let column = prefix
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

/// Chinese numerals used in section and sub-section numbers.
const CN_DIGITS: &str = "〇零一二三四五六七八九十";

/// Parses a small Chinese numeral (一 … 九十九).
pub(crate) fn cn_small_number(s: &str) -> Option<u32> {
    let digit = |c: char| match c {
        '〇' | '零' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [] => None,
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// Sentence terminators.
fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

/// Characters that may follow a terminator and still belong to the sentence.
fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '"' | '\'' | '】')
}

/// One line of the input, as byte offsets of its content (without `\r\n`).
struct Line {
    start: usize,
    end: usize,
}

struct Parser<'a> {
    report: &'a mut Report,
    sentence_index: usize,
}

impl<'a> Parser<'a> {
    fn new(report: &'a mut Report) -> Self {
        Self {
            report,
            sentence_index: 0,
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.report.char_offset(start), self.report.char_offset(end))
    }

    fn lines(&self) -> Vec<Line> {
        let text = &self.report.text;
        let mut lines = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c == '\n' {
                let end = if text[..i].ends_with('\r') { i - 1 } else { i };
                lines.push(Line { start, end });
                start = i + 1;
            }
        }
        if start < text.len() {
            let end = if text.ends_with('\r') {
                text.len() - 1
            } else {
                text.len()
            };
            lines.push(Line { start, end });
        }
        lines
    }

    fn run(&mut self) {
        let lines = self.lines();
        let mut i = 0;
        // Header: `- key: value` lines, possibly after blank lines.
        while i < lines.len() {
            let line = &self.report.text[lines[i].start..lines[i].end];
            if line.trim().is_empty() {
                i += 1;
                continue;
            }
            match self.meta_line(&lines[i]) {
                true => i += 1,
                false => break,
            }
        }
        // A title line: first non-blank line, short, without a sentence end,
        // when there is no 标题 field and it is not a section heading.
        while i < lines.len()
            && self.report.text[lines[i].start..lines[i].end]
                .trim()
                .is_empty()
        {
            i += 1;
        }
        if let Some(line) = lines.get(i) {
            let raw = &self.report.text[line.start..line.end];
            let t = raw.trim();
            if self.report.metadata.get(&["标题"]).is_none()
                && !t.contains(is_terminator)
                && t.chars().count() <= 60
                && section_marker(t).is_none()
            {
                let lead = raw.len() - raw.trim_start().len();
                let start = line.start + lead;
                self.report.metadata.title_line =
                    Some((t.to_owned(), self.span(start, start + t.len())));
                i += 1;
            }
        }
        // Body: preamble, then numbered sections.
        let body = self.join_wrapped(&lines[i..]);
        let mut section: Option<SectionBuilder> = None;
        for line in &body {
            let raw = &self.report.text[line.start..line.end];
            let lead = raw.len() - raw.trim_start().len();
            let content = raw.trim();
            if content.is_empty() {
                continue;
            }
            let start = line.start + lead;
            let end = start + content.len();
            if let Some((number, marker_len)) = section_marker(content) {
                if let Some(done) = section.take() {
                    self.finish_section(done);
                }
                // Heading runs to the first terminator or the end of the line.
                let after = start + marker_len;
                let rest = &self.report.text[after..end];
                let (head_end, body_start) = match rest.find(is_terminator) {
                    Some(p) => {
                        let term_len = rest[p..].chars().next().map_or(0, char::len_utf8);
                        (after + p, after + p + term_len)
                    }
                    None => (end, end),
                };
                let heading_text = self.report.text[after..head_end].trim();
                let heading_start = after
                    + (self.report.text[after..head_end].len()
                        - self.report.text[after..head_end].trim_start().len());
                // `一、` alone on its line: a section without a heading.
                let heading = (!heading_text.is_empty()).then(|| {
                    (
                        heading_text.to_owned(),
                        self.span(heading_start, heading_start + heading_text.len()),
                    )
                });
                let mut b = SectionBuilder {
                    number,
                    heading,
                    start,
                    end,
                    paragraphs: Vec::new(),
                };
                if body_start < end {
                    b.paragraphs.push((body_start, end));
                }
                section = Some(b);
            } else {
                let b = section.get_or_insert_with(|| SectionBuilder {
                    number: 0,
                    heading: None,
                    start,
                    end,
                    paragraphs: Vec::new(),
                });
                b.end = end;
                b.paragraphs.push((start, end));
            }
        }
        if let Some(done) = section.take() {
            self.finish_section(done);
        }
        // Number sentences in document order.
        let mut n = 0;
        for s in &mut self.report.sections {
            for t in &mut s.topics {
                for x in &mut t.sentences {
                    x.index = n;
                    n += 1;
                }
            }
        }
    }

    /// Joins lines hard-wrapped inside a paragraph (PDF text: `外出农民工
    /// 17190⏎万人`): a long line that ends inside a sentence, followed by a
    /// line that opens no heading or list item, continues on it. The joined
    /// line keeps the line break in its text (offsets stay those of the file).
    fn join_wrapped(&self, lines: &[Line]) -> Vec<Line> {
        let text = &self.report.text;
        let mut out: Vec<Line> = Vec::with_capacity(lines.len());
        let mut open = false;
        for line in lines {
            let content = text[line.start..line.end].trim();
            if content.is_empty() {
                open = false;
                continue;
            }
            let opens_item = section_marker(content).is_some()
                || subsection_marker(content).is_some()
                || list_marker(content).is_some();
            match out.last_mut() {
                Some(prev) if open && !opens_item => prev.end = line.end,
                _ => out.push(Line {
                    start: line.start,
                    end: line.end,
                }),
            }
            let Some(last) = out.last() else { continue };
            let whole = text[last.start..last.end].trim();
            let ends_inside = whole
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() && !is_terminator(c));
            let heading = section_marker(whole).is_some_and(|_| !whole.contains(is_terminator))
                || subsection_marker(whole).is_some_and(|_| !whole.contains(is_terminator));
            let sentence_like = content.chars().count() >= 20 && whole.contains(['，', '。', '；']);
            open = ends_inside && !heading && sentence_like;
        }
        out
    }

    /// Reads one header line into the metadata; false when it is not one.
    fn meta_line(&mut self, line: &Line) -> bool {
        let text = &self.report.text[line.start..line.end];
        let trimmed = text.trim_start();
        let Some(rest) = trimmed
            .strip_prefix('-')
            .or_else(|| trimmed.strip_prefix('－'))
            .or_else(|| trimmed.strip_prefix('·'))
        else {
            return false;
        };
        let base = line.start + (text.len() - rest.len());
        // Keys: runs of 2–8 CJK characters followed by a colon, at the start or after whitespace.
        let mut keys: Vec<(usize, usize, usize)> = Vec::new(); // (key start, key end, value start)
        let chars: Vec<(usize, char)> = rest.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let at_boundary = k == 0 || chars[k - 1].1.is_whitespace();
            if at_boundary && is_cjk(chars[k].1) {
                let mut j = k;
                while j < chars.len() && is_cjk(chars[j].1) {
                    j += 1;
                }
                if j - k >= 2 && j - k <= 8 && j < chars.len() && matches!(chars[j].1, ':' | '：')
                {
                    let value_start = chars[j].0 + chars[j].1.len_utf8();
                    keys.push((chars[k].0, chars[j].0, value_start));
                    k = j + 1;
                    continue;
                }
            }
            k += 1;
        }
        if keys.is_empty() {
            return false;
        }
        for (n, &(ks, ke, vs)) in keys.iter().enumerate() {
            let ve = keys.get(n + 1).map_or(rest.len(), |next| next.0);
            let raw_value = &rest[vs..ve];
            let value = raw_value.trim();
            let lead = raw_value.len() - raw_value.trim_start().len();
            let v_start = base + vs + lead;
            let span = self.span(v_start, v_start + value.len());
            self.report.metadata.fields.push(MetaField {
                key: rest[ks..ke].to_owned(),
                value: value.to_owned(),
                span,
            });
        }
        true
    }

    fn finish_section(&mut self, b: SectionBuilder) {
        let mut topics: Vec<Topic> = Vec::new();
        let mut current = Topic {
            heading: None,
            span: self.span(b.start, b.start),
            sentences: Vec::new(),
        };
        for &(p_start, p_end) in &b.paragraphs {
            let mut p_start = p_start;
            // `(一)` sub-section heading opens a topic.
            if let Some((marker_len, head_len)) =
                subsection_marker(&self.report.text[p_start..p_end])
            {
                if current.heading.is_some() || !current.sentences.is_empty() {
                    topics.push(std::mem::replace(
                        &mut current,
                        Topic {
                            heading: None,
                            span: Span::default_at(0),
                            sentences: Vec::new(),
                        },
                    ));
                }
                let h_start = p_start + marker_len;
                let h_end = h_start + head_len;
                let heading = self.report.text[h_start..h_end].trim_end_matches(is_terminator);
                let heading_span = self.span(h_start, h_start + heading.len());
                current = Topic {
                    heading: Some((heading.to_owned(), heading_span)),
                    span: self.span(p_start, p_end),
                    sentences: Vec::new(),
                };
                p_start = h_end;
            } else if let Some(marker_len) = list_marker(&self.report.text[p_start..p_end]) {
                p_start += marker_len;
            }
            for (s_start, s_end) in split_sentences(&self.report.text, p_start, p_end) {
                let text = &self.report.text[s_start..s_end];
                if is_topic_sentence(text) {
                    if current.heading.is_some() || !current.sentences.is_empty() {
                        topics.push(std::mem::replace(
                            &mut current,
                            Topic {
                                heading: None,
                                span: Span::default_at(0),
                                sentences: Vec::new(),
                            },
                        ));
                    }
                    let head = text.trim_end_matches(is_terminator);
                    current = Topic {
                        heading: Some((head.to_owned(), self.span(s_start, s_start + head.len()))),
                        span: self.span(s_start, s_end),
                        sentences: Vec::new(),
                    };
                    continue;
                }
                if current.heading.is_none() && current.sentences.is_empty() {
                    current.span = self.span(s_start, s_end);
                }
                current.span.end = self.report.char_offset(s_end);
                let sentence = self.sentence(s_start, s_end);
                current.sentences.push(sentence);
            }
            current.span.end = current.span.end.max(self.report.char_offset(p_end));
        }
        if current.heading.is_some() || !current.sentences.is_empty() {
            topics.push(current);
        }
        // A topic sentence with no statement after it is a statement itself.
        for t in &mut topics {
            if t.sentences.is_empty() {
                if let Some((_, hs)) = t.heading.take() {
                    let (a, z) = (
                        self.report.byte_offset(hs.start),
                        self.report.byte_offset(t.span.end),
                    );
                    let z = z.max(self.report.byte_offset(hs.end));
                    t.sentences.push(self.sentence(a, z));
                }
            }
        }
        self.report.sections.push(Section {
            number: b.number,
            heading: b.heading,
            span: self.span(b.start, b.end),
            topics,
        });
    }

    fn sentence(&mut self, start: usize, end: usize) -> Sentence {
        let clauses = split_clauses(&self.report.text, start, end)
            .into_iter()
            .map(|(a, z)| Clause {
                span: self.span(a, z),
                text: self.report.text[a..z].to_owned(),
            })
            .collect();
        let index = self.sentence_index;
        self.sentence_index += 1;
        Sentence {
            index,
            span: self.span(start, end),
            text: self.report.text[start..end].to_owned(),
            clauses,
        }
    }
}

impl Span {
    const fn default_at(at: usize) -> Self {
        Span::new(at, at)
    }
}

struct SectionBuilder {
    number: u32,
    heading: Option<(String, Span)>,
    start: usize,
    end: usize,
    paragraphs: Vec<(usize, usize)>,
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// `一、` (or `一．`) at the start of a line: (section number, marker byte length).
fn section_marker(line: &str) -> Option<(u32, usize)> {
    let numeral_len: usize = line
        .chars()
        .take_while(|c| CN_DIGITS.contains(*c))
        .map(char::len_utf8)
        .sum();
    if numeral_len == 0 {
        return None;
    }
    let sep = line[numeral_len..].chars().next()?;
    if !matches!(sep, '、' | '．' | '.') {
        return None;
    }
    let number = cn_small_number(&line[..numeral_len])?;
    Some((number, numeral_len + sep.len_utf8()))
}

/// `(一)`/`（一）` at the start of a paragraph: (marker byte length, heading byte length up to and including the first terminator, or the whole line when it has none).
fn subsection_marker(p: &str) -> Option<(usize, usize)> {
    let open = p.chars().next().filter(|c| matches!(c, '(' | '（'))?;
    let inner_start = open.len_utf8();
    let inner_len: usize = p[inner_start..]
        .chars()
        .take_while(|c| CN_DIGITS.contains(*c))
        .map(char::len_utf8)
        .sum();
    if inner_len == 0 {
        return None;
    }
    let close = p[inner_start + inner_len..]
        .chars()
        .next()
        .filter(|c| matches!(c, ')' | '）'))?;
    let marker_len = inner_start + inner_len + close.len_utf8();
    let rest = &p[marker_len..];
    let rest_trimmed = rest.trim_start();
    let marker_len = marker_len + (rest.len() - rest_trimmed.len());
    let head_len = match rest_trimmed.find(is_terminator) {
        Some(pos) => pos + rest_trimmed[pos..].chars().next().map_or(0, char::len_utf8),
        None => rest_trimmed.len(),
    };
    Some((marker_len, head_len))
}

/// `1.`, `1、`, `1．`, `（1）`, `(1)` at the start of a paragraph: marker byte length.
fn list_marker(p: &str) -> Option<usize> {
    let digits = p.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 2 {
        let sep = p[digits..].chars().next()?;
        if matches!(sep, '.' | '、' | '．') {
            // `1.5万` is a number, not a marker.
            let after = p[digits + sep.len_utf8()..].chars().next();
            if sep == '.' && after.is_some_and(|c| c.is_ascii_digit()) {
                return None;
            }
            let len = digits + sep.len_utf8();
            return Some(len + (p[len..].len() - p[len..].trim_start().len()));
        }
        return None;
    }
    let open = p.chars().next().filter(|c| matches!(c, '(' | '（'))?;
    let inner = &p[open.len_utf8()..];
    let digits = inner.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let close = inner[digits..]
        .chars()
        .next()
        .filter(|c| matches!(c, ')' | '）'))?;
    let len = open.len_utf8() + digits + close.len_utf8();
    Some(len + (p[len..].len() - p[len..].trim_start().len()))
}

/// Splits `[start, end)` into sentences (byte ranges, terminators and closing
/// quotes included, surrounding whitespace excluded).
fn split_sentences(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let slice = &text[start..end];
    let mut s = 0;
    let mut iter = slice.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if is_terminator(c) {
            let mut e = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if is_closer(d) || is_terminator(d) {
                    e = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            push_trimmed(&mut out, slice, start, s, e);
            s = e;
        }
    }
    push_trimmed(&mut out, slice, start, s, slice.len());
    out
}

fn push_trimmed(out: &mut Vec<(usize, usize)>, slice: &str, base: usize, s: usize, e: usize) {
    let piece = &slice[s..e];
    let t = piece.trim();
    if t.is_empty() {
        return;
    }
    let lead = piece.len() - piece.trim_start().len();
    out.push((base + s + lead, base + s + lead + t.len()));
}

/// Enumeration markers that open a clause (一是, 二是 …).
fn enumeration_marker_at(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !"一二三四五六七八九十".contains(first) {
        return false;
    }
    let rest = chars.as_str();
    rest.starts_with('是') || (rest.starts_with('十') && rest[3..].starts_with('是'))
}

/// The longest clause, in characters. Clauses of real prose run to a few
/// dozen characters; one longer than this (an enumeration of thousands of
/// items, a quote never closed, text without punctuation) is cut at its
/// last `、` before the limit, else at the limit, so that the work done per
/// figure and per mention within a clause stays bounded.
pub const MAX_CLAUSE_CHARS: usize = 300;

/// Splits a sentence into clauses (byte ranges without separators or the terminator).
fn split_clauses(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let slice = &text[start..end];
    let mut out = Vec::new();
    let mut s = 0;
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let mut depth_quote = 0i32;
    // Where the current clause started (in chars) and its last `、` (byte
    // offset just after it).
    let mut clause_chars = 0usize;
    let mut last_listed: Option<(usize, usize)> = None;
    for (n, &(i, c)) in chars.iter().enumerate() {
        if n - clause_chars >= MAX_CLAUSE_CHARS {
            let (cut, cut_n) = last_listed.filter(|&(b, _)| b > s).unwrap_or((i, n));
            push_clause(&mut out, slice, start, s, cut);
            s = cut;
            clause_chars = cut_n;
            last_listed = None;
        }
        if c == '、' {
            last_listed = Some((i + c.len_utf8(), n + 1));
        }
        match c {
            '“' | '《' | '「' => depth_quote += 1,
            '”' | '》' | '」' => depth_quote = (depth_quote - 1).max(0),
            _ => {}
        }
        let prev_digit = n > 0 && chars[n - 1].1.is_ascii_digit();
        let next_digit = chars.get(n + 1).is_some_and(|&(_, d)| d.is_ascii_digit());
        let is_sep = match c {
            '，' | '；' | '：' | ';' | ':' => depth_quote == 0,
            // 1,045 is a number; otherwise a half-width comma separates.
            ',' => depth_quote == 0 && !(prev_digit && next_digit),
            _ => false,
        };
        if is_sep {
            push_clause(&mut out, slice, start, s, i);
            s = i + c.len_utf8();
            clause_chars = n + 1;
            last_listed = None;
        } else if i > s && depth_quote == 0 && enumeration_marker_at(&slice[i..]) {
            push_clause(&mut out, slice, start, s, i);
            s = i;
            clause_chars = n;
            last_listed = None;
        }
    }
    push_clause(&mut out, slice, start, s, slice.len());
    out
}

fn push_clause(out: &mut Vec<(usize, usize)>, slice: &str, base: usize, s: usize, e: usize) {
    let piece = slice[s..e].trim_end_matches(|c: char| is_terminator(c));
    // Keep closing quotes that follow a terminator inside the clause.
    let piece_end = if piece.len() < e - s && slice[s..e].ends_with(is_closer) {
        e - s
    } else {
        piece.len()
    };
    push_trimmed(out, slice, base, s, s + piece_end);
}

/// A topic sentence: short, no digits, no inner punctuation.
fn is_topic_sentence(s: &str) -> bool {
    let body = s.trim_end_matches(|c: char| is_terminator(c) || is_closer(c));
    let n = body.chars().count();
    (2..=16).contains(&n)
        && s.ends_with(is_terminator)
        && !body.chars().any(|c| {
            c.is_ascii_digit()
                || matches!(
                    c,
                    '，' | ',' | '；' | ';' | '：' | ':' | '、' | '“' | '%' | '《'
                )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Report {
        Report::parse("t", Path::new("t.txt"), text).unwrap()
    }

    #[test]
    fn header_pairs_on_one_line_and_empty_values() {
        let r = parse("- 索引号: 123/2024-1 组配分类: 总结\n- 发文字号:\n- 标题: 某市民政局2023年工作总结\n引言。\n一、社会救助\n救助标准提升。发放低保金1亿元。\n");
        let keys: Vec<_> = r
            .metadata
            .fields
            .iter()
            .map(|f| (f.key.as_str(), f.value.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("索引号", "123/2024-1"),
                ("组配分类", "总结"),
                ("发文字号", ""),
                ("标题", "某市民政局2023年工作总结")
            ]
        );
        for f in &r.metadata.fields {
            assert_eq!(r.slice(f.span), f.value);
        }
        assert_eq!(r.reference_year(), Some(2023));
        assert_eq!(r.sections.len(), 2);
        assert_eq!(r.sections[1].number, 1);
        let t = &r.sections[1].topics[0];
        assert_eq!(
            t.heading.as_ref().map(|h| h.0.as_str()),
            Some("救助标准提升")
        );
        assert_eq!(t.sentences[0].text, "发放低保金1亿元。");
    }

    #[test]
    fn overlong_clauses_are_cut_at_a_list_separator_or_the_limit() {
        let list: Vec<String> = (0..400).map(|k| format!("项目{k}")).collect();
        let text = format!(
            "某市2023年工作总结\n{}分别为1人。\n{}。\n",
            list.join("、"),
            "字".repeat(700)
        );
        let r = parse(&text);
        let sentences: Vec<&Sentence> = r.sentences().map(|(_, _, s)| s).collect();
        for s in &sentences {
            for c in &s.clauses {
                let n = c.span.end - c.span.start;
                assert!(n <= MAX_CLAUSE_CHARS, "{n}");
                assert_eq!(r.slice(c.span), c.text);
            }
        }
        // The list is cut after a `、`, the text without punctuation at the limit.
        assert!(sentences[0].clauses.len() > 2);
        assert!(sentences[0].clauses[0].text.ends_with('、'));
        assert_eq!(sentences[1].clauses.len(), 3);
    }

    #[test]
    fn bom_crlf_title_line_subsections_and_enumerations() {
        let r = parse("\u{feff}某市民政局2024年工作总结\r\n一、养老服务\r\n(一)完善政策。一是新建站点3处,二是培训2000人次;三是发放补贴。\r\n（二）提升质量\r\n1. 建成床位100张。\r\n");
        assert_eq!(
            r.metadata.title().map(|t| t.0),
            Some("某市民政局2024年工作总结")
        );
        let s = &r.sections[0];
        assert_eq!(s.number, 1);
        assert_eq!(s.topics.len(), 2);
        assert_eq!(
            s.topics[0].heading.as_ref().map(|h| h.0.as_str()),
            Some("完善政策")
        );
        let clauses: Vec<_> = s.topics[0].sentences[0]
            .clauses
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(
            clauses,
            ["一是新建站点3处", "二是培训2000人次", "三是发放补贴"]
        );
        assert_eq!(s.topics[1].sentences[0].text, "建成床位100张。");
        for (_, _, sent) in r.sentences() {
            assert_eq!(r.slice(sent.span), sent.text);
            for c in &sent.clauses {
                assert_eq!(r.slice(c.span), c.text);
            }
        }
    }

    #[test]
    fn not_utf8_names_line_and_column() {
        let err = Report::from_bytes("x", Path::new("x.txt"), b"ab\ncd\xff").unwrap_err();
        assert_eq!(err.to_string(), "x.txt:2:3: invalid UTF-8 at byte offset 5");
    }

    #[test]
    fn no_body_is_an_error() {
        let err = Report::parse("x", Path::new("x.txt"), "- 标题: 空\n").unwrap_err();
        assert!(matches!(err, ReportError::NoBody { .. }), "{err}");
    }

    #[test]
    fn publisher_from_a_title_that_names_it_after_the_year() {
        let text = "2025年浙江省政府工作报告\n各位代表：过去一年，全省经济稳中有进。\n";
        let mut r = Report::parse("z", Path::new("z.txt"), text).unwrap();
        assert_eq!(r.publisher(), None);
        r.infer_publisher(&["人民政府", "政府"]);
        let (name, span) = r.publisher().unwrap();
        assert_eq!(name, "浙江省政府");
        assert_eq!(r.slice(span), "浙江省政府");
    }
}
