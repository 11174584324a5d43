//! Concurrent HTTP load on a server in another process: a function's router served on
//! loopback (`serve`), or the local API. The server's peak memory is read from its
//! `/proc/PID/status` after the load.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use shared::api::ApiService;
use shared::settings::Settings;
use tokio::net::TcpListener;

use crate::lambda::print_summary;
use crate::stats::ProcessMemory;
use crate::workload::{Function, Workload};

type Failure = Box<dyn std::error::Error>;

/// How long a server may take to start listening.
const START_LIMIT: Duration = Duration::from_secs(30);

/// Serves `function`'s router behind `ApiService` on a free loopback port, built as the
/// function's `main.rs` builds it, and prints `listening on http://ADDRESS` on stdout.
pub async fn serve(function: Function) -> Result<(), Failure> {
    shared::telemetry::init_lambda();
    let settings = Settings::from_env()?;
    let cors_origin = settings.cors_allow_origin.clone();
    let router = match function {
        Function::Construct => construct::router(construct::AppState::new(settings)),
        Function::Generate => {
            let aws = shared::aws::load_config().await;
            let ssm = aws_sdk_ssm::Client::new(&aws);
            let s3 = aws_sdk_s3::Client::new(&aws);
            generate::router(generate::AppState::with_aws_clients(settings, ssm, s3))
        }
        Function::Upload => {
            let aws = shared::aws::load_config().await;
            let s3 = aws_sdk_s3::Client::new(&aws);
            upload::router(upload::AppState::new(&settings.storage, s3))
        }
    };
    let app =
        Router::new().fallback_service(ApiService::new(router).with_cors_origin(&cors_origin));

    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

/// A server process under load, killed when dropped.
pub struct Server {
    child: Child,
    pub base_url: String,
}

impl Server {
    /// Starts this harness's `serve` for `function` with `env` only, and waits for its address.
    pub fn function(
        function: Function,
        env: &[(String, String)],
        log: &Path,
    ) -> Result<Self, Failure> {
        let mut child = Command::new(std::env::current_exe()?)
            .args(["serve", "--function", function.name()])
            .env_clear()
            .envs(env.iter().map(|(name, value)| (name, value)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(File::options().create(true).append(true).open(log)?)
            .spawn()?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut lines = BufReader::new(stdout).lines();
        // Log lines share stdout with the address, as they do in Lambda.
        let address = lines
            .by_ref()
            .take(100)
            .find_map(|line| line.ok()?.strip_prefix("listening on ").map(str::to_owned));
        let Some(base_url) = address else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("serve exited without its address; see {}", log.display()).into());
        };
        // The request logs go to stdout, as in Lambda. A thread reads and discards them, so a full
        // pipe cannot stall the server.
        std::thread::spawn(move || lines.for_each(drop));
        Ok(Server { child, base_url })
    }

    /// Starts the local API binary on `port` over an empty data folder, with chart-img pointed
    /// at the stand-in, and waits until its health route returns a success.
    pub async fn local_api(
        binary: &Path,
        port: u16,
        data_dir: &Path,
        env: &[(String, String)],
        log: &Path,
    ) -> Result<Self, Failure> {
        let output = File::options().create(true).append(true).open(log)?;
        let child = Command::new(binary)
            .arg("--port")
            .arg(port.to_string())
            .arg("--data-dir")
            .arg(data_dir)
            .env_clear()
            .envs(env.iter().map(|(name, value)| (name, value)))
            .stdin(Stdio::null())
            .stdout(output.try_clone()?)
            .stderr(output)
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", binary.display()))?;
        let server = Server {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
        };
        let client = http_client(1)?;
        let health = format!("{}/api/v1/health", server.base_url);
        let started = Instant::now();
        while started.elapsed() < START_LIMIT {
            if client
                .get(&health)
                .send()
                .await
                .is_ok_and(|response| response.status().is_success())
            {
                return Ok(server);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err(format!(
            "the local API did not answer on port {port}; see {}",
            log.display()
        )
        .into())
    }

    pub fn memory(&self) -> ProcessMemory {
        ProcessMemory::read(self.child.id()).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `requests` requests of `workload` to `server` from `clients` concurrent clients,
/// after `warmup` unmeasured ones, and prints throughput, latency and the server's memory.
pub async fn run_load(
    server: &Server,
    workload: Arc<Workload>,
    clients: usize,
    warmup: usize,
    requests: usize,
) -> Result<(), Failure> {
    let before = server.memory();
    send_all(server, &workload, clients, warmup).await?;
    let started = Instant::now();
    let (latencies, statuses) = send_all(server, &workload, clients, requests).await?;
    let elapsed = started.elapsed();
    let after = server.memory();

    let (method, path) = workload.route();
    println!("{clients} clients, {requests} requests ({method} {path}), after {warmup} unmeasured");
    println!(
        "  throughput {:.0} requests/s over {:.2}s",
        requests as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64()
    );
    print_summary("  latency per request", &latencies);
    let statuses: Vec<String> = statuses
        .iter()
        .map(|(status, count)| format!("{status}: {count}"))
        .collect();
    println!("  statuses {}", statuses.join(", "));
    println!("  server memory before the load: {before}; after: {after}");
    Ok(())
}

type Latencies = (Vec<Duration>, BTreeMap<u16, usize>);

async fn send_all(
    server: &Server,
    workload: &Arc<Workload>,
    clients: usize,
    requests: usize,
) -> Result<Latencies, Failure> {
    let client = http_client(clients)?;
    let (method, path) = workload.route();
    let url = format!("{}{path}", server.base_url);
    let method: reqwest::Method = method.parse()?;
    let next = Arc::new(AtomicUsize::new(0));

    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, url, method) = (client.clone(), url.clone(), method.clone());
        let (workload, next) = (Arc::clone(workload), Arc::clone(&next));
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut statuses = BTreeMap::new();
            while next.fetch_add(1, Ordering::Relaxed) < requests {
                let body = workload.next_body();
                let started = Instant::now();
                let response = client
                    .request(method.clone(), &url)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await?;
                let status = response.status().as_u16();
                response.bytes().await?;
                latencies.push(started.elapsed());
                *statuses.entry(status).or_insert(0) += 1;
            }
            Ok::<_, reqwest::Error>((latencies, statuses))
        }));
    }

    let mut latencies = Vec::with_capacity(requests);
    let mut statuses = BTreeMap::new();
    for task in tasks {
        let (mut some, counts) = task.await??;
        latencies.append(&mut some);
        for (status, count) in counts {
            *statuses.entry(status).or_insert(0) += count;
        }
    }
    let rejected: usize = statuses
        .iter()
        .filter(|(status, _)| !workload.accepts(**status))
        .map(|(_, count)| count)
        .sum();
    if rejected > 0 {
        return Err(format!("{rejected} of {requests} requests failed: {statuses:?}").into());
    }
    Ok((latencies, statuses))
}

/// Returns a client for loopback only: no proxy from the environment, one pooled connection
/// per concurrent client.
fn http_client(clients: usize) -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(clients)
        .timeout(Duration::from_secs(60))
        .build()
}

/// Returns a port that was free a moment ago, for a server that takes its port as an argument.
pub fn free_port() -> std::io::Result<u16> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    Ok(listener.local_addr()?.port())
}

/// Returns the environment of the local API: chart-img at the stand-in and the embedded store,
/// because no AWS variable is set.
pub fn local_api_env(chart_img_base_url: &str, home: &Path) -> Vec<(String, String)> {
    [
        ("PATH", "/usr/local/bin:/usr/bin:/bin".to_owned()),
        ("HOME", home.to_string_lossy().into_owned()),
        ("RUST_LOG", "info".to_owned()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        ("CHART_IMG_BASE_URL", chart_img_base_url.to_owned()),
        ("CHART_IMG_API_KEY", crate::backends::API_KEY.to_owned()),
        ("CHART_IMG_PLAN", "PRO".to_owned()),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value))
    .collect()
}
