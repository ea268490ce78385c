//! Small HTML helpers: escaping, and the page language.

use axum::http::{header, HeaderMap};

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The language of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    /// 中文.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// `?lang=zh|en`, else the first of `Accept-Language` that is Chinese
    /// or English, else Chinese (the language of the reports).
    pub(crate) fn pick(param: Option<&str>, headers: &HeaderMap) -> Self {
        let from = |tag: &str| {
            let tag = tag.trim().to_ascii_lowercase();
            if tag.starts_with("zh") {
                Some(Self::Zh)
            } else if tag.starts_with("en") {
                Some(Self::En)
            } else {
                None
            }
        };
        if let Some(lang) = param.and_then(from) {
            return lang;
        }
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.split(',')
                    .find_map(|t| from(t.split(';').next().unwrap_or(t)))
            })
            .unwrap_or(Self::Zh)
    }

    /// The BCP 47 tag.
    pub(crate) fn tag(self) -> &'static str {
        match self {
            Self::Zh => "zh",
            Self::En => "en",
        }
    }

    /// The other language.
    pub(crate) fn other(self) -> Self {
        match self {
            Self::Zh => Self::En,
            Self::En => Self::Zh,
        }
    }

    /// Picks the text in this language.
    pub(crate) fn t(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Self::Zh => zh,
            Self::En => en,
        }
    }
}

/// Inserts `<mark>` around code points `[start, end)` of `text`.
pub(crate) fn highlight(text: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let start = start.min(chars.len());
    let end = end.clamp(start, chars.len());
    let part = |a: usize, b: usize| escape(&chars[a..b].iter().collect::<String>());
    format!(
        "{}<mark>{}</mark>{}",
        part(0, start),
        part(start, end),
        part(end, chars.len())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_highlighting() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(
            highlight("发放资金7.83亿元。", 4, 10),
            "发放资金<mark>7.83亿元</mark>。"
        );
        assert_eq!(highlight("短", 3, 9), "短<mark></mark>");
    }

    #[test]
    fn language_choice() {
        let mut h = HeaderMap::new();
        assert_eq!(Lang::pick(None, &h), Lang::Zh);
        h.insert(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9".parse().unwrap());
        assert_eq!(Lang::pick(None, &h), Lang::En);
        assert_eq!(Lang::pick(Some("zh"), &h), Lang::Zh);
    }
}
