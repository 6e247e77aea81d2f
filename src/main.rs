//! The `parallax` command: parse the command line, resolve the configuration,
//! build the thread pool, run, and map errors to exit codes.

use clap::Parser;
use parallax::cli::{Cli, Command, StageChoice};
use parallax::config::{self, Overrides};
use parallax::error::Error;
use parallax::pipeline::{self, Stage};
use std::process::ExitCode;

// The stages allocate column buffers and many small values (extract's quotes
// and claims, aggregate's polars frames) and free them a batch later. On BBC,
// five alternated `run all` runs (2026-11-30) took 1.57-1.71 s with mimalloc
// and 1.72-1.89 s with glibc's allocator, though glibc's peak was lower
// (169-172 MiB against 219-243 MiB); tokenise alone took the same time with
// either. (When tokens were row structs, glibc spent a fifth of tokenise in
// malloc/free.)
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    parallax::allocator::configure();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(error.exit_code() as u8)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Run(args) => {
            let config = config::resolve(
                &args.pipeline,
                Overrides {
                    inputs: args.inputs,
                    output: args.output,
                    force: args.force,
                    jobs: args.jobs,
                    quiet: args.quiet,
                    strict: args.strict,
                },
            )?;
            let stages: Vec<Stage> = match args.stage {
                StageChoice::All => Stage::ALL.to_vec(),
                StageChoice::Ingest => vec![Stage::Ingest],
                StageChoice::Tokenise => vec![Stage::Tokenise],
                StageChoice::Extract => vec![Stage::Extract],
                StageChoice::Normalise => vec![Stage::Normalise],
                StageChoice::Aggregate => vec![Stage::Aggregate],
            };
            let report = with_pool(config.jobs, || pipeline::run(&config, &stages))??;
            if config.show_progress {
                eprint!("{}", pipeline::summary(&report));
            }
            let rejects = report.manifest.tables.get("rejects").copied().unwrap_or(0);
            if config.strict && rejects > 0 && stages.contains(&Stage::Ingest) {
                return Err(Error::StrictRejects {
                    count: rejects as usize,
                    path: report.output.join("rejects.csv"),
                });
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema(args) => {
            match args.table {
                Some(name) => {
                    let info = parallax::tables::find_table(&name).ok_or_else(|| Error::Usage {
                        detail: format!(
                            "no table named {name}\n  hint: `parallax schema` lists every table"
                        ),
                    })?;
                    print!("{}", parallax::tables::table_markdown(info));
                }
                None => print!("{}", parallax::tables::data_dictionary_markdown()),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Inspect(args) => {
            let json = parallax::inspect::run(&args)?;
            println!("{json}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench(args) => {
            let jobs = args.jobs;
            with_pool(jobs, || parallax::bench::run(&args))??;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Runs `work` on a rayon pool of `jobs` threads (one per core when None).
fn with_pool<T: Send>(jobs: Option<usize>, work: impl FnOnce() -> T + Send) -> Result<T, Error> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = jobs {
        builder = builder.num_threads(jobs);
    }
    let pool = builder.build().map_err(|e| Error::Usage {
        detail: format!("cannot start {jobs:?} worker threads: {e}"),
    })?;
    Ok(pool.install(work))
}
