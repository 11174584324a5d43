//! Builds and runs the local API: every function's router behind one `ApiService`, the stored
//! objects under `/charts/`, and the S3 client of the chosen target.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use axum::routing::get;
use shared::api::ApiService;
use shared::settings::Settings;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

use crate::embedded_s3::{EmbeddedS3, ensure_bucket, static_client};
use crate::objects::{ObjectSource, log_object_request, serve_object};

/// The bucket the embedded store creates when `AWS_S3_BUCKET` is not set.
pub const DEFAULT_BUCKET: &str = "charts";

/// The S3 server that uploads go to.
#[derive(Debug, Clone)]
pub enum S3Target {
    /// The embedded s3s-fs store over this folder.
    Embedded { data_dir: PathBuf },
    /// An S3-compatible server with static credentials, such as moto.
    Endpoint {
        url: String,
        region: String,
        access_key_id: String,
        secret_access_key: String,
    },
    /// The AWS SDK's own configuration from the environment: real S3, or the server named by
    /// `AWS_ENDPOINT_URL` with path-style addressing.
    Environment,
}

impl S3Target {
    /// Chooses the target from the environment: the SDK's configuration when
    /// `AWS_ENDPOINT_URL` or `AWS_S3_BUCKET` is set, else the embedded store over `data_dir`.
    pub fn from_env(settings: &Settings, data_dir: PathBuf) -> Self {
        let endpoint = ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"]
            .iter()
            .any(|name| std::env::var(name).is_ok_and(|value| !value.trim().is_empty()));
        if endpoint || settings.storage.bucket.is_some() {
            return S3Target::Environment;
        }
        S3Target::Embedded { data_dir }
    }

    fn describe(&self) -> &'static str {
        match self {
            S3Target::Embedded { .. } => "embedded s3s-fs store",
            S3Target::Endpoint { .. } => "S3-compatible endpoint",
            S3Target::Environment => "S3 from the AWS SDK environment",
        }
    }
}

/// Options for starting the local API.
#[derive(Debug, Clone)]
pub struct LocalApiOptions {
    pub settings: Settings,
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    pub s3: S3Target,
}

/// A failure to start the local API.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot listen on 127.0.0.1:{port}: {source}; choose another port with --port or PORT")]
    Bind { port: u16, source: io::Error },

    #[error("cannot start the embedded S3 store: {0}")]
    EmbeddedStore(io::Error),

    #[error("{0}")]
    Bucket(String),
}

/// A running local API. Dropping it stops the server.
pub struct LocalApi {
    base_url: String,
    bucket: Option<String>,
    s3: aws_sdk_s3::Client,
    shutdown: Option<oneshot::Sender<()>>,
    server: JoinHandle<io::Result<()>>,
    _embedded: Option<EmbeddedS3>,
}

impl LocalApi {
    /// Starts the server on 127.0.0.1 and returns once it accepts connections.
    pub async fn start(options: LocalApiOptions) -> Result<Self, StartError> {
        let LocalApiOptions {
            mut settings,
            port,
            s3,
        } = options;
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|source| StartError::Bind { port, source })?;
        let address: SocketAddr = listener
            .local_addr()
            .map_err(|source| StartError::Bind { port, source })?;
        let base_url = format!("http://{address}");

        let target = s3.describe();
        let (client, embedded, endpoint) = match s3 {
            S3Target::Embedded { data_dir } => {
                let embedded = EmbeddedS3::start(&data_dir)
                    .await
                    .map_err(StartError::EmbeddedStore)?;
                let client = embedded.client();
                let bucket = settings
                    .storage
                    .bucket
                    .get_or_insert_with(|| DEFAULT_BUCKET.to_owned());
                ensure_bucket(&client, bucket)
                    .await
                    .map_err(StartError::Bucket)?;
                let endpoint = Url::parse(&embedded.endpoint()).ok();
                (client, Some(embedded), endpoint)
            }
            S3Target::Endpoint {
                url,
                region,
                access_key_id,
                secret_access_key,
            } => (
                static_client(&url, &region, &access_key_id, &secret_access_key),
                None,
                Url::parse(&url).ok(),
            ),
            S3Target::Environment => (environment_client().await, None, None),
        };

        let storage = &mut settings.storage;
        if storage.public_base_url.is_none() && storage.cloudfront_domain.is_none() {
            storage.public_base_url = base_url.parse().ok();
        }
        let bucket = settings.storage.bucket.clone();
        let app = app(settings, client.clone(), endpoint);

        let (shutdown, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        tracing::info!(url = %base_url, s3 = target, bucket = bucket.as_deref().unwrap_or("none"), "local API listening");

        Ok(LocalApi {
            base_url,
            bucket,
            s3: client,
            shutdown: Some(shutdown),
            server,
            _embedded: embedded,
        })
    }

    /// Returns the server's base URL, such as `http://127.0.0.1:3010`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Returns the bucket uploads go to, if any is configured.
    pub fn bucket(&self) -> Option<&str> {
        self.bucket.as_deref()
    }

    /// Returns the S3 client the server uses, for reading objects back.
    pub fn s3(&self) -> &aws_sdk_s3::Client {
        &self.s3
    }

    /// Serves until `signal` completes, then finishes the requests in flight and stops.
    pub async fn run_until(mut self, signal: impl Future<Output = ()>) -> io::Result<()> {
        signal.await;
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        match (&mut self.server).await {
            Ok(result) => result,
            Err(error) => Err(io::Error::other(error)),
        }
    }
}

impl Drop for LocalApi {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        self.server.abort();
    }
}

/// Builds the app: stored objects under `/charts/`, every API route behind one `ApiService`.
/// `s3_endpoint` is the server the deep health check probes; `None` takes it from the SDK's
/// environment, as in Lambda.
fn app(settings: Settings, s3: aws_sdk_s3::Client, s3_endpoint: Option<Url>) -> Router {
    let objects = ObjectSource {
        client: s3.clone(),
        bucket: settings.storage.bucket.clone(),
    };
    let cors_origin = settings.cors_allow_origin.clone();
    let construct_state = match s3_endpoint {
        Some(endpoint) => construct::AppState::with_s3_endpoint(settings.clone(), Some(endpoint)),
        None => construct::AppState::new(settings.clone()),
    };
    let upload_state = upload::AppState::new(&settings.storage, s3.clone());
    let api = construct::router(construct_state)
        .merge(generate::router(generate::AppState::with_s3_client(
            settings, s3,
        )))
        .merge(upload::router(upload_state));

    Router::new()
        .route("/charts/{*path}", get(serve_object))
        .layer(axum::middleware::from_fn(log_object_request))
        .with_state(objects)
        .fallback_service(ApiService::new(api).with_cors_origin(&cors_origin))
}

/// Returns a client from the SDK's environment, with path-style addressing when an endpoint
/// URL points it at an S3-compatible server.
async fn environment_client() -> aws_sdk_s3::Client {
    let config = shared::aws::load_config().await;
    let mut builder = aws_sdk_s3::config::Builder::from(&config);
    if config.endpoint_url().is_some() {
        builder = builder.force_path_style(true);
    }
    aws_sdk_s3::Client::from_conf(builder.build())
}
