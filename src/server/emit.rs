//! Sending OpenLineage events to a receiver, one event at a time, in order: an
//! OpenLineage HTTP endpoint (Marquez's `/api/v1/lineage`, DataHub's OpenLineage
//! endpoint, any OpenLineage HTTP transport; one `POST` of one JSON event), or an
//! Amazon DataZone domain (`datazone://REGION/DOMAIN-ID`: `PostLineageEvent`, through
//! the AWS adapter). A transient failure (no connection, a timeout, 429 or 5xx) is
//! retried with exponential backoff; the first event that still cannot be delivered
//! stops the sending, so that a later event never overtakes it (a run's terminal
//! event must not arrive before its START).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use lineage_openlineage::RunEvent;

use super::aws::datazone::DataZoneLineage;
use super::service::Secret;
use super::source::AwsError;
use crate::input::Region;

/// Where events go, parsed from a URL: `http(s)://...`, or
/// `datazone://REGION/DOMAIN-ID` for an Amazon DataZone domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Http(String),
    DataZone { region: Region, domain: String },
}

impl FromStr for Target {
    type Err = SendError;

    fn from_str(value: &str) -> Result<Self, SendError> {
        let bad = || SendError::Url(value.chars().take(80).collect());
        if let Some(rest) = value.strip_prefix("datazone://") {
            let (region, domain) = rest.trim_end_matches('/').split_once('/').ok_or_else(bad)?;
            // DataZone's own pattern for domain ids: dzd[-_][a-zA-Z0-9_-]{1,36}.
            let id = domain
                .strip_prefix("dzd_")
                .or_else(|| domain.strip_prefix("dzd-"))
                .ok_or_else(bad)?;
            let id_ok = (1..=36).contains(&id.len())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !id_ok {
                return Err(bad());
            }
            let region = region.parse().map_err(|_| bad())?;
            return Ok(Target::DataZone {
                region,
                domain: domain.to_string(),
            });
        }
        if value.starts_with("http://") || value.starts_with("https://") {
            Ok(Target::Http(value.to_string()))
        } else {
            Err(bad())
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Http(url) => f.write_str(url),
            Target::DataZone { region, domain } => write!(f, "datazone://{region}/{domain}"),
        }
    }
}

/// Why an event was not delivered.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SendError {
    /// The receiver answered with an error that sending again will not change.
    #[error("{url} refused an event: {reason}")]
    Refused { url: String, reason: String },
    /// No answer, or one saying to try later (429, 5xx), after every attempt.
    #[error("{url} did not take an event after {attempts} attempts: {reason}")]
    Unavailable {
        url: String,
        attempts: usize,
        reason: String,
    },
    #[error("`{0}` is not a URL to send events to (http://..., https://... or datazone://REGION/DOMAIN-ID)")]
    Url(String),
}

/// How hard to try one event.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub attempts: usize,
    pub first_delay: Duration,
    pub max_delay: Duration,
    /// One attempt's limit.
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 5,
            first_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            timeout: Duration::from_secs(10),
        }
    }
}

/// An OpenLineage receiver.
pub struct Receiver {
    transport: Transport,
    /// The target, as the logs and errors name it.
    name: String,
    policy: RetryPolicy,
}

enum Transport {
    Http {
        client: reqwest::Client,
        url: String,
        api_key: Option<Secret>,
    },
    DataZone(DataZoneLineage),
}

/// One attempt's failure: whether another attempt may succeed.
enum Attempt {
    Transient(String),
    Refused(String),
}

