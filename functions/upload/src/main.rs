//! Lambda entry point of the upload function.

use lambda_http::{Error, run};
use shared::api::ApiService;
use shared::settings::Settings;

#[tokio::main]
async fn main() -> Result<(), Error> {
    shared::telemetry::init_lambda();

    let settings = Settings::from_env()?;
    let cors_origin = settings.cors_allow_origin.clone();
    let aws = shared::aws::load_config().await;
    let s3 = aws_sdk_s3::Client::new(&aws);

    let router = upload::router(upload::AppState::new(&settings.storage, s3));

    run(ApiService::new(router).with_cors_origin(&cors_origin)).await
}
