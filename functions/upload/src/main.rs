//! Lambda entry point of the upload function.

use lambda_http::{Error, run};
use shared::api::ApiService;
use shared::settings::Settings;

#[tokio::main]
async fn main() -> Result<(), Error> {
    shared::telemetry::init_lambda();

    let settings = Settings::from_env()?;

    let router = upload::router(upload::AppState::new(settings));

    run(ApiService::new(router)).await
}
