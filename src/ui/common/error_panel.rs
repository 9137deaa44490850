use leptos::prelude::*;

use crate::api::ApiError;
use crate::core::ErrorCode;

/// Explains a failed request: what happened and what to do about it.
#[component]
pub fn ErrorPanel(error: ApiError) -> impl IntoView {
    let title = match error.code {
        ErrorCode::PipelineNotFound
        | ErrorCode::ExecutionNotFound
        | ErrorCode::NotFound
        | ErrorCode::DomainMismatch => "Not found",
        ErrorCode::AccessDenied => "Access denied",
        ErrorCode::AwsUnreachable | ErrorCode::AwsTimeout => "AWS could not be reached",
        ErrorCode::AwsCredentials => "No AWS credentials",
        ErrorCode::Throttled => "AWS is throttling requests",
        ErrorCode::BadRequest | ErrorCode::ProfileNotAllowed => "Check the request",
        _ => "Something went wrong",
    };
    view! {
        <section class="error-panel" role="alert" data-testid="error" data-code=error.code.to_string()>
            <h2>{title}</h2>
            <p>{error.message.clone()}</p>
            {error.action.clone().map(|a| view! { <p>"Missing permission: " <code>{a}</code></p> })}
        </section>
    }
}
