//! Starting and stopping a stand-in, and the handle tests use to steer it.
//!
//! A stand-in listens on loopback unless its config allows otherwise. It stops when
//! [`RunningFake::shutdown`] is called or the handle is dropped: in-flight requests get a grace
//! period, then the server task is aborted.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::access::{Access, RateLimits};
use crate::config::FakeConfig;
use crate::faults::{Fault, Faults};
use crate::hosted::HostedStore;
use crate::recorder::{RecordedRequest, Recorder};
use crate::routes::{self, AppState};

/// How long shutdown waits for in-flight requests, such as a slow fault, before aborting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A stand-in serving in the background.
#[derive(Debug)]
pub struct RunningFake {
    addr: SocketAddr,
    state: Arc<AppState>,
    /// Dropping or sending on it starts a graceful shutdown.
    stop: oneshot::Sender<()>,
    task: JoinHandle<io::Result<()>>,
}

/// Starts a stand-in on `config.bind` (by default a free loopback port) and serves it in the
/// background on the current Tokio runtime.
///
/// Fails with `InvalidInput` when `bind` is not a loopback address and `allow_remote` is off,
/// and with the bind error when the address is taken.
pub async fn start(config: FakeConfig) -> io::Result<RunningFake> {
    if !config.bind.ip().is_loopback() && !config.allow_remote {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "refusing to listen on non-loopback address {}; allow it explicitly to serve \
                 other hosts",
                config.bind.ip()
            ),
        ));
    }

    let listener = TcpListener::bind(config.bind).await?;
    let addr = listener.local_addr()?;
    let limits = config.plan.limits();
    let rate_limits = config
        .rate_limits
        .then(|| RateLimits::of_plan(limits, config.daily_quota));
    let state = Arc::new(AppState {
        plan: config.plan,
        access: Access::new(config.api_key, rate_limits),
        faults: Faults::default(),
        hosted: HostedStore::new(config.hosted_max_images, config.hosted_max_bytes),
        recorder: Recorder::default(),
        base_url: base_url(addr),
    });

    let router = routes::router(Arc::clone(&state));
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                // A dropped sender stops the server too, so a forgotten handle does not leak it.
                let _ = stopped.await;
            })
            .await
    });

    tracing::info!(%addr, plan = %config.plan, rate_limits = config.rate_limits, "fake chart-img started");
    Ok(RunningFake {
        addr,
        state,
        stop,
        task,
    })
}

/// Returns the URL clients use to reach `addr`. A wildcard address is reached over loopback.
fn base_url(addr: SocketAddr) -> String {
    let reachable = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    };
    format!("http://{reachable}")
}

impl RunningFake {
    /// Returns `http://HOST:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        self.state.base_url.clone()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queues a fault; each render request takes the next queued fault before any check.
    pub fn push_fault(&self, fault: Fault) {
        self.state.faults.push([fault]);
    }

    /// Sets a fault that applies to every render request while the queue is empty, or clears
    /// it with `None`.
    pub fn set_sticky_fault(&self, fault: Option<Fault>) {
        self.state.faults.set_sticky(fault);
    }

    /// Empties the fault queue and clears the sticky fault.
    pub fn clear_faults(&self) {
        self.state.faults.clear();
    }

    /// Returns the recorded requests, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.recorder.snapshot()
    }

    /// Stops accepting connections and waits for in-flight requests, aborting them after a
    /// grace period.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let mut task = self.task;
        match tokio::time::timeout(SHUTDOWN_GRACE, &mut task).await {
            Ok(Ok(Ok(()))) => tracing::info!(addr = %self.addr, "fake chart-img stopped"),
            Ok(Ok(Err(error))) => {
                tracing::error!(addr = %self.addr, %error, "fake chart-img failed")
            }
            Ok(Err(error)) => {
                tracing::error!(addr = %self.addr, %error, "fake chart-img task failed")
            }
            Err(_) => {
                tracing::warn!(addr = %self.addr, "requests still running after the grace period; aborting");
                task.abort();
            }
        }
    }
}
