//! The SDK interceptor that counts every AWS call and attempt, by operation and
//! outcome, into `server::metrics` (`/metrics` and each request's log line).

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::FinalizerInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

use crate::server::metrics::{self, AwsOutcome};

#[derive(Debug)]
pub(super) struct Observe;

impl Intercept for Observe {
    fn name(&self) -> &'static str {
        "LineageObserve"
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (service, operation) = names(cfg);
        metrics::aws_attempt(service, operation, outcome(context));
        Ok(())
    }

    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (service, operation) = names(cfg);
        metrics::aws_call(service, operation, outcome(context));
        Ok(())
    }
}

fn names(cfg: &ConfigBag) -> (&str, &str) {
    cfg.load::<Metadata>()
        .map(|m| (m.service(), m.name()))
        .unwrap_or(("unknown", "unknown"))
}

fn outcome(context: &FinalizerInterceptorContextRef<'_>) -> AwsOutcome {
    match context.output_or_error() {
        Some(Ok(_)) => AwsOutcome::Ok,
        Some(Err(e)) if e.is_timeout_error() => AwsOutcome::Timeout,
        Some(Err(e)) if e.is_connector_error() => match e.as_connector_error() {
            Some(c) if c.is_timeout() => AwsOutcome::Timeout,
            _ => AwsOutcome::Unreachable,
        },
        Some(Err(_)) => match context.response() {
            Some(response) => {
                // JSON-protocol services name the error in this header
                // ("ThrottlingException:http://..."); S3 signals by status.
                let code = response.headers().get("x-amzn-errortype");
                AwsOutcome::from_status(response.status().as_u16(), code)
            }
            None => AwsOutcome::Other,
        },
        None => AwsOutcome::Other,
    }
}
