//! The `civkg` command: glue between the command line and the library.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use civkg::cli::{Cli, Command, ConvertArgs};
use civkg::convert::{self, Knowledge};
use civkg::graph::Config;
use civkg::pipeline::{self, BuildOptions};
use civkg::query::{self, OutputFormat};
use civkg::{linking, presets, server, store, table};

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CIVKG_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .without_time()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
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
            add,
            remove,
            full,
            location,
            convert,
        } => {
            let mut options = build_options(&reports, &location, &convert);
            options.add = add;
            options.remove = remove;
            options.full = full;
            return build(&options);
        }
        Command::Figures {
            report,
            format,
            convert,
        } => {
            let knowledge = knowledge(&convert)?;
            let c = convert::convert_file(&report, &knowledge, convert.genre.as_deref())?;
            let rows = table::figure_rows(&c.report, &c.extraction);
            table::write_figures(&rows, format, &mut out)?;
        }
        Command::Entities {
            report,
            format,
            convert,
        } => {
            let knowledge = knowledge(&convert)?;
            let c = convert::convert_file(&report, &knowledge, convert.genre.as_deref())?;
            let rows = table::entity_rows(
                &c.report,
                &c.extraction,
                &knowledge.lexicon,
                &config(&convert),
            )?;
            table::write_entities(&rows, format, &mut out)?;
        }
        Command::Query {
            file,
            expression,
            preset,
            params,
            list,
            format,
            location,
        } => {
            if list {
                for p in presets::all()? {
                    writeln!(
                        out,
                        "{}\n    {}\n    {}",
                        p.id, p.question_zh, p.question_en
                    )?;
                    for param in &p.params {
                        writeln!(
                            out,
                            "    --param {}=… ({:?}, default {:?})",
                            param.name, param.kind, param.default
                        )?;
                    }
                }
                out.flush()?;
                return Ok(ExitCode::SUCCESS);
            }
            let (text, bindings) = match (file, expression, preset) {
                (_, _, Some(id)) => {
                    let p = presets::get(&id)?;
                    let args = params
                        .iter()
                        .map(|a| {
                            a.split_once('=')
                                .with_context(|| format!("--param `{a}`: expected NAME=VALUE"))
                        })
                        .collect::<anyhow::Result<Vec<_>>>()?;
                    let bindings = p.bindings(args)?;
                    (p.query, bindings)
                }
                (_, Some(e), None) => (e, Vec::new()),
                (Some(f), None, None) => (
                    std::fs::read_to_string(&f)
                        .with_context(|| format!("{}: cannot read query", f.display()))?,
                    Vec::new(),
                ),
                (None, None, None) => bail!("give a query file, -e 'SPARQL' or --preset ID"),
            };
            let format = OutputFormat::parse(&format)
                .with_context(|| format!("unknown output format `{format}`"))?;
            let store = store::open_read_only(&location)?;
            // Timed from the open store to the last result written, so that
            // benchmarks (benches/scale.sh) read the evaluation, not the start-up.
            let started = std::time::Instant::now();
            let results = query::run_with(&store, &text, bindings)?;
            query::write(results, format, &mut out)?;
            out.flush()?;
            tracing::info!(
                elapsed_us = started.elapsed().as_micros() as u64,
                "query answered"
            );
        }
        Command::Link {
            target,
            location,
            dry_run,
            threshold,
            timeout,
            retries,
            code_property,
            base,
        } => link(
            &LinkArgs {
                target,
                location,
                dry_run,
                threshold,
                timeout,
                retries,
                code_property,
            },
            &Config { base },
            &mut out,
        )?,
        Command::Publish {
            location,
            out: dir,
            base,
            license,
            modified,
            contact,
            themes,
        } => {
            let config = civkg::publish::PublishConfig {
                base,
                license,
                modified,
                contact,
                themes,
            };
            publish(&location, &dir, &config)?;
        }
        Command::Serve {
            location,
            bind,
            timeout,
            max_rows,
            write_token,
            allow_federation,
            dumps,
            max_queries,
            max_streams,
            max_connections,
            idle_timeout,
            write_timeout,
            max_memory,
            convert,
        } => {
            if store::current_generation(&location).is_none() {
                tracing::info!(location = %location.display(), "no store yet: building it from the bundled reports");
                let _status = build(&build_options(&[], &location, &convert))?;
            }
            let config = server::ServerConfig {
                timeout: seconds("--timeout", timeout)?,
                max_rows,
                write_token,
                allow_federation,
                dumps: Some(dumps),
                max_evaluations: max_queries,
                max_streams,
                max_connections,
                header_timeout: seconds("--idle-timeout", idle_timeout)?,
                write_timeout: seconds("--write-timeout", write_timeout)?,
                max_memory: max_memory.map_or_else(server::default_max_memory, |mb| mb << 20),
                ..server::ServerConfig::new(location, convert.base.clone())
            };
            serve(config, &bind)?;
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

/// A positive duration given in seconds on the command line.
fn seconds(flag: &str, value: f64) -> anyhow::Result<std::time::Duration> {
    std::time::Duration::try_from_secs_f64(value)
        .ok()
        .filter(|t| !t.is_zero())
        .with_context(|| format!("{flag} {value}: expected a positive number of seconds"))
}

fn serve(config: server::ServerConfig, bind: &str) -> anyhow::Result<()> {
    let state = server::AppState::open(config)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .with_context(|| format!("cannot listen on {bind}"))?;
        let address = listener.local_addr()?;
        tracing::info!("serving http://{address}/ (SPARQL endpoint: http://{address}/sparql)");
        server::run(listener, state, stop_signal()).await?;
        anyhow::Ok(())
    })?;
    // Evaluations that have not noticed their cancellation yet are not
    // waited for: the process ends.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    Ok(())
}

