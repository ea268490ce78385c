//! The `civkg` command: glue between the command line and the library.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use civkg::cli::{Cli, Command, ConvertArgs};
use civkg::convert::{self, Converted};
use civkg::graph::Config;
use civkg::lexicon::Lexicon;
use civkg::query::{self, OutputFormat};
use civkg::{store, table};

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CIVKG_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .without_time()
        .init();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`civkg figures … | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("civkg: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match cli.command {
        Command::Build {
            reports,
            location,
            convert,
        } => build(&reports, &location, &convert)?,
        Command::Figures {
            report,
            format,
            convert,
        } => {
            let lexicon = load_lexicon(&convert)?;
            let c = convert::convert_file(&report, &lexicon)?;
            let rows = table::figure_rows(&c.report, &c.extraction);
            table::write_figures(&rows, format, &mut out)?;
        }
        Command::Entities {
            report,
            format,
            convert,
        } => {
            let lexicon = load_lexicon(&convert)?;
            let c = convert::convert_file(&report, &lexicon)?;
            let rows = table::entity_rows(&c.report, &c.extraction, &lexicon, &config(&convert))?;
            table::write_entities(&rows, format, &mut out)?;
        }
        Command::Query {
            file,
            expression,
            format,
            location,
        } => {
            let text = match (file, expression) {
                (_, Some(e)) => e,
                (Some(f), None) => std::fs::read_to_string(&f)
                    .with_context(|| format!("{}: cannot read query", f.display()))?,
                (None, None) => bail!("give a query file or -e 'SPARQL'"),
            };
            let format = OutputFormat::parse(&format)
                .with_context(|| format!("unknown output format `{format}`"))?;
            let store = store::open_read_only(&location)?;
            let results = query::run(&store, &text)?;
            query::write(results, format, &mut out)?;
        }
        Command::Publish {
            location,
            out: dir,
            base,
            license,
            modified,
        } => {
            let config = civkg::publish::PublishConfig {
                base,
                license,
                modified,
            };
            publish(&location, &dir, &config)?;
        }
        Command::Stats { location } => {
            let store = store::open_read_only(&location)?;
            writeln!(out, "Instances per class")?;
            query::write(
                query::run(&store, query::STATS_CLASSES)?,
                OutputFormat::Table,
                &mut out,
            )?;
            writeln!(out, "\nQuads per graph")?;
            query::write(
                query::run(&store, query::STATS_GRAPHS)?,
                OutputFormat::Table,
                &mut out,
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn config(args: &ConvertArgs) -> Config {
    Config {
        base: args.base.clone(),
    }
}

fn load_lexicon(args: &ConvertArgs) -> anyhow::Result<Lexicon> {
    if args.no_lexicon {
        return Ok(Lexicon::empty());
    }
    let dir = args
        .lexicon
        .clone()
        .unwrap_or_else(|| convert::default_data_dir().join("lexicon"));
    Ok(Lexicon::load_dir(&dir)?)
}

fn build(reports: &[PathBuf], location: &Path, args: &ConvertArgs) -> anyhow::Result<()> {
    let lexicon = load_lexicon(args)?;
    let files = if reports.is_empty() {
        convert::report_files(&convert::default_data_dir().join("reports"))?
    } else {
        reports.to_vec()
    };
    let started = std::time::Instant::now();
    let bar = if files.len() > 1 {
        ProgressBar::new(files.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} converting {pos}/{len} {wide_bar} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut converted: Vec<Converted> = Vec::with_capacity(files.len());
    for f in &files {
        bar.set_message(f.display().to_string());
        converted.push(convert::convert_file(f, &lexicon)?);
        bar.inc(1);
    }
    bar.finish_and_clear();
    let quads = convert::dataset_quads(&converted, &lexicon, &config(args))?;
    let n = store::rebuild(location, &quads)?;
    let figures: usize = converted.iter().map(|c| c.extraction.figures.len()).sum();
    let entities: usize = converted.iter().map(|c| c.extraction.entities.len()).sum();
    tracing::info!(
        reports = converted.len(),
        figures,
        entities,
        quads = n,
        location = %location.display(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "store built"
    );
    Ok(())
}

fn publish(
    location: &Path,
    out: &Path,
    config: &civkg::publish::PublishConfig,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let store = store::open_read_only(location)?;
    let bar = ProgressBar::new_spinner();
    let mut on_file = |f: &civkg::publish::FileInfo| {
        bar.set_message(f.name.clone());
        bar.tick();
        Ok(())
    };
    let p = civkg::publish::publish_with(&store, out, config, &mut on_file)?;
    bar.finish_and_clear();
    let bytes: u64 = p.files.iter().map(|f| f.bytes).sum();
    tracing::info!(
        files = p.files.len(),
        bytes,
        quads = p.quads,
        content_hash = %p.content_hash,
        out = %out.display(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "published"
    );
    Ok(())
}
