//! Label normalisation for matching names across datasets: full-width to
//! half-width, white space, traditional to simplified characters, and the
//! division suffixes (省, 市, 区, 县 …) that one dataset writes and another
//! drops.

/// Traditional → simplified characters common in the names of divisions
/// and public bodies. A small table, not a converter: enough for the names
/// civkg links, extended when a name needs it.
const TRADITIONAL: [(char, char); 96] = [
    ('區', '区'),
    ('縣', '县'),
    ('鎮', '镇'),
    ('鄉', '乡'),
    ('東', '东'),
    ('門', '门'),
    ('濟', '济'),
    ('歷', '历'),
    ('長', '长'),
    ('陽', '阳'),
    ('蕪', '芜'),
    ('鋼', '钢'),
    ('陰', '阴'),
    ('萊', '莱'),
    ('濰', '潍'),
    ('壽', '寿'),
    ('諸', '诸'),
    ('張', '张'),
    ('臨', '临'),
    ('橋', '桥'),
    ('蔭', '荫'),
    ('莊', '庄'),
    ('廣', '广'),
    ('魯', '鲁'),
    ('齊', '齐'),
    ('開', '开'),
    ('發', '发'),
    ('舊', '旧'),
    ('動', '动'),
    ('換', '换'),
    ('轉', '转'),
    ('業', '业'),
    ('產', '产'),
    ('經', '经'),
    ('國', '国'),
    ('華', '华'),
    ('會', '会'),
    ('團', '团'),
    ('務', '务'),
    ('員', '员'),
    ('衛', '卫'),
    ('義', '义'),
    ('臺', '台'),
    ('灣', '湾'),
    ('蘇', '苏'),
    ('龍', '龙'),
    ('關', '关'),
    ('廳', '厅'),
    ('黨', '党'),
    ('總', '总'),
    ('館', '馆'),
    ('醫', '医'),
    ('療', '疗'),
    ('範', '范'),
    ('劃', '划'),
    ('興', '兴'),
    ('農', '农'),
    ('兒', '儿'),
    ('愛', '爱'),
    ('組', '组'),
    ('織', '织'),
    ('書', '书'),
    ('記', '记'),
    ('處', '处'),
    ('際', '际'),
    ('內', '内'),
    ('體', '体'),
    ('協', '协'),
    ('專', '专'),
    ('設', '设'),
    ('濱', '滨'),
    ('學', '学'),
    ('聯', '联'),
    ('傳', '传'),
    ('電', '电'),
    ('視', '视'),
    ('報', '报'),
    ('網', '网'),
    ('陸', '陆'),
    ('島', '岛'),
    ('鹽', '盐'),
    ('滬', '沪'),
    ('漢', '汉'),
    ('陝', '陕'),
    ('遼', '辽'),
    ('寧', '宁'),
    ('蘭', '兰'),
    ('烏', '乌'),
    ('劉', '刘'),
    ('溝', '沟'),
    ('灘', '滩'),
    ('鄭', '郑'),
    ('貴', '贵'),
    ('風', '风'),
    ('雲', '云'),
    ('議', '议'),
];

/// Division suffixes, longest first: stripped to compare 济南 with 济南市.
const SUFFIXES: [&str; 11] = [
    "特别行政区",
    "自治州",
    "自治县",
    "自治区",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
];

/// Full-width forms to half-width, ideographic space to nothing, other
/// white space removed.
pub fn width(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\u{3000}' => None,
            c if c.is_whitespace() => None,
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            c => Some(c),
        })
        .collect()
}

/// Traditional characters of the table to simplified ones.
pub fn simplified(s: &str) -> String {
    s.chars()
        .map(|c| {
            TRADITIONAL
                .iter()
                .find(|(t, _)| *t == c)
                .map_or(c, |&(_, simple)| simple)
        })
        .collect()
}

/// Simplified characters of the table to traditional ones (to query a
/// dataset that writes traditional names).
pub fn traditional(s: &str) -> String {
    s.chars()
        .map(|c| {
            TRADITIONAL
                .iter()
                .find(|(_, simple)| *simple == c)
                .map_or(c, |&(t, _)| t)
        })
        .collect()
}

/// The name without one trailing division suffix, when at least two
/// characters remain (莱芜区 → 莱芜; 市中区 → 市中; 北区 stays).
pub fn without_suffix(s: &str) -> Option<&str> {
    SUFFIXES.iter().find_map(|suffix| {
        s.strip_suffix(suffix)
            .filter(|rest| rest.chars().count() >= 2)
    })
}

/// The key two labels are compared by at each strictness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strictness {
    /// Equal after width and white-space normalisation.
    Exact,
    /// Equal after traditional → simplified too.
    Variant,
    /// Equal after dropping a division suffix too.
    Suffix,
}

/// The comparison key of `label` at `strictness`.
pub fn key(label: &str, strictness: Strictness) -> String {
    let w = width(label);
    match strictness {
        Strictness::Exact => w,
        Strictness::Variant => simplified(&w),
        Strictness::Suffix => {
            let s = simplified(&w);
            without_suffix(&s).map_or_else(|| s.clone(), str::to_owned)
        }
    }
}

/// The labels to look up in another dataset for `label`: as written,
/// simplified, traditional, and each without its suffix.
pub fn query_variants(label: &str) -> Vec<String> {
    let s = simplified(&width(label));
    let mut v = vec![width(label), s.clone(), traditional(&s)];
    if let Some(bare) = without_suffix(&s) {
        v.push(bare.to_owned());
        v.push(traditional(bare));
    }
    let mut out: Vec<String> = Vec::new();
    for x in v {
        if !x.is_empty() && !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_at_each_strictness() {
        let cases = [
            (
                "full-width digits and space",
                "第１ 区",
                Strictness::Exact,
                "第1区",
            ),
            (
                "traditional",
                "濟南市歷下區",
                Strictness::Variant,
                "济南市历下区",
            ),
            ("suffix", "莱芜区", Strictness::Suffix, "莱芜"),
            (
                "suffix of a traditional name",
                "萊蕪區",
                Strictness::Suffix,
                "莱芜",
            ),
            ("two characters stay", "北区", Strictness::Suffix, "北区"),
            (
                "autonomous county",
                "长阳土家族自治县",
                Strictness::Suffix,
                "长阳土家族",
            ),
        ];
        for (name, input, strictness, expected) in cases {
            assert_eq!(key(input, strictness), expected, "{name}");
        }
    }

    #[test]
    fn variants_to_query() {
        assert_eq!(
            query_variants("济南市"),
            ["济南市", "濟南市", "济南", "濟南"]
        );
    }
}
