//! Turns AWS SDK errors into [`StorageError`]s. Only the S3 error code, its message, the HTTP
//! status and the request id are kept. The SDK's `Debug` output is never used, because it
//! contains the raw response, and an S3 signature error's body carries the string to sign, the
//! signature provided and the access key id. Anything in a kept text that looks like a
//! signature or an access key id is redacted as well.

use aws_sdk_s3::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_s3::operation::RequestId;

use super::error::StorageError;

/// The IAM permission each S3 operation needs, named in access-denied messages.
const PERMISSIONS: &[(&str, &str)] = &[
    ("HeadObject", "s3:GetObject"),
    ("GetObject", "s3:GetObject"),
    ("PutObject", "s3:PutObject"),
    ("DeleteObject", "s3:DeleteObject"),
    ("ListObjectsV2", "s3:ListBucket"),
];

/// S3 error codes that mean the credentials may not do the operation.
const ACCESS_CODES: &[&str] = &[
    "AccessDenied",
    "AllAccessDisabled",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "InvalidToken",
    "AccountProblem",
];

/// Returns the HTTP status of an error that S3 returned.
pub(crate) fn status<E>(
    error: &SdkError<E, aws_sdk_s3::config::http::HttpResponse>,
) -> Option<u16> {
    error
        .raw_response()
        .map(|response| response.status().as_u16())
}

/// Returns the S3 error code of an error that S3 returned.
pub(crate) fn code<E: ProvideErrorMetadata>(
    error: &SdkError<E, aws_sdk_s3::config::http::HttpResponse>,
) -> Option<&str> {
    match error {
        SdkError::ServiceError(service) => service.err().code(),
        _ => None,
    }
}

/// Classifies a failed S3 call on `bucket`.
pub(crate) fn classify<E>(
    operation: &'static str,
    bucket: &str,
    error: SdkError<E, aws_sdk_s3::config::http::HttpResponse>,
) -> StorageError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    // Any error but a response from S3 means that the endpoint was not reached or broke off,
    // for example a refused connection, a TLS failure, a connect timeout or an unreadable body.
    let service = match &error {
        SdkError::ServiceError(service) => service,
        _ => {
            return StorageError::Unreachable {
                operation,
                cause: redact(&DisplayErrorContext(&error).to_string()),
            };
        }
    };

    let status = service.raw().status().as_u16();
    let code = service
        .err()
        .code()
        .map_or_else(|| format!("HTTP {status}"), str::to_owned);
    let cause = redact(&format!(
        "{operation} failed with {code} (HTTP {status}): {message}; request id {id}",
        message = service.err().message().unwrap_or("no message"),
        id = error.request_id().unwrap_or("none"),
    ));

    if code == "NoSuchBucket" {
        return StorageError::BucketMissing {
            bucket: bucket.to_owned(),
            cause,
        };
    }
    if status == 403 || ACCESS_CODES.contains(&code.as_str()) {
        return StorageError::AccessDenied {
            operation,
            permission: permission(operation),
            bucket: bucket.to_owned(),
            code,
            cause,
        };
    }
    StorageError::Rejected {
        operation,
        code,
        status,
        cause,
    }
}

fn permission(operation: &str) -> &'static str {
    PERMISSIONS
        .iter()
        .find(|(name, _)| *name == operation)
        .map_or("s3:*", |(_, permission)| permission)
}

/// Replaces runs of 32 or more hex digits (signatures, hashes) and AWS access key ids with
/// `[redacted]`.
pub(crate) fn redact(text: &str) -> String {
    let mut output = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphanumeric()) {
        output.push_str(&rest[..start]);
        let word_end = rest[start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(rest.len(), |end| start + end);
        let word = &rest[start..word_end];
        if is_secret_like(word) {
            output.push_str("[redacted]");
        } else {
            output.push_str(word);
        }
        rest = &rest[word_end..];
    }
    output.push_str(rest);
    output
}

fn is_secret_like(word: &str) -> bool {
    let hex = word.len() >= 32 && word.bytes().all(|byte| byte.is_ascii_hexdigit());
    let access_key = word.len() == 20
        && ["AKIA", "ASIA"]
            .iter()
            .any(|prefix| word.starts_with(prefix))
        && word
            .bytes()
            .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit());
    hex || access_key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_signatures_and_key_ids() {
        let text = "Signature=0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0, \
                    Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/s3";
        let redacted = redact(text);
        assert!(!redacted.contains("0f1e2d3c"), "{redacted}");
        assert!(!redacted.contains("AKIAIOSFODNN7EXAMPLE"), "{redacted}");
        assert!(redacted.contains("us-east-1/s3"), "{redacted}");
    }

    #[test]
    fn redact_keeps_ordinary_text() {
        let text =
            "PutObject failed with NoSuchBucket (HTTP 404): missing; request id 4442587FB7D0A2F9";
        assert_eq!(redact(text), text);
    }

    #[test]
    fn permission_names_iam_action() {
        assert_eq!(permission("HeadObject"), "s3:GetObject");
        assert_eq!(permission("ListObjectsV2"), "s3:ListBucket");
    }
}
