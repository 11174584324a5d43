//! Storing chart images in the user's S3 bucket, listing them and deleting them.
//!
//! An upload request names its image by `imageUrl` or carries it as `imageData`. `request`
//! validates it within the size caps, and `fetch` downloads URLs only from allowed origins and
//! public addresses. `sniff` accepts PNG, JPEG and WebP by their bytes alone, `metadata`
//! validates and encodes the chart's description for S3, and `key` derives the object key from
//! the content and its time. [`ChartStore`] writes, lists and deletes the objects. Every error
//! type is in `error`, and `crate::api` maps each one to a status and code.
//!
//! Guarantees: every key lies under `charts/` and is built only from sanitized parts; the same
//! bytes with the same `generatedAt` always map to the same key and are stored once; each write
//! carries the SHA-256 of the bytes, so S3 rejects a body that changed on the way.

mod address;
mod error;
mod fetch;
mod key;
mod list;
mod metadata;
mod public_url;
mod request;
mod resolve;
mod s3_failure;
mod sniff;
mod store;

pub use address::{AddressRule, check_address};
pub use error::StorageError;
pub use error::{FetchError, ImageError, KeyError, ListError, MetadataError, RequestError};
pub use fetch::ImageFetcher;
pub use key::{ChartKey, KeyParts, KeySymbol};
pub use list::{ChartPage, ListParams, ListQuery};
pub use metadata::{ChartMetadata, MAX_INDICATORS, MetadataInput, StoredMetadata};
pub use request::{ImageSource, UploadRequest, base64_text_limit};
pub use resolve::{HostLookup, LookupFuture};
pub use sniff::{ImageKind, SniffedImage, sniff};
pub use store::{ChartStore, StoreOutcome, StoredChart};
