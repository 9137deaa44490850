//! Prometheus metrics of the process, served at `GET /metrics` (OpenMetrics text).
//!
//! One registry for the process: HTTP request latency by route, AWS calls and
//! attempts by operation and outcome (recorded by the AWS adapter's SDK interceptor,
//! so every call counts, retries included), cache lookups by kind and result, and
//! documents served by whether they were reused. Labels are bounded: routes are the
//! router's patterns, operations the SDK's, outcomes and kinds our own words.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HttpLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AwsLabels {
    service: String,
    operation: String,
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheLabels {
    kind: String,
    result: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DocumentLabels {
    result: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RegionLabels {
    region: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CrawlErrorLabels {
    region: String,
    kind: String,
}

/// How an AWS call or attempt ended, as far as the SDK's response tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AwsOutcome {
    Ok,
    Throttled,
    AccessDenied,
    NotFound,
    ClientError,
    ServerError,
    Timeout,
    Unreachable,
    Other,
}

impl AwsOutcome {
    fn as_str(self) -> &'static str {
        match self {
            AwsOutcome::Ok => "ok",
            AwsOutcome::Throttled => "throttled",
            AwsOutcome::AccessDenied => "access_denied",
            AwsOutcome::NotFound => "not_found",
            AwsOutcome::ClientError => "client_error",
            AwsOutcome::ServerError => "server_error",
            AwsOutcome::Timeout => "timeout",
            AwsOutcome::Unreachable => "unreachable",
            AwsOutcome::Other => "other",
        }
    }

    /// From an HTTP status and, when AWS sent one, the error code header.
    pub fn from_status(status: u16, error_code: Option<&str>) -> Self {
        let code = error_code.unwrap_or("");
        match status {
            200..=299 => AwsOutcome::Ok,
            _ if code.contains("Throttl") || code == "SlowDown" => AwsOutcome::Throttled,
            429 | 503 => AwsOutcome::Throttled,
            403 => AwsOutcome::AccessDenied,
            404 => AwsOutcome::NotFound,
            400..=499 if code.contains("AccessDenied") => AwsOutcome::AccessDenied,
            400..=499 => AwsOutcome::ClientError,
            500..=599 => AwsOutcome::ServerError,
            _ => AwsOutcome::Other,
        }
    }
}

pub struct Metrics {
    registry: Registry,
    http: Family<HttpLabels, Histogram>,
    aws_calls: Family<AwsLabels, Counter>,
    aws_attempts: Family<AwsLabels, Counter>,
    cache: Family<CacheLabels, Counter>,
    documents: Family<DocumentLabels, Counter>,
    cache_bytes: Gauge,
    cache_entries: Gauge,
    crawl_last_pass: Family<RegionLabels, Gauge>,
    crawl_duration: Family<RegionLabels, Gauge>,
    crawl_calls: Family<RegionLabels, Counter>,
    crawl_errors: Family<CrawlErrorLabels, Counter>,
}

fn latency_histogram() -> Histogram {
    // 1 ms .. ~33 s: warm answers are sub-millisecond, cold ones a few hundred ms,
    // and the AWS timeouts cut off at tens of seconds.
    Histogram::new([
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
    ])
}

impl Metrics {
    fn new() -> Self {
        let mut registry = Registry::with_prefix("lineage");
        let http = Family::<HttpLabels, Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route pattern, method and status",
            http.clone(),
        );
        let aws_calls = Family::<AwsLabels, Counter>::default();
        registry.register(
            "aws_calls",
            "AWS API calls (after the SDK's retries) by service, operation and outcome",
            aws_calls.clone(),
        );
        let aws_attempts = Family::<AwsLabels, Counter>::default();
        registry.register(
            "aws_attempts",
            "AWS API attempts (each retry counts) by service, operation and outcome",
            aws_attempts.clone(),
        );
        let cache = Family::<CacheLabels, Counter>::default();
        registry.register(
            "cache_lookups",
            "Record cache lookups by kind of record and result (hit or miss)",
            cache.clone(),
        );
        let documents = Family::<DocumentLabels, Counter>::default();
        registry.register(
            "documents",
            "Lineage documents served, by whether a cached or in-flight one was reused",
            documents.clone(),
        );
        let cache_bytes = Gauge::default();
        registry.register(
            "cache_bytes",
            "Estimated bytes the cache holds (records, definitions, reports and documents; bounded by --cache-mb)",
            cache_bytes.clone(),
        );
        let cache_entries = Gauge::default();
        registry.register(
            "cache_entries",
            "Entries the cache holds (bounded by --cache-entries)",
            cache_entries.clone(),
        );
        let crawl_last_pass = Family::<RegionLabels, Gauge>::default();
        registry.register(
            "index_last_pass_timestamp_seconds",
            "When the lineage index's last complete pass over a region ended (unix seconds)",
            crawl_last_pass.clone(),
        );
        let crawl_duration = Family::<RegionLabels, Gauge>::default();
        registry.register(
            "index_last_pass_duration_milliseconds",
            "How long the last complete pass over a region took",
            crawl_duration.clone(),
        );
        let crawl_calls = Family::<RegionLabels, Counter>::default();
        registry.register(
            "index_aws_calls",
            "AWS reads the index's crawler made, by region (through its rate limit)",
            crawl_calls.clone(),
        );
        let crawl_errors = Family::<CrawlErrorLabels, Counter>::default();
        registry.register(
            "index_errors",
            "What the crawler could not read, by region and kind (AccessDenied, Throttled, ...)",
            crawl_errors.clone(),
        );
        Metrics {
            registry,
            crawl_last_pass,
            crawl_duration,
            crawl_calls,
            crawl_errors,
            http,
            aws_calls,
            aws_attempts,
            cache,
            documents,
            cache_bytes,
            cache_entries,
        }
    }

    pub fn observe_http(&self, route: &str, method: &str, status: u16, seconds: f64) {
        self.http
            .get_or_create(&HttpLabels {
                route: route.to_string(),
                method: method.to_string(),
                status,
            })
            .observe(seconds);
    }

    fn aws(
        family: &Family<AwsLabels, Counter>,
        service: &str,
        operation: &str,
        outcome: AwsOutcome,
    ) {
        family
            .get_or_create(&AwsLabels {
                service: service.to_string(),
                operation: operation.to_string(),
                outcome: outcome.as_str().to_string(),
            })
            .inc();
    }

    fn aws_call(&self, service: &str, operation: &str, outcome: AwsOutcome) {
        Self::aws(&self.aws_calls, service, operation, outcome);
    }

    fn aws_attempt(&self, service: &str, operation: &str, outcome: AwsOutcome) {
        Self::aws(&self.aws_attempts, service, operation, outcome);
    }

    fn cache_lookup(&self, kind: &'static str, hit: bool) {
        self.cache
            .get_or_create(&CacheLabels {
                kind: kind.to_string(),
                result: if hit { "hit" } else { "miss" }.to_string(),
            })
            .inc();
    }

    pub fn document(&self, reused: bool) {
        self.documents
            .get_or_create(&DocumentLabels {
                result: if reused { "reused" } else { "built" }.to_string(),
            })
            .inc();
    }

    /// What the cache holds now (set when metrics are scraped).
    pub fn cache_size(&self, bytes: u64, entries: u64) {
        self.cache_bytes
            .set(i64::try_from(bytes).unwrap_or(i64::MAX));
        self.cache_entries
            .set(i64::try_from(entries).unwrap_or(i64::MAX));
    }

    /// A pass of the index's crawler over `region` ended.
    pub fn crawl_pass(&self, region: &str, ended_unix_s: i64, took_ms: i64, calls: u64) {
        let labels = RegionLabels {
            region: region.to_string(),
        };
        self.crawl_last_pass
            .get_or_create(&labels)
            .set(ended_unix_s);
        self.crawl_duration.get_or_create(&labels).set(took_ms);
        self.crawl_calls.get_or_create(&labels).inc_by(calls);
    }

    /// The crawler could not read something in `region`.
    pub fn crawl_error(&self, region: &str, kind: &str) {
        self.crawl_errors
            .get_or_create(&CrawlErrorLabels {
                region: region.to_string(),
                kind: kind.to_string(),
            })
            .inc();
    }

    /// The OpenMetrics text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// The process's metrics.
pub fn global() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(Metrics::new)
}

