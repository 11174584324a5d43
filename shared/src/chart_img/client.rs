//! The HTTP client for chart-img's render and exchange endpoints.
//!
//! Every call runs under one deadline (`CHART_IMG_DEADLINE_MS`) that covers all its attempts,
//! so a caller behind API Gateway's 29 s timeout always gets a response in time. Each attempt
//! may use whatever time is left. 429 `Too Many Requests`, 5xx answers and dropped connections
//! are retried with [`Backoff`]; everything else is final. Response bodies are read with a size
//! cap, so an oversized image is never held in memory whole.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::header::{CONTENT_TYPE, HeaderValue};
use reqwest::{RequestBuilder, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio::time::Instant;
use url::Url;

use super::api_key::{ApiKeyError, ApiKeyProvider};
use super::backoff::Backoff;
use super::classify::{Subject, Transient, Verdict, classify};
use super::error::ChartImgError;
use crate::chart::{ChartConfig, ImageFormat};
use crate::settings::ChartImgSettings;

/// Maximum size of a JSON response read from the exchange endpoints.
const MAX_JSON_BYTES: usize = 16 * 1024 * 1024;

/// Maximum number of attempts of one call, even when the deadline would allow more.
const MAX_ATTEMPTS: u32 = 6;

/// An attempt is not started with less time than this left: it could not finish.
const MIN_ATTEMPT_TIME: Duration = Duration::from_millis(300);

/// How long opening a connection may take, within the deadline.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A client for one chart-img account.
#[derive(Debug)]
pub struct ChartImgClient {
    http: reqwest::Client,
    /// The base URL, ending in `/` so that endpoint paths join below it.
    base_url: Url,
    api_key: ApiKeyProvider,
    deadline: Duration,
    backoff: Backoff,
}

/// An image chart-img rendered and hosts itself.
#[derive(Debug, Clone)]
pub struct HostedChart {
    pub url: Url,
}

/// An image chart-img rendered and returned as bytes.
#[derive(Debug, Clone)]
pub struct ChartImage {
    pub bytes: Bytes,
    /// The format the bytes are in, read from the bytes themselves.
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

/// The exchanges chart-img lists.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeList {
    pub exchanges: Vec<String>,
    /// When chart-img last refreshed the list, as chart-img writes it.
    pub updated_at: Option<String>,
}

/// Symbols of one exchange.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SymbolList {
    pub symbols: Vec<SymbolInfo>,
    pub updated_at: Option<String>,
}

/// One symbol as chart-img describes it: `symbol` plus fields such as `description`, `type`,
/// `exchange` and `currency_code`, passed on unchanged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SymbolInfo {
    pub symbol: String,
    #[serde(flatten)]
    pub details: Map<String, Value>,
}

#[derive(Deserialize)]
struct Listing<T> {
    #[serde(default, rename = "updatedAt")]
    updated_at: Value,
    payload: Vec<T>,
}

#[derive(Deserialize)]
struct StorageAnswer {
    url: String,
}

/// One response, with its body read up to the cap.
struct Answer {
    status: StatusCode,
    content_type: Option<String>,
    body: Bytes,
}

enum AttemptFailure {
    Transport(reqwest::Error),
    TooLarge,
}

impl ChartImgClient {
    /// Builds a client from the settings. An SSM parameter, if that is where the key lives, is
    /// read on the first call.
    pub fn new(settings: &ChartImgSettings) -> Self {
        Self::with_api_key(settings, ApiKeyProvider::new(settings.api_key.clone()))
    }

