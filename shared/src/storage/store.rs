//! [`ChartStore`]: writes chart images to the bucket, reads them back and deletes them.
//!
//! A write is idempotent. The key is derived from the bytes and the chart's time, so a repeated
//! upload finds its object with a HEAD and returns it instead of writing again. With
//! conditional writes on, the PUT also carries `If-None-Match: *`, so that of two concurrent
//! uploads of the same chart only one creates the object and the other returns it. Each PUT
//! carries `x-amz-checksum-sha256` of the bytes, so S3 stores nothing whose body changed on the
//! way, and a failed PUT leaves no object.

use std::future::Future;
use std::time::{Duration, Instant};

use aws_sdk_s3::error::SdkError;
use aws_sdk_s3::primitives::ByteStream;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::error::StorageError;
use super::key::ChartKey;
use super::list::{ChartPage, ListQuery};
use super::metadata::{ChartMetadata, ObjectFacts, StoredMetadata, format_time, from_s3};
use super::public_url::PublicUrls;
use super::s3_failure::{classify, code, status};
use super::sniff::sniff;
use crate::settings::StorageSettings;

/// Stored charts never change under their key, so browsers and CloudFront may keep them for a
/// year without asking again.
const CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// A chart as stored in the bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredChart {
    /// Public URL of the image, built from `PUBLIC_BASE_URL` or `AWS_CLOUDFRONT_DOMAIN` when set.
    pub url: String,
    pub bucket: String,
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    pub content_type: String,
    /// SHA-256 of the bytes, lowercase hex. Missing only on objects written by other tools.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// When the object was written, RFC 3339 UTC.
    pub uploaded_at: String,
    pub metadata: StoredMetadata,
}

/// The result of [`ChartStore::store`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreOutcome {
    #[serde(flatten)]
    pub chart: StoredChart,
    /// `true` when the same image with the same time was already stored, and nothing was
    /// written.
    pub existing: bool,
}

/// Stores chart images in one bucket. Build it once per process and share it, because it owns
/// the S3 client and its connection pool.
#[derive(Debug, Clone)]
pub struct ChartStore {
    pub(super) client: aws_sdk_s3::Client,
    pub(super) bucket: String,
    pub(super) urls: PublicUrls,
    max_image_bytes: usize,
    deadline: Duration,
    conditional_writes: bool,
}

impl ChartStore {
    /// Builds the store, or returns [`StorageError::NotConfigured`] when `AWS_S3_BUCKET` is not
    /// set.
    pub fn new(
        client: aws_sdk_s3::Client,
        settings: &StorageSettings,
    ) -> Result<Self, StorageError> {
        let bucket = settings.bucket.clone().ok_or(StorageError::NotConfigured)?;
        Ok(ChartStore {
            client,
            urls: PublicUrls::new(settings, &bucket),
            bucket,
            max_image_bytes: settings.max_image_bytes,
            deadline: settings.s3_deadline,
            conditional_writes: settings.conditional_writes,
        })
    }

    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// Returns the public URL of a key.
    pub fn url(&self, key: &ChartKey) -> String {
        self.urls.url(key.as_str())
    }

    /// Stores an image under the key derived from its bytes and `metadata`, or returns the
    /// object already there. The bytes must be a PNG, JPEG or WebP within `MAX_IMAGE_BYTES`.
    pub async fn store(
        &self,
        image: Bytes,
        metadata: &ChartMetadata,
    ) -> Result<StoreOutcome, StorageError> {
        if image.len() > self.max_image_bytes {
            return Err(StorageError::TooLarge {
                size: image.len(),
                limit: self.max_image_bytes,
            });
        }
        let sniffed = sniff(&image)?;
        let digest: [u8; 32] = Sha256::digest(&image).into();
        let uploaded_at = Utc::now().trunc_subsecs(3);
        let time = metadata.generated_at().unwrap_or(uploaded_at);
        let key = ChartKey::new(
            metadata.key_symbol(),
            metadata.key_interval(),
            time,
            &digest,
            sniffed.kind,
        )?;
        let facts = ObjectFacts {
            sha256: hex::encode(digest),
            width: sniffed.width,
            height: sniffed.height,
            uploaded_at,
        };
        let user_metadata = metadata.to_s3(&facts)?;

        self.within("storing the chart", async {
            // With conditional writes the PUT itself finds an existing object (412), so a new
            // chart costs one request. A HEAD first would also need s3:ListBucket, because S3
            // answers 403 instead of 404 for a missing key without it.
            if !self.conditional_writes
                && let Some(existing) = self.existing(&key, &facts.sha256).await?
            {
                return Ok(existing);
            }

            let mut request = self
                .client
                .put_object()
                .bucket(&self.bucket)
                .key(key.as_str())
                .content_type(sniffed.kind.content_type())
                .content_length(image.len() as i64)
                .cache_control(CACHE_CONTROL)
                .checksum_sha256(STANDARD.encode(digest))
                .set_metadata(Some(user_metadata))
                .body(ByteStream::from(image.clone()));
            if self.conditional_writes {
                request = request.if_none_match("*");
            }

            match request.send().await {
                Ok(_) => Ok(StoreOutcome {
                    chart: StoredChart {
                        url: self.url(&key),
                        bucket: self.bucket.clone(),
                        key: key.as_str().to_owned(),
                        size: image.len() as u64,
                        content_type: sniffed.kind.content_type().to_owned(),
                        sha256: Some(facts.sha256.clone()),
                        width: Some(sniffed.width),
                        height: Some(sniffed.height),
                        uploaded_at: format_time(uploaded_at),
                        metadata: metadata.to_stored(),
                    },
                    existing: false,
                }),
                Err(error) if lost_conditional_write(&error) => {
                    // Another upload of the same chart created the object first.
                    self.existing(&key, &facts.sha256)
                        .await?
                        .ok_or_else(|| classify("PutObject", &self.bucket, error))
                }
                Err(error) => Err(classify("PutObject", &self.bucket, error)),
            }
        })
        .await
    }

