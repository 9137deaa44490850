//! Request-level errors and their one mapping to HTTP status codes and JSON bodies.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use thiserror::Error;

use super::source::AwsError;
use crate::api::ApiError;
use crate::core::DefinitionError;
pub use crate::core::ErrorCode;

/// Why a lineage request failed as a whole. Partial failures are warnings in the
/// document instead.
#[derive(Debug, Clone, Error)]
pub enum LineageError {
    #[error("{parameter}: {message}")]
    BadRequest {
        parameter: &'static str,
        message: String,
    },
    #[error("the `profile` parameter is disabled on this server (start it with --allow-profile to enable it)")]
    ProfileNotAllowed,
    #[error("pipeline `{0}` was not found in this region")]
    PipelineNotFound(String),
    #[error("execution `{0}` was not found")]
    ExecutionNotFound(String),
    #[error("execution `{execution}` is not an execution of pipeline `{pipeline}` in `{region}`")]
    NotThisPipeline {
        execution: String,
        pipeline: String,
        region: String,
    },
    #[error("pipeline `{pipeline}` does not belong to domain `{domain}`")]
    DomainMismatch { pipeline: String, domain: String },
    #[error("the pipeline definition could not be read: {0}")]
    Definition(#[from] DefinitionError),
    #[error(transparent)]
    Aws(#[from] AwsError),
    #[error("the answer took longer than the server's {}-second limit (AWS is answering slowly); try again", .0.as_secs())]
    Deadline(std::time::Duration),
    #[error("internal error: {0}")]
    Internal(String),
    #[error("this server keeps no lineage index (it runs with --no-index)")]
    IndexOff,
    #[error("the lineage index is unavailable: {0}")]
    IndexUnavailable(String),
    /// An error about one execution of a comparison: `parameter` (`base` or
    /// `target`) says which.
    #[error("{parameter}: {error}")]
    Side {
        parameter: &'static str,
        error: Box<LineageError>,
    },
}

impl LineageError {
    /// This error, about the execution named by `parameter` of a comparison: an
    /// execution that is malformed, missing or of another pipeline names that
    /// parameter; any other error is the same for either side.
    pub fn for_side(self, parameter: &'static str) -> LineageError {
        match self {
            LineageError::BadRequest {
                parameter: "execution",
                message,
            } => LineageError::BadRequest { parameter, message },
            e @ (LineageError::ExecutionNotFound(_) | LineageError::NotThisPipeline { .. }) => {
                LineageError::Side {
                    parameter,
                    error: Box::new(e),
                }
            }
            other => other,
        }
    }
}

/// Every error code the JSON routes answer with: the one list the OpenAPI document's
/// error responses are made from (`openapi::ErrorResponses`).
pub const ANSWERED: [ErrorCode; 17] = [
    ErrorCode::BadRequest,
    ErrorCode::Unauthorized,
    ErrorCode::ProfileNotAllowed,
    ErrorCode::AccessDenied,
    ErrorCode::PipelineNotFound,
    ErrorCode::ExecutionNotFound,
    ErrorCode::DomainMismatch,
    ErrorCode::NotFound,
    ErrorCode::QueryTooLong,
    ErrorCode::InvalidDefinition,
    ErrorCode::InternalError,
    ErrorCode::AwsUnreachable,
    ErrorCode::AwsCredentials,
    ErrorCode::AwsError,
    ErrorCode::TooLarge,
    ErrorCode::Throttled,
    ErrorCode::AwsTimeout,
];

/// What an error code means as an HTTP answer: its status, when it is answered, and
/// the body. The one source of both the answers and the OpenAPI document.
pub trait Answer {
    fn status(&self) -> StatusCode;
    /// When it is answered (the OpenAPI document says this).
    fn meaning(&self) -> &'static str;
    /// An error body with this code and its status.
    fn error(self, message: impl Into<String>) -> ApiError;
}

impl Answer for ErrorCode {
    fn status(&self) -> StatusCode {
        match self {
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::ProfileNotAllowed | ErrorCode::AccessDenied => StatusCode::FORBIDDEN,
            ErrorCode::PipelineNotFound
            | ErrorCode::ExecutionNotFound
            | ErrorCode::DomainMismatch
            | ErrorCode::NotFound
            | ErrorCode::IndexOff => StatusCode::NOT_FOUND,
            ErrorCode::QueryTooLong => StatusCode::URI_TOO_LONG,
            ErrorCode::InvalidDefinition => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::AwsUnreachable
            | ErrorCode::AwsCredentials
            | ErrorCode::AwsError
            | ErrorCode::TooLarge => StatusCode::BAD_GATEWAY,
            ErrorCode::Throttled | ErrorCode::IndexUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::AwsTimeout => StatusCode::GATEWAY_TIMEOUT,
            // Not an answer of ours (a warning's code): a bug if it ever is one.
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn meaning(&self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "a parameter is missing or malformed, or names a region this server does not know; `parameter` names it",
            ErrorCode::Unauthorized => "a bearer token is configured and a valid one was not sent",
            ErrorCode::ProfileNotAllowed => "`profile` without the server's --allow-profile",
            ErrorCode::AccessDenied => "AWS denied reading the pipeline; `action` names the IAM action",
            ErrorCode::PipelineNotFound => "no such pipeline in this region",
            ErrorCode::ExecutionNotFound => {
                "no such execution of this pipeline (an ARN of another pipeline, region, account or partition included); `parameter` names it (`execution`, or `base` or `target` of a comparison)"
            }
            ErrorCode::DomainMismatch => "the pipeline is not in the given domain",
            ErrorCode::NotFound => "AWS has no such resource",
            ErrorCode::QueryTooLong => "the query string is too long",
            ErrorCode::InvalidDefinition => "the pipeline definition AWS returned could not be read",
            ErrorCode::InternalError => "a bug in this server",
            ErrorCode::AwsUnreachable => "AWS could not be reached",
            ErrorCode::AwsCredentials => "the server has no usable AWS credentials",
            ErrorCode::AwsError => "AWS failed to answer",
            ErrorCode::TooLarge => "AWS answered with more than this server reads",
            ErrorCode::Throttled => "AWS kept throttling after retries (Retry-After is set)",
            ErrorCode::AwsTimeout => "AWS did not answer in time",
            ErrorCode::IndexOff => "the server keeps no lineage index (--no-index)",
            ErrorCode::IndexUnavailable => "the lineage index's database could not be used",
            _ => "not an answer of this server",
        }
    }

    fn error(self, message: impl Into<String>) -> ApiError {
        ApiError::new(self.status().as_u16(), self, message)
    }
}

impl LineageError {
    pub fn status(&self) -> StatusCode {
        self.code().status()
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            LineageError::BadRequest { .. } => ErrorCode::BadRequest,
            LineageError::ProfileNotAllowed => ErrorCode::ProfileNotAllowed,
            LineageError::PipelineNotFound(_) => ErrorCode::PipelineNotFound,
            LineageError::ExecutionNotFound(_) | LineageError::NotThisPipeline { .. } => {
                ErrorCode::ExecutionNotFound
            }
            LineageError::DomainMismatch { .. } => ErrorCode::DomainMismatch,
            LineageError::Definition(_) => ErrorCode::InvalidDefinition,
            LineageError::Aws(e) => match e {
                AwsError::NotFound(_) => ErrorCode::NotFound,
                AwsError::AccessDenied { .. } => ErrorCode::AccessDenied,
                AwsError::Throttled(_) => ErrorCode::Throttled,
                AwsError::Timeout(_) => ErrorCode::AwsTimeout,
                AwsError::Unreachable(_) => ErrorCode::AwsUnreachable,
                AwsError::Credentials(_) => ErrorCode::AwsCredentials,
                AwsError::Service { .. } => ErrorCode::AwsError,
                AwsError::TooLarge(_) => ErrorCode::TooLarge,
            },
            LineageError::Deadline(_) => ErrorCode::AwsTimeout,
            LineageError::Internal(_) => ErrorCode::InternalError,
            LineageError::Side { error, .. } => error.code(),
            LineageError::IndexOff => ErrorCode::IndexOff,
            LineageError::IndexUnavailable(_) => ErrorCode::IndexUnavailable,
        }
    }

    pub fn to_api_error(&self) -> ApiError {
        ApiError {
            parameter: match self {
                LineageError::BadRequest { parameter, .. } => Some(parameter.to_string()),
                LineageError::ProfileNotAllowed => Some("profile".into()),
                LineageError::ExecutionNotFound(_) | LineageError::NotThisPipeline { .. } => {
                    Some("execution".into())
                }
                LineageError::Side { parameter, .. } => Some(parameter.to_string()),
                _ => None,
            },
            action: match self {
                LineageError::Aws(AwsError::AccessDenied { action, .. }) => Some(action.clone()),
                _ => None,
            },
            ..self.code().error(self.to_string())
        }
    }
}

/// The JSON body of an error with its status, and `Retry-After` when AWS throttled us.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(self)).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

/// An error the request log records (our own bugs), carried to it in the response's
/// extensions: turning an error into a response logs nothing itself.
#[derive(Debug, Clone)]
pub struct LoggedError(pub String);

impl IntoResponse for LineageError {
    fn into_response(self) -> Response {
        let mut response = self.to_api_error().into_response();
        if matches!(self, LineageError::Internal(_)) {
            response
                .extensions_mut()
                .insert(LoggedError(self.to_string()));
        }
        response
    }
}

impl From<super::index::IndexError> for LineageError {
    fn from(e: super::index::IndexError) -> Self {
        LineageError::IndexUnavailable(e.to_string())
    }
}
