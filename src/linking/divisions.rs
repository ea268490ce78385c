//! GB/T 2260 administrative division codes with their validity, read from
//! the CSV files of `data/reference/`.
//!
//! A file has a header line `code,name,level,parent,valid_from,valid_to,successor,source`
//! (lines starting with `#` are comments). Codes change over time (莱芜市
//! 371200 was abolished in 2019; its 钢城区 kept its name but became
//! 370117), so a code is looked up *on a date*, and a place is resolved
//! from its code and the date, never from its name alone.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::error::LinkError;

/// A calendar date, compared as (year, month, day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1-12.
    pub month: u32,
    /// Day, 1-31.
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Self> {
        let mut it = s.trim().splitn(3, '-');
        let year = it.next()?.parse().ok()?;
        let month = it.next()?.parse().ok()?;
        let day = it.next()?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Self { year, month, day })
    }

    /// The last day of `year`: the state a yearly report describes.
    pub const fn end_of_year(year: i32) -> Self {
        Self {
            year,
            month: 12,
            day: 31,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The level of a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 省级: province, autonomous region, municipality.
    Province,
    /// 地级: prefecture-level city, prefecture, league.
    Prefecture,
    /// 县级: district, county, county-level city, banner.
    County,
}

impl Level {
    /// The code used in reference files.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::Prefecture => "prefecture",
            Self::County => "county",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [Self::Province, Self::Prefecture, Self::County]
            .into_iter()
            .find(|l| l.code() == s)
    }

    /// The level a six-digit code's shape implies (`370000`, `370100`, `370102`).
    fn of_code(code: &str) -> Self {
        if code.ends_with("0000") {
            Self::Province
        } else if code.ends_with("00") {
            Self::Prefecture
        } else {
            Self::County
        }
    }
}

/// One row of a reference file: a code as it was in force for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    /// Six-digit GB/T 2260 code.
    pub code: String,
    /// Official name (济南市, 钢城区).
    pub name: String,
    /// Level.
    pub level: Level,
    /// Code of the enclosing division, if any.
    pub parent: Option<String>,
    /// First day in force; `None` when earlier than anything recorded.
    pub valid_from: Option<Date>,
    /// First day no longer in force (exclusive); `None` while in force.
    pub valid_to: Option<Date>,
    /// The code that replaced this one for the same place.
    pub successor: Option<String>,
    /// Where the row comes from.
    pub source: String,
    /// The reference file's name (without directories).
    pub file: String,
    /// The file and line it was read from, for messages.
    pub origin: String,
}

impl Division {
    /// True when the code was in force on `date`.
    pub fn valid_on(&self, date: Date) -> bool {
        self.valid_from.is_none_or(|f| f <= date) && self.valid_to.is_none_or(|t| date < t)
    }

    /// The validity period as written in messages (`2019-01-09..`, `..2019-01-09`).
    pub fn period(&self) -> String {
        let d = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        format!("{}..{}", d(self.valid_from), d(self.valid_to))
    }
}

/// A problem found in the reference data itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceIssue {
    /// File and line.
    pub origin: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ReferenceIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// Every division of the reference files, by code (a code may have several
/// rows for successive periods).
#[derive(Debug, Clone, Default)]
pub struct Reference {
    rows: Vec<Division>,
    by_code: BTreeMap<String, Vec<usize>>,
    /// Rows that were rejected or look wrong; rejected rows are not used.
    pub issues: Vec<ReferenceIssue>,
    /// The files read, in order.
    pub files: Vec<PathBuf>,
}

