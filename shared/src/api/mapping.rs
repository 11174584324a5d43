//! The one place where each concern's error type becomes an envelope status and code. Each
//! section below maps one module's errors; messages name the bad value and the next step.

#[allow(unused_imports)]
use super::error::{ApiError, ErrorCode};

// Errors of `crate::construct`.

// Errors of `crate::validate`.

// Errors of `crate::chart_img`.

// Errors of `crate::storage`.
