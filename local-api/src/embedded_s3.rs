//! An S3-compatible server inside the process: s3s-fs over a data folder, listening on a
//! loopback port that the operating system picks, with credentials made up at start. The
//! service reaches it through the AWS SDK exactly as it reaches S3 in Lambda: signed requests,
//! checksums, conditional writes and error codes included.

use std::io;
use std::net::SocketAddr;
use std::path::Path;

use aws_config::BehaviorVersion;
use aws_sdk_s3::config::{Credentials, Region};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as ConnectionBuilder;
use rand::Rng;
use rand::distr::Alphanumeric;
use s3s::access::S3Access;
use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;
use s3s_fs::FileSystem;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::verified_fs::VerifiedFs;

/// The region the embedded store signs with. s3s accepts any.
pub const EMBEDDED_REGION: &str = "us-east-1";

/// A running embedded store. Dropping it stops accepting connections.
pub struct EmbeddedS3 {
    address: SocketAddr,
    access_key_id: String,
    secret_access_key: String,
    accept_loop: JoinHandle<()>,
}

impl EmbeddedS3 {
    /// Starts a store over `data_dir`, creating the folder if needed. It serves every signed
    /// request and rejects anonymous ones.
    pub async fn start(data_dir: &Path) -> io::Result<Self> {
        Self::start_with_access(data_dir, SignedOnly).await
    }

    /// Starts a store whose requests must pass `access`, for example to return `AccessDenied`
    /// for some operations.
    pub async fn start_with_access(data_dir: &Path, access: impl S3Access) -> io::Result<Self> {
        std::fs::create_dir_all(data_dir)?;
        let fs = FileSystem::new(data_dir).map_err(|error| {
            io::Error::other(format!(
                "cannot open the data folder {}: {error:?}",
                data_dir.display()
            ))
        })?;

        let access_key_id = random_text(20).to_ascii_uppercase();
        let secret_access_key = random_text(40);
        let root = data_dir.canonicalize()?;
        let mut builder = S3ServiceBuilder::new(VerifiedFs::new(fs, root));
        builder.set_auth(SimpleAuth::from_single(
            access_key_id.clone(),
            secret_access_key.clone(),
        ));
        builder.set_access(access);
        let service = builder.build();

        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let accept_loop = tokio::spawn(async move {
            loop {
                let socket = match listener.accept().await {
                    Ok((socket, _)) => socket,
                    Err(error) => {
                        tracing::warn!(%error, "embedded S3 store failed to accept a connection");
                        continue;
                    }
                };
                let service = service.clone();
                tokio::spawn(async move {
                    let connection = ConnectionBuilder::new(TokioExecutor::new());
                    if let Err(error) = connection
                        .serve_connection(TokioIo::new(socket), service)
                        .await
                    {
                        tracing::debug!(%error, "embedded S3 store connection ended with an error");
                    }
                });
            }
        });

        Ok(EmbeddedS3 {
            address,
            access_key_id,
            secret_access_key,
            accept_loop,
        })
    }

    /// Returns the store's endpoint, such as `http://127.0.0.1:41234`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.address)
    }

    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// Returns an S3 client signed with the store's credentials.
    pub fn client(&self) -> aws_sdk_s3::Client {
        static_client(
            &self.endpoint(),
            EMBEDDED_REGION,
            &self.access_key_id,
            &self.secret_access_key,
        )
    }
}

impl Drop for EmbeddedS3 {
    fn drop(&mut self) {
        self.accept_loop.abort();
    }
}

/// Returns an S3 client for an S3-compatible server: its endpoint, path-style addressing
/// (`http://host/bucket/key`, since such servers rarely resolve bucket subdomains), a region
/// and static credentials.
pub fn static_client(
    endpoint: &str,
    region: &str,
    access_key_id: &str,
    secret_access_key: &str,
) -> aws_sdk_s3::Client {
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .http_client(shared::aws::https_client())
        .endpoint_url(endpoint)
        .force_path_style(true)
        .region(Region::new(region.to_owned()))
        .credentials_provider(Credentials::new(
            access_key_id,
            secret_access_key,
            None,
            None,
            "static",
        ))
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

/// Creates `bucket` unless it exists.
pub async fn ensure_bucket(client: &aws_sdk_s3::Client, bucket: &str) -> Result<(), String> {
    if client.head_bucket().bucket(bucket).send().await.is_ok() {
        return Ok(());
    }
    client
        .create_bucket()
        .bucket(bucket)
        .send()
        .await
        .map(|_| ())
        .map_err(|error| {
            format!(
                "creating bucket {bucket} failed: {}",
                aws_sdk_s3::error::DisplayErrorContext(&error)
            )
        })
}

fn random_text(length: usize) -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(length)
        .map(char::from)
        .collect()
}

/// The access policy that allows every signed request and rejects anonymous ones.
struct SignedOnly;

#[async_trait::async_trait]
impl S3Access for SignedOnly {
    async fn check(&self, context: &mut s3s::access::S3AccessContext<'_>) -> s3s::S3Result<()> {
        if context.credentials().is_none() {
            return Err(s3s::s3_error!(
                AccessDenied,
                "sign the request; anonymous access is off"
            ));
        }
        Ok(())
    }
}