tokio::task_local! {
    static REQUEST: Arc<RequestCounters>;
}

/// What one request cost, for its log line.
#[derive(Debug, Default)]
pub struct RequestCounters {
    pub cache_hits: AtomicU64,
    pub cache_misses: AtomicU64,
    /// AWS API calls made (retries not counted).
    pub aws_calls: AtomicU64,
}

/// Runs `f` counting its cache lookups and AWS calls into `counters` as well.
pub async fn with_request_counters<F: Future>(counters: Arc<RequestCounters>, f: F) -> F::Output {
    REQUEST.scope(counters, f).await
}

fn this_request(f: impl FnOnce(&RequestCounters)) {
    let _ = REQUEST.try_with(|c| f(c));
}

/// A record cache lookup (`kind`: pipeline, job, bucket, ...).
pub fn cache_lookup(kind: &'static str, hit: bool) {
    global().cache_lookup(kind, hit);
    this_request(|c| {
        let n = if hit { &c.cache_hits } else { &c.cache_misses };
        n.fetch_add(1, Ordering::Relaxed);
    });
}

/// An AWS call finished (all its attempts).
pub fn aws_call(service: &str, operation: &str, outcome: AwsOutcome) {
    global().aws_call(service, operation, outcome);
    this_request(|c| {
        c.aws_calls.fetch_add(1, Ordering::Relaxed);
    });
}

