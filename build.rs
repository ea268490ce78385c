//! Embeds every `queries/*.rq` file into the binary (see `src/presets.rs`).

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new("queries");
    println!("cargo:rerun-if-changed=queries");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".rq"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("&[\n");
    for f in &files {
        println!("cargo:rerun-if-changed=queries/{f}");
        let path = std::fs::canonicalize(dir.join(f)).unwrap_or_else(|_| dir.join(f));
        let _ = writeln!(
            out,
            "    ({f:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push(']');
    let target =
        Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("presets.rs");
    if let Err(e) = std::fs::write(&target, out) {
        panic!("cannot write {}: {e}", target.display());
    }
}