impl Receiver {
    /// An HTTP receiver at `url`, with a bearer `api_key` if it needs one.
    pub fn new(url: &str, api_key: Option<Secret>, policy: RetryPolicy) -> Result<Self, SendError> {
        let Target::Http(url) = url.parse()? else {
            return Err(SendError::Url(url.chars().take(80).collect()));
        };
        let client = reqwest::Client::builder()
            .timeout(policy.timeout)
            .user_agent(concat!("sagemaker-lineage/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SendError::Url(e.to_string()))?;
        Ok(Receiver {
            name: url.clone(),
            transport: Transport::Http {
                client,
                url,
                api_key,
            },
            policy,
        })
    }

    /// The receiver `target` names: an HTTP one (with `api_key`), or a DataZone
    /// domain reached with the server's AWS identity (no key).
    pub async fn connect(
        target: &Target,
        api_key: Option<Secret>,
        policy: RetryPolicy,
    ) -> Result<Self, SendError> {
        match target {
            Target::Http(url) => Receiver::new(url, api_key, policy),
            Target::DataZone { region, domain } => Ok(Receiver {
                name: target.to_string(),
                transport: Transport::DataZone(
                    DataZoneLineage::new(region.as_str(), domain, policy.timeout).await,
                ),
                policy,
            }),
        }
    }

    pub fn url(&self) -> &str {
        &self.name
    }

    async fn attempt(&self, body: &str) -> Result<(), Attempt> {
        match &self.transport {
            Transport::Http {
                client,
                url,
                api_key,
            } => http_attempt(client, url, api_key.as_ref(), body).await,
            Transport::DataZone(datazone) => datazone
                .post(body, &client_token(body))
                .await
                .map_err(|e| match e {
                    AwsError::Throttled(_) | AwsError::Timeout(_) | AwsError::Unreachable(_) => {
                        Attempt::Transient(e.to_string())
                    }
                    AwsError::Service { ref code, .. }
                        if code.starts_with("Internal")
                            || code.starts_with("HTTP 5")
                            || code.starts_with("ServiceUnavailable") =>
                    {
                        Attempt::Transient(e.to_string())
                    }
                    other => Attempt::Refused(other.to_string()),
                }),
        }
    }

    /// Sends one event, retrying what may pass later.
    pub async fn send(&self, event: &RunEvent) -> Result<(), SendError> {
        let body = serde_json::to_string(event).map_err(|e| SendError::Refused {
            url: self.name.clone(),
            reason: e.to_string(),
        })?;
        self.send_json(&body).await
    }

    /// Sends one event already in JSON, retrying what may pass later.
    pub async fn send_json(&self, body: &str) -> Result<(), SendError> {
        let backoff = ExponentialBuilder::default()
            .with_min_delay(self.policy.first_delay)
            .with_max_delay(self.policy.max_delay)
            .with_max_times(self.policy.attempts.saturating_sub(1))
            .with_jitter();
        (|| self.attempt(body))
            .retry(backoff)
            .when(|e| matches!(e, Attempt::Transient(_)))
            .await
            .map_err(|e| match e {
                Attempt::Transient(reason) => SendError::Unavailable {
                    url: self.name.clone(),
                    attempts: self.policy.attempts,
                    reason,
                },
                Attempt::Refused(reason) => SendError::Refused {
                    url: self.name.clone(),
                    reason,
                },
            })
    }

    /// Sends the events in order; stops at the first that cannot be delivered and
    /// says how many were.
    pub async fn send_all(&self, events: &[RunEvent]) -> Result<usize, (usize, SendError)> {
        for (i, e) in events.iter().enumerate() {
            self.send(e).await.map_err(|err| (i, err))?;
        }
        Ok(events.len())
    }
}

/// One `POST` of one event to an OpenLineage HTTP endpoint.
async fn http_attempt(
    client: &reqwest::Client,
    url: &str,
    api_key: Option<&Secret>,
    body: &str,
) -> Result<(), Attempt> {
    let mut request = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_string());
    if let Some(key) = api_key {
        request = request.bearer_auth(&key.0);
    }
    let response = request
        .send()
        .await
        .map_err(|e| Attempt::Transient(e.to_string()))?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let text: String = response
        .text()
        .await
        .unwrap_or_default()
        .chars()
        .take(300)
        .collect();
    if status.as_u16() == 429 || status.is_server_error() || status.as_u16() == 408 {
        Err(Attempt::Transient(format!(
            "HTTP {}: {text}",
            status.as_u16()
        )))
    } else {
        Err(Attempt::Refused(format!(
            "HTTP {}: {text}",
            status.as_u16()
        )))
    }
}

/// An event's idempotency token for DataZone: its run, type and time (an event's
/// identity, as in the outbox), within the API's 128 printable characters.
fn client_token(body: &str) -> String {
    let event: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let field = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    let token = format!(
        "{}:{}:{}",
        field(&event["run"]["runId"]),
        field(&event["eventType"]),
        field(&event["eventTime"])
    );
    token
        .chars()
        .filter(|c| ('\x21'..='\x7e').contains(c))
        .take(128)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_from_urls() {
        assert_eq!(
            "https://marquez:5000/api/v1/lineage"
                .parse::<Target>()
                .unwrap(),
            Target::Http("https://marquez:5000/api/v1/lineage".into())
        );
        let dz: Target = "datazone://eu-west-1/dzd_abc123".parse().unwrap();
        assert!(matches!(&dz, Target::DataZone { region, domain }
            if region.as_str() == "eu-west-1" && domain == "dzd_abc123"));
        assert_eq!(dz.to_string(), "datazone://eu-west-1/dzd_abc123");
        for bad in [
            "ftp://x",
            "datazone://eu-west-1",
            "datazone://eu-west-1/abc",
            "datazone://eu-west-1/dzd_",
            "datazone://eu-west-1/dzd_a b",
            "datazone://not a region/dzd_abc",
            "marquez:5000",
        ] {
            assert!(bad.parse::<Target>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_client_token_is_the_event_identity() {
        let body = r#"{"eventType":"COMPLETE","eventTime":"2026-11-28T11:00:00Z","run":{"runId":"0192-abc"}}"#;
        assert_eq!(client_token(body), "0192-abc:COMPLETE:2026-11-28T11:00:00Z");
    }
}
