//! Sorts chart-img's error responses into the ones worth retrying and the final ones.
//!
//! chart-img sends `{"message": "..."}` for most errors and a list of
//! `{"value", "msg", "param", "location"}` when it rejects values such as a study name. Its text
//! never reaches a caller as it is: each final answer becomes a [`ChartImgError`] that keeps only
//! the facts its message needs, shortened to printable text.

use http::StatusCode;
use serde::Deserialize;

use super::error::{ChartImgError, RejectedValue};

/// The subject of a call, so that a rejection can name the caller's own value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Subject<'a> {
    Chart { symbol: &'a str, interval: &'a str },
    ExchangeList,
    Exchange(&'a str),
}

/// A failure that another attempt may fix.
#[derive(Debug)]
pub(crate) enum Transient {
    /// 429 `Too Many Requests`: the per-second limit.
    TooManyRequests,
    /// Any 5xx status.
    ServerError(StatusCode),
    /// No connection, or the connection dropped.
    Transport(reqwest::Error),
}

#[derive(Debug)]
pub(crate) enum Verdict {
    Retry(Transient),
    Fail(ChartImgError),
}

/// Maximum length of chart-img's text copied into an error, in characters.
const MAX_ECHO_CHARS: usize = 120;

#[derive(Deserialize)]
struct MessageBody {
    message: String,
}

#[derive(Deserialize)]
struct ValueError {
    #[serde(default)]
    value: serde_json::Value,
    #[serde(default)]
    msg: String,
    #[serde(default)]
    param: String,
}

/// Sorts one non-success response.
pub(crate) fn classify(status: StatusCode, body: &[u8], subject: Subject<'_>) -> Verdict {
    let message = serde_json::from_slice::<MessageBody>(body)
        .map(|body| body.message)
        .unwrap_or_default();

    match status.as_u16() {
        429 if message.eq_ignore_ascii_case("Limit Exceeded") => {
            Verdict::Fail(ChartImgError::DailyLimit)
        }
        429 => Verdict::Retry(Transient::TooManyRequests),
        500..=599 => Verdict::Retry(Transient::ServerError(status)),
        401 => Verdict::Fail(ChartImgError::KeyRejected { status: 401 }),
        403 => Verdict::Fail(classify_forbidden(&message)),
        409 => Verdict::Fail(ChartImgError::SessionDisconnected),
        404 => Verdict::Fail(match subject {
            Subject::Exchange(exchange) => ChartImgError::ExchangeNotFound {
                exchange: exchange.to_owned(),
            },
            _ => ChartImgError::UnexpectedStatus { status: 404 },
        }),
        422 => Verdict::Fail(classify_unprocessable(body, &message, subject)),
        400 => Verdict::Fail(ChartImgError::Rejected {
            status: 400,
            message: printable(&message),
        }),
        other => Verdict::Fail(ChartImgError::UnexpectedStatus { status: other }),
    }
}

/// 403 is either a plan limit, `Exceed Max Usage Resolution Limit (800x600)`, or a bad key.
fn classify_forbidden(message: &str) -> ChartImgError {
    let Some(rest) = strip_prefix_ignoring_case(message, "Exceed Max Usage ") else {
        return ChartImgError::KeyRejected { status: 403 };
    };
    let (limit, allowed) = match rest.split_once('(') {
        Some((name, allowed)) => (name, allowed.trim_end_matches(')')),
        None => (rest, ""),
    };
    let limit = limit.trim();
    let limit = strip_suffix_ignoring_case(limit, " Limit").unwrap_or(limit);
    ChartImgError::PlanLimit {
        limit: printable(&limit.to_lowercase()),
        allowed: printable(allowed.trim()),
    }
}

fn classify_unprocessable(body: &[u8], message: &str, subject: Subject<'_>) -> ChartImgError {
    if let Ok(values) = serde_json::from_slice::<Vec<ValueError>>(body) {
        return ChartImgError::InvalidValues(
            values
                .into_iter()
                .map(|error| RejectedValue {
                    param: printable(&error.param),
                    value: printable(&match error.value {
                        serde_json::Value::String(text) => text,
                        other => other.to_string(),
                    }),
                    reason: printable(&error.msg),
                })
                .collect(),
        );
    }

    let lowered = message.to_ascii_lowercase();
    match subject {
        Subject::Chart { symbol, .. } if lowered.contains("symbol") => {
            ChartImgError::InvalidSymbol {
                symbol: printable(symbol),
            }
        }
        Subject::Chart { interval, .. } if lowered.contains("interval") => {
            ChartImgError::InvalidInterval {
                interval: interval.to_owned(),
            }
        }
        _ => ChartImgError::Rejected {
            status: 422,
            message: printable(message),
        },
    }
}

fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn strip_suffix_ignoring_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let start = text.len().checked_sub(suffix.len())?;
    let tail = text.get(start..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..start])
}

