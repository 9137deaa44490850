//! Amazon DataZone (and SageMaker Unified Studio, which is built on it) as an
//! OpenLineage receiver: `PostLineageEvent` takes one OpenLineage run event per
//! call, signed with the server's AWS identity (IAM action
//! `datazone:PostLineageEvent`).

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};
use aws_smithy_types::Blob;

use super::errors::map_sdk_error;
use crate::server::source::AwsError;

/// The IAM action of the one call.
pub const ACTION: &str = "datazone:PostLineageEvent";

/// A DataZone domain's lineage, in its region.
pub struct DataZoneLineage {
    client: aws_sdk_datazone::Client,
    domain: String,
}

impl DataZoneLineage {
    /// A client for `domain` in `region`, from the standard credential chain
    /// (`AWS_PROFILE`, roles, ...; an endpoint override such as
    /// `AWS_ENDPOINT_URL_DATAZONE` is honoured). The SDK does not retry: the sender
    /// retries whole events with its own policy, and `attempt_timeout` bounds each.
    pub async fn new(region: &str, domain: &str, attempt_timeout: std::time::Duration) -> Self {
        let config = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(region.to_string()))
            .retry_config(RetryConfig::disabled())
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_attempt_timeout(attempt_timeout)
                    .build(),
            )
            .load()
            .await;
        let conf =
            aws_sdk_datazone::config::Builder::from(&config).interceptor(super::observe::Observe);
        DataZoneLineage {
            client: aws_sdk_datazone::Client::from_conf(conf.build()),
            domain: domain.to_string(),
        }
    }

    /// Posts one event. `token` makes the call idempotent: DataZone takes an event
    /// sent again with the same token once.
    pub async fn post(&self, event: &str, token: &str) -> Result<(), AwsError> {
        self.client
            .post_lineage_event()
            .domain_identifier(&self.domain)
            .event(Blob::new(event.as_bytes()))
            .client_token(token)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| map_sdk_error(e, ACTION, &format!("DataZone domain {}", self.domain)))
    }
}
