//! `POST /api/v1/charts/generate`: checks the config against the configured plan, then has
//! chart-img render it, either hosted by chart-img (`storage: true`, the default), returned as
//! base64 bytes (`storage: false`), or stored in the service's S3 bucket (`persist: true`, which
//! takes precedence over `storage`).
//!
//! A config the plan would reject gets 422 without a call to chart-img, so no render is paid
//! for that chart-img would reject.

use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use chrono::{DateTime, Duration as CalendarDuration, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use shared::api::{ApiError, JsonBody, RequestId, Success};
use shared::chart::{ChartConfig, ImageFormat};
use shared::chart_img::ApiKeyError;
use shared::storage::StoreOutcome;
use shared::validate::{FieldProblem, parse_config};
use tracing::Instrument;

use crate::{AppState, persist};

/// Maximum size of an image returned as base64. A Lambda response is at most 6 MB, base64 adds a
/// third, and the envelope needs a little room: 4,400,000 bytes encode to 5,866,668.
pub(crate) const MAX_INLINE_IMAGE_BYTES: usize = 4_400_000;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct GenerateRequest {
    /// The chart-img advanced-chart config, checked field by field before use.
    config: Value,
    /// Whether chart-img hosts the image (a URL) rather than returning its bytes.
    #[serde(default = "default_storage")]
    storage: bool,
    /// The image format sent to chart-img; it must agree with `config.format` when both are set.
    format: Option<ImageFormat>,
    /// Whether the service stores the rendered bytes in its own S3 bucket and returns the
    /// permanent URL. It takes precedence over `storage`.
    #[serde(default)]
    persist: bool,
}

fn default_storage() -> bool {
    true
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Generated {
    #[serde(skip_serializing_if = "Option::is_none")]
    image_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_data: Option<String>,
    content_type: &'static str,
    /// When chart-img deletes a hosted image: the configured plan's retention from now.
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<String>,
    metadata: Metadata,
    /// Problems chart-img tolerates, such as keys it ignores.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<FieldProblem>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Metadata {
    symbol: String,
    interval: &'static str,
    width: u32,
    height: u32,
    format: ImageFormat,
    generated_at: String,
}

pub(crate) async fn generate_chart(
    State(state): State<AppState>,
    request_id: Option<Extension<RequestId>>,
    JsonBody(request): JsonBody<GenerateRequest>,
) -> Result<Response, ApiError> {
    if !state.chart_img().is_configured() {
        return Err(ApiKeyError::Missing.into());
    }
    if request.persist {
        state.store()?;
    }

    let (mut config, report) = parse_config(&request.config, state.plan())?;
    config.format = Some(resolve_format(request.format, config.format)?);

    let request_id = request_id.map_or_else(String::new, |Extension(id)| id.0);
    let span = tracing::info_span!("generate", request_id, symbol = %config.symbol);
    if request.persist {
        let outcome = persist::render_and_store(&state, &config)
            .instrument(span.clone())
            .await?;
        span.in_scope(|| {
            tracing::info!(key = %outcome.chart.key, existing = outcome.existing, "chart persisted")
        });
        let status = if outcome.existing {
            StatusCode::OK
        } else {
            StatusCode::CREATED
        };
        let persisted = Persisted {
            outcome,
            warnings: report.warnings,
        };
        return Ok(Success::with_status(status, persisted).into_response());
    }

    let generated = if request.storage {
        render_hosted(&state, &config).instrument(span).await?
    } else {
        render_inline(&state, &config).instrument(span).await?
    };
    let generated = Generated {
        warnings: report.warnings,
        ..generated
    };
    Ok(Success::ok(generated).into_response())
}

/// Response data of `persist: true`: the fields of `POST /api/v1/storage/s3`, plus the config's
/// warnings.
#[derive(Debug, Serialize)]
pub(crate) struct Persisted {
    #[serde(flatten)]
    outcome: StoreOutcome,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<FieldProblem>,
}

/// Returns the format to request: the request's, unless it contradicts the config's own.
fn resolve_format(
    requested: Option<ImageFormat>,
    configured: Option<ImageFormat>,
) -> Result<ImageFormat, ApiError> {
    match (requested, configured) {
        (Some(requested), Some(configured)) if requested != configured => {
            Err(ApiError::validation(format!(
                "format: `{requested}` contradicts config.format `{configured}`; set only one"
            ))
            .with_details(json!({ "field": "format" })))
        }
        (Some(format), _) | (None, Some(format)) => Ok(format),
        (None, None) => Ok(ImageFormat::Png),
    }
}

async fn render_hosted(state: &AppState, config: &ChartConfig) -> Result<Generated, ApiError> {
    let hosted = state.chart_img().render_hosted(config).await?;

    let now = Utc::now();
    let retention = CalendarDuration::days(i64::from(state.plan().limits().retention_days));
    let format = config.image_format();
    Ok(Generated {
        image_url: Some(hosted.url.to_string()),
        image_data: None,
        content_type: format.content_type(),
        expires_at: Some(timestamp(now + retention)),
        metadata: metadata(config, config.width, config.height, format, now),
        warnings: Vec::new(),
    })
}

async fn render_inline(state: &AppState, config: &ChartConfig) -> Result<Generated, ApiError> {
    let image = state
        .chart_img()
        .render_image(config, MAX_INLINE_IMAGE_BYTES)
        .await?;

    let now = Utc::now();
    Ok(Generated {
        image_url: None,
        image_data: Some(base64::engine::general_purpose::STANDARD.encode(&image.bytes)),
        content_type: image.format.content_type(),
        expires_at: None,
        metadata: metadata(config, image.width, image.height, image.format, now),
        warnings: Vec::new(),
    })
}

fn metadata(
    config: &ChartConfig,
    width: u32,
    height: u32,
    format: ImageFormat,
    generated_at: DateTime<Utc>,
) -> Metadata {
    Metadata {
        symbol: config.symbol.clone(),
        interval: config.interval.as_str(),
        width,
        height,
        format,
        generated_at: timestamp(generated_at),
    }
}

fn timestamp(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_defaults_to_png() {
        assert_eq!(resolve_format(None, None).unwrap(), ImageFormat::Png);
    }

    #[test]
    fn format_comes_from_either_place() {
        assert_eq!(
            resolve_format(Some(ImageFormat::Jpeg), None).unwrap(),
            ImageFormat::Jpeg
        );
        assert_eq!(
            resolve_format(None, Some(ImageFormat::Jpeg)).unwrap(),
            ImageFormat::Jpeg
        );
    }

    #[test]
    fn contradicting_formats_are_rejected() {
        let error = resolve_format(Some(ImageFormat::Png), Some(ImageFormat::Jpeg)).unwrap_err();
        assert!(error.message.contains("contradicts"), "{}", error.message);
    }

    #[test]
    fn inline_limit_fits_a_lambda_response() {
        let encoded = MAX_INLINE_IMAGE_BYTES.div_ceil(3) * 4;
        assert!(encoded + 64 * 1024 < 6_000_000, "{encoded}");
    }

    #[test]
    fn request_needs_config() {
        let error = serde_json::from_str::<GenerateRequest>(r#"{"storage": false}"#).unwrap_err();
        assert!(error.to_string().contains("config"), "{error}");
    }
}
