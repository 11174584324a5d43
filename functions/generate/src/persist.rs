//! `persist: true`: renders the image bytes and stores them in the service's own bucket in the
//! same call, so the response carries a permanent URL and no chart-img hosted copy is involved.
//!
//! The render and the write share the call's deadline (`CHART_IMG_DEADLINE_MS`): the render
//! gets all of it but a reserve kept for the S3 write, so the whole call still ends before API
//! Gateway's 29 s timeout.

use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use shared::api::ApiError;
use shared::chart::ChartConfig;
use shared::storage::{ChartMetadata, MAX_INDICATORS, MetadataInput, StoreOutcome};
use tokio::time::Instant;

use crate::AppState;

/// Maximum time kept for the S3 write. A deadline under 12 s keeps a quarter of itself instead.
const MAX_STORE_RESERVE: Duration = Duration::from_secs(3);

/// Source of a persisted image, as stored in its metadata.
const SOURCE: &str = "chart-img.com";

/// Renders `config` and stores the bytes, returning the stored chart.
pub(crate) async fn render_and_store(
    state: &AppState,
    config: &ChartConfig,
) -> Result<StoreOutcome, ApiError> {
    let started = Instant::now();
    let store = state.store()?;

    // The metadata is checked before the render, so a chart that cannot be stored is not paid
    // for.
    let metadata = chart_metadata(config)?;

    let reserve = MAX_STORE_RESERVE.min(state.deadline() / 4);
    let image = state
        .chart_img()
        .render_image_within(config, state.max_image_bytes(), state.deadline() - reserve)
        .await?;

    let deadline = started + state.deadline();
    match tokio::time::timeout_at(deadline, store.store(image.bytes, &metadata)).await {
        Ok(outcome) => Ok(outcome?),
        Err(_elapsed) => Err(ApiError::new(
            shared::api::ErrorCode::UpstreamTimeout,
            format!(
                "the chart was rendered but storing it in S3 did not finish within the {} ms \
                 deadline; retry the request, which stores the same chart under a new key",
                state.deadline().as_millis()
            ),
        )),
    }
}

/// Describes the chart for its S3 metadata: the symbol, the interval, each study name once (at
/// most as many as metadata holds), the render time and chart-img as the source.
fn chart_metadata(config: &ChartConfig) -> Result<ChartMetadata, ApiError> {
    let mut indicators: Vec<String> = Vec::new();
    for study in &config.studies {
        if indicators.len() == MAX_INDICATORS {
            break;
        }
        if !indicators.contains(&study.name) {
            indicators.push(study.name.clone());
        }
    }

    let input = MetadataInput {
        symbol: config.symbol.clone(),
        interval: config.interval.as_str().to_owned(),
        indicators,
        generated_at: Some(Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)),
        source: Some(SOURCE.to_owned()),
    };
    ChartMetadata::parse(input).map_err(|error| {
        let error = ApiError::from(error);
        ApiError::validation(format!(
            "persist: this chart cannot be stored: {}; use storage: true or storage: false \
             instead",
            error.message
        ))
    })
}

#[cfg(test)]
mod tests {
    use shared::chart::Study;

    use super::*;

    #[test]
    fn metadata_lists_each_study_once() {
        let config = ChartConfig {
            studies: vec![
                Study::named("Moving Average Exponential"),
                Study::named("Moving Average Exponential"),
                Study::named("Relative Strength Index"),
            ],
            ..ChartConfig::default()
        };
        let metadata = chart_metadata(&config).unwrap();
        assert_eq!(
            metadata.indicators(),
            ["Moving Average Exponential", "Relative Strength Index"]
        );
    }

    #[test]
    fn metadata_keeps_at_most_the_metadata_limit() {
        let config = ChartConfig {
            studies: shared::chart::STUDIES
                .iter()
                .take(30)
                .map(|spec| Study::named(spec.name))
                .collect(),
            ..ChartConfig::default()
        };
        let metadata = chart_metadata(&config).unwrap();
        assert_eq!(metadata.indicators().len(), MAX_INDICATORS);
    }

    #[test]
    fn metadata_names_symbol_interval_and_source() {
        let metadata = chart_metadata(&ChartConfig::default()).unwrap();
        assert_eq!(metadata.symbol(), "BINANCE:BTCUSDT");
        assert_eq!(metadata.interval(), "1D");
        assert!(metadata.generated_at().is_some());
    }
}