    /// Deletes one chart and returns what it was, or [`StorageError::NotFound`].
    pub async fn delete(&self, key: &ChartKey) -> Result<StoredChart, StorageError> {
        self.within("deleting the chart", async {
            let chart = self
                .head(key)
                .await?
                .ok_or_else(|| StorageError::NotFound {
                    key: key.as_str().to_owned(),
                })?;
            self.client
                .delete_object()
                .bucket(&self.bucket)
                .key(key.as_str())
                .send()
                .await
                .map_err(|error| classify("DeleteObject", &self.bucket, error))?;
            Ok(chart)
        })
        .await
    }

    /// Lists stored charts, newest first. See [`ListQuery`] for the filters and what a page
    /// costs.
    pub async fn list(&self, query: &ListQuery) -> Result<ChartPage, StorageError> {
        self.within("listing charts", super::list::list_page(self, query))
            .await
    }

    /// Reads one chart's size, type and metadata, or `None` when no object has the key.
    pub(super) async fn head(&self, key: &ChartKey) -> Result<Option<StoredChart>, StorageError> {
        let output = match self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
        {
            Ok(output) => output,
            Err(error) if status(&error) == Some(404) => return Ok(None),
            Err(error) => return Err(classify("HeadObject", &self.bucket, error)),
        };

        let read = from_s3(output.metadata(), key.parts());
        let last_modified = output
            .last_modified()
            .and_then(|time| DateTime::<Utc>::from_timestamp(time.secs(), time.subsec_nanos()))
            .map(format_time);
        let kind = key.parts().kind;
        Ok(Some(StoredChart {
            url: self.url(key),
            bucket: self.bucket.clone(),
            key: key.as_str().to_owned(),
            size: output.content_length().unwrap_or(0).max(0) as u64,
            content_type: output
                .content_type()
                .unwrap_or(kind.content_type())
                .to_owned(),
            sha256: read.sha256,
            width: read.width,
            height: read.height,
            uploaded_at: read.uploaded_at.or(last_modified).unwrap_or_default(),
            metadata: read.metadata,
        }))
    }

    /// Returns the object under `key` when it contains the image with `sha256`, `None` when
    /// there is no object, and [`StorageError::KeyConflict`] when it contains something else.
    async fn existing(
        &self,
        key: &ChartKey,
        sha256: &str,
    ) -> Result<Option<StoreOutcome>, StorageError> {
        let Some(chart) = self.head(key).await? else {
            return Ok(None);
        };
        if chart.sha256.as_deref() != Some(sha256) {
            return Err(StorageError::KeyConflict {
                key: key.as_str().to_owned(),
            });
        }
        Ok(Some(StoreOutcome {
            chart,
            existing: true,
        }))
    }

    /// Runs one storage operation under the S3 deadline.
    async fn within<T>(
        &self,
        action: &'static str,
        operation: impl Future<Output = Result<T, StorageError>>,
    ) -> Result<T, StorageError> {
        let started = Instant::now();
        let result = tokio::time::timeout(self.deadline, operation).await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        tracing::debug!(bucket = %self.bucket, action, elapsed_ms, "storage operation finished");
        result.unwrap_or(Err(StorageError::Timeout {
            operation: action,
            after_ms: self.deadline.as_millis() as u64,
        }))
    }
}

/// Tells whether a PUT failed only because `If-None-Match: *` found the object. S3 returns 412
/// `PreconditionFailed`, or 409 `ConditionalRequestConflict` while another write is in flight.
fn lost_conditional_write<E: aws_sdk_s3::error::ProvideErrorMetadata>(
    error: &SdkError<E, aws_sdk_s3::config::http::HttpResponse>,
) -> bool {
    matches!(status(error), Some(412))
        || matches!(
            code(error),
            Some("PreconditionFailed" | "ConditionalRequestConflict")
        )
}
