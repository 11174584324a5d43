//! The one place where each concern's error type becomes an envelope status and code. Each
//! section below maps one module's errors; messages name the bad value and the next step.

#[allow(unused_imports)]
use super::error::{ApiError, ErrorCode};

// Errors of `crate::construct`.

/// Every construct error is the caller's to fix: 422 `VALIDATION_ERROR`, with the field named in
/// `details`.
impl From<crate::construct::ConstructError> for ApiError {
    fn from(error: crate::construct::ConstructError) -> Self {
        let field = error.field();
        ApiError::new(ErrorCode::ValidationError, error.to_string())
            .with_details(serde_json::json!({ "field": field }))
    }
}

// Errors of `crate::validate`.

// Errors of `crate::chart_img`.

// Errors of `crate::storage`.
