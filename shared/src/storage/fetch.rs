//! Downloads the image behind an `imageUrl` on the server, which makes every rule here a
//! defence against server-side request forgery:
//!
//! - only origins listed in `IMAGE_URL_ALLOWED_ORIGINS` are fetched, first and after each
//!   redirect, and at most [`MAX_REDIRECTS`] redirects are followed;
//! - every address a host resolves to must pass the address rules before any connection, and
//!   the connection goes to a checked address (see `resolve`); IP-literal hosts are checked
//!   directly;
//! - no proxy from the environment is used, since it would connect on the fetcher's behalf;
//! - the connection and the whole download have time limits, and the body is read as a stream
//!   that stops as soon as it passes the image size cap.

use std::error::Error as StdError;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_LENGTH, LOCATION};
use url::Url;

use super::address::AddressPolicy;
use super::error::FetchError;
use super::resolve::{CheckedResolver, HostLookup, ResolveFailure, SystemLookup};
use crate::settings::{Origin, StorageSettings};

/// The maximum number of redirects followed for one `imageUrl`.
pub const MAX_REDIRECTS: usize = 3;

/// The maximum wait for a TCP connection, within the download timeout.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Downloads images from allowed origins. Build it once per process, because it owns a
/// connection pool.
#[derive(Clone)]
pub struct ImageFetcher {
    client: reqwest::Client,
    allowed: Arc<[Origin]>,
    policy: Arc<AddressPolicy>,
    max_bytes: usize,
    timeout: Duration,
}

impl ImageFetcher {
    /// Builds a fetcher that resolves host names with the system resolver.
    pub fn new(settings: &StorageSettings) -> Self {
        Self::with_lookup(settings, Arc::new(SystemLookup))
    }

    /// Builds a fetcher that resolves host names through `lookup`. The address rules apply to
    /// every address it returns, as they do to the system resolver's.
    pub fn with_lookup(settings: &StorageSettings, lookup: Arc<dyn HostLookup>) -> Self {
        let policy = Arc::new(AddressPolicy::from_origins(&settings.allowed_origins));
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(CheckedResolver::new(lookup, Arc::clone(&policy))))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(CONNECT_TIMEOUT.min(settings.fetch_timeout))
            .timeout(settings.fetch_timeout)
            .user_agent(concat!("chart-service/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("a reqwest client with rustls and no proxy always builds");
        ImageFetcher {
            client,
            allowed: settings.allowed_origins.clone().into(),
            policy,
            max_bytes: settings.max_image_bytes,
            timeout: settings.fetch_timeout,
        }
    }

    /// Downloads the bytes at `url`, following allowed redirects.
    pub async fn fetch(&self, url: &Url) -> Result<Bytes, FetchError> {
        match tokio::time::timeout(self.timeout, self.fetch_following(url)).await {
            Ok(result) => result,
            Err(_) => Err(self.timed_out()),
        }
    }

    async fn fetch_following(&self, url: &Url) -> Result<Bytes, FetchError> {
        let mut current = url.clone();
        let mut redirects = 0;
        loop {
            self.check_target(&current)?;

            let response = self
                .client
                .get(current.clone())
                .send()
                .await
                .map_err(|error| self.request_failed(&current, &error))?;
            let status = response.status();

            if is_followed_redirect(status) {
                if redirects == MAX_REDIRECTS {
                    return Err(FetchError::TooManyRedirects {
                        limit: MAX_REDIRECTS,
                    });
                }
                redirects += 1;
                current = redirect_target(&current, &response)?;
                continue;
            }
            if !status.is_success() {
                return Err(FetchError::Status {
                    status: status.as_u16(),
                });
            }

            return self.read_body(&current, response).await;
        }
    }

    /// Applies the origin and address rules to a URL before any connection to it.
    fn check_target(&self, url: &Url) -> Result<(), FetchError> {
        if !url.username().is_empty() || url.password().is_some() {
            return Err(FetchError::InvalidUrl {
                reason: "must not contain a user name or password".to_owned(),
            });
        }
        let origin = Origin::from_url(url).map_err(|reason| FetchError::InvalidUrl { reason })?;
        if !self.allowed.contains(&origin) {
            return Err(FetchError::OriginNotAllowed {
                origin: origin.to_string(),
                allowed: self.allowed_list(),
            });
        }

        let literal = match url.host() {
            Some(url::Host::Ipv4(address)) => Some(IpAddr::V4(address)),
            Some(url::Host::Ipv6(address)) => Some(IpAddr::V6(address)),
            _ => None,
        };
        if let Some(address) = literal {
            self.policy
                .check(address)
                .map_err(|rule| FetchError::AddressRefused {
                    host: origin.host.clone(),
                    address,
                    rule,
                })?;
        }
        Ok(())
    }

    async fn read_body(
        &self,
        url: &Url,
        mut response: reqwest::Response,
    ) -> Result<Bytes, FetchError> {
        let too_large = FetchError::TooLarge {
            limit: self.max_bytes,
        };
        let declared = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<u64>().ok());
        if declared.is_some_and(|length| length > self.max_bytes as u64) {
            return Err(too_large);
        }

        let mut body =
            BytesMut::with_capacity(declared.map_or(64 * 1024, |length| length as usize));
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| self.request_failed(url, &error))?
        {
            if body.len() + chunk.len() > self.max_bytes {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }

    /// Turns a reqwest error into the rule it broke, when the resolver rejected the host, or
    /// into a timeout or connection failure.
    fn request_failed(&self, url: &Url, error: &reqwest::Error) -> FetchError {
        let mut source: Option<&(dyn StdError + 'static)> = Some(error);
        while let Some(current) = source {
            if let Some(failure) = current.downcast_ref::<ResolveFailure>() {
                return match failure {
                    ResolveFailure::Refused {
                        host,
                        address,
                        rule,
                    } => FetchError::AddressRefused {
                        host: host.clone(),
                        address: *address,
                        rule: *rule,
                    },
                    ResolveFailure::NotFound { host, cause } => FetchError::HostNotFound {
                        host: host.clone(),
                        cause: cause.clone(),
                    },
                };
            }
            source = current.source();
        }

        if error.is_timeout() {
            return self.timed_out();
        }
        FetchError::Connection {
            host: url.host_str().unwrap_or_default().to_owned(),
            cause: error_chain(error),
        }
    }

    fn timed_out(&self) -> FetchError {
        FetchError::Timeout {
            after_ms: self.timeout.as_millis() as u64,
        }
    }

    fn allowed_list(&self) -> String {
        if self.allowed.is_empty() {
            return "no origin (IMAGE_URL_ALLOWED_ORIGINS is empty)".to_owned();
        }
        self.allowed
            .iter()
            .map(Origin::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Tells whether `status` is a redirect whose `Location` is followed.
fn is_followed_redirect(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::MOVED_PERMANENTLY
            | StatusCode::FOUND
            | StatusCode::SEE_OTHER
            | StatusCode::TEMPORARY_REDIRECT
            | StatusCode::PERMANENT_REDIRECT
    )
}

fn redirect_target(current: &Url, response: &reqwest::Response) -> Result<Url, FetchError> {
    let invalid = FetchError::InvalidRedirect {
        status: response.status().as_u16(),
    };
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|value| value.to_str().ok())
        .ok_or(invalid.clone())?;
    current.join(location).map_err(|_| invalid)
}

/// Joins an error and its sources into one line for the log.
fn error_chain(error: &dyn StdError) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(current) = source {
        text.push_str(": ");
        text.push_str(&current.to_string());
        source = current.source();
    }
    text
}
