//! The landing page: what the dataset is, its files, how to query it.

use std::fmt::Write;

use super::describe::Meta;
use super::dumps::{Content, FileInfo};

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A size in bytes for people.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut size = bytes as f64 / 1024.0;
    let mut unit = UNITS[0];
    for u in &UNITS[1..] {
        if size < 1024.0 {
            break;
        }
        size /= 1024.0;
        unit = u;
    }
    format!("{size:.1} {unit}")
}

/// What the page shows.
#[derive(Debug)]
pub struct Page<'a> {
    /// Data IRI base.
    pub base: &'a str,
    /// Reports and labels.
    pub meta: &'a Meta,
    /// Every file but the page itself and SHA256SUMS.
    pub files: &'a [FileInfo],
    /// Number of quads.
    pub quads: usize,
    /// SHA-256 of canonical.nq.
    pub content_hash: &'a str,
    /// Licence IRI.
    pub license: &'a str,
}

fn section_title(c: &Content) -> &'static str {
    match c {
        Content::Dataset => "完整数据集 · Whole dataset",
        Content::Graph(_) => "共享命名图 · Shared named graphs (gzipped N-Quads)",
        Content::Catalog | Content::Void => "元数据 · Metadata (DCAT, VoID)",
        Content::Figures => "数据表 · Tables (CSV, UTF-8, opens in a spreadsheet)",
        _ => "本体、约束与规范形式 · Ontology, shapes, canonical form",
    }
}

