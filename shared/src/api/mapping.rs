//! The one place where each concern's error type becomes an envelope status and code. Each
//! section below maps one module's errors; messages name the bad value and the next step.

#[allow(unused_imports)]
use super::error::{ApiError, ErrorCode};

// Errors of `crate::construct`.

// Errors of `crate::validate`.

// Errors of `crate::chart_img`.

// Errors of `crate::storage`.

impl From<crate::storage::ImageError> for ApiError {
    fn from(error: crate::storage::ImageError) -> Self {
        ApiError::new(ErrorCode::UnsupportedMediaType, error.to_string())
    }
}

impl From<crate::storage::MetadataError> for ApiError {
    fn from(error: crate::storage::MetadataError) -> Self {
        let field = match &error {
            crate::storage::MetadataError::Invalid { field, .. } => field.clone(),
            crate::storage::MetadataError::TooLarge { .. } => "metadata".to_owned(),
        };
        ApiError::validation(error.to_string()).with_details(serde_json::json!({ "field": field }))
    }
}

impl From<crate::storage::RequestError> for ApiError {
    fn from(error: crate::storage::RequestError) -> Self {
        use crate::storage::RequestError as E;
        let field = match &error {
            E::Metadata(metadata) => return ApiError::from(metadata.clone()),
            E::Base64TooLarge { .. } | E::ImageTooLarge { .. } => {
                return ApiError::new(ErrorCode::PayloadTooLarge, error.to_string());
            }
            E::NoImage | E::BothImages => "imageUrl, imageData",
            E::InvalidUrl { .. } => "imageUrl",
            E::InvalidBase64 { .. } => "imageData",
        };
        ApiError::validation(error.to_string()).with_details(serde_json::json!({ "field": field }))
    }
}

impl From<crate::storage::KeyError> for ApiError {
    fn from(error: crate::storage::KeyError) -> Self {
        ApiError::validation(error.to_string()).with_details(serde_json::json!({ "field": "key" }))
    }
}

impl From<crate::storage::ListError> for ApiError {
    fn from(error: crate::storage::ListError) -> Self {
        ApiError::validation(error.to_string())
            .with_details(serde_json::json!({ "field": error.parameter }))
    }
}

impl From<crate::storage::FetchError> for ApiError {
    fn from(error: crate::storage::FetchError) -> Self {
        use crate::storage::FetchError as E;
        let message = error.to_string();
        match &error {
            E::AddressRefused { rule, address, .. } => {
                ApiError::validation(message).with_details(serde_json::json!({
                    "field": "imageUrl",
                    "rule": rule.name(),
                    "address": address.to_string(),
                }))
            }
            E::TooLarge { .. } => ApiError::new(ErrorCode::PayloadTooLarge, message),
            E::Timeout { .. } => ApiError::new(ErrorCode::UpstreamTimeout, message),
            E::Status { status } if *status >= 500 => {
                ApiError::new(ErrorCode::ExternalApiError, message)
                    .with_status(http::StatusCode::BAD_GATEWAY)
            }
            E::Connection { cause, .. } => ApiError::new(ErrorCode::ExternalApiError, message)
                .with_status(http::StatusCode::BAD_GATEWAY)
                .with_cause(cause),
            _ => ApiError::validation(message)
                .with_details(serde_json::json!({ "field": "imageUrl" })),
        }
    }
}

impl From<crate::storage::StorageError> for ApiError {
    fn from(error: crate::storage::StorageError) -> Self {
        use crate::storage::StorageError as E;
        let message = error.to_string();
        let api_error = match &error {
            E::NotConfigured => ApiError::not_configured(message)
                .with_details(serde_json::json!({ "setting": "AWS_S3_BUCKET" })),
            E::Image(image) => return ApiError::from(image.clone()),
            E::Metadata(metadata) => return ApiError::from(metadata.clone()),
            E::Key(key) => return ApiError::from(key.clone()),
            E::TooLarge { .. } => ApiError::new(ErrorCode::PayloadTooLarge, message),
            E::NotFound { .. } => ApiError::not_found(message),
            E::KeyConflict { .. } => ApiError::new(ErrorCode::StorageError, message)
                .with_status(http::StatusCode::CONFLICT),
            E::Timeout { .. } => ApiError::new(ErrorCode::UpstreamTimeout, message),
            E::Unreachable { .. }
            | E::BucketMissing { .. }
            | E::AccessDenied { .. }
            | E::Rejected { .. } => ApiError::new(ErrorCode::StorageError, message),
        };
        match error.cause() {
            Some(cause) => api_error.with_cause(cause),
            None => api_error,
        }
    }
}
