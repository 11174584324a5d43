//! The chart-img HTTP client: renders charts, lists exchanges and symbols, and turns chart-img's
//! error responses into [`ChartImgError`]s that name the problem without repeating chart-img's
//! raw text or the API key.
//!
//! Every call finishes within the configured deadline, retries included; see [`ChartImgClient`].

mod api_key;
mod backoff;
mod classify;
mod client;
mod error;

pub use api_key::{ApiKeyError, ApiKeyProvider};
pub use client::{ChartImage, ChartImgClient, ExchangeList, HostedChart, SymbolInfo, SymbolList};
pub use error::{ChartImgError, RejectedValue};
