//! `GET /api/v1/exchanges` and `GET /api/v1/exchanges/{id}/symbols`: chart-img's exchange and
//! symbol lists, cached in memory for `EXCHANGE_CACHE_TTL_SECONDS`.
//!
//! Every query parameter is optional. `forceRefresh=true` skips the cache; `forceRefresh=false`
//! is the default. An exchange that chart-img does not list is 404 `EXCHANGE_NOT_FOUND`,
//! decided from the cached exchange list without asking for its symbols.

use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use serde_json::json;
use shared::api::{ApiError, QueryParams, Success};
use shared::chart_img::{ChartImgError, ExchangeList, SymbolInfo, SymbolList};

use crate::AppState;
use crate::cache::Cached;

/// Symbols returned when the request sets no `limit`.
const DEFAULT_LIMIT: usize = 50;
/// Maximum `limit`.
const MAX_LIMIT: usize = 1000;
/// Maximum length of a `search` term, in characters.
const MAX_SEARCH_CHARS: usize = 64;
/// Maximum length of an exchange id.
const MAX_EXCHANGE_CHARS: usize = 40;

/// The cache key of the exchange list, which is one value.
const EXCHANGE_LIST_KEY: &str = "exchanges";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ExchangesQuery {
    #[serde(default)]
    force_refresh: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SymbolsQuery {
    search: Option<String>,
    limit: Option<usize>,
    #[serde(default)]
    force_refresh: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Exchanges {
    exchanges: Vec<String>,
    count: usize,
    /// When chart-img last refreshed the list, as chart-img writes it.
    updated_at: Option<String>,
    /// Whether the list came from this instance's cache rather than from chart-img.
    cached: bool,
    /// When this instance fetched the list from chart-img.
    fetched_at: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Symbols {
    exchange: String,
    search: Option<String>,
    symbols: Vec<SymbolInfo>,
    /// How many symbols are returned, at most `limit`.
    count: usize,
    /// How many symbols chart-img listed before `limit` applied.
    total: usize,
    updated_at: Option<String>,
    cached: bool,
    fetched_at: String,
}

pub(crate) async fn list_exchanges(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<ExchangesQuery>,
) -> Result<Success<Exchanges>, ApiError> {
    let (list, cached) = exchange_list(&state, query.force_refresh).await?;
    Ok(Success::ok(Exchanges {
        count: list.value.exchanges.len(),
        exchanges: list.value.exchanges.clone(),
        updated_at: list.value.updated_at.clone(),
        cached,
        fetched_at: list.fetched_at.to_rfc3339(),
    }))
}

pub(crate) async fn list_symbols(
    State(state): State<AppState>,
    Path(id): Path<String>,
    QueryParams(query): QueryParams<SymbolsQuery>,
) -> Result<Success<Symbols>, ApiError> {
    let requested = parse_exchange(&id)?;
    let search = parse_search(query.search.as_deref())?;
    let limit = parse_limit(query.limit)?;

    let (list, _) = exchange_list(&state, query.force_refresh).await?;
    let exchange = list
        .value
        .exchanges
        .iter()
        .find(|known| known.eq_ignore_ascii_case(requested))
        .cloned()
        .ok_or_else(|| ChartImgError::ExchangeNotFound {
            exchange: requested.to_owned(),
        })?;

    let key = format!("{exchange}\n{}", search.as_deref().unwrap_or_default());
    let hit = (!query.force_refresh)
        .then(|| state.symbol_cache().get(&key))
        .flatten();
    let cached = hit.is_some();
    let symbols = match hit {
        Some(hit) => hit,
        None => {
            let fetched: SymbolList = state
                .chart_img()
                .exchange_symbols(&exchange, search.as_deref())
                .await?;
            state.symbol_cache().insert(key, fetched)
        }
    };
    tracing::debug!(exchange, cached, "listed symbols");

    let total = symbols.value.symbols.len();
    let returned: Vec<SymbolInfo> = symbols.value.symbols.iter().take(limit).cloned().collect();
    Ok(Success::ok(Symbols {
        exchange,
        search,
        count: returned.len(),
        symbols: returned,
        total,
        updated_at: symbols.value.updated_at.clone(),
        cached,
        fetched_at: symbols.fetched_at.to_rfc3339(),
    }))
}

/// Returns the exchange list, from the cache unless `force_refresh`, and whether it was cached.
async fn exchange_list(
    state: &AppState,
    force_refresh: bool,
) -> Result<(Cached<ExchangeList>, bool), ApiError> {
    let hit = (!force_refresh)
        .then(|| state.exchange_cache().get(EXCHANGE_LIST_KEY))
        .flatten();
    if let Some(hit) = hit {
        return Ok((hit, true));
    }
    let list = state.chart_img().exchanges().await?;
    let stored = state
        .exchange_cache()
        .insert(EXCHANGE_LIST_KEY.to_owned(), list);
    Ok((stored, false))
}

fn parse_exchange(id: &str) -> Result<&str, ApiError> {
    let id = id.trim();
    let valid = !id.is_empty()
        && id.len() <= MAX_EXCHANGE_CHARS
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        return Ok(id);
    }
    Err(ApiError::validation(format!(
        "exchange id `{id}` is not valid; an id is 1 to {MAX_EXCHANGE_CHARS} letters, digits or \
         `_`, such as `BINANCE`, as listed by GET /api/v1/exchanges"
    ))
    .with_details(json!({ "field": "id" })))
}

fn parse_search(search: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(search) = search.map(str::trim).filter(|search| !search.is_empty()) else {
        return Ok(None);
    };
    if search.chars().count() > MAX_SEARCH_CHARS {
        return Err(ApiError::validation(format!(
            "query parameter search: is longer than {MAX_SEARCH_CHARS} characters"
        ))
        .with_details(json!({ "field": "search" })));
    }
    Ok(Some(search.to_owned()))
}

fn parse_limit(limit: Option<usize>) -> Result<usize, ApiError> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(limit) if (1..=MAX_LIMIT).contains(&limit) => Ok(limit),
        Some(limit) => Err(ApiError::validation(format!(
            "query parameter limit: {limit} is out of range; use 1 to {MAX_LIMIT} (default \
             {DEFAULT_LIMIT})"
        ))
        .with_details(json!({ "field": "limit" }))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_defaults_and_bounds() {
        assert_eq!(parse_limit(None).unwrap(), DEFAULT_LIMIT);
        assert_eq!(parse_limit(Some(MAX_LIMIT)).unwrap(), MAX_LIMIT);
        assert!(parse_limit(Some(0)).is_err());
        assert!(parse_limit(Some(MAX_LIMIT + 1)).is_err());
    }

    #[test]
    fn search_is_trimmed_and_bounded() {
        assert_eq!(parse_search(Some("  ")).unwrap(), None);
        assert_eq!(parse_search(Some(" btc ")).unwrap().as_deref(), Some("btc"));
        assert!(parse_search(Some(&"x".repeat(MAX_SEARCH_CHARS + 1))).is_err());
    }

    #[test]
    fn exchange_id_rejects_path_characters() {
        assert_eq!(parse_exchange("CME_MINI").unwrap(), "CME_MINI");
        assert!(parse_exchange("../etc").is_err());
        assert!(parse_exchange("").is_err());
    }
}
