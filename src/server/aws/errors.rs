//! The one mapping from SDK errors to `AwsError`.

use aws_sdk_sagemaker::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use crate::server::source::AwsError;

/// How much of an SDK error's text the log keeps.
const LOGGED_DETAIL: usize = 400;

/// The one mapping from SDK errors to ours. `action` is the IAM action of the call.
pub(super) fn map_sdk_error<E>(err: SdkError<E, HttpResponse>, action: &str, what: &str) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    // The full error (which can name the caller's IAM principal, endpoints and
    // credential sources) goes to the server log only; callers get our own words.
    let detail = aws_smithy_types::error::display::DisplayErrorContext(&err).to_string();
    let credentials = detail.contains("credential") || detail.contains("Credential");
    let mapped = match &err {
        SdkError::TimeoutError(_) => AwsError::Timeout(action.to_string()),
        SdkError::DispatchFailure(d) => {
            if d.is_timeout() {
                AwsError::Timeout(action.to_string())
            } else if credentials {
                AwsError::Credentials("no credentials could be loaded".into())
            } else {
                AwsError::Unreachable(action.to_string())
            }
        }
        SdkError::ServiceError(service) => {
            let status = service.raw().status().as_u16();
            let code = service.err().code().unwrap_or("").to_string();
            let message = service.err().message().unwrap_or("").to_string();
            classify(status, &code, &message, action, what)
        }
        SdkError::ResponseError(r) => classify(r.raw().status().as_u16(), "", "", action, what),
        SdkError::ConstructionFailure(_) if credentials => {
            AwsError::Credentials("no credentials could be loaded".into())
        }
        _ => AwsError::Service {
            code: "RequestFailed".into(),
            message: action.to_string(),
        },
    };
    // The SDK's rendering includes the raw response (headers and body): the first part
    // says what went wrong; the rest would make every failed call a 2 KB log line.
    let detail: String = if detail.len() > LOGGED_DETAIL {
        let cut = (0..=LOGGED_DETAIL)
            .rev()
            .find(|&i| detail.is_char_boundary(i))
            .unwrap_or(0);
        format!("{}…", &detail[..cut])
    } else {
        detail
    };
    match mapped {
        AwsError::NotFound(_) | AwsError::AccessDenied { .. } => {
            tracing::debug!(action, what, error = %detail, "AWS call refused")
        }
        _ => tracing::warn!(action, what, error = %detail, "AWS call failed"),
    }
    mapped
}

fn classify(status: u16, code: &str, message: &str, action: &str, what: &str) -> AwsError {
    let lower = message.to_ascii_lowercase();
    match code {
        "AccessDenied"
        | "AccessDeniedException"
        | "UnauthorizedOperation"
        | "AllAccessDisabled" => AwsError::AccessDenied {
            action: action.to_string(),
            message: message.to_string(),
        },
        "ResourceNotFound" | "NoSuchKey" | "NoSuchBucket" | "NotFound" | "NotFoundException" => {
            AwsError::NotFound(format!("{what} was not found ({code})"))
        }
        // SageMaker (and moto) answer some lookups of missing resources this way.
        "ValidationException"
            if lower.contains("does not exist")
                || lower.contains("not found")
                || lower.contains("could not find") =>
        {
            AwsError::NotFound(format!("{what} was not found"))
        }
        "ThrottlingException"
        | "Throttling"
        | "SlowDown"
        | "TooManyRequestsException"
        | "RequestLimitExceeded"
        | "ProvisionedThroughputExceededException" => AwsError::Throttled(action.to_string()),
        "ExpiredToken"
        | "ExpiredTokenException"
        | "InvalidClientTokenId"
        | "UnrecognizedClientException"
        | "SignatureDoesNotMatch"
        | "InvalidAccessKeyId" => AwsError::Credentials(code.to_string()),
        _ if status == 403 => AwsError::AccessDenied {
            action: action.to_string(),
            message: if message.is_empty() {
                format!("HTTP 403 from {action}")
            } else {
                message.to_string()
            },
        },
        _ if status == 404 => AwsError::NotFound(format!("{what} was not found")),
        _ if status == 429 || status == 503 => AwsError::Throttled(action.to_string()),
        _ => AwsError::Service {
            code: if code.is_empty() {
                format!("HTTP {status}")
            } else {
                code.to_string()
            },
            message: action.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_map_to_our_errors() {
        let c = |status, code, message| {
            classify(
                status,
                code,
                message,
                "sagemaker:DescribePipeline",
                "pipeline p",
            )
        };
        // Real SageMaker says ResourceNotFound; moto (and some APIs) ValidationException.
        assert!(matches!(
            c(400, "ResourceNotFound", "Pipeline p does not exist"),
            AwsError::NotFound(_)
        ));
        assert!(matches!(
            c(400, "ValidationException", "Pipeline 'p' does not exist."),
            AwsError::NotFound(_)
        ));
        assert!(matches!(
            c(400, "ValidationException", "Could not find job"),
            AwsError::NotFound(_)
        ));
        assert!(matches!(
            c(400, "ValidationException", "1 validation error detected"),
            AwsError::Service { .. }
        ));
        assert!(matches!(
            c(400, "AccessDeniedException", "not authorized"),
            AwsError::AccessDenied { ref action, .. } if action == "sagemaker:DescribePipeline"
        ));
        // An error body the SDK could not read still has its status.
        assert!(matches!(c(403, "", ""), AwsError::AccessDenied { .. }));
        assert!(matches!(
            c(400, "ThrottlingException", "Rate exceeded"),
            AwsError::Throttled(_)
        ));
        assert!(matches!(c(503, "SlowDown", ""), AwsError::Throttled(_)));
        assert!(matches!(
            c(400, "ExpiredTokenException", ""),
            AwsError::Credentials(_)
        ));
        assert!(matches!(
            c(500, "InternalFailure", "boom"),
            AwsError::Service { .. }
        ));
    }

    #[test]
    fn callers_never_see_aws_error_text() {
        let principal =
            "User: arn:aws:sts::123456789012:assumed-role/Ops/alice@example.com is not authorized";
        for e in [
            classify(403, "AccessDenied", principal, "s3:GetObject", "s3://b/k"),
            classify(
                400,
                "ThrottlingException",
                principal,
                "s3:GetObject",
                "s3://b/k",
            ),
            classify(
                500,
                "InternalFailure",
                principal,
                "s3:GetObject",
                "s3://b/k",
            ),
            classify(
                400,
                "ExpiredTokenException",
                principal,
                "s3:GetObject",
                "s3://b/k",
            ),
            classify(
                400,
                "ValidationException",
                principal,
                "s3:GetObject",
                "s3://b/k",
            ),
        ] {
            let shown = format!("{e} {}", e.to_failure().message);
            assert!(
                !shown.contains("alice") && !shown.contains("123456789012"),
                "{shown}"
            );
        }
    }
}