impl Reference {
    /// An empty reference: every place is then unresolved.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Loads every `*.csv` file of `dir`, in file-name order.
    pub fn load_dir(dir: &Path) -> Result<Self, LinkError> {
        let io = |source| LinkError::Io {
            path: dir.to_owned(),
            source,
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        files.sort();
        let mut reference = Self::empty();
        for f in files {
            let text = std::fs::read_to_string(&f).map_err(|source| LinkError::Io {
                path: f.clone(),
                source,
            })?;
            reference.add_csv(&f, &text)?;
        }
        Ok(reference)
    }

    /// Parses one CSV file (named `path` in messages) and merges it in.
    ///
    /// A malformed header is an error; a bad row is recorded in
    /// [`Reference::issues`] and skipped.
    pub fn add_csv(&mut self, path: &Path, text: &str) -> Result<(), LinkError> {
        let name = path.display().to_string();
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        let Some((header_line, header)) = lines.next() else {
            return Ok(());
        };
        let header = split_csv(header.trim_start_matches('\u{feff}'));
        let expected = [
            "code",
            "name",
            "level",
            "parent",
            "valid_from",
            "valid_to",
            "successor",
            "source",
        ];
        if header != expected {
            return Err(LinkError::ReferenceHeader {
                path: path.to_owned(),
                line: header_line + 1,
                expected: expected.join(","),
            });
        }
        for (i, line) in lines {
            let origin = format!("{name}:{}", i + 1);
            match parse_row(&split_csv(line), &origin, &file) {
                Ok(row) => self.push(row),
                Err(message) => self.issues.push(ReferenceIssue { origin, message }),
            }
        }
        self.files.push(path.to_owned());
        self.check_links();
        Ok(())
    }

    fn push(&mut self, row: Division) {
        let overlapping = self
            .rows_of(&row.code)
            .find(|r| periods_overlap(r, &row))
            .map(|r| r.origin.clone());
        if let Some(other) = overlapping {
            self.issues.push(ReferenceIssue {
                origin: row.origin.clone(),
                message: format!(
                    "code {} is already in force at {other} for an overlapping period; row skipped",
                    row.code
                ),
            });
            return;
        }
        self.by_code
            .entry(row.code.clone())
            .or_default()
            .push(self.rows.len());
        self.rows.push(row);
    }

    /// Flags parents and successors that are not in the reference (once each).
    fn check_links(&mut self) {
        let mut found = Vec::new();
        for r in &self.rows {
            for (what, code) in [("parent", &r.parent), ("successor", &r.successor)] {
                if let Some(c) = code {
                    if !self.by_code.contains_key(c) {
                        found.push(ReferenceIssue {
                            origin: r.origin.clone(),
                            message: format!(
                                "{what} {c} of {} {} is not in the reference",
                                r.code, r.name
                            ),
                        });
                    }
                }
            }
        }
        for issue in found {
            if !self.issues.contains(&issue) {
                self.issues.push(issue);
            }
        }
    }

    /// Every row.
    pub fn rows(&self) -> &[Division] {
        &self.rows
    }

    /// Every row with this code.
    pub fn rows_of<'a>(&'a self, code: &str) -> impl Iterator<Item = &'a Division> + 'a {
        self.by_code
            .get(code)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.rows.get(i))
    }

    /// The row of `code` in force on `date`.
    pub fn on(&self, code: &str, date: Date) -> Option<&Division> {
        self.rows_of(code).find(|r| r.valid_on(date))
    }

    /// The code the same place had on `date`, starting from `code` and
    /// following successors (forward) or predecessors (backward) while
    /// the name stays one of `names`.
    pub fn lineage_on(&self, code: &str, names: &[&str], date: Date) -> Option<&Division> {
        if let Some(r) = self.on(code, date) {
            return Some(r);
        }
        let mut seen = vec![code.to_owned()];
        let mut frontier = vec![code.to_owned()];
        while let Some(c) = frontier.pop() {
            let next: Vec<&Division> = self
                .rows
                .iter()
                .filter(|r| r.successor.as_deref() == Some(c.as_str()))
                .chain(
                    self.rows_of(&c)
                        .filter_map(|r| r.successor.as_deref())
                        .flat_map(|s| self.rows_of(s)),
                )
                .filter(|r| names.contains(&r.name.as_str()))
                .collect();
            for r in next {
                if r.valid_on(date) {
                    return Some(r);
                }
                if !seen.contains(&r.code) {
                    seen.push(r.code.clone());
                    frontier.push(r.code.clone());
                }
            }
        }
        None
    }

    /// Rows in force on `date` named `name`.
    pub fn named_on(&self, name: &str, date: Date) -> Vec<&Division> {
        self.rows
            .iter()
            .filter(|r| r.name == name && r.valid_on(date))
            .collect()
    }

    /// True when `ancestor` is `code` or encloses it on `date`.
    pub fn within(&self, code: &str, ancestor: &str, date: Date) -> bool {
        let mut current = Some(code.to_owned());
        let mut steps = 0;
        while let Some(c) = current {
            if c == ancestor {
                return true;
            }
            steps += 1;
            if steps > 8 {
                return false;
            }
            current = self.on(&c, date).and_then(|r| r.parent.clone());
        }
        false
    }
}

fn periods_overlap(a: &Division, b: &Division) -> bool {
    let starts_before_end = |x: &Division, y: &Division| match (x.valid_from, y.valid_to) {
        (Some(f), Some(t)) => f < t,
        _ => true,
    };
    starts_before_end(a, b) && starts_before_end(b, a)
}