/// Resolves on SIGINT or SIGTERM (on SIGINT alone where there is no
/// SIGTERM); never where no handler can be installed.
async fn stop_signal() {
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        () = interrupt => tracing::info!("interrupted: shutting down"),
        () = terminate => tracing::info!("terminated: shutting down"),
    }
}

fn config(args: &ConvertArgs) -> Config {
    Config {
        base: args.base.clone(),
    }
}

fn knowledge(args: &ConvertArgs) -> anyhow::Result<Knowledge> {
    Ok(build_options(&[], Path::new(""), args).knowledge()?)
}

fn build_options(reports: &[PathBuf], location: &Path, args: &ConvertArgs) -> BuildOptions {
    BuildOptions {
        reports: reports.to_vec(),
        location: location.to_owned(),
        data: convert::default_data_dir(),
        lexicon: args.lexicon.clone(),
        no_lexicon: args.no_lexicon,
        genre: args.genre.clone(),
        config: config(args),
        strict: args.strict,
        add: false,
        remove: Vec::new(),
        full: false,
    }
}

/// `civkg build`: every report that converts is stored; the others are
/// reported, and the exit status says some failed.
fn build(options: &BuildOptions) -> anyhow::Result<ExitCode> {
    let location = &options.location;
    let started = std::time::Instant::now();
    let total = options.files()?.len();
    let bar = if total > 1 {
        ProgressBar::new(total as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} converting {pos}/{len} {wide_bar} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut on_file = |f: &Path| {
        bar.set_message(f.display().to_string());
        bar.inc(1);
    };
    let result = pipeline::build(options, &mut on_file);
    bar.finish_and_clear();
    let report = result?;
    for f in &report.failures {
        eprintln!("civkg: error: {f}");
    }
    tracing::info!(
        reports = report.reports,
        converted = report.converted.len(),
        reused = report.reused,
        failed = report.failures.len(),
        figures = report.figures,
        entities = report.entities,
        quads = report.quads.map_or_else(|| "not counted".to_owned(), |n| n.to_string()),
        unresolved_places = report.unresolved_places,
        location = %location.display(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "store built"
    );
    Ok(if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "civkg: {} of {total} report(s) failed and were left out (--strict fails the build instead)",
            report.failures.len()
        );
        ExitCode::FAILURE
    })
}

struct LinkArgs {
    target: String,
    location: PathBuf,
    dry_run: bool,
    threshold: f64,
    timeout: u64,
    retries: u32,
    code_property: String,
}

fn link(args: &LinkArgs, config: &Config, out: &mut impl Write) -> anyhow::Result<()> {
    let options = linking::EndpointOptions {
        timeout: std::time::Duration::from_secs(args.timeout),
        retries: args.retries,
        code_property: args.code_property.clone(),
        ..linking::EndpointOptions::default()
    };
    let target = linking::Target::open(linking::TargetSpec::parse(&args.target), options)?;
    let report = linking::link(
        &args.location,
        &target,
        args.threshold,
        args.dry_run,
        config,
    )?;
    if args.dry_run {
        linking::discover::write_table(&report.candidates, out)?;
    } else {
        let same = report
            .candidates
            .iter()
            .filter(|c| c.score >= linking::SAME_AS_SCORE)
            .count();
        writeln!(
            out,
            "{} link(s) to {} ({same} owl:sameAs, {} skos:closeMatch) written to <{}> ({} quads) in {}",
            report.candidates.len(),
            target.iri,
            report.candidates.len() - same,
            report.graph,
            report.quads,
            args.location.display()
        )?;
    }
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
