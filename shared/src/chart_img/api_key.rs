//! The chart-img API key, from `CHART_IMG_API_KEY` or from an SSM SecureString parameter.
//!
//! The parameter is read with decryption on first use and kept in memory for the life of the
//! process, so a warm Lambda reads SSM once per cold start. A failed read is not cached: the
//! next request tries again. The key is held as a [`Secret`], whose `Debug` output is redacted.

use aws_sdk_ssm::error::DisplayErrorContext;
use tokio::sync::OnceCell;

use crate::settings::{ApiKeySource, Secret};

/// The reason no API key is available.
#[derive(Debug, thiserror::Error)]
pub enum ApiKeyError {
    #[error("no chart-img API key is configured")]
    Missing,

    #[error("the SSM parameter `{name}` does not exist")]
    ParameterNotFound { name: String },

    #[error("the SSM parameter `{name}` has no value")]
    EmptyParameter { name: String },

    /// SSM could not be reached or rejected the read. `cause` is for the log only.
    #[error("reading the SSM parameter `{name}` failed: {cause}")]
    Ssm { name: String, cause: String },

    /// The parameter was not read before the call's deadline.
    #[error("reading the chart-img API key from SSM timed out")]
    TimedOut,

    #[error("the chart-img API key contains characters that an HTTP header cannot carry")]
    NotHeaderSafe,
}

/// Resolves the API key once and keeps it.
#[derive(Debug)]
pub struct ApiKeyProvider {
    source: ApiKeySource,
    /// The SSM client; built from the default AWS configuration on first use unless given.
    ssm: OnceCell<aws_sdk_ssm::Client>,
    key: OnceCell<Secret>,
}

impl ApiKeyProvider {
    /// Reads the key from `source`, building an SSM client from the default AWS configuration
    /// if the source is a parameter.
    pub fn new(source: ApiKeySource) -> Self {
        ApiKeyProvider {
            source,
            ssm: OnceCell::new(),
            key: OnceCell::new(),
        }
    }

    /// Reads the key from `source` with the given SSM client, such as one pointed at a local
    /// SSM-compatible server.
    pub fn with_ssm_client(source: ApiKeySource, client: aws_sdk_ssm::Client) -> Self {
        ApiKeyProvider {
            source,
            ssm: OnceCell::new_with(Some(client)),
            key: OnceCell::new(),
        }
    }

    /// Tells whether a key or a parameter name is configured, without reading SSM.
    pub fn is_configured(&self) -> bool {
        !matches!(self.source, ApiKeySource::Missing)
    }

    /// Returns the key, reading SSM on the first call when the key lives there.
    pub async fn get(&self) -> Result<&Secret, ApiKeyError> {
        self.key.get_or_try_init(|| self.resolve()).await
    }

    async fn resolve(&self) -> Result<Secret, ApiKeyError> {
        match &self.source {
            ApiKeySource::Value(secret) => Ok(secret.clone()),
            ApiKeySource::Missing => Err(ApiKeyError::Missing),
            ApiKeySource::SsmParameter(name) => self.read_parameter(name).await,
        }
    }

    async fn read_parameter(&self, name: &str) -> Result<Secret, ApiKeyError> {
        let client = self
            .ssm
            .get_or_init(|| async {
                let config = crate::aws::load_config().await;
                aws_sdk_ssm::Client::new(&config)
            })
            .await;

        let output = client
            .get_parameter()
            .name(name)
            .with_decryption(true)
            .send()
            .await
            .map_err(|error| {
                let not_found = error
                    .as_service_error()
                    .is_some_and(|service| service.is_parameter_not_found());
                if not_found {
                    return ApiKeyError::ParameterNotFound {
                        name: name.to_owned(),
                    };
                }
                ApiKeyError::Ssm {
                    name: name.to_owned(),
                    cause: DisplayErrorContext(&error).to_string(),
                }
            })?;

        let value = output
            .parameter()
            .and_then(|parameter| parameter.value())
            .map(str::trim)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| ApiKeyError::EmptyParameter {
                name: name.to_owned(),
            })?;
        tracing::info!(parameter = name, "read the chart-img API key from SSM");
        Ok(Secret::new(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn value_source_returns_the_key() {
        let provider = ApiKeyProvider::new(ApiKeySource::Value(Secret::new("k-123")));
        assert_eq!(provider.get().await.unwrap().expose(), "k-123");
    }

    #[tokio::test]
    async fn missing_source_is_an_error() {
        let provider = ApiKeyProvider::new(ApiKeySource::Missing);
        assert!(!provider.is_configured());
        assert!(matches!(provider.get().await, Err(ApiKeyError::Missing)));
    }

    #[test]
    fn debug_output_hides_the_key() {
        let provider = ApiKeyProvider::new(ApiKeySource::Value(Secret::new("sk-live-999")));
        assert!(!format!("{provider:?}").contains("sk-live-999"));
    }
}