/// Checks one row; the error says what is wrong.
fn parse_row(cells: &[String], origin: &str, file: &str) -> Result<Division, String> {
    let cell = |i: usize| cells.get(i).map(|s| s.trim()).unwrap_or("");
    let opt = |i: usize| Some(cell(i)).filter(|s| !s.is_empty()).map(str::to_owned);
    if cells.len() != 8 {
        return Err(format!("{} cells, expected 8", cells.len()));
    }
    let code = cell(0).to_owned();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("`{code}` is not a six-digit GB/T 2260 code"));
    }
    let name = cell(1).to_owned();
    if name.is_empty() {
        return Err(format!("code {code} has no name"));
    }
    let level = Level::parse(cell(2)).ok_or_else(|| format!("unknown level `{}`", cell(2)))?;
    if level != Level::of_code(&code) {
        return Err(format!(
            "code {code} ({name}) has the shape of a {} code, not a {} one",
            Level::of_code(&code).code(),
            level.code()
        ));
    }
    let parent = opt(3);
    if let Some(p) = &parent {
        let prefix = match level {
            Level::Province => 0,
            Level::Prefecture => 2,
            Level::County => 4,
        };
        if p.get(..prefix) != code.get(..prefix) && level != Level::Province {
            // Codes keep their parent's prefix; a mismatch is a typo.
            return Err(format!(
                "code {code} ({name}) does not start like its parent {p}"
            ));
        }
    }
    let date = |i: usize, what: &str| -> Result<Option<Date>, String> {
        match opt(i) {
            None => Ok(None),
            Some(s) => Date::parse(&s)
                .map(Some)
                .ok_or_else(|| format!("{what} `{s}` is not a YYYY-MM-DD date")),
        }
    };
    let valid_from = date(4, "valid_from")?;
    let valid_to = date(5, "valid_to")?;
    if let (Some(f), Some(t)) = (valid_from, valid_to) {
        if f >= t {
            return Err(format!(
                "code {code} ({name}): valid_from {f} is not before valid_to {t}"
            ));
        }
    }
    Ok(Division {
        code,
        name,
        level,
        parent,
        valid_from,
        valid_to,
        successor: opt(6),
        source: cell(7).to_owned(),
        file: file.to_owned(),
        origin: origin.to_owned(),
    })
}

/// Splits one CSV line (RFC 4180 quoting, no line breaks inside fields).
fn split_csv(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "code,name,level,parent,valid_from,valid_to,successor,source\n";

    fn reference(rows: &str) -> Reference {
        let mut r = Reference::empty();
        r.add_csv(Path::new("t.csv"), &format!("{HEADER}{rows}"))
            .unwrap();
        r
    }

    fn laiwu() -> Reference {
        reference(
            "370000,甲省,province,,,,,s\n\
             370100,乙市,prefecture,370000,,,,s\n\
             370117,钢城区,county,370100,2019-01-09,,,s\n\
             371200,莱芜市,prefecture,370000,,2019-01-09,370100,s\n\
             371203,钢城区,county,371200,,2019-01-09,370117,s\n",
        )
    }

    #[test]
    fn codes_are_looked_up_on_a_date() {
        let r = laiwu();
        let cases = [
            ("new code, after the change", "370117", 2023, Some("370117")),
            (
                "new code, before the change: its predecessor",
                "370117",
                2018,
                Some("371203"),
            ),
            (
                "old code, after the change: its successor",
                "371203",
                2023,
                Some("370117"),
            ),
            (
                "old code, before the change",
                "371203",
                2018,
                Some("371203"),
            ),
            ("unknown code", "379999", 2023, None),
        ];
        for (name, code, year, expected) in cases {
            let got = r.lineage_on(code, &["钢城区"], Date::end_of_year(year));
            assert_eq!(got.map(|d| d.code.as_str()), expected, "{name}");
        }
        // A different name does not follow the lineage.
        assert!(r
            .lineage_on("370117", &["别的区"], Date::end_of_year(2018))
            .is_none());
    }

    #[test]
    fn bad_rows_are_reported_and_skipped() {
        let cases = [
            (
                "short code",
                "37010,济南市,prefecture,370000,,,,s",
                "six-digit",
            ),
            (
                "level does not fit the code",
                "370102,历下区,prefecture,370100,,,,s",
                "shape",
            ),
            (
                "parent prefix",
                "370202,某区,county,370100,,,,s",
                "does not start like",
            ),
            (
                "bad date",
                "370102,历下区,county,370100,2019-13-01,,,s",
                "YYYY-MM-DD",
            ),
            (
                "empty period",
                "370102,历下区,county,370100,2020-01-01,2019-01-01,,s",
                "not before",
            ),
            ("missing cells", "370102,历下区", "cells"),
        ];
        for (name, row, message) in cases {
            let r = reference(&format!("370100,济南市,prefecture,,,,,s\n{row}\n"));
            assert_eq!(r.rows().len(), 1, "{name}");
            assert!(
                r.issues.iter().any(|i| i.message.contains(message)),
                "{name}: {:?}",
                r.issues
            );
        }
    }

    #[test]
    fn overlapping_periods_of_one_code_are_refused() {
        let r = reference("370102,历下区,county,,,,,s\n370102,历下区,county,,2019-01-01,,,s\n");
        assert_eq!(r.rows().len(), 1);
        assert!(
            r.issues[0].message.contains("overlapping"),
            "{:?}",
            r.issues
        );
    }

    #[test]
    fn quoted_cells_keep_their_commas() {
        assert_eq!(split_csv(r#"a,"b, c","d""e""#), ["a", "b, c", "d\"e"]);
    }

    #[test]
    fn the_bundled_reference_is_clean() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/reference");
        let r = Reference::load_dir(&dir).unwrap();
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        let d = Date::end_of_year(2023);
        assert!(r.within("370117", "370000", d));
        assert_eq!(r.on("371203", d), None);
    }
}
