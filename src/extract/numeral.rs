//! Arabic and Chinese numerals with magnitudes, as exact decimals.
//!
//! Reports write quantities as Arabic digits (half- or full-width, with
//! optional `,` thousands separators and a decimal point: `1,045`,
//! `2136.1`, `１２００`), as Chinese numerals (`两`, `十二`, `一百二十`,
//! `两千`), and follow either with a magnitude (`7.83亿`, `2400万`, `3千`).
//! Everything here is exact: values are [`Decimal`]s, never floats.
//!
//! The functions work on a slice of `char`s so that callers can keep
//! code-point offsets; they only read, never allocate more than a small
//! string for [`Decimal`] parsing.

use std::str::FromStr;

use rust_decimal::Decimal;

/// Which writing system a numeral uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Arabic digits, half- or full-width (`1045`, `１２００`).
    Arabic,
    /// Chinese numerals (`两`, `一百二十`, `两千`).
    Chinese,
}

/// A numeral read from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numeral {
    /// Its exact value (magnitudes written inside a Chinese numeral included).
    pub value: Decimal,
    /// Number of code points it covers.
    pub len: usize,
    /// How it is written.
    pub script: Script,
    /// Number of digits before the decimal point (Arabic only; 0 for Chinese).
    pub integer_digits: usize,
    /// True when it has a decimal part.
    pub has_fraction: bool,
    /// False when `value` is not the numeral's exact value: more than 28
    /// significant digits (rounded) or beyond ±7.9·10²⁸ (`value` is then
    /// the largest decimal).
    pub exact: bool,
}

/// Value of an Arabic digit, half- (`7`) or full-width (`７`).
pub fn arabic_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// True for an Arabic digit, half- or full-width.
pub fn is_arabic_digit(c: char) -> bool {
    arabic_digit(c).is_some()
}

/// Value of a Chinese digit (`零〇一二两三四五六七八九`).
pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Power of ten of a Chinese unit or magnitude character (`十` → 1 … `亿` → 8).
fn chinese_power(c: char) -> Option<u32> {
    Some(match c {
        '十' => 1,
        '百' => 2,
        '千' => 3,
        '万' => 4,
        '亿' => 8,
        _ => return None,
    })
}

/// True for any character that can be part of a Chinese numeral.
pub fn is_chinese_numeral_char(c: char) -> bool {
    chinese_digit(c).is_some() || chinese_power(c).is_some()
}

/// True for a character that can open a Chinese numeral: a digit other than
/// zero, or `十`. (`百`, `千`, `万`, `亿` alone open words such as 百姓,
/// 千佛山, 万家, never a quantity.)
pub fn opens_chinese_numeral(c: char) -> bool {
    c == '十' || chinese_digit(c).is_some_and(|d| d > 0)
}

/// `10^exp` as a decimal.
fn pow10(exp: u32) -> Decimal {
    Decimal::from_i128_with_scale(10i128.pow(exp), 0)
}

/// Reads an Arabic numeral at `chars[i]`: digits, `,` thousands groups and a
/// decimal part (`.` or `．`). `None` when `chars[i]` is not a digit.
pub fn arabic_at(chars: &[char], i: usize) -> Option<Numeral> {
    let mut text = String::new();
    let mut j = i;
    let mut integer_digits = 0;
    while let Some(d) = chars.get(j).copied().and_then(arabic_digit) {
        text.push(char::from_digit(d, 10)?);
        integer_digits += 1;
        j += 1;
    }
    if integer_digits == 0 {
        return None;
    }
    // Thousands groups: `1,045`, `12,345,678` — only after a first group of
    // one to three digits, and only groups of exactly three.
    // Full-width text uses the full-width comma (`２８，０４９，７８０，０００`);
    // in half-width text `，` separates clauses, never digits.
    let full_width = chars.get(i).is_some_and(|c| !c.is_ascii_digit());
    let separator = |c: Option<&char>| c == Some(&',') || (full_width && c == Some(&'，'));
    if integer_digits <= 3 {
        while separator(chars.get(j)) && exactly_three_digits_at(chars, j + 1) {
            for &c in &chars[j + 1..j + 4] {
                text.push(char::from_digit(arabic_digit(c)?, 10)?);
            }
            integer_digits += 3;
            j += 4;
        }
    }
    let mut has_fraction = false;
    if matches!(chars.get(j), Some('.' | '．'))
        && chars.get(j + 1).copied().is_some_and(is_arabic_digit)
    {
        text.push('.');
        j += 1;
        while let Some(d) = chars.get(j).copied().and_then(arabic_digit) {
            text.push(char::from_digit(d, 10)?);
            j += 1;
        }
        has_fraction = true;
    }
    let (value, exact) = match Decimal::from_str_exact(&text) {
        Ok(value) => (value, true),
        // Rounded to 28 digits, or too large for any decimal.
        Err(_) => (Decimal::from_str(&text).unwrap_or(Decimal::MAX), false),
    };
    Some(Numeral {
        value,
        len: j - i,
        script: Script::Arabic,
        integer_digits,
        has_fraction,
        exact,
    })
}

