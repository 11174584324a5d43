//! The generate function: renders charts through chart-img and lists its exchanges and symbols.
//! It is the only function that has the chart-img API key.

use std::sync::Arc;

use axum::Router;
use axum::http::Method;
use shared::api::{Endpoint, build_router, endpoint};
use shared::chart::Plan;
use shared::chart_img::{ApiKeyProvider, ChartImgClient, ExchangeList, SymbolList};
use shared::settings::Settings;

mod cache;
mod exchanges;
mod generate_chart;

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
    exchanges: TtlCache<ExchangeList>,
    symbols: TtlCache<SymbolList>,
}

impl AppState {
    /// Builds the state from the settings. An SSM parameter holding the API key is read on the
    /// first call to chart-img, with a client from the default AWS configuration.
    pub fn new(settings: Settings) -> Self {
        let api_key = ApiKeyProvider::new(settings.chart_img.api_key.clone());
        Self::with_api_key(settings, api_key)
    }

    /// Builds the state with the SSM client that reads the API key parameter.
    pub fn with_ssm_client(settings: Settings, ssm: aws_sdk_ssm::Client) -> Self {
        let api_key = ApiKeyProvider::with_ssm_client(settings.chart_img.api_key.clone(), ssm);
        Self::with_api_key(settings, api_key)
    }

    fn with_api_key(settings: Settings, api_key: ApiKeyProvider) -> Self {
        let chart_img = &settings.chart_img;
        AppState {
            inner: Arc::new(Inner {
                chart_img: ChartImgClient::with_api_key(chart_img, api_key),
                plan: chart_img.plan,
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
