//! `chart-mcp`: an MCP server over stdio that forwards each tool call to the chart API.
//!
//! Stdout carries protocol messages only; logs go to stderr. Invalid settings stop start-up with
//! exit code 2 and a message that names the variable.

use std::io::IsTerminal;
use std::process::ExitCode;

use rmcp::ServiceExt;
use rmcp::transport::stdio;
use tracing_subscriber::EnvFilter;

mod client;
mod params;
mod request;
mod result;
mod schema;
mod settings;
mod tools;

use client::ApiClient;
use settings::{API_URL_VAR, Settings};
use tools::ChartTools;

#[tokio::main]
async fn main() -> ExitCode {
    init_tracing();

    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("chart-mcp: {error}");
            return ExitCode::from(2);
        }
    };
    if settings.sends_key_in_clear_text() {
        tracing::warn!(
            api_url = settings.api_base,
            "{API_URL_VAR} uses plain http to a host that is not loopback, so the API key \
             crosses the network unencrypted; use https"
        );
    }
    let client = match ApiClient::new(&settings) {
        Ok(client) => client,
        Err(error) => {
            eprintln!("chart-mcp: could not build the HTTP client: {error}");
            return ExitCode::FAILURE;
        }
    };

    tracing::info!(
        api_url = settings.api_base,
        api_key_set = settings.api_key.is_some(),
        timeout_ms = settings.timeout.as_millis(),
        "chart-mcp starting"
    );
    let service = match ChartTools::new(client).serve(stdio()).await {
        Ok(service) => service,
        Err(error) => {
            tracing::error!(%error, "MCP initialization failed");
            return ExitCode::FAILURE;
        }
    };
    match service.waiting().await {
        Ok(reason) => {
            tracing::info!(?reason, "chart-mcp stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            tracing::error!(%error, "chart-mcp stopped with an error");
            ExitCode::FAILURE
        }
    }
}

/// Logs to stderr, with colour only on a terminal. `RUST_LOG` sets the filter; the default is
/// `info`.
fn init_tracing() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}
