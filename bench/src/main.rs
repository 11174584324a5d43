//! Measures the chart service's functions from outside, as Lambda runs them. Every server it
//! starts or talks to listens on 127.0.0.1; `bench/run.sh` runs each measurement.
//!
//! - `cold-start`: a fresh `bootstrap` per run, timed from process start to the first response.
//! - `warm`: one `bootstrap`, many invocations one at a time, as a warm Lambda serves them.
//! - `load`: a function's router on loopback (or the local API) under concurrent clients, with
//!   the server's peak memory.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};

mod backends;
mod lambda;
mod load;
mod runtime_api;
mod stats;
mod workload;

use backends::Backends;
use lambda::LambdaRun;
use load::Server;
use workload::{Function, Image, Workload};

/// Measures cold starts, warm invocations and concurrent load of the chart service's functions.
#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    command: Measurement,
}

#[derive(Subcommand)]
enum Measurement {
    /// Starts a fresh bootstrap process per run and times it to its first response.
    ColdStart {
        #[command(flatten)]
        target: LambdaTarget,
        /// Number of processes started one after another.
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// Sends one bootstrap process many events one at a time and times each invocation.
    Warm {
        #[command(flatten)]
        target: LambdaTarget,
        /// Number of measured invocations, after one unmeasured cold one.
        #[arg(long, default_value_t = 1000)]
        invocations: usize,
    },
    /// Puts a server under concurrent load and reads its peak memory.
    Load {
        /// The function whose router is served; with --local-api, the route the load uses.
        #[arg(long, value_enum)]
        function: Function,
        /// The image uploads send.
        #[arg(long, value_enum, default_value = "png")]
        image: Image,
        /// Load the local API binary at this path instead of the function's own router.
        #[arg(long)]
        local_api: Option<PathBuf>,
        /// Number of concurrent clients.
        #[arg(long, default_value_t = 20)]
        clients: usize,
        /// Number of measured requests.
        #[arg(long, default_value_t = 2000)]
        requests: usize,
        /// Number of requests sent before measuring.
        #[arg(long, default_value_t = 100)]
        warmup: usize,
        /// File the server's logs are appended to.
        #[arg(long, default_value = "target/bench-logs/load.log")]
        log: PathBuf,
    },
    /// Serves a function's router on a free loopback port (started by `load`).
    Serve {
        #[arg(long, value_enum)]
        function: Function,
    },
}

#[derive(clap::Args)]
struct LambdaTarget {
    /// The function's release bootstrap, as `cargo lambda build --release` leaves it.
    #[arg(long)]
    bootstrap: PathBuf,
    /// The function the bootstrap belongs to, which chooses the event sent.
    #[arg(long, value_enum)]
    function: Function,
    /// The image uploads send.
    #[arg(long, value_enum, default_value = "png")]
    image: Image,
    /// File the function's logs are appended to.
    #[arg(long, default_value = "target/bench-logs/lambda.log")]
    log: PathBuf,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    match args.command {
        Measurement::ColdStart { target, runs } => {
            let backends = Backends::start().await?;
            let workload = Workload::new(target.function, target.image);
            lambda_run(&target, &backends, &workload)?
                .cold_starts(runs)
                .await
        }
        Measurement::Warm {
            target,
            invocations,
        } => {
            let backends = Backends::start().await?;
            let workload = Workload::new(target.function, target.image);
            lambda_run(&target, &backends, &workload)?
                .warm_invocations(invocations)
                .await
        }
        Measurement::Load {
            function,
            image,
            local_api,
            clients,
            requests,
            warmup,
            log,
        } => {
            create_parent(&log)?;
            let backends = Backends::start().await?;
            let workload = Arc::new(Workload::new(function, image));
            let home = tempfile::tempdir()?;
            let server = match local_api {
                Some(binary) => {
                    let env = load::local_api_env(&backends.fake.base_url(), home.path());
                    let data_dir = home.path().join("data");
                    Server::local_api(&binary, load::free_port()?, &data_dir, &env, &log).await?
                }
                None => Server::function(function, &backends.function_env(function), &log)?,
            };
            load::run_load(&server, workload, clients, warmup, requests).await
        }
        Measurement::Serve { function } => load::serve(function).await,
    }
}

fn lambda_run<'a>(
    target: &LambdaTarget,
    backends: &'a Backends,
    workload: &'a Workload,
) -> std::io::Result<LambdaRun<'a>> {
    create_parent(&target.log)?;
    Ok(LambdaRun {
        bootstrap: target.bootstrap.clone(),
        backends,
        workload,
        log: target.log.clone(),
    })
}

fn create_parent(path: &std::path::Path) -> std::io::Result<()> {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => std::fs::create_dir_all(parent),
        _ => Ok(()),
    }
}
