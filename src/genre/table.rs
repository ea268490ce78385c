//! Word tables: longest-match lookup of words at, or ending at, a position
//! of a text, indexed by their first and last characters so that a lookup
//! costs the words sharing one character, not the whole table.

use std::collections::HashMap;

/// Folds the half- and full-width forms of `/`, `·`, brackets and colons
/// (and the dots that stand for `·`) to one character.
pub fn fold(c: char) -> char {
    match c {
        '／' => '/',
        '•' | '・' | '‧' | '∙' | '⋅' => '·',
        '（' => '(',
        '）' => ')',
        '：' => ':',
        '％' => '%',
        _ => c,
    }
}

/// True when `a` and `b` are the same character once folded.
pub fn same_char(a: char, b: char) -> bool {
    fold(a) == fold(b)
}

/// True when `word` is written at `chars[i..]`.
pub fn word_at(chars: &[char], i: usize, word: &[char]) -> bool {
    chars.len() >= i + word.len()
        && chars[i..i + word.len()]
            .iter()
            .zip(word)
            .all(|(&c, &w)| same_char(c, w))
}

/// True when `word` ends just before `chars[end]`.
pub fn word_before(chars: &[char], end: usize, word: &[char]) -> bool {
    end >= word.len() && end <= chars.len() && word_at(chars, end - word.len(), word)
}

/// A set of words, each with a value, for longest-match lookups.
#[derive(Debug, Clone)]
pub struct WordTable<T> {
    entries: Vec<(Vec<char>, T)>,
    /// Entry indices by folded first character, longest word first.
    by_first: HashMap<char, Vec<usize>>,
    /// Entry indices by folded last character, longest word first.
    by_last: HashMap<char, Vec<usize>>,
    /// Length of the longest word.
    max_len: usize,
}

impl<T> Default for WordTable<T> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            by_first: HashMap::new(),
            by_last: HashMap::new(),
            max_len: 0,
        }
    }
}

