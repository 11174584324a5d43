//! The generate function: renders charts through chart-img and lists its exchanges and symbols.
//! It is the only function that has the chart-img API key.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::Method;
use shared::api::ApiError;
use shared::api::{Endpoint, build_router, endpoint};
use shared::chart::Plan;
use shared::chart_img::{ApiKeyProvider, ChartImgClient, ExchangeList, SymbolList};
use shared::settings::Settings;
use shared::storage::{ChartStore, StorageError};

mod cache;
mod exchanges;
mod generate_chart;
mod persist;

use cache::TtlCache;

/// Maximum number of symbol lists kept in memory, one per exchange and search term.
const SYMBOL_CACHE_ENTRIES: usize = 256;

/// State shared by the handlers, built once per process.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    chart_img: ChartImgClient,
    /// The plan configs are checked against, and whose retention dates hosted images.
    plan: Plan,
    /// The bucket `persist: true` stores images in, or the reason there is none.
    store: Result<ChartStore, StorageError>,
    /// The time one generate call may take, render and store together.
    deadline: Duration,
    /// The largest image `persist: true` stores.
    max_image_bytes: usize,
    exchanges: TtlCache<ExchangeList>,
    symbols: TtlCache<SymbolList>,
}

impl AppState {
    /// Builds the state from the settings, without S3: `persist: true` answers 503. An SSM
    /// parameter holding the API key is read on the first call to chart-img, with a client from
    /// the default AWS configuration.
    pub fn new(settings: Settings) -> Self {
        let api_key = ApiKeyProvider::new(settings.chart_img.api_key.clone());
        Self::build(settings, api_key, None)
    }

    /// Builds the state with the SSM client that reads the API key parameter, without S3.
    pub fn with_ssm_client(settings: Settings, ssm: aws_sdk_ssm::Client) -> Self {
        let api_key = ApiKeyProvider::with_ssm_client(settings.chart_img.api_key.clone(), ssm);
        Self::build(settings, api_key, None)
    }

    /// Builds the state with the S3 client that `persist: true` stores images with.
    pub fn with_s3_client(settings: Settings, s3: aws_sdk_s3::Client) -> Self {
        let api_key = ApiKeyProvider::new(settings.chart_img.api_key.clone());
        Self::build(settings, api_key, Some(s3))
    }

    /// Builds the state with both AWS clients, as the Lambda function does.
    pub fn with_aws_clients(
        settings: Settings,
        ssm: aws_sdk_ssm::Client,
        s3: aws_sdk_s3::Client,
    ) -> Self {
        let api_key = ApiKeyProvider::with_ssm_client(settings.chart_img.api_key.clone(), ssm);
        Self::build(settings, api_key, Some(s3))
    }

    fn build(settings: Settings, api_key: ApiKeyProvider, s3: Option<aws_sdk_s3::Client>) -> Self {
        let chart_img = &settings.chart_img;
        let store = match s3 {
            Some(s3) => ChartStore::new(s3, &settings.storage),
            None => Err(StorageError::NotConfigured),
        };
        AppState {
            inner: Arc::new(Inner {
                chart_img: ChartImgClient::with_api_key(chart_img, api_key),
                plan: chart_img.plan,
                store,
                deadline: chart_img.deadline,
                max_image_bytes: settings.storage.max_image_bytes,
                exchanges: TtlCache::new(chart_img.exchange_cache_ttl, 1),
                symbols: TtlCache::new(chart_img.exchange_cache_ttl, SYMBOL_CACHE_ENTRIES),
            }),
        }
    }

    fn chart_img(&self) -> &ChartImgClient {
        &self.inner.chart_img
    }

    fn plan(&self) -> Plan {
        self.inner.plan
    }

    /// Returns the store, or 503 `NOT_CONFIGURED` naming `AWS_S3_BUCKET`.
    fn store(&self) -> Result<&ChartStore, ApiError> {
        self.inner
            .store
            .as_ref()
            .map_err(|error| ApiError::from(error.clone()))
    }

    fn deadline(&self) -> Duration {
        self.inner.deadline
    }

    fn max_image_bytes(&self) -> usize {
        self.inner.max_image_bytes
    }

    fn exchange_cache(&self) -> &TtlCache<ExchangeList> {
        &self.inner.exchanges
    }

    fn symbol_cache(&self) -> &TtlCache<SymbolList> {
        &self.inner.symbols
    }
}

/// Lists the routes this function serves.
pub fn endpoints() -> Vec<Endpoint<AppState>> {
    vec![
        endpoint(
            Method::POST,
            "/api/v1/charts/generate",
            generate_chart::generate_chart,
        ),
        endpoint(Method::GET, "/api/v1/exchanges", exchanges::list_exchanges),
        endpoint(
            Method::GET,
            "/api/v1/exchanges/{id}/symbols",
            exchanges::list_symbols,
        ),
    ]
}

/// Returns the router of this function.
pub fn router(state: AppState) -> Router {
    build_router(endpoints()).with_state(state)
}