    /// Builds a client that takes its key from `api_key`.
    pub fn with_api_key(settings: &ChartImgSettings, api_key: ApiKeyProvider) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(concat!("chart-service/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("a reqwest client with rustls and no custom certificates always builds");
        ChartImgClient {
            http,
            base_url: with_trailing_slash(&settings.base_url),
            api_key,
            deadline: settings.deadline,
            backoff: Backoff::default(),
        }
    }

    /// Tells whether an API key or the SSM parameter holding it is configured.
    pub fn is_configured(&self) -> bool {
        self.api_key.is_configured()
    }

    /// Renders a chart that chart-img hosts, and returns its URL.
    pub async fn render_hosted(&self, config: &ChartConfig) -> Result<HostedChart, ChartImgError> {
        let url = self.endpoint(&["v2", "tradingview", "advanced-chart", "storage"]);
        let answer = self
            .call(
                "render_hosted",
                chart_subject(config),
                MAX_JSON_BYTES,
                self.deadline,
                |http| http.post(url.clone()).json(config),
            )
            .await?;

        let stored: StorageAnswer = parse_json(&answer.body)?;
        let url = Url::parse(&stored.url).map_err(|_| ChartImgError::MalformedBody {
            reason: "the storage answer's `url` is not a URL".to_owned(),
        })?;
        if url.scheme() != "https" && url.scheme() != "http" {
            return Err(ChartImgError::MalformedBody {
                reason: format!(
                    "the storage answer's `url` has the scheme `{}`",
                    url.scheme()
                ),
            });
        }
        Ok(HostedChart { url })
    }

    /// Renders a chart and returns its bytes, stopping the download once it passes `max_bytes`.
    pub async fn render_image(
        &self,
        config: &ChartConfig,
        max_bytes: usize,
    ) -> Result<ChartImage, ChartImgError> {
        self.render_image_within(config, max_bytes, self.deadline)
            .await
    }

    /// Renders a chart like [`Self::render_image`], but within `budget` instead of the configured
    /// deadline, so that a caller can keep time for work after the render.
    pub async fn render_image_within(
        &self,
        config: &ChartConfig,
        max_bytes: usize,
        budget: Duration,
    ) -> Result<ChartImage, ChartImgError> {
        let url = self.endpoint(&["v2", "tradingview", "advanced-chart"]);
        let answer = self
            .call(
                "render_image",
                chart_subject(config),
                max_bytes,
                budget,
                |http| http.post(url.clone()).json(config),
            )
            .await?;

        let format = match imagesize::image_type(&answer.body) {
            Ok(imagesize::ImageType::Png) => ImageFormat::Png,
            Ok(imagesize::ImageType::Jpeg) => ImageFormat::Jpeg,
            _ => {
                return Err(ChartImgError::MalformedBody {
                    reason: format!(
                        "expected PNG or JPEG bytes, got {} bytes of {}",
                        answer.body.len(),
                        answer.content_type.as_deref().unwrap_or("no content type")
                    ),
                });
            }
        };
        let size =
            imagesize::blob_size(&answer.body).map_err(|error| ChartImgError::MalformedBody {
                reason: format!("the image header is unreadable: {error}"),
            })?;
        Ok(ChartImage {
            bytes: answer.body,
            format,
            width: size.width as u32,
            height: size.height as u32,
        })
    }

    /// Lists the exchanges chart-img supports.
    pub async fn exchanges(&self) -> Result<ExchangeList, ChartImgError> {
        let url = self.endpoint(&["v3", "tradingview", "exchange", "list"]);
        let answer = self
            .call(
                "exchanges",
                Subject::ExchangeList,
                MAX_JSON_BYTES,
                self.deadline,
                |http| http.get(url.clone()),
            )
            .await?;

        let listing: Listing<String> = parse_json(&answer.body)?;
        Ok(ExchangeList {
            exchanges: listing.payload,
            updated_at: listing.updated_at.as_str().map(str::to_owned),
        })
    }

    /// Lists the symbols of one exchange, filtered by chart-img on `search` when given.
    pub async fn exchange_symbols(
        &self,
        exchange: &str,
        search: Option<&str>,
    ) -> Result<SymbolList, ChartImgError> {
        let mut url = self.endpoint(&["v3", "tradingview", "exchange", exchange]);
        if let Some(search) = search {
            url.query_pairs_mut().append_pair("symbol", search);
        }
        let answer = self
            .call(
                "exchange_symbols",
                Subject::Exchange(exchange),
                MAX_JSON_BYTES,
                self.deadline,
                |http| http.get(url.clone()),
            )
            .await?;

        let listing: Listing<SymbolInfo> = parse_json(&answer.body)?;
        Ok(SymbolList {
            symbols: listing.payload,
            updated_at: listing.updated_at.as_str().map(str::to_owned),
        })
    }

    fn endpoint(&self, segments: &[&str]) -> Url {
        let mut url = self.base_url.clone();
        url.path_segments_mut()
            .expect("the base URL is http or https, which always has a path")
            .pop_if_empty()
            .extend(segments);
        url
    }

    /// Sends the request that `build` makes until it succeeds, fails for good, or `budget` has
    /// passed.
    async fn call(
        &self,
        operation: &'static str,
        subject: Subject<'_>,
        body_cap: usize,
        budget: Duration,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<Answer, ChartImgError> {
        let started = Instant::now();
        let deadline = started + budget;

        // The first call of a process may read the key from SSM, within the same deadline.
        let key = tokio::time::timeout_at(deadline, self.api_key.get())
            .await
            .map_err(|_| ApiKeyError::TimedOut)??;
        let mut key_header =
            HeaderValue::from_str(key.expose()).map_err(|_| ApiKeyError::NotHeaderSafe)?;
        key_header.set_sensitive(true);

        let mut attempt = 0;
        loop {
            attempt += 1;
            let attempt_started = Instant::now();
            let remaining = deadline.saturating_duration_since(attempt_started);
            let request = build(&self.http)
                .header("x-api-key", key_header.clone())
                .timeout(remaining);
            let outcome =
                tokio::time::timeout_at(deadline, send_once(request, body_cap, operation)).await;
            let elapsed_ms = attempt_started.elapsed().as_millis() as u64;

            let transient = match outcome {
                Err(_elapsed) => return Err(timeout(budget, attempt)),
                Ok(Err(AttemptFailure::TooLarge)) => {
                    return Err(ChartImgError::ImageTooLarge { limit: body_cap });
                }
                Ok(Err(AttemptFailure::Transport(error))) if error.is_timeout() => {
                    return Err(timeout(budget, attempt));
                }
                Ok(Err(AttemptFailure::Transport(error))) => Transient::Transport(error),
                Ok(Ok(answer)) if answer.status.is_success() => {
                    tracing::info!(
                        operation,
                        attempt,
                        status = answer.status.as_u16(),
                        elapsed_ms = started.elapsed().as_millis() as u64,
                        bytes = answer.body.len(),
                        "chart-img call succeeded"
                    );
                    return Ok(answer);
                }
                Ok(Ok(answer)) => match classify(answer.status, &answer.body, subject) {
                    Verdict::Fail(error) => {
                        tracing::warn!(
                            operation,
                            attempt,
                            status = answer.status.as_u16(),
                            elapsed_ms,
                            error = %error,
                            "chart-img rejected the call"
                        );
                        return Err(error);
                    }
                    Verdict::Retry(transient) => transient,
                },
            };

            let delay = self.backoff.delay(attempt);
            let next_start = Instant::now() + delay;
            let give_up = attempt >= MAX_ATTEMPTS || next_start + MIN_ATTEMPT_TIME >= deadline;
            tracing::warn!(
                operation,
                attempt,
                status = transient_status(&transient),
                elapsed_ms,
                delay_ms = delay.as_millis() as u64,
                give_up,
                "chart-img call failed"
            );
            if give_up {
                return Err(final_error(transient, attempt, budget));
            }
            tokio::time::sleep_until(next_start).await;
        }
    }
}

fn timeout(budget: Duration, attempts: u32) -> ChartImgError {
    ChartImgError::Timeout {
        deadline: budget,
        attempts,
    }
}

/// Returns the error for the last transient failure once no attempt is left.
fn final_error(last: Transient, attempts: u32, budget: Duration) -> ChartImgError {
    match last {
        Transient::TooManyRequests => ChartImgError::RateLimited { attempts },
        Transient::ServerError(StatusCode::GATEWAY_TIMEOUT) => timeout(budget, attempts),
        Transient::ServerError(status) => ChartImgError::ServerError {
            status: status.as_u16(),
            attempts,
        },
        Transient::Transport(source) => ChartImgError::Unreachable { attempts, source },
    }
}

/// Sends one request and reads its body, up to `cap` bytes for a success answer. An error
/// answer's body is cut at the cap instead, since only its first bytes are read.
async fn send_once(
    request: RequestBuilder,
    cap: usize,
    operation: &'static str,
) -> Result<Answer, AttemptFailure> {
    let mut response = request.send().await.map_err(AttemptFailure::Transport)?;
    let status = response.status();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);

    if status.is_success()
        && response
            .content_length()
            .is_some_and(|length| length > cap as u64)
    {
        tracing::warn!(
            operation,
            content_length = response.content_length(),
            cap,
            "chart-img response is over the size cap"
        );
        return Err(AttemptFailure::TooLarge);
    }

    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(AttemptFailure::Transport)? {
        if body.len() + chunk.len() > cap {
            if status.is_success() {
                tracing::warn!(operation, cap, "chart-img response is over the size cap");
                return Err(AttemptFailure::TooLarge);
            }
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Answer {
        status,
        content_type,
        body: body.freeze(),
    })
}

fn chart_subject(config: &ChartConfig) -> Subject<'_> {
    Subject::Chart {
        symbol: &config.symbol,
        interval: config.interval.as_str(),
    }
}

fn transient_status(transient: &Transient) -> Option<u16> {
    match transient {
        Transient::TooManyRequests => Some(429),
        Transient::ServerError(status) => Some(status.as_u16()),
        Transient::Transport(_) => None,
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ChartImgError> {
    serde_json::from_slice(body).map_err(|error| ChartImgError::MalformedBody {
        reason: format!("expected JSON of the documented shape: {error}"),
    })
}

fn with_trailing_slash(url: &Url) -> Url {
    let mut url = url.clone();
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{ApiKeySource, Secret};

    fn settings(base_url: &str) -> ChartImgSettings {
        ChartImgSettings {
            base_url: Url::parse(base_url).unwrap(),
            api_key: ApiKeySource::Value(Secret::new("k")),
            plan: crate::chart::Plan::Pro,
            deadline: Duration::from_secs(2),
            exchange_cache_ttl: Duration::from_secs(60),
        }
    }

    #[test]
    fn endpoint_joins_below_base_path() {
        let client = ChartImgClient::new(&settings("http://127.0.0.1:9/prefix"));
        assert_eq!(
            client
                .endpoint(&["v2", "tradingview", "advanced-chart"])
                .as_str(),
            "http://127.0.0.1:9/prefix/v2/tradingview/advanced-chart"
        );
    }

    #[test]
    fn endpoint_encodes_the_exchange_segment() {
        let client = ChartImgClient::new(&settings("http://127.0.0.1:9/"));
        assert_eq!(
            client
                .endpoint(&["v3", "tradingview", "exchange", "A/B?"])
                .as_str(),
            "http://127.0.0.1:9/v3/tradingview/exchange/A%2FB%3F"
        );
    }

    #[test]
    fn symbol_info_keeps_unknown_fields() {
        let info: SymbolInfo = serde_json::from_str(
            r#"{"symbol":"BTCUSDT","description":"Bitcoin / Tether","currency_code":"USDT"}"#,
        )
        .unwrap();
        assert_eq!(info.symbol, "BTCUSDT");
        assert_eq!(info.details["currency_code"], "USDT");
        let back = serde_json::to_value(&info).unwrap();
        assert_eq!(back["description"], "Bitcoin / Tether");
    }

    #[test]
    fn debug_output_hides_the_key() {
        let mut settings = settings("http://127.0.0.1:9/");
        settings.api_key = ApiKeySource::Value(Secret::new("sk-debug-42"));
        let client = ChartImgClient::new(&settings);
        assert!(!format!("{client:?}").contains("sk-debug-42"));
    }
}