fn exactly_three_digits_at(chars: &[char], j: usize) -> bool {
    (j..j + 3).all(|k| chars.get(k).copied().is_some_and(is_arabic_digit))
        && !chars.get(j + 3).copied().is_some_and(is_arabic_digit)
}

/// Length of the run of Chinese numeral characters starting at `chars[i]`.
pub fn chinese_run_len(chars: &[char], i: usize) -> usize {
    chars[i.min(chars.len())..]
        .iter()
        .take_while(|c| is_chinese_numeral_char(**c))
        .count()
}

/// Reads the Chinese numeral formed by the whole run of numeral characters
/// at `chars[i]`. `None` when the run does not open a numeral (see
/// [`opens_chinese_numeral`]) or is not well formed (`十四五`, `二〇二三`).
pub fn chinese_at(chars: &[char], i: usize) -> Option<Numeral> {
    let first = *chars.get(i)?;
    if !opens_chinese_numeral(first) {
        return None;
    }
    let len = chinese_run_len(chars, i);
    let run: String = chars[i..i + len].iter().collect();
    let value = parse_chinese(&run)?;
    Some(Numeral {
        value,
        len,
        script: Script::Chinese,
        integer_digits: 0,
        has_fraction: false,
        exact: true,
    })
}

/// Parses a well-formed Chinese numeral: `两` → 2, `十二` → 12,
/// `一百二十` → 120, `一百零五` → 105, `两千` → 2000, `三万五千` → 35000,
/// `两万五` → 25000 (a bare last digit counts in the next lower unit).
/// Digit strings (`二〇二三`), repeated or rising units (`十四五`, `百千`)
/// are rejected.
pub fn parse_chinese(s: &str) -> Option<Decimal> {
    /// Value of the part below 万, and the last unit used in it.
    #[derive(Default)]
    struct Group {
        value: u64,
        last_unit: u32,
        digit: Option<u64>,
        zero: bool,
    }
    impl Group {
        fn close(&mut self, big_unit: Option<u32>) -> u64 {
            let tail = match (self.digit.take(), self.last_unit) {
                (None, _) => 0,
                (Some(d), 0) => match big_unit {
                    // 两万五 = 25000: a bare digit after 万 counts in thousands.
                    Some(p) if !self.zero => d * 10u64.pow(p - 1),
                    _ => d,
                },
                (Some(d), 1) => d,
                // 一百二 = 120, 三千五 = 3500; 一百零五 = 105.
                (Some(d), u) if !self.zero => d * 10u64.pow(u - 1),
                (Some(d), _) => d,
            };
            let v = self.value + tail;
            *self = Group::default();
            v
        }
    }

    let mut total: u64 = 0;
    let mut wan: Option<u64> = None;
    let mut last_big: Option<u32> = None;
    let mut g = Group::default();
    let mut any = false;
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            if g.digit.is_some() {
                return None;
            }
            if d == 0 {
                if g.zero || (g.last_unit == 0 && last_big.is_none()) {
                    return None;
                }
                g.zero = true;
            } else {
                g.digit = Some(u64::from(d));
            }
            any = true;
            continue;
        }
        match chinese_power(c)? {
            p @ 1..=3 => {
                if g.last_unit != 0 && p >= g.last_unit {
                    return None;
                }
                let d = match g.digit.take() {
                    Some(d) => d,
                    None if p == 1 && (g.value == 0 || g.zero) => 1,
                    None => return None,
                };
                g.value += d * 10u64.pow(p);
                g.last_unit = p;
                g.zero = false;
                any = true;
            }
            4 => {
                if wan.is_some() || last_big == Some(4) {
                    return None;
                }
                let v = g.close(None);
                if v == 0 {
                    return None;
                }
                wan = Some(v);
                last_big = Some(4);
            }
            8 => {
                if last_big == Some(8) || total != 0 {
                    return None;
                }
                let v = wan.take().unwrap_or(0) * 10_000 + g.close(None);
                if v == 0 {
                    return None;
                }
                total = v * 100_000_000;
                last_big = Some(8);
            }
            _ => return None,
        }
    }
    if !any {
        return None;
    }
    let below_wan = g.close(last_big);
    let value = total + wan.unwrap_or(0) * 10_000 + below_wan;
    Some(Decimal::from(value))
}

