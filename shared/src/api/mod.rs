//! The `/api/v1` envelope: every response is `{"success", "data" | "error", "meta"}`, every error
//! carries a stable code, and every request is logged once with its id, status and duration.
//!
//! Handlers return [`Success`] or [`ApiError`]; [`ApiService`] wraps a router, renders both into
//! the envelope with the request's id, and strips API Gateway's stage from the path.

mod envelope;
mod error;
mod extract;
mod mapping;
mod routes;
mod service;

pub use envelope::Success;
pub use error::{ApiError, ErrorCode};
pub use extract::{BodyLimit, DEFAULT_BODY_LIMIT, JsonBody, QueryParams, deserialize_object};
pub use routes::{Endpoint, build_router, describe, endpoint};
pub use service::{ApiService, RequestId};
