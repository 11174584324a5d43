//! Runs the chart service locally on one port: `cargo run --release -p local-api`.

use std::path::PathBuf;

use clap::Parser;
use local_api::{LocalApi, LocalApiOptions, S3Target};
use shared::settings::Settings;

/// Serves every route of the chart service on 127.0.0.1.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Port to listen on, on 127.0.0.1.
    #[arg(long, env = "PORT", default_value_t = 3010)]
    port: u16,

    /// Folder of the embedded S3 store, used when neither AWS_ENDPOINT_URL nor AWS_S3_BUCKET
    /// is set.
    #[arg(long, env = "DATA_DIR", default_value = "./.data")]
    data_dir: PathBuf,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    shared::telemetry::init_stderr();
    let args = Args::parse();
    let settings = Settings::from_env()?;

    let s3 = S3Target::from_env(&settings, args.data_dir);
    let options = LocalApiOptions {
        settings,
        port: args.port,
        s3,
    };
    let api = LocalApi::start(options).await?;

    api.run_until(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