impl<T> WordTable<T> {
    /// A table of these words; an empty word is ignored, and of two equal
    /// words the later one wins (a genre overrides the common tables).
    pub fn new(words: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut table = Self::default();
        for (w, v) in words {
            let chars: Vec<char> = w.chars().collect();
            if chars.is_empty() {
                continue;
            }
            if let Some(k) = table.entries.iter().position(|(e, _)| *e == chars) {
                table.entries[k].1 = v;
            } else {
                table.entries.push((chars, v));
            }
        }
        for (k, (w, _)) in table.entries.iter().enumerate() {
            if let (Some(&first), Some(&last)) = (w.first(), w.last()) {
                table.by_first.entry(fold(first)).or_default().push(k);
                table.by_last.entry(fold(last)).or_default().push(k);
            }
        }
        table.max_len = table
            .entries
            .iter()
            .map(|(w, _)| w.len())
            .max()
            .unwrap_or(0);
        let entries = &table.entries;
        for list in table
            .by_first
            .values_mut()
            .chain(table.by_last.values_mut())
        {
            list.sort_by_key(|&k| std::cmp::Reverse(entries[k].0.len()));
        }
        table
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the table has no words.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The words and their values, in table order.
    pub fn iter(&self) -> impl Iterator<Item = (&[char], &T)> {
        self.entries.iter().map(|(w, v)| (w.as_slice(), v))
    }

    /// The longest word written at `chars[i..]`: its length and value.
    pub fn longest_at(&self, chars: &[char], i: usize) -> Option<(usize, &T)> {
        let first = fold(*chars.get(i)?);
        self.by_first
            .get(&first)?
            .iter()
            .map(|&k| &self.entries[k])
            .find(|(w, _)| word_at(chars, i, w))
            .map(|(w, v)| (w.len(), v))
    }

    /// The longest word ending just before `chars[end]`: its length and value.
    pub fn longest_before(&self, chars: &[char], end: usize) -> Option<(usize, &T)> {
        let last = fold(*chars.get(end.checked_sub(1)?)?);
        self.by_last
            .get(&last)?
            .iter()
            .map(|&k| &self.entries[k])
            .find(|(w, _)| word_before(chars, end, w))
            .map(|(w, v)| (w.len(), v))
    }

    /// True when some word is written at `chars[i..]`.
    pub fn starts_at(&self, chars: &[char], i: usize) -> bool {
        self.longest_at(chars, i).is_some()
    }

    /// The longest word `s` starts with (in bytes), if any.
    pub fn longest_prefix(&self, s: &str) -> Option<usize> {
        let chars: Vec<char> = s.chars().take(self.max_len()).collect();
        self.longest_at(&chars, 0)
            .map(|(n, _)| chars[..n].iter().map(|c| c.len_utf8()).sum())
    }

    /// The longest word `s` ends with (in bytes), if any.
    pub fn longest_suffix(&self, s: &str) -> Option<usize> {
        let mut chars: Vec<char> = s.chars().rev().take(self.max_len()).collect();
        chars.reverse();
        self.longest_before(&chars, chars.len())
            .map(|(n, _)| chars[chars.len() - n..].iter().map(|c| c.len_utf8()).sum())
    }

    /// The first byte offset in `s` where a word starts, if any.
    pub fn find_in(&self, s: &str) -> Option<usize> {
        let chars: Vec<char> = s.chars().collect();
        let mut byte = 0;
        for (i, c) in chars.iter().enumerate() {
            if self.starts_at(&chars, i) {
                return Some(byte);
            }
            byte += c.len_utf8();
        }
        None
    }

    /// True when `s` is one of the words.
    pub fn contains(&self, s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        self.longest_at(&chars, 0)
            .is_some_and(|(n, _)| n == chars.len())
    }

    fn max_len(&self) -> usize {
        self.max_len
    }
}

/// A set of words without values.
pub type WordSet = WordTable<()>;

impl WordSet {
    /// A set of these words.
    pub fn of<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> Self {
        Self::new(words.into_iter().map(|w| (w.as_ref().to_owned(), ())))
    }
}

/// A set of single characters.
#[derive(Debug, Clone, Default)]
pub struct CharSet(Vec<char>);

impl CharSet {
    /// The characters of these strings.
    pub fn of<S: AsRef<str>>(parts: impl IntoIterator<Item = S>) -> Self {
        let mut v: Vec<char> = parts
            .into_iter()
            .flat_map(|s| s.as_ref().chars().collect::<Vec<_>>())
            .map(fold)
            .collect();
        v.sort_unstable();
        v.dedup();
        Self(v)
    }

    /// True when `c` (folded) is in the set.
    pub fn contains(&self, c: char) -> bool {
        self.0.binary_search(&fold(c)).is_ok()
    }

    /// True when the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn longest_word_wins_at_and_before() {
        let t = WordTable::new([("人".to_owned(), 1), ("人次".to_owned(), 2)]);
        let c = chars("7566人次服务");
        assert_eq!(t.longest_at(&c, 4), Some((2, &2)));
        assert_eq!(t.longest_before(&c, 6), Some((2, &2)));
        assert_eq!(t.longest_before(&c, 5), Some((1, &1)));
        assert_eq!(t.longest_at(&c, 0), None);
    }

    #[test]
    fn widths_fold() {
        let t = WordSet::of(["元/人·月"]);
        assert!(t.starts_at(&chars("元／人•月"), 0));
        assert!(t.contains("元/人·月"));
        assert_eq!(t.longest_suffix("标准为元/人·月"), Some("元/人·月".len()));
        assert_eq!(t.longest_prefix("元/人·月标准"), Some("元/人·月".len()));
    }

    #[test]
    fn later_entries_override() {
        let t = WordTable::new([("年".to_owned(), 1), ("年".to_owned(), 2)]);
        assert_eq!(t.len(), 1);
        assert_eq!(t.longest_at(&chars("年"), 0), Some((1, &2)));
    }
}
