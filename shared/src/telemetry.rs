//! Tracing set-up. `RUST_LOG` filters events (default `info`; in Lambda `AWS_LAMBDA_LOG_LEVEL`
//! wins when set), and `AWS_LAMBDA_LOG_FORMAT=json` (Lambda) or `LOG_FORMAT=json` (local
//! programs) switches to JSON lines.
//!
//! Some dependencies log request signatures and credentials at debug level: the AWS SDK's
//! signer and HTTP runtime log the access key id, and s3s logs whole signed requests. Those
//! targets are held at `info` whatever the filter sets, so raising the log level to find a bug
//! never writes a secret.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Dependencies whose debug and trace events can carry credentials or signatures.
const SECRET_BEARING_TARGETS: &[&str] = &[
    "aws_sigv4",
    "aws_smithy_runtime",
    "aws_smithy_runtime_api",
    "aws_smithy_http_client",
    "aws_config",
    "aws_runtime",
    "s3s",
    "s3s_fs",
    "hyper",
    "hyper_util",
    "reqwest",
    "h2",
];

/// Starts tracing for a Lambda function, writing to stdout as the Lambda runtime expects.
/// CloudWatch stamps each line with its time, so lines carry none.
pub fn init_lambda() {
    let lookup = |name: &str| std::env::var(name).ok();
    let filter = filter(&lookup, &["AWS_LAMBDA_LOG_LEVEL", "RUST_LOG"]);
    let json = is_json(lookup("AWS_LAMBDA_LOG_FORMAT"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stdout)
        .with_ansi(false)
        .with_target(false)
        .without_time();
    let result = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
    drop(result);
}

/// Starts tracing for a local program, writing to stderr so that stdout stays free for the
/// program's own output (an MCP server's protocol messages, for one).
pub fn init_stderr() {
    let lookup = |name: &str| std::env::var(name).ok();
    let filter = filter(&lookup, &["RUST_LOG"]);
    let json = is_json(lookup("LOG_FORMAT"));
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

/// Builds the filter from the first of `variables` that is set and valid, else `info`, with the
/// secret-bearing targets held at `info`.
fn filter(lookup: &impl Fn(&str) -> Option<String>, variables: &[&str]) -> EnvFilter {
    let configured = variables
        .iter()
        .filter_map(|name| lookup(name))
        .find_map(|value| EnvFilter::try_new(value.trim()).ok());
    let mut filter = configured.unwrap_or_else(|| EnvFilter::new("info"));
    for target in SECRET_BEARING_TARGETS {
        let directive = format!("{target}=info")
            .parse()
            .expect("a target name with a level is a valid directive");
        filter = filter.add_directive(directive);
    }
    filter
}

fn is_json(format: Option<String>) -> bool {
    format.is_some_and(|format| format.eq_ignore_ascii_case("json"))
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::fmt::MakeWriter;

    use super::*;

    /// Collects everything a subscriber writes.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Captured;

        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    /// Emits one debug event from the signer's target and one from the service's own, and
    /// returns what `RUST_LOG=level` lets through.
    fn logged_at(level: &str) -> String {
        let captured = Captured::default();
        let lookup = |name: &str| (name == "RUST_LOG").then(|| level.to_owned());
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(filter(&lookup, &["RUST_LOG"]))
            .with_writer(captured.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::debug!(target: "aws_sigv4::http_request", "signing with AKIDEXAMPLE");
            tracing::debug!(target: "shared::chart_img", "own debug event");
            tracing::info!(target: "s3s::service", "server started");
        });
        String::from_utf8(captured.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn debug_level_keeps_signer_events_out() {
        let logged = logged_at("debug");
        assert!(logged.contains("own debug event"), "{logged}");
        assert!(!logged.contains("AKIDEXAMPLE"), "{logged}");
    }

    #[test]
    fn trace_for_a_signer_target_is_capped() {
        let logged = logged_at("info,aws_sigv4=trace");
        assert!(!logged.contains("AKIDEXAMPLE"), "{logged}");
        assert!(logged.contains("server started"), "{logged}");
    }

    #[test]
    fn invalid_filter_falls_back_to_info() {
        let logged = logged_at("not a filter ===");
        assert!(!logged.contains("own debug event"), "{logged}");
        assert!(logged.contains("server started"), "{logged}");
    }
}