/// One attempt of an AWS call finished.
pub fn aws_attempt(service: &str, operation: &str, outcome: AwsOutcome) {
    global().aws_attempt(service, operation, outcome);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_follow_status_and_error_code() {
        assert_eq!(AwsOutcome::from_status(200, None), AwsOutcome::Ok);
        assert_eq!(
            AwsOutcome::from_status(400, Some("ThrottlingException")),
            AwsOutcome::Throttled
        );
        assert_eq!(
            AwsOutcome::from_status(503, Some("SlowDown")),
            AwsOutcome::Throttled
        );
        assert_eq!(AwsOutcome::from_status(403, None), AwsOutcome::AccessDenied);
        assert_eq!(
            AwsOutcome::from_status(400, Some("AccessDeniedException")),
            AwsOutcome::AccessDenied
        );
        assert_eq!(AwsOutcome::from_status(404, None), AwsOutcome::NotFound);
        assert_eq!(
            AwsOutcome::from_status(400, Some("ValidationException")),
            AwsOutcome::ClientError
        );
        assert_eq!(AwsOutcome::from_status(500, None), AwsOutcome::ServerError);
    }

    #[test]
    fn renders_openmetrics_text() {
        let m = Metrics::new();
        m.observe_http("/lineage", "GET", 200, 0.003);
        m.aws_call("SageMaker", "DescribePipeline", AwsOutcome::Throttled);
        m.cache_lookup("job", true);
        m.document(false);
        let text = m.render();
        for line in [
            "# TYPE lineage_http_request_duration_seconds histogram",
            r#"lineage_http_request_duration_seconds_bucket{le="0.005",route="/lineage",method="GET",status="200"} 1"#,
            r#"lineage_aws_calls_total{service="SageMaker",operation="DescribePipeline",outcome="throttled"} 1"#,
            r#"lineage_cache_lookups_total{kind="job",result="hit"} 1"#,
            r#"lineage_documents_total{result="built"} 1"#,
            "# EOF",
        ] {
            assert!(text.contains(line), "{line} missing from\n{text}");
        }
    }
}