impl Page<'_> {
    /// The HTML text.
    pub fn render(&self) -> String {
        let mut h = String::new();
        let reports = self.meta.reports.len();
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>民政工作总结知识图谱 · civkg open data</title>\n\
             <link rel=\"alternate\" type=\"text/turtle\" href=\"catalog.ttl\">\n\
             <link rel=\"alternate\" type=\"application/ld+json\" href=\"catalog.jsonld\">\n\
             <script type=\"application/ld+json\">{}</script>\n\
             <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.5}}\
             table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.2em .5em;text-align:left}}\
             td.n{{text-align:right;white-space:nowrap}}code{{background:#f4f4f4;padding:0 .2em;word-break:break-all}}</style>\n\
             </head>\n<body>\n<h1>民政工作总结知识图谱<br><small>civkg: knowledge graph of government work reports</small></h1>\n",
            self.schema_org()
        );
        let _ = write!(
            h,
            "<p>政府部门年度工作总结转换而成的关联数据：文档结构、数据指标、命名实体及其在原文中的位置。</p>\n\
             <p>Linked data converted from {reports} government work report(s): document structure, \
             figures (RDF Data Cube observations), named entities, and where in the text each is stated.</p>\n\
             <ul>\n<li>四元组 Quads: {}</li>\n<li>内容哈希 Content hash (SHA-256 of <a href=\"canonical.nq\">canonical.nq</a>, RDFC-1.0): <code>{}</code></li>\n\
             <li>许可 Licence: <a href=\"{}\">{}</a></li>\n<li>目录 Catalogue: <a href=\"catalog.ttl\">DCAT (Turtle)</a>, \
             <a href=\"catalog.jsonld\">DCAT (JSON-LD)</a>, <a href=\"void.ttl\">VoID</a>, <a href=\"SHA256SUMS\">SHA256SUMS</a></li>\n</ul>\n",
            self.quads,
            esc(self.content_hash),
            esc(self.license),
            esc(self.license)
        );
        let _ = writeln!(
            h,
            "<p class=\"cite\"><strong>引用 · How to cite</strong>: {}</p>",
            esc(&self.citation())
        );
        h.push_str("<h2>报告 · Reports</h2>\n<table>\n<tr><th>标题 Title</th><th>年份 Year</th><th>发布 Issued</th><th>发布机构 Publisher</th><th>下载 Download</th></tr>\n");
        let graph_files: std::collections::BTreeMap<&oxigraph::model::NamedNode, &FileInfo> = self
            .files
            .iter()
            .filter_map(|f| match &f.content {
                Content::Graph(g) => Some((g, f)),
                _ => None,
            })
            .collect();
        for r in &self.meta.reports {
            let publisher = r
                .publisher
                .as_ref()
                .map(|p| self.meta.label(p.as_str(), "zh").unwrap_or(p.as_str()))
                .unwrap_or("");
            let download = graph_files
                .get(&r.graph)
                .map(|f| {
                    format!(
                        "<a href=\"{0}\">{0}</a> ({1})",
                        esc(&f.name),
                        human_size(f.bytes)
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(
                h,
                "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(r.report.as_str()),
                esc(r.title.as_deref().unwrap_or(r.report.as_str())),
                r.year.map(|y| y.to_string()).unwrap_or_default(),
                esc(r.date().unwrap_or("")),
                esc(publisher),
                download
            );
        }
        h.push_str("</table>\n<h2>下载 · Downloads</h2>\n");
        let mut current = "";
        // A report's graph file is listed beside the report, above: the
        // downloads list stays a screenful at any number of reports.
        let report_graphs: std::collections::BTreeSet<_> =
            self.meta.reports.iter().map(|r| &r.graph).collect();
        let is_report_graph =
            |f: &FileInfo| matches!(&f.content, Content::Graph(g) if report_graphs.contains(g));
        for f in self.files.iter().filter(|f| !is_report_graph(f)) {
            let title = section_title(&f.content);
            if title != current {
                if !current.is_empty() {
                    h.push_str("</table>\n");
                }
                let _ = write!(h, "<h3>{title}</h3>\n<table>\n<tr><th>文件 File</th><th>格式 Format</th><th>大小 Size</th><th>SHA-256</th></tr>\n");
                current = title;
            }
            let _ = writeln!(
                h,
                "<tr><td><a href=\"{0}\">{0}</a></td><td>{1}</td><td class=\"n\">{2}</td><td><code>{3}</code></td></tr>",
                esc(&f.name),
                esc(f.media_type()),
                human_size(f.bytes),
                &f.sha256[..16.min(f.sha256.len())]
            );
        }
        if !current.is_empty() {
            h.push_str("</table>\n");
        }
        let endpoint = format!("{}sparql", self.base);
        let _ = write!(
            h,
            "<h2>查询 · Query</h2>\n<p>SPARQL endpoint: <code>{0}</code></p>\n\
             <pre><code>curl -H 'Accept: text/csv' --data-urlencode 'query=\
             PREFIX civkg: &lt;https://w3id.org/civkg/ontology#&gt;\n\
             SELECT ?figure ?value WHERE {{ ?figure a civkg:Figure ; civkg:value ?value }} LIMIT 10' {0}</code></pre>\n\
             <p>Or load a dump locally, e.g. <code>civkg.nq.gz</code> into any RDF store, and check it against <code>SHA256SUMS</code> \
             (<code>sha256sum -c SHA256SUMS</code>).</p>\n</body>\n</html>\n",
            esc(&endpoint)
        );
        h
    }
}

impl Page<'_> {
    /// `{base}dataset`, the whole dataset's IRI (as in the catalogue).
    fn dataset(&self) -> String {
        format!("{}dataset", self.base)
    }

    fn publisher(&self) -> Option<&str> {
        let p = self.meta.main_publisher()?;
        Some(self.meta.label(p.as_str(), "zh").unwrap_or(p.as_str()))
    }

    /// One line to cite the dataset by: publisher, years, title, IRI and
    /// the content hash that pins the version.
    pub fn citation(&self) -> String {
        let years = match self.meta.year_range() {
            Some((a, b)) if a == b => format!("{a}"),
            Some((a, b)) => format!("{a}–{b}"),
            None => "n.d.".to_owned(),
        };
        format!(
            "{} ({years}). 民政工作总结知识图谱 · civkg: knowledge graph of government work reports [dataset]. {}. Version sha256:{}.",
            self.publisher().unwrap_or("civkg"),
            self.dataset(),
            self.content_hash
        )
    }

    /// A schema.org `Dataset` for dataset search engines, as JSON for a
    /// `<script type="application/ld+json">` element.
    pub fn schema_org(&self) -> String {
        let downloads: Vec<serde_json::Value> = self
            .files
            .iter()
            .filter(|f| matches!(f.content, Content::Dataset | Content::Canonical))
            .map(|f| {
                serde_json::json!({
                    "@type": "DataDownload",
                    "contentUrl": format!("{}dumps/{}", self.base, f.name),
                    "encodingFormat": f.media_type(),
                    "contentSize": f.bytes.to_string(),
                })
            })
            .collect();
        let mut doc = serde_json::json!({
            "@context": "https://schema.org/",
            "@type": "Dataset",
            "@id": self.dataset(),
            "name": ["民政工作总结知识图谱", "civkg: knowledge graph of government work reports"],
            "description": format!(
                "Linked data converted from {} government work report(s): document structure, figures, named entities, and where in the text each is stated.",
                self.meta.reports.len()
            ),
            "url": format!("{}dumps/index.html", self.base),
            "license": self.license,
            "version": format!("sha256:{}", self.content_hash),
            "inLanguage": ["zh", "en"],
            "keywords": ["工作总结", "民政", "work report", "linked data"],
            "isAccessibleForFree": true,
            "distribution": downloads,
            "citation": self.citation(),
        });
        if let Some(p) = self.publisher() {
            doc["publisher"] = serde_json::json!({"@type": "Organization", "name": p});
            doc["creator"] = doc["publisher"].clone();
        }
        if let Some((a, b)) = self.meta.year_range() {
            doc["temporalCoverage"] = format!("{a}/{b}").into();
        }
        // Inside <script>, "</" would end the element.
        doc.to_string().replace("</", "<\\/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_for_people() {
        let cases = [
            (0, "0 B"),
            (1023, "1023 B"),
            (1536, "1.5 KiB"),
            (5 << 20, "5.0 MiB"),
        ];
        for (bytes, text) in cases {
            assert_eq!(human_size(bytes), text);
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<a href=\"x\">&</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
    }
}