/// Keeps printable ASCII only, at most [`MAX_ECHO_CHARS`] of it, so that chart-img's text cannot
/// carry control characters or markup into a message.
pub(crate) fn printable(text: &str) -> String {
    let mut shortened: String = text
        .chars()
        .filter(|character| character.is_ascii_graphic() || *character == ' ')
        .take(MAX_ECHO_CHARS + 1)
        .collect();
    if shortened.len() > MAX_ECHO_CHARS {
        shortened.truncate(MAX_ECHO_CHARS);
        shortened.push_str("...");
    }
    shortened.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHART: Subject<'static> = Subject::Chart {
        symbol: "NASDAQ:NOPE",
        interval: "4h",
    };

    fn verdict(status: u16, body: &str) -> Verdict {
        classify(
            StatusCode::from_u16(status).unwrap(),
            body.as_bytes(),
            CHART,
        )
    }

    fn failure(status: u16, body: &str) -> ChartImgError {
        match verdict(status, body) {
            Verdict::Fail(error) => error,
            Verdict::Retry(transient) => panic!("expected a final error, got {transient:?}"),
        }
    }

    #[test]
    fn per_second_limit_is_retried() {
        let verdict = verdict(429, r#"{"message":"Too Many Requests"}"#);
        assert!(matches!(
            verdict,
            Verdict::Retry(Transient::TooManyRequests)
        ));
    }

    #[test]
    fn daily_limit_is_final() {
        let error = failure(429, r#"{"message":"Limit Exceeded"}"#);
        assert!(matches!(error, ChartImgError::DailyLimit));
    }

    #[test]
    fn server_errors_are_retried() {
        for status in [500, 502, 503, 504] {
            let verdict = verdict(status, r#"{"message":"Something Went Wrong"}"#);
            assert!(
                matches!(verdict, Verdict::Retry(Transient::ServerError(code)) if code.as_u16() == status),
                "{status}"
            );
        }
    }

    #[test]
    fn forbidden_is_a_rejected_key() {
        let error = failure(403, r#"{"message":"Forbidden"}"#);
        assert!(matches!(error, ChartImgError::KeyRejected { status: 403 }));
    }

    #[test]
    fn missing_key_is_a_rejected_key() {
        let error = failure(401, r#"{"message":"Invalid Request"}"#);
        assert!(matches!(error, ChartImgError::KeyRejected { status: 401 }));
    }

    #[test]
    fn resolution_limit_names_limit_and_size() {
        let error = failure(
            403,
            r#"{"message":"Exceed Max Usage Resolution Limit (800x600)"}"#,
        );
        let ChartImgError::PlanLimit { limit, allowed } = error else {
            panic!("expected a plan limit, got {error:?}");
        };
        assert_eq!(limit, "resolution");
        assert_eq!(allowed, "800x600");
    }

    #[test]
    fn parameter_limit_names_limit_and_count() {
        let error = failure(403, r#"{"message":"Exceed Max Usage Parameter Limit (5)"}"#);
        let ChartImgError::PlanLimit { limit, allowed } = error else {
            panic!("expected a plan limit, got {error:?}");
        };
        assert_eq!(limit, "parameter");
        assert_eq!(allowed, "5");
    }

    #[test]
    fn invalid_symbol_names_the_request_symbol() {
        let error = failure(422, r#"{"message":"Invalid Symbol"}"#);
        assert!(
            matches!(error, ChartImgError::InvalidSymbol { ref symbol } if symbol == "NASDAQ:NOPE")
        );
    }

    #[test]
    fn invalid_interval_names_the_request_interval() {
        let error = failure(422, r#"{"message":"Invalid Interval"}"#);
        assert!(
            matches!(error, ChartImgError::InvalidInterval { ref interval } if interval == "4h")
        );
    }

    #[test]
    fn value_list_keeps_param_value_and_reason() {
        let body = r#"[{"value":"RSI","msg":"Invalid value","param":"studies[0].name","location":"body"}]"#;
        let ChartImgError::InvalidValues(values) = failure(422, body) else {
            panic!("expected a list of rejected values");
        };
        assert_eq!(
            values,
            [RejectedValue {
                param: "studies[0].name".into(),
                value: "RSI".into(),
                reason: "Invalid value".into(),
            }]
        );
    }

    #[test]
    fn session_error_is_final() {
        let error = failure(409, r#"{"message":"Session Disconnected"}"#);
        assert!(matches!(error, ChartImgError::SessionDisconnected));
    }

    #[test]
    fn unknown_exchange_is_not_found() {
        let verdict = classify(StatusCode::NOT_FOUND, b"{}", Subject::Exchange("NOPE"));
        assert!(matches!(
            verdict,
            Verdict::Fail(ChartImgError::ExchangeNotFound { ref exchange }) if exchange == "NOPE"
        ));
    }

    #[test]
    fn printable_drops_control_characters_and_shortens() {
        assert_eq!(printable("bad\u{7}\nvalue"), "badvalue");
        let long = "x".repeat(500);
        assert_eq!(printable(&long).len(), MAX_ECHO_CHARS + 3);
    }
}
