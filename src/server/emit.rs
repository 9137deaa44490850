//! Sending OpenLineage events to a receiver (Marquez's `/api/v1/lineage`, DataHub's
//! OpenLineage endpoint, any OpenLineage HTTP transport): one `POST` of one JSON event
//! at a time, in order. A transient failure (no connection, a timeout, 429 or 5xx) is
//! retried with exponential backoff; the first event that still cannot be delivered
//! stops the sending, so that a later event never overtakes it (a run's terminal
//! event must not arrive before its START).

use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use lineage_openlineage::RunEvent;

use super::service::Secret;

/// Why an event was not delivered.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SendError {
    /// The receiver answered with an error that sending again will not change.
    #[error("{url} refused an event: HTTP {status}: {body}")]
    Refused {
        url: String,
        status: u16,
        body: String,
    },
    /// No answer, or one saying to try later (429, 5xx), after every attempt.
    #[error("{url} did not take an event after {attempts} attempts: {reason}")]
    Unavailable {
        url: String,
        attempts: usize,
        reason: String,
    },
    #[error("`{0}` is not a URL to send events to (http or https)")]
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

/// An OpenLineage HTTP receiver.
pub struct Receiver {
    client: reqwest::Client,
    url: String,
    api_key: Option<Secret>,
    policy: RetryPolicy,
}

/// One attempt's failure: whether another attempt may succeed.
enum Attempt {
    Transient(String),
    Refused(u16, String),
}

impl Receiver {
    pub fn new(url: &str, api_key: Option<Secret>, policy: RetryPolicy) -> Result<Self, SendError> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(SendError::Url(url.chars().take(80).collect()));
        }
        let client = reqwest::Client::builder()
            .timeout(policy.timeout)
            .user_agent(concat!("sagemaker-lineage/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SendError::Url(e.to_string()))?;
        Ok(Receiver {
            client,
            url: url.to_string(),
            api_key,
            policy,
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    async fn attempt(&self, body: &str) -> Result<(), Attempt> {
        let mut request = self
            .client
            .post(&self.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_string());
        if let Some(key) = &self.api_key {
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
            Err(Attempt::Refused(status.as_u16(), text))
        }
    }

    /// Sends one event, retrying what may pass later.
    pub async fn send(&self, event: &RunEvent) -> Result<(), SendError> {
        let body = serde_json::to_string(event).map_err(|e| SendError::Refused {
            url: self.url.clone(),
            status: 0,
            body: e.to_string(),
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
                    url: self.url.clone(),
                    attempts: self.policy.attempts,
                    reason,
                },
                Attempt::Refused(status, body) => SendError::Refused {
                    url: self.url.clone(),
                    status,
                    body,
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
