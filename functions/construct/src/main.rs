//! Lambda entry point of the construct function.

use lambda_http::{Error, run};
use shared::api::ApiService;
use shared::settings::Settings;

#[tokio::main]
async fn main() -> Result<(), Error> {
    shared::telemetry::init_lambda();

    let settings = Settings::from_env()?;
    let cors_origin = settings.cors_allow_origin.clone();

    let router = construct::router(construct::AppState::new(settings));

    run(ApiService::new(router).with_cors_origin(&cors_origin)).await
}
