//! Request-level errors and their one mapping to HTTP status codes and JSON bodies.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use thiserror::Error;

use super::source::AwsError;
use crate::api::ApiError;
use crate::core::DefinitionError;

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
}

impl LineageError {
    pub fn status(&self) -> StatusCode {
        match self {
            LineageError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            LineageError::ProfileNotAllowed => StatusCode::FORBIDDEN,
            LineageError::PipelineNotFound(_)
            | LineageError::ExecutionNotFound(_)
            | LineageError::NotThisPipeline { .. }
            | LineageError::DomainMismatch { .. } => StatusCode::NOT_FOUND,
            LineageError::Definition(_) => StatusCode::UNPROCESSABLE_ENTITY,
            LineageError::Aws(e) => match e {
                AwsError::NotFound(_) => StatusCode::NOT_FOUND,
                AwsError::AccessDenied { .. } => StatusCode::FORBIDDEN,
                AwsError::Throttled(_) => StatusCode::SERVICE_UNAVAILABLE,
                AwsError::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
                AwsError::Unreachable(_) | AwsError::Credentials(_) | AwsError::Service { .. } => {
                    StatusCode::BAD_GATEWAY
                }
                AwsError::TooLarge(_) => StatusCode::BAD_GATEWAY,
            },
            LineageError::Deadline(_) => StatusCode::GATEWAY_TIMEOUT,
            LineageError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            LineageError::BadRequest { .. } => "BadRequest",
            LineageError::ProfileNotAllowed => "ProfileNotAllowed",
            LineageError::PipelineNotFound(_) => "PipelineNotFound",
            LineageError::ExecutionNotFound(_) | LineageError::NotThisPipeline { .. } => {
                "ExecutionNotFound"
            }
            LineageError::DomainMismatch { .. } => "DomainMismatch",
            LineageError::Definition(_) => "InvalidDefinition",
            LineageError::Aws(e) => match e {
                AwsError::NotFound(_) => "NotFound",
                AwsError::AccessDenied { .. } => "AccessDenied",
                AwsError::Throttled(_) => "Throttled",
                AwsError::Timeout(_) => "AwsTimeout",
                AwsError::Unreachable(_) => "AwsUnreachable",
                AwsError::Credentials(_) => "AwsCredentials",
                AwsError::Service { .. } => "AwsError",
                AwsError::TooLarge(_) => "TooLarge",
            },
            LineageError::Deadline(_) => "AwsTimeout",
            LineageError::Internal(_) => "InternalError",
        }
    }

    pub fn to_api_error(&self) -> ApiError {
        ApiError {
            parameter: match self {
                LineageError::BadRequest { parameter, .. } => Some(parameter.to_string()),
                LineageError::ProfileNotAllowed => Some("profile".into()),
                LineageError::NotThisPipeline { .. } => Some("execution".into()),
                _ => None,
            },
            action: match self {
                LineageError::Aws(AwsError::AccessDenied { action, .. }) => Some(action.clone()),
                _ => None,
            },
            ..ApiError::new(self.status().as_u16(), self.code(), self.to_string())
        }
    }
}

/// The JSON body for an error, with `Retry-After` when AWS throttled us.
pub fn error_response(error: &ApiError) -> Response {
    let status = StatusCode::from_u16(error.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, Json(error.clone())).into_response();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    }
    response
}

impl IntoResponse for LineageError {
    fn into_response(self) -> Response {
        if matches!(self, LineageError::Internal(_)) {
            tracing::error!(error = %self, "internal error");
        }
        error_response(&self.to_api_error())
    }
}
