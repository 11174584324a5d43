//! Tracing set-up. `RUST_LOG` filters events (default `info`); in Lambda,
//! `AWS_LAMBDA_LOG_FORMAT=json` switches to JSON lines for CloudWatch.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Starts tracing for a Lambda function, writing to stdout as the Lambda runtime expects.
pub fn init_lambda() {
    lambda_http::tracing::init_default_subscriber();
}

/// Starts tracing for a local program, writing to stderr so that stdout stays free for the
/// program's own output (an MCP server's protocol messages, for one).
pub fn init_stderr() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let json = std::env::var("LOG_FORMAT").is_ok_and(|format| format.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false);
    let result = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
    // A second call in the same process (tests start several servers) keeps the first subscriber.
    drop(result);
}
