//! The v3 exchange routes over the fixed catalogue. Both need the key; neither counts against
//! the rate limits nor takes injected faults, which apply to render requests only.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};

use super::AppState;
use crate::catalogue::{self, Listing};
use crate::error::ApiError;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Catalogue<T> {
    updated_at: &'static str,
    payload: Vec<T>,
}

#[derive(Deserialize)]
pub(super) struct SymbolFilter {
    symbol: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// `GET /v3/tradingview/exchange/list`: every exchange id.
pub(super) async fn list(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Json<Catalogue<&'static str>>, ApiError> {
    state.access.check_key(&headers)?;
    Ok(Json(Catalogue {
        updated_at: catalogue::UPDATED_AT,
        payload: catalogue::exchange_ids(),
    }))
}

/// `GET /v3/tradingview/exchange/{exchangeId}?symbol=&type=`: the exchange's symbols, filtered.
///
/// chart-img does not document its response for an unknown exchange. The stand-in assumes 404
/// `{"message":"Not Found"}`.
pub(super) async fn symbols(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(exchange_id): Path<String>,
    Query(filter): Query<SymbolFilter>,
) -> Result<Json<Catalogue<Listing>>, ApiError> {
    state.access.check_key(&headers)?;
    let listings = catalogue::listings(
        &exchange_id,
        filter.symbol.as_deref(),
        filter.kind.as_deref(),
    )
    .ok_or(ApiError::NotFound)?;
    Ok(Json(Catalogue {
        updated_at: catalogue::UPDATED_AT,
        payload: listings,
    }))
}
