//! AWS misbehaving: throttling, errors and hangs injected by the emulator
//! (`POST /_lineage/faults`), each against a private emulator.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use sagemaker_lineage::server::aws::AwsSettings;
use sagemaker_lineage::server::service::ServiceConfig;
use serde_json::Value;

use crate::harness::{app_with_settings, http_post, send, spawn_emulator};

const CHURN: &str = "/lineage?pipeline=customer-churn&region=us-east-1&execution=exec-churn-0002";

struct Faulty {
    url: String,
    addr: String,
    child: std::process::Child,
}

impl Faulty {
    fn start() -> Self {
        let (url, child) = spawn_emulator();
        let addr = url.trim_start_matches("http://").to_string();
        Faulty { url, addr, child }
    }

    fn inject(&self, op: &str, kind: &str, count: Option<u32>) {
        let count = count.map(|c| format!("&count={c}")).unwrap_or_default();
        let (status, body) = http_post(
            &self.addr,
            &format!("/_lineage/faults?op={op}&kind={kind}&seconds=20{count}"),
        )
        .unwrap();
        assert_eq!(status, 200, "{body}");
    }

    fn clear(&self) {
        http_post(&self.addr, "/_lineage/faults/clear").unwrap();
    }

    fn settings(&self) -> AwsSettings {
        AwsSettings {
            connect_timeout: Duration::from_secs(2),
            attempt_timeout: Duration::from_secs(1),
            operation_timeout: Duration::from_secs(3),
            max_attempts: 3,
            endpoint_url: Some(self.url.clone()),
        }
    }
}

impl Drop for Faulty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

fn codes(doc: &Value, scope: &str) -> Vec<String> {
    doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["scope"] == scope)
        .map(|w| w["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn throttling_is_retried_then_reported() {
    crate::harness::block_on(async {
        let emu = Faulty::start();
        let app = || app_with_settings(emu.settings(), ServiceConfig::default());

        // Two throttled answers, then success: the SDK's retry absorbs them.
        emu.inject("SageMaker.DescribePipeline", "throttle", Some(2));
        let ok = send(app(), get(CHURN)).await;
        assert_eq!(ok.status.as_u16(), 200, "{}", ok.body);

        // Throttled for good: 503 with Retry-After, and a JSON error.
        emu.inject("SageMaker.DescribePipeline", "throttle", None);
        let throttled = send(app(), get(CHURN)).await;
        assert_eq!(throttled.status.as_u16(), 503, "{}", throttled.body);
        assert!(throttled.headers.contains_key("retry-after"));
        assert_eq!(throttled.json()["code"], "Throttled");
        // Every attempt shows in the metrics, by outcome.
        let metrics = send(app(), get("/metrics")).await.body;
        assert!(
        metrics.contains(
            r#"lineage_aws_attempts_total{service="SageMaker",operation="DescribePipeline",outcome="throttled"}"#
        ),
        "{metrics}"
    );
        emu.clear();

        // A throttled job description or bucket is a warning in a partial answer.
        emu.inject("SageMaker.DescribeTrainingJob", "throttle", None);
        emu.inject("s3:GetBucketEncryption", "throttle", None);
        let partial = send(app(), get(CHURN)).await;
        assert_eq!(partial.status.as_u16(), 200, "{}", partial.body);
        let doc = partial.json();
        assert_eq!(codes(&doc, "job"), ["Throttled"]);
        // Each bucket's warning says why it could not be read.
        let buckets = codes(&doc, "bucket");
        assert!(
            !buckets.is_empty() && buckets.iter().all(|c| c == "Throttled"),
            "{}",
            doc["warnings"]
        );
        let train = doc["graph"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == "Train")
            .unwrap();
        assert_eq!(
            train["run"]["status"], "Succeeded",
            "the step itself is still known"
        );
    })
}

#[test]
fn server_errors_on_a_step_make_a_warning() {
    crate::harness::block_on(async {
        let emu = Faulty::start();
        emu.inject("SageMaker.DescribeProcessingJob", "error", None);
        let reply = send(
            app_with_settings(emu.settings(), ServiceConfig::default()),
            get(CHURN),
        )
        .await;
        assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
        let doc = reply.json();
        assert_eq!(
            codes(&doc, "job").len(),
            2,
            "both processing jobs: {}",
            doc["warnings"]
        );
    })
}

#[test]
fn a_hanging_aws_gives_a_timely_504_and_the_server_recovers() {
    crate::harness::block_on(async {
        let emu = Faulty::start();
        let app = app_with_settings(emu.settings(), ServiceConfig::default());
        emu.inject("SageMaker.DescribePipeline", "hang", None);
        let started = Instant::now();
        let hung = send(app.clone(), get(CHURN)).await;
        let took = started.elapsed();
        assert_eq!(hung.status.as_u16(), 504, "{}", hung.body);
        assert_eq!(hung.json()["code"], "AwsTimeout");
        assert!(took < Duration::from_secs(10), "took {took:?}");
        emu.clear();
        let after = send(app, get(CHURN)).await;
        assert_eq!(after.status.as_u16(), 200, "{}", after.body);
    })
}

#[test]
fn a_request_never_outlives_its_deadline() {
    crate::harness::block_on(async {
        let emu = Faulty::start();
        // Each AWS call may take 10 s, the request as a whole only 2.
        let settings = AwsSettings {
            attempt_timeout: Duration::from_secs(10),
            operation_timeout: Duration::from_secs(20),
            ..emu.settings()
        };
        let config = ServiceConfig {
            request_timeout: Duration::from_secs(2),
            ..ServiceConfig::default()
        };
        let app = app_with_settings(settings, config);
        emu.inject("SageMaker.DescribePipeline", "hang", None);
        let started = Instant::now();
        let late = send(app.clone(), get(CHURN)).await;
        let took = started.elapsed();
        assert_eq!(late.status.as_u16(), 504, "{}", late.body);
        assert_eq!(late.json()["code"], "AwsTimeout");
        assert!(took < Duration::from_secs(5), "took {took:?}");
        emu.clear();
        let after = send(app, get(CHURN)).await;
        assert_eq!(after.status.as_u16(), 200, "{}", after.body);
    })
}
