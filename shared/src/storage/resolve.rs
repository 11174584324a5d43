//! Name resolution for `imageUrl` downloads. reqwest connects to exactly the addresses this
//! resolver returns, and it returns a host's addresses only after every one of them passed the
//! address rules, so no DNS record can change between the check and the connection. A host with
//! any forbidden address is rejected as a whole.

use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::address::{AddressPolicy, AddressRule};

/// The future a [`HostLookup`] returns.
pub type LookupFuture = Pin<Box<dyn Future<Output = io::Result<Vec<IpAddr>>> + Send>>;

/// Looks up the IP addresses of a host name. The service uses the system resolver; tests pass
/// a table of names so that they need no DNS.
pub trait HostLookup: Send + Sync + 'static {
    fn lookup(&self, host: &str) -> LookupFuture;
}

/// The operating system's resolver, through `getaddrinfo`.
pub(crate) struct SystemLookup;

impl HostLookup for SystemLookup {
    fn lookup(&self, host: &str) -> LookupFuture {
        let host = host.to_owned();
        Box::pin(async move {
            let addresses = tokio::net::lookup_host((host.as_str(), 0)).await?;
            Ok(addresses.map(|address| address.ip()).collect())
        })
    }
}

/// The resolver's reason for returning no address, which the fetcher finds in reqwest's error
/// chain.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ResolveFailure {
    #[error("host {host} resolves to {address}, which is forbidden as {rule}")]
    Refused {
        host: String,
        address: IpAddr,
        rule: AddressRule,
    },

    #[error("host {host} was not found: {cause}")]
    NotFound { host: String, cause: String },
}

/// A reqwest resolver that applies the address rules to every address it returns.
pub(crate) struct CheckedResolver {
    lookup: Arc<dyn HostLookup>,
    policy: Arc<AddressPolicy>,
}

impl CheckedResolver {
    pub(crate) fn new(lookup: Arc<dyn HostLookup>, policy: Arc<AddressPolicy>) -> Self {
        CheckedResolver { lookup, policy }
    }
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let lookup = self.lookup.lookup(&host);
        let policy = Arc::clone(&self.policy);
        Box::pin(async move {
            let addresses = lookup.await.map_err(|error| ResolveFailure::NotFound {
                host: host.clone(),
                cause: error.to_string(),
            })?;
            if addresses.is_empty() {
                return Err(ResolveFailure::NotFound {
                    host,
                    cause: "no addresses".to_owned(),
                }
                .into());
            }

            for address in &addresses {
                if let Err(rule) = policy.check(*address) {
                    return Err(ResolveFailure::Refused {
                        host,
                        address: *address,
                        rule,
                    }
                    .into());
                }
            }

            // reqwest replaces port 0 with the URL's port.
            let checked: Addrs = Box::new(
                addresses
                    .into_iter()
                    .map(|address| SocketAddr::new(address, 0)),
            );
            Ok(checked)
        })
    }
}
