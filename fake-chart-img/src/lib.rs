//! A local stand-in for chart-img.com, which renders TradingView charts to images.
//!
//! Nothing on the build machines can reach chart-img, so the chart service's client is tested
//! against this server. It checks requests the way chart-img does: the `x-api-key` header, the
//! plan's rate limits, resolution and parameter limits, intervals, symbols and study names.
//! Errors carry chart-img's statuses and `{"message"}` bodies, and successful renders are real
//! PNG and JPEG images of exactly the requested size. Tests can inject slow and failing
//! responses.
//!
//! # Routes
//!
//! - `POST /v2/tradingview/advanced-chart`: the image.
//! - `POST /v2/tradingview/advanced-chart/storage`: `{"url", "etag", "expire"}`; the URL is
//!   served by the stand-in under `/hosted/...`.
//! - `GET /v3/tradingview/exchange/list` and `GET /v3/tradingview/exchange/{exchangeId}`: a
//!   fixed catalogue of six exchanges.
//! - `/__fake/faults`, `/__fake/sticky-fault`, `/__fake/requests`: fault injection and the
//!   request record for tests in other processes (no key needed).
//!
//! # Running it
//!
//! ```text
//! cargo run --release -p fake-chart-img -- --port 0 --plan PRO --api-key test-key
//! ```
//!
//! prints `listening on http://127.0.0.1:PORT` on stdout and logs one line per request on
//! stderr. In tests, start it in-process:
//!
//! ```no_run
//! # async fn example() -> std::io::Result<()> {
//! use fake_chart_img::{FakeConfig, Fault, start};
//!
//! let fake = start(FakeConfig::default()).await?;
//! fake.push_fault(Fault::ServerError);
//! let url = format!("{}/v2/tradingview/advanced-chart", fake.base_url());
//! // ... point the client at `url` with key `test-key` ...
//! fake.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! # Assumptions where chart-img is undocumented
//!
//! An unknown exchange is 404 `{"message":"Not Found"}`. Invalid JSON is 400
//! `{"message":"Invalid JSON Body"}`. Every rejected field other than the interval and the
//! symbol (a size below 400 x 300, an unknown study or drawing, a bad range, style or theme)
//! is 422 with the array body chart-img uses for unknown studies. Each request the per-second
//! limit admits counts against the daily quota, which resets at midnight UTC.

mod access;
mod catalogue;
mod checks;
mod config;
mod error;
mod faults;
mod hosted;
mod recorder;
mod render;
mod routes;
mod server;
mod symbol;

pub use config::FakeConfig;
pub use faults::Fault;
pub use recorder::RecordedRequest;
pub use server::{RunningFake, start};
