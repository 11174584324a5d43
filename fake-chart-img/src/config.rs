//! The settings of one stand-in: its plan, its key, its listening address and its bounds.

use std::net::{Ipv4Addr, SocketAddr};

use shared::chart::Plan;

/// The settings of one stand-in. `Default` gives a PRO plan with key `test-key` on a free
/// loopback port.
#[derive(Debug, Clone)]
pub struct FakeConfig {
    /// The plan whose limits the stand-in enforces.
    pub plan: Plan,
    /// The key clients must send in `x-api-key`.
    pub api_key: String,
    /// The listening address. Port 0 picks a free port.
    pub bind: SocketAddr,
    /// Allows `bind` on an address other than loopback.
    pub allow_remote: bool,
    /// Whether the plan's per-second limit and daily quota apply. Benchmarks and load scripts
    /// turn them off.
    pub rate_limits: bool,
    /// Replaces the plan's daily quota, so a test can reach it in a few requests.
    pub daily_quota: Option<u32>,
    /// Most hosted images kept at once; older ones are evicted.
    pub hosted_max_images: usize,
    /// Most bytes of hosted images kept at once; older images are evicted.
    pub hosted_max_bytes: usize,
}

impl Default for FakeConfig {
    fn default() -> Self {
        FakeConfig {
            plan: Plan::Pro,
            api_key: "test-key".to_owned(),
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            allow_remote: false,
            rate_limits: true,
            daily_quota: None,
            hosted_max_images: 256,
            hosted_max_bytes: 256 * 1024 * 1024,
        }
    }
}
