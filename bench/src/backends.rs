//! The loopback servers a function under measurement talks to, and the environment that points
//! it at them. Nothing here can reach AWS or chart-img: every endpoint is on 127.0.0.1, the
//! credentials are the embedded store's, `HOME` is an empty folder so the SDK finds no profile
//! file, and `AWS_EC2_METADATA_DISABLED` keeps it from calling the instance metadata service.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use fake_chart_img::{FakeConfig, RunningFake};
use serde_json::{Value, json};
use tempfile::TempDir;
use test_support::EmbeddedStore;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::workload::Function;

/// The bucket uploads and `persist: true` write to.
pub const BUCKET: &str = "charts";

/// The SSM parameter that contains the chart-img key, as in the SAM template.
pub const API_KEY_PARAMETER: &str = "/chart-service/chart-img-api-key";

/// The key the chart-img stand-in accepts.
pub const API_KEY: &str = "test-key";

/// The region every client signs for.
pub const REGION: &str = "us-east-1";

/// The chart-img stand-in, the embedded S3 store and an SSM stub, all on loopback.
pub struct Backends {
    pub fake: RunningFake,
    pub store: EmbeddedStore,
    ssm: SocketAddr,
    ssm_server: JoinHandle<()>,
    /// An empty home folder, so the SDK finds no AWS profile files, as in Lambda.
    home: TempDir,
}

impl Backends {
    /// Starts the three servers and creates the bucket.
    pub async fn start() -> std::io::Result<Self> {
        let fake = fake_chart_img::start(FakeConfig {
            rate_limits: false,
            ..FakeConfig::default()
        })
        .await?;
        let store = EmbeddedStore::start().await;
        store.create_bucket(BUCKET).await;
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let ssm = listener.local_addr()?;
        let app = Router::new().route("/", post(ssm_get_parameter));
        let ssm_server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Backends {
            fake,
            store,
            ssm,
            ssm_server,
            home: tempfile::tempdir()?,
        })
    }

    /// Returns the environment a function gets in Lambda, less `AWS_LAMBDA_RUNTIME_API`, with
    /// every endpoint on loopback. It mirrors the SAM template's settings: the bucket, the
    /// plan, the SSM parameter name of the chart-img key and JSON logs at `info`.
    pub fn function_env(&self, function: Function) -> Vec<(String, String)> {
        let store = self.store.server();
        let home = self.home.path();
        let pairs = [
            ("PATH", "/usr/local/bin:/usr/bin:/bin".to_owned()),
            ("LANG", "en_US.UTF-8".to_owned()),
            ("TZ", ":UTC".to_owned()),
            ("HOME", path_text(home.to_path_buf())),
            (
                "AWS_LAMBDA_FUNCTION_NAME",
                format!("chart-service-{}", function.name()),
            ),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128".to_owned()),
            ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".to_owned()),
            (
                "AWS_LAMBDA_LOG_GROUP_NAME",
                format!("/aws/lambda/chart-service-{}", function.name()),
            ),
            (
                "AWS_LAMBDA_LOG_STREAM_NAME",
                "2025/01/01/[$LATEST]0123456789abcdef".to_owned(),
            ),
            ("AWS_LAMBDA_LOG_FORMAT", "JSON".to_owned()),
            ("RUST_LOG", "info".to_owned()),
            ("AWS_REGION", REGION.to_owned()),
            ("AWS_DEFAULT_REGION", REGION.to_owned()),
            ("AWS_ACCESS_KEY_ID", store.access_key_id().to_owned()),
            (
                "AWS_SECRET_ACCESS_KEY",
                store.secret_access_key().to_owned(),
            ),
            ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
            ("AWS_ENDPOINT_URL", self.ssm_endpoint()),
            ("AWS_ENDPOINT_URL_S3", store.endpoint()),
            ("AWS_ENDPOINT_URL_SSM", self.ssm_endpoint()),
            ("AWS_S3_BUCKET", BUCKET.to_owned()),
            ("AWS_S3_BUCKET_REGION", REGION.to_owned()),
            ("PUBLIC_BASE_URL", store.endpoint()),
            ("CHART_IMG_BASE_URL", self.fake.base_url()),
            ("CHART_IMG_API_KEY_PARAMETER", API_KEY_PARAMETER.to_owned()),
            ("CHART_IMG_PLAN", "PRO".to_owned()),
            ("CORS_ALLOW_ORIGIN", "*".to_owned()),
        ];
        pairs
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect()
    }

    fn ssm_endpoint(&self) -> String {
        format!("http://{}", self.ssm)
    }
}

impl Drop for Backends {
    fn drop(&mut self) {
        self.ssm_server.abort();
    }
}

fn path_text(path: PathBuf) -> String {
    path.to_string_lossy().into_owned()
}

/// Serves SSM `GetParameter` (AWS JSON 1.1) for the chart-img key parameter, and returns 400 for
/// any other operation or name.
async fn ssm_get_parameter(headers: HeaderMap, body: String) -> Response {
    let target = headers
        .get("x-amz-target")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let request: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    if target != "AmazonSSM.GetParameter" || request["Name"] != API_KEY_PARAMETER {
        let error = json!({
            "__type": "ParameterNotFound",
            "message": format!("only GetParameter of {API_KEY_PARAMETER} is served"),
        });
        return ssm_json(StatusCode::BAD_REQUEST, error);
    }
    let parameter = json!({
        "Parameter": {
            "Name": API_KEY_PARAMETER,
            "Type": "SecureString",
            "Value": API_KEY,
            "Version": 1,
            "DataType": "text",
            "ARN": format!("arn:aws:ssm:{REGION}:123456789012:parameter{API_KEY_PARAMETER}"),
        }
    });
    ssm_json(StatusCode::OK, parameter)
}

fn ssm_json(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/x-amz-json-1.1")],
        body.to_string(),
    )
        .into_response()
}
