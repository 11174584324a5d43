//! The local API's embedded s3s-fs store over a temporary folder, optionally denying some
//! operations with `AccessDenied` as a bucket policy would.

use local_api::embedded_s3::EmbeddedS3;
use s3s::access::{S3Access, S3AccessContext};
use s3s::{S3Result, s3_error};
use tempfile::TempDir;

/// A running embedded store and its data folder, both removed on drop.
pub struct EmbeddedStore {
    server: EmbeddedS3,
    folder: TempDir,
}

impl EmbeddedStore {
    pub async fn start() -> Self {
        let folder = tempfile::tempdir().expect("creating the store's data folder");
        let server = EmbeddedS3::start(folder.path())
            .await
            .expect("starting the embedded S3 store");
        EmbeddedStore { server, folder }
    }

    /// Starts a store that returns `AccessDenied` for the named S3 operations, such as
    /// `PutObject`.
    pub async fn start_denying(operations: &'static [&'static str]) -> Self {
        let folder = tempfile::tempdir().expect("creating the store's data folder");
        let server = EmbeddedS3::start_with_access(folder.path(), Deny(operations))
            .await
            .expect("starting the embedded S3 store");
        EmbeddedStore { server, folder }
    }

    pub fn endpoint(&self) -> String {
        self.server.endpoint()
    }

    pub fn server(&self) -> &EmbeddedS3 {
        &self.server
    }

    pub fn client(&self) -> aws_sdk_s3::Client {
        self.server.client()
    }

    pub fn data_dir(&self) -> &std::path::Path {
        self.folder.path()
    }

    /// Creates a bucket and returns its name.
    pub async fn create_bucket(&self, name: &str) -> String {
        local_api::embedded_s3::ensure_bucket(&self.client(), name)
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        name.to_owned()
    }
}

/// Denies the listed operations and allows every other authenticated request.
struct Deny(&'static [&'static str]);

#[async_trait::async_trait]
impl S3Access for Deny {
    async fn check(&self, context: &mut S3AccessContext<'_>) -> S3Result<()> {
        if context.credentials().is_none() {
            return Err(s3_error!(
                AccessDenied,
                "anonymous requests are not allowed"
            ));
        }
        if self.0.contains(&context.s3_op().name()) {
            return Err(s3_error!(
                AccessDenied,
                "the bucket policy denies this operation"
            ));
        }
        Ok(())
    }
}
