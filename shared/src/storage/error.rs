//! The errors of storage, one enum per concern. Messages name the bad value and what to do
//! next; S3 causes that are only for the log sit in `cause` fields, which `Display` leaves out.
//! `crate::api` maps each enum to a status and envelope code.

use std::net::IpAddr;

use super::address::AddressRule;

/// A rejection of an image's bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("the image is empty; send the bytes of a PNG, JPEG or WebP image")]
    Empty,

    /// The bytes are of a known kind that is not stored, or of no recognised kind.
    #[error("the bytes are {found}, which is not stored; send a PNG, JPEG or WebP image")]
    Unsupported { found: &'static str },

    /// The bytes start with a stored kind's signature, but its header cannot be read.
    #[error(
        "the image starts like a {kind} but its header is invalid ({reason}); send a complete \
         {kind} file"
    )]
    InvalidHeader {
        kind: &'static str,
        reason: &'static str,
    },
}

/// An invalid chart metadata field, or metadata too large for S3.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetadataError {
    /// One field is invalid: `field` is its path in the request, such as `metadata.symbol`.
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: String },

    #[error(
        "metadata needs {size} bytes as S3 user metadata, over S3's limit of {limit} bytes; \
         shorten metadata.indicators or metadata.source"
    )]
    TooLarge { size: usize, limit: usize },
}

impl MetadataError {
    pub(crate) fn invalid(field: impl Into<String>, problem: impl Into<String>) -> Self {
        MetadataError::Invalid {
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// An upload request that cannot be turned into image bytes and metadata.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("send the image as imageUrl (a URL) or imageData (base64); neither is present")]
    NoImage,

    #[error("send either imageUrl or imageData, not both")]
    BothImages,

    #[error("imageUrl: {reason}")]
    InvalidUrl { reason: String },

    #[error("imageData: {reason}")]
    InvalidBase64 { reason: String },

    #[error(
        "imageData is {length} characters long, over the limit of {limit} characters (base64 of \
         a {max_image_bytes}-byte image); send a smaller image"
    )]
    Base64TooLarge {
        length: usize,
        limit: usize,
        max_image_bytes: usize,
    },

    #[error("the image is {size} bytes, over the limit of {limit} bytes; send a smaller image")]
    ImageTooLarge { size: usize, limit: usize },

    #[error(transparent)]
    Metadata(#[from] MetadataError),
}

/// A string that is not the key of a stored chart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "key {key:?} is not a chart key: {reason}; chart keys look like \
     charts/2025/11/BTCUSDT-4h-20251116T103000-abc12345.png"
)]
pub struct KeyError {
    /// The rejected text, cut to 200 characters.
    pub key: String,
    pub reason: &'static str,
}

impl KeyError {
    pub(crate) fn new(key: &str, reason: &'static str) -> Self {
        KeyError {
            key: key.chars().take(200).collect(),
            reason,
        }
    }
}

/// An invalid query parameter of a listing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("query parameter {parameter}: {problem}")]
pub struct ListError {
    pub parameter: &'static str,
    pub problem: String,
}

impl ListError {
    pub(crate) fn new(parameter: &'static str, problem: impl Into<String>) -> Self {
        ListError {
            parameter,
            problem: problem.into(),
        }
    }
}

/// A failed or rejected download of an `imageUrl`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("imageUrl: {reason}")]
    InvalidUrl { reason: String },

    #[error("imageUrl: origin {origin} is not allowed; images are fetched only from {allowed}")]
    OriginNotAllowed { origin: String, allowed: String },

    /// The host is, or resolves to, an address that the rule forbids.
    #[error(
        "imageUrl: host {host} is {address}, {rule}, and such addresses are never fetched; \
         use a URL on a public host"
    )]
    AddressRefused {
        host: String,
        address: IpAddr,
        rule: AddressRule,
    },

    #[error("imageUrl: host {host} was not found ({cause}); check the URL")]
    HostNotFound { host: String, cause: String },

    #[error("imageUrl: more than {limit} redirects; link to the image itself")]
    TooManyRedirects { limit: usize },

    #[error("imageUrl: a redirect ({status}) has no valid Location header")]
    InvalidRedirect { status: u16 },

    #[error("imageUrl: the server answered HTTP {status}; check that the URL is an image")]
    Status { status: u16 },

    #[error("imageUrl: the image is over the limit of {limit} bytes; send a smaller image")]
    TooLarge { limit: usize },

    #[error("imageUrl: the download did not finish within {after_ms} ms; retry later")]
    Timeout { after_ms: u64 },

    /// The connection failed or broke off. `cause` is for the log.
    #[error("imageUrl: connecting to {host} or reading from it failed; retry later")]
    Connection { host: String, cause: String },
}

/// A failed storage operation. Variants with a `cause` keep the S3 error code, message and
/// request id for the log. The request's signature and credentials are never in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    #[error("S3 storage is not configured; set AWS_S3_BUCKET to the bucket that stores charts")]
    NotConfigured,

    #[error(transparent)]
    Image(#[from] ImageError),

    #[error(transparent)]
    Metadata(#[from] MetadataError),

    #[error(transparent)]
    Key(#[from] KeyError),

    #[error("the image is {size} bytes, over the limit of {limit} bytes; send a smaller image")]
    TooLarge { size: usize, limit: usize },

    #[error("no chart is stored under key {key}")]
    NotFound { key: String },

    /// A different image already sits under the key: a collision of the first 8 hex digits of
    /// two images' SHA-256 within the same second, or an object written by something else.
    #[error("key {key} already holds a different image; upload again with another generatedAt")]
    KeyConflict { key: String },

    #[error("S3 did not finish {operation} within {after_ms} ms; retry later")]
    Timeout {
        operation: &'static str,
        after_ms: u64,
    },

    #[error(
        "S3 could not be reached for {operation}; retry later, and check the S3 endpoint and \
         network if it persists"
    )]
    Unreachable {
        operation: &'static str,
        cause: String,
    },

    #[error("bucket {bucket} does not exist; create it or set AWS_S3_BUCKET to an existing bucket")]
    BucketMissing { bucket: String, cause: String },

    #[error(
        "S3 denied {operation} on bucket {bucket} ({code}); grant the function's role \
         {permission} on the bucket and check its credentials"
    )]
    AccessDenied {
        operation: &'static str,
        /// The IAM permission the operation needs, such as `s3:PutObject`.
        permission: &'static str,
        bucket: String,
        code: String,
        cause: String,
    },

    #[error(
        "S3 rejected {operation} with {code} (HTTP {status}); retry later, and report the \
         requestId if it persists"
    )]
    Rejected {
        operation: &'static str,
        code: String,
        status: u16,
        cause: String,
    },
}

impl StorageError {
    /// Returns the detail that goes to the log only, if any.
    pub fn cause(&self) -> Option<&str> {
        match self {
            StorageError::Unreachable { cause, .. }
            | StorageError::BucketMissing { cause, .. }
            | StorageError::AccessDenied { cause, .. }
            | StorageError::Rejected { cause, .. } => Some(cause),
            _ => None,
        }
    }
}