/// Reads a magnitude written after an Arabic numeral at `chars[i]`: `百`,
/// `千`, `万`, `亿`, `十万`, `百万`, `千万`, `十亿`, `百亿`, `千亿`, `万亿`.
/// Returns the multiplier and the number of code points.
pub fn magnitude_at(chars: &[char], i: usize) -> Option<(Decimal, usize)> {
    let mut exp = 0;
    let mut j = i;
    if let Some(p @ 1..=3) = chars.get(j).copied().and_then(chinese_power) {
        // A lone 十 after Arabic digits is not a magnitude (3十 is not written).
        let next = chars.get(j + 1).copied().and_then(chinese_power);
        if p == 1 && !matches!(next, Some(4 | 8)) {
            return None;
        }
        exp += p;
        j += 1;
    }
    if chars.get(j) == Some(&'万') {
        exp += 4;
        j += 1;
    }
    if chars.get(j) == Some(&'亿') {
        exp += 8;
        j += 1;
    }
    (j > i).then(|| (pow10(exp), j - i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn dec(s: &str) -> Decimal {
        match Decimal::from_str(s) {
            Ok(d) => d,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    #[test]
    fn arabic_numerals() {
        let cases = [
            ("plain integer", "1045元", Some(("1045", 4))),
            ("decimal", "2136.1万元", Some(("2136.1", 6))),
            ("leading zero decimal", "0.35亿元", Some(("0.35", 4))),
            ("thousands separator", "1,045元", Some(("1045", 5))),
            (
                "two thousands groups",
                "12,345,678人",
                Some(("12345678", 10)),
            ),
            ("comma not a thousands group", "3,12人", Some(("3", 1))),
            ("comma after four digits", "1045,814", Some(("1045", 4))),
            ("full-width digits", "１２００余名", Some(("1200", 4))),
            ("full-width decimal point", "３．５亿", Some(("3.5", 3))),
            (
                "point without digits is no decimal",
                "1.提高",
                Some(("1", 1)),
            ),
            ("not a digit", "元", None),
        ];
        for (name, text, want) in cases {
            let got = arabic_at(&chars(text), 0).map(|n| (n.value, n.len));
            assert_eq!(got, want.map(|(v, l)| (dec(v), l)), "{name}");
        }
    }

    #[test]
    fn chinese_numerals() {
        let cases = [
            ("single digit", "五", Some(5)),
            ("liang", "两", Some(2)),
            ("ten", "十", Some(10)),
            ("teens", "十二", Some(12)),
            ("tens", "三十", Some(30)),
            ("tens and units", "二十三", Some(23)),
            ("hundreds", "一百二十", Some(120)),
            ("hundreds with zero", "一百零五", Some(105)),
            ("colloquial hundreds", "一百二", Some(120)),
            ("thousands with liang", "两千", Some(2000)),
            ("colloquial thousands", "三千五", Some(3500)),
            ("wan", "三万五千", Some(35000)),
            ("colloquial wan", "两万五", Some(25000)),
            ("wan alone after digit", "两万", Some(20000)),
            ("yi", "一亿二千万", Some(120_000_000)),
            ("plan name is not a numeral", "十四五", None),
            ("digit string year", "二〇二三", None),
            ("rising units", "百千", None),
            ("repeated unit", "十十", None),
            ("leading zero", "零", None),
            ("bare hundred", "百", None),
        ];
        for (name, text, want) in cases {
            assert_eq!(
                parse_chinese(text),
                want.map(Decimal::from),
                "{name}: {text}"
            );
        }
    }

    #[test]
    fn chinese_runs_open_only_on_digits() {
        assert_eq!(chinese_at(&chars("千佛山"), 0), None);
        assert_eq!(chinese_at(&chars("万家"), 0), None);
        assert_eq!(chinese_at(&chars("百姓"), 0), None);
        let n = chinese_at(&chars("两千余名"), 0).map(|n| (n.value, n.len));
        assert_eq!(n, Some((Decimal::from(2000), 2)));
    }

    #[test]
    fn magnitudes() {
        let cases = [
            ("wan", "万元", Some((10_000i64, 1))),
            ("yi", "亿元", Some((100_000_000, 1))),
            ("qian", "千余人次", Some((1000, 1))),
            ("qian wan", "千万元", Some((10_000_000, 2))),
            ("shi wan", "十万人", Some((100_000, 2))),
            ("lone shi", "十人", None),
            ("none", "人", None),
        ];
        for (name, text, want) in cases {
            let got = magnitude_at(&chars(text), 0);
            assert_eq!(got, want.map(|(m, l)| (Decimal::from(m), l)), "{name}");
        }
    }
}
