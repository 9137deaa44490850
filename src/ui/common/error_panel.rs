use leptos::prelude::*;

use crate::api::ApiError;

/// Explains a failed request: what happened and what to do about it.
#[component]
pub fn ErrorPanel(error: ApiError) -> impl IntoView {
    let title = match error.code.as_str() {
        "PipelineNotFound" | "ExecutionNotFound" | "NotFound" | "DomainMismatch" => "Not found",
        "AccessDenied" => "Access denied",
        "AwsUnreachable" | "AwsTimeout" => "AWS could not be reached",
        "AwsCredentials" => "No AWS credentials",
        "Throttled" => "AWS is throttling requests",
        "BadRequest" | "ProfileNotAllowed" => "Check the request",
        _ => "Something went wrong",
    };
    view! {
        <section class="error-panel" role="alert" data-testid="error" data-code=error.code.clone()>
            <h2>{title}</h2>
            <p>{error.message.clone()}</p>
            {error.action.clone().map(|a| view! { <p>"Missing permission: " <code>{a}</code></p> })}
        </section>
    }
}
