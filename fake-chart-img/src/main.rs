//! Runs the chart-img stand-in on one port until Ctrl-C or SIGTERM.
//!
//! Prints `listening on http://HOST:PORT` as the only line on stdout, so scripts can read the
//! address when `--port 0` picks a free port. Logs go to stderr.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use clap::Parser;
use fake_chart_img::{FakeConfig, start};
use shared::chart::Plan;

/// A local stand-in for chart-img.com for tests and offline runs.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Port to listen on; 0 picks a free port.
    #[arg(long)]
    port: u16,

    /// IP address to listen on, or `localhost`.
    #[arg(long, default_value = "127.0.0.1", value_parser = parse_host)]
    host: IpAddr,

    /// Allows a --host that is not a loopback address.
    #[arg(long)]
    allow_remote: bool,

    /// chart-img plan whose limits to enforce: BASIC, PRO, MEGA, ULTRA or ENTERPRISE.
    #[arg(long, default_value = "PRO", value_parser = parse_plan)]
    plan: Plan,

    /// Key clients must send in the x-api-key header.
    #[arg(long, default_value = "test-key")]
    api_key: String,

    /// Requests allowed per UTC day, replacing the plan's quota.
    #[arg(long)]
    daily_quota: Option<u32>,

    /// Turns off the per-second limit and the daily quota, for load tests.
    #[arg(long)]
    no_rate_limits: bool,
}

fn parse_host(text: &str) -> Result<IpAddr, String> {
    if text == "localhost" {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    text.parse()
        .map_err(|_| format!("invalid IP address `{text}`; use an address such as 127.0.0.1"))
}

fn parse_plan(text: &str) -> Result<Plan, String> {
    Plan::parse_loose(text).ok_or_else(|| {
        format!(
            "unknown plan `{text}`; expected one of {}",
            Plan::expected()
        )
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    shared::telemetry::init_stderr();

    let config = FakeConfig {
        plan: args.plan,
        api_key: args.api_key,
        bind: SocketAddr::new(args.host, args.port),
        allow_remote: args.allow_remote,
        rate_limits: !args.no_rate_limits,
        daily_quota: args.daily_quota,
        ..FakeConfig::default()
    };
    let fake = match start(config).await {
        Ok(fake) => fake,
        Err(error) => {
            tracing::error!(%error, "starting the fake chart-img failed");
            return ExitCode::FAILURE;
        }
    };

    println!("listening on {}", fake.base_url());
    let _ = std::io::stdout().flush();

    wait_for_stop_signal().await;
    fake.shutdown().await;
    ExitCode::SUCCESS
}

async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};

        let Ok(mut terminate) = signal(SignalKind::terminate()) else {
            let _ = tokio::signal::ctrl_c().await;
            return;
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
