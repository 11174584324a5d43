//! The moto S3 server (PyPI `moto[server]`) as a child process on a free loopback port. moto
//! is an independent implementation of the S3 API, so tests that pass on it and on the
//! embedded s3s-fs store do not depend on one server's quirks.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::black_hole::closed_port;
use crate::fixtures::workspace_root;

/// Credentials moto accepts; it checks none.
const ACCESS_KEY_ID: &str = "testing";
const SECRET_ACCESS_KEY: &str = "testing";
const REGION: &str = "us-east-1";

/// The maximum wait for moto's first response.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

const INSTALL_HINT: &str = "install it with: python3 -m venv .venv && \
     .venv/bin/pip install 'moto[server]' (run in the workspace root)";

/// A running `moto_server`. Dropping it kills the process.
pub struct Moto {
    child: Child,
    port: u16,
    _logs: TempDir,
}

impl Moto {
    /// Starts moto and waits until it responds to S3 requests. Panics with install instructions
    /// when `moto_server` is in neither `.venv/bin` nor `PATH`.
    pub async fn start() -> Self {
        let program = find_moto_server().unwrap_or_else(|| {
            panic!("moto_server was found neither in .venv/bin nor on PATH; {INSTALL_HINT}")
        });
        let logs = tempfile::tempdir().expect("creating a folder for moto's log");
        let log_path = logs.path().join("moto.log");
        let log = std::fs::File::create(&log_path).expect("creating moto's log file");

        let port = closed_port();
        let child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("sharing moto's log file"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|error| {
                panic!(
                    "starting {} failed: {error}; {INSTALL_HINT}",
                    program.display()
                )
            });
        let mut moto = Moto {
            child,
            port,
            _logs: logs,
        };

        let client = moto.client();
        let started = Instant::now();
        loop {
            if client.list_buckets().send().await.is_ok() {
                return moto;
            }
            if let Ok(Some(status)) = moto.child.try_wait() {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                panic!("moto_server exited with {status} before its first response:\n{log}");
            }
            if started.elapsed() > STARTUP_TIMEOUT {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                panic!("moto_server did not respond within {STARTUP_TIMEOUT:?}:\n{log}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Returns moto's endpoint, such as `http://127.0.0.1:41234`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn region(&self) -> &'static str {
        REGION
    }

    pub fn access_key_id(&self) -> &'static str {
        ACCESS_KEY_ID
    }

    pub fn secret_access_key(&self) -> &'static str {
        SECRET_ACCESS_KEY
    }

    pub fn client(&self) -> aws_sdk_s3::Client {
        local_api::embedded_s3::static_client(
            &self.endpoint(),
            REGION,
            ACCESS_KEY_ID,
            SECRET_ACCESS_KEY,
        )
    }

    /// Creates a bucket and returns its name.
    pub async fn create_bucket(&self, name: &str) -> String {
        self.client()
            .create_bucket()
            .bucket(name)
            .send()
            .await
            .unwrap_or_else(|error| panic!("creating bucket {name} on moto failed: {error:?}"));
        name.to_owned()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Returns `.venv/bin/moto_server` in the workspace, else the first `moto_server` on `PATH`.
fn find_moto_server() -> Option<PathBuf> {
    let venv = workspace_root().join(".venv/bin/moto_server");
    if venv.is_file() {
        return Some(venv);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|folder| folder.join("moto_server"))
        .find(|candidate| candidate.is_file())
}
