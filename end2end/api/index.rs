//! The lineage index (issue 13) against a private emulator, the same suite on SQLite
//! and on PostgreSQL: before the first pass (pending), a pass over the demo region,
//! `/overview`, `/locations` with what is downstream, `/lineage`'s deployments, a
//! second pass that reads only the running execution, the lease shared by replicas,
//! and the answers without an index.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use leptos::config::LeptosOptions;
use sagemaker_lineage::server::aws::{AwsSettings, AwsSource};
use sagemaker_lineage::server::index::{Index, IndexSettings};
use sagemaker_lineage::server::routes::router;
use sagemaker_lineage::server::service::ServiceConfig;
use sagemaker_lineage::server::store::CacheSettings;
use sagemaker_lineage::server::AppState;
use serde_json::Value;

use crate::harness::{block_on, get, http_get, request, send, spawn_emulator};
use crate::postgres::postgres;

const REGION: &str = "us-east-1";

fn settings(db_url: &str) -> IndexSettings {
    IndexSettings {
        db_url: db_url.to_string(),
        regions: vec![REGION.into()],
        interval: Duration::from_secs(300),
        window: Duration::from_secs(30 * 86_400),
        rps: std::num::NonZeroU32::new(1000).unwrap(),
        openlineage: None,
    }
}

struct Indexed {
    state: AppState,
    app: Router,
    index: Arc<Index>,
    emulator: String,
    child: std::process::Child,
}

impl Drop for Indexed {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn indexed(db_url: &str) -> Indexed {
    indexed_with(settings(db_url)).await
}

async fn indexed_with(settings: IndexSettings) -> Indexed {
    let (url, child) = spawn_emulator();
    crate::harness::credentials_env();
    let state = AppState::new(
        AwsSource::new(AwsSettings {
            endpoint_url: Some(url.clone()),
            attempt_timeout: Duration::from_secs(20),
            operation_timeout: Duration::from_secs(40),
            ..AwsSettings::default()
        }),
        ServiceConfig::default(),
        &CacheSettings::default(),
        LeptosOptions::builder()
            .output_name("sagemaker-lineage")
            .build(),
    );
    let index = Index::open(settings).await.expect("opening the index");
    let state = state.with_index(index.clone());
    Indexed {
        app: router(state.clone()),
        state,
        index,
        emulator: url.trim_start_matches("http://").to_string(),
        child,
    }
}

impl Indexed {
    async fn get(&self, path: &str) -> Value {
        let reply = send(self.app.clone(), request(path)).await;
        assert_eq!(reply.status.as_u16(), 200, "{path}: {}", reply.body);
        reply.json()
    }

    async fn pass(&self) -> sagemaker_lineage::server::index::crawler::PassReport {
        let report = self
            .index
            .pass(self.state.source.as_ref(), &self.state.config, REGION)
            .await
            .expect("a pass");
        self.index.finish(REGION, &report, 1, 0).await.unwrap();
        report
    }

    fn calls(&self) -> u64 {
        let (_, body) = http_get(&self.emulator, "/_lineage/calls").unwrap();
        let calls: Value = serde_json::from_str(&body).unwrap();
        calls
            .as_object()
            .unwrap()
            .values()
            .filter_map(Value::as_u64)
            .sum()
    }
}

fn names(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v[field].as_str().unwrap().to_string())
        .collect()
}

fn pipeline<'a>(overview: &'a Value, name: &str) -> &'a Value {
    overview["pipelines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not in the overview"))
}

/// The whole suite, on the database at `db_url`.
async fn suite(db_url: &str) {
    let ix = indexed(db_url).await;

    // Before the first pass: pending everywhere, and said so.
    let overview = ix.get("/overview?region=us-east-1").await;
    assert_eq!(overview["indexedAt"], Value::Null);
    assert_eq!(overview["pipelines"], serde_json::json!([]));
    let doc = ix
        .get("/lineage?pipeline=customer-churn&region=us-east-1&execution=exec-churn-0002")
        .await;
    assert_eq!(doc["deployments"], Value::Null);
    assert!(doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "IndexPending"));

    let report = ix.pass().await;
    assert!(report.complete, "{report:?}");
    assert_eq!(report.errors, 0, "{report:?}");
    assert_eq!(report.endpoints_read, 4, "{report:?}");

    let overview = ix.get("/overview?region=us-east-1").await;
    assert!(overview["indexedAt"].is_string());
    assert_eq!(
        overview["pipelines"].as_array().unwrap().len(),
        10,
        "{overview}"
    );
    let weekly = pipeline(&overview, "churn-weekly");
    assert_eq!(weekly["latest"]["id"], "exec-weekly-0003");
    assert_eq!(weekly["latest"]["status"], "Succeeded");
    assert_eq!(
        weekly["counts"],
        serde_json::json!({ "Succeeded": 2, "Failed": 1 })
    );
    assert_eq!(
        weekly["deployments"],
        serde_json::json!(["churn-prod", "churn-weekly-canary"])
    );
    assert!(weekly["findings"]["medium"].as_u64().unwrap() > 0);
    let churn = pipeline(&overview, "customer-churn");
    assert_eq!(
        churn["deployments"],
        serde_json::json!(["churn-batch-debug", "churn-prod"])
    );
    assert!(churn["buckets"]
        .as_array()
        .unwrap()
        .contains(&"lineage-scratch".into()));
    let never = pipeline(&overview, "never-run");
    assert_eq!(never["latest"], Value::Null);
    assert!(
        never["findings"].is_object(),
        "a never-run pipeline's definition is read"
    );
    assert_eq!(
        pipeline(&overview, "fraud-detection-nightly")["latest"]["status"],
        "Executing"
    );
    assert_eq!(overview["errors"], serde_json::json!([]));

    // Who reads the weekly training data, and what is downstream of it.
    let loc = ix
        .get("/locations?region=us-east-1&uri=s3://lineage-features/churn-weekly/train")
        .await;
    let steps: Vec<(String, String)> = loc["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["step"].as_str().unwrap().into(),
                m["direction"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("Preprocess".to_string(), "output".to_string()),
            ("Train".into(), "input".into()),
            ("Validate".into(), "input".into())
        ]
    );
    assert_eq!(
        loc["matches"][0]["executions"],
        serde_json::json!(["exec-weekly-0003", "exec-weekly-0002", "exec-weekly-0001"])
    );
    let packages: Vec<String> =
        serde_json::from_value(loc["downstream"]["modelPackages"].clone()).unwrap();
    assert_eq!(
        packages,
        [
            "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-weekly-models/1",
            "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-weekly-models/2"
        ]
    );
    assert_eq!(
        names(&loc["downstream"]["endpoints"], "name"),
        ["churn-prod", "churn-weekly-canary"]
    );
    assert_eq!(loc["matchesTotal"], 3);
    assert_eq!(loc["downstream"]["modelPackagesTotal"], 2);
    // A limit lists the first matches and packages, keeps the totals, and does not
    // narrow what is downstream.
    let first = ix
        .get("/locations?region=us-east-1&uri=s3://lineage-features/churn-weekly/train&limit=1")
        .await;
    assert_eq!(first["matches"], serde_json::json!([loc["matches"][0]]));
    assert_eq!(first["matchesTotal"], 3);
    assert_eq!(
        first["downstream"]["modelPackages"],
        serde_json::json!([packages[0]])
    );
    assert_eq!(first["downstream"]["modelPackagesTotal"], 2);
    assert_eq!(
        first["downstream"]["endpoints"],
        loc["downstream"]["endpoints"]
    );
    // A bucket prefix, and an object inside a location a step read.
    let loc = ix
        .get("/locations?region=us-east-1&uri=s3://lineage-models/churn")
        .await;
    assert!(
        names(&loc["downstream"]["endpoints"], "name").contains(&"churn-batch-debug".to_string())
    );
    let loc = ix
        .get("/locations?region=us-east-1&uri=s3://lineage-features/churn/train/part-0.csv")
        .await;
    assert!(names(&loc["matches"], "pipeline").contains(&"customer-churn".to_string()));
    let loc = ix
        .get("/locations?region=us-east-1&uri=s3://lineage-nowhere")
        .await;
    assert_eq!(loc["matches"], serde_json::json!([]));

    // Where customer-churn's models serve: the registered package, and a model
    // straight from its training artifact.
    let doc = ix
        .get("/lineage?pipeline=customer-churn&region=us-east-1&execution=exec-churn-0002&fresh=true")
        .await;
    let deployments = doc["deployments"]
        .as_array()
        .expect("deployments, now indexed");
    let found: Vec<(String, Value, String)> = deployments
        .iter()
        .map(|d| {
            (
                d["endpointName"].as_str().unwrap().into(),
                d["modelPackageArn"].clone(),
                d["step"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "churn-batch-debug".to_string(),
                Value::Null,
                "Train".to_string()
            ),
            (
                "churn-prod".into(),
                "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/1".into(),
                "RegisterChurnModel".into()
            ),
        ]
    );
    assert_eq!(deployments[0]["status"], "Failed");
    assert!(!doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "IndexPending"));

    // Nothing moved: only the running execution is read again.
    let before = ix.calls();
    let report = ix.pass().await;
    let calls = ix.calls() - before;
    assert!(report.complete);
    assert_eq!(
        report.pipelines_read, 1,
        "only fraud-detection-nightly runs: {report:?}"
    );
    assert_eq!(report.executions_read, 1, "{report:?}");
    assert_eq!(report.endpoints_read, 0, "{report:?}");
    // ListPipelines, ListEndpoints, and the running execution's document.
    assert!(
        calls < 40,
        "{calls} AWS calls for a pass where only one execution runs"
    );

    // Two replicas on one database: one holds a region at a time; an expired or
    // released lease is taken over, with a new fence.
    let db = &ix.index.db;
    assert_eq!(
        db.acquire_lease("eu-west-1", "replica-a", 60_000)
            .await
            .unwrap(),
        Some(1)
    );
    assert_eq!(
        db.acquire_lease("eu-west-1", "replica-b", 60_000)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        db.acquire_lease("eu-west-1", "replica-a", 60_000)
            .await
            .unwrap(),
        Some(1)
    );
    // A clean shutdown gives up every lease of its holder, and only its own.
    assert_eq!(
        db.acquire_lease("openlineage:eu-west-1", "replica-a", 60_000)
            .await
            .unwrap(),
        Some(1)
    );
    assert_eq!(
        db.acquire_lease("openlineage:us-east-2", "replica-c", 60_000)
            .await
            .unwrap(),
        Some(1)
    );
    assert_eq!(db.release_leases_of("replica-a").await.unwrap(), 2);
    assert_eq!(
        db.acquire_lease("openlineage:eu-west-1", "replica-b", 60_000)
            .await
            .unwrap(),
        Some(2)
    );
    assert_eq!(
        db.acquire_lease("openlineage:us-east-2", "replica-b", 60_000)
            .await
            .unwrap(),
        None,
        "another holder's lease stays"
    );
    assert_eq!(
        db.acquire_lease("eu-west-1", "replica-b", 60_000)
            .await
            .unwrap(),
        Some(2)
    );
    assert_eq!(
        db.acquire_lease("us-west-2", "replica-a", -1)
            .await
            .unwrap(),
        Some(1)
    );
    assert_eq!(
        db.acquire_lease("us-west-2", "replica-b", 60_000)
            .await
            .unwrap(),
        Some(2),
        "expired"
    );

    // A region asked about joins the index.
    let overview = ix.get("/overview?region=eu-west-1").await;
    assert_eq!(overview["indexedAt"], Value::Null);
    let regions: Vec<String> = db
        .regions()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.region)
        .collect();
    assert!(regions.contains(&"eu-west-1".to_string()), "{regions:?}");
}

#[test]
fn the_index_on_sqlite() {
    block_on(async {
        let dir = std::env::temp_dir().join(format!("lineage-index-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("index.db");
        let _ = std::fs::remove_file(&db);
        suite(&format!("sqlite:{}", db.display())).await;
        let _ = std::fs::remove_dir_all(&dir);
    })
}

#[test]
fn the_index_on_postgres() {
    block_on(async {
        let url = postgres().database("index_suite");
        suite(&url).await;
    })
}

#[test]
fn without_an_index_the_answers_say_it_is_off() {
    block_on(async {
        let reply = get("/overview?region=us-east-1").await;
        assert_eq!(reply.status.as_u16(), 404, "{}", reply.body);
        assert_eq!(reply.json()["code"], "IndexOff");
        let reply = get("/locations?region=us-east-1&uri=s3://lineage-features").await;
        assert_eq!(reply.json()["code"], "IndexOff");
        // Bad input first, index or not.
        let reply = get("/locations?region=us-east-1&uri=http://x").await;
        assert_eq!(reply.status.as_u16(), 400);
        assert_eq!(reply.json()["parameter"], "uri");
        for limit in ["0", "5001", "x", ""] {
            let reply = get(&format!(
                "/locations?region=us-east-1&uri=s3://lineage-features&limit={limit}"
            ))
            .await;
            assert_eq!(reply.status.as_u16(), 400, "{limit}");
            assert_eq!(reply.json()["parameter"], "limit", "{limit}");
        }
        let reply = get("/overview?region=nowhere-1").await;
        assert_eq!(reply.json()["parameter"], "region");
        let doc = crate::harness::lineage("pipeline=customer-churn&region=us-east-1", 200).await;
        assert_eq!(doc["deployments"], Value::Null);
        assert!(!doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "IndexPending"));
    })
}

/// Two replicas on one PostgreSQL index crawl the region once, not twice (the
/// calls counted at the emulator), and both answer from the shared index.
#[test]
fn two_replicas_on_one_postgres_crawl_once() {
    let (url, mut child) = spawn_emulator();
    let addr = url.trim_start_matches("http://").to_string();
    let db = postgres().database("index_replicas");
    let mut env = crate::harness::aws_env(&url);
    env.push(("LINEAGE_NO_INDEX", "false".into()));
    env.push(("LINEAGE_INDEX_DB", db));
    env.push(("LINEAGE_INDEX_REGIONS", REGION.into()));
    env.push(("LINEAGE_INDEX_RPS", "500".into()));
    let a = crate::harness::serve(&env);
    let b = crate::harness::serve(&env);
    let indexed = |server: &crate::harness::Server| -> Value {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        loop {
            let (status, body) = http_get(&server.addr, "/overview?region=us-east-1").unwrap();
            assert_eq!(status, 200, "{body}");
            let overview: Value = serde_json::from_str(&body).unwrap();
            if overview["indexedAt"].is_string() {
                return overview;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "not indexed within 60 s"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    };
    let from_a = indexed(&a);
    let from_b = indexed(&b);
    assert_eq!(from_a["pipelines"], from_b["pipelines"]);
    // Both crawlers have ticked several times since (every 2 s).
    std::thread::sleep(Duration::from_secs(5));
    let (_, body) = http_get(&addr, "/_lineage/calls").unwrap();
    let calls: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(calls["SageMaker.ListPipelines"], 1, "{calls}");
    assert_eq!(calls["SageMaker.ListEndpoints"], 1, "{calls}");
    drop(a);
    drop(b);
    let _ = child.kill();
    let _ = child.wait();
}

/// A pass survives throttling: what AWS keeps refusing is recorded (and shown in the
/// overview) and the pass goes on; the next pass, with AWS answering again, reads it
/// and clears the record.
#[test]
fn a_pass_survives_throttling_and_the_next_one_catches_up() {
    block_on(async {
        let dir =
            std::env::temp_dir().join(format!("lineage-index-throttle-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("index.db");
        let _ = std::fs::remove_file(&db);
        let ix = indexed(&format!("sqlite:{}", db.display())).await;
        let inject = |op: &str| {
            let (status, body) = crate::harness::http_post(
                &ix.emulator,
                &format!("/_lineage/faults?op={op}&kind=throttle&seconds=120"),
            )
            .unwrap();
            assert_eq!(status, 200, "{body}");
        };
        inject("SageMaker.DescribeEndpoint");
        inject("SageMaker.ListPipelineExecutions");
        let report = ix.pass().await;
        assert!(report.complete, "{report:?}");
        assert_eq!(report.endpoints_read, 0, "{report:?}");
        assert!(
            report.errors >= 4 + 10,
            "every endpoint and every pipeline: {report:?}"
        );
        let overview = ix.get("/overview?region=us-east-1").await;
        let errors = overview["errors"].as_array().unwrap();
        assert!(
            errors.iter().all(|e| e["code"] == "Throttled"),
            "{errors:?}"
        );
        assert!(errors
            .iter()
            .any(|e| e["scope"] == "endpoint" && e["target"] == "churn-prod"));
        assert!(errors
            .iter()
            .any(|e| e["scope"] == "pipeline" && e["target"] == "churn-weekly"));
        // Pipelines are listed even so; their executions are not known yet.
        assert!(pipeline(&overview, "churn-weekly")["latest"].is_null());

        let (status, _) =
            crate::harness::http_post(&ix.emulator, "/_lineage/faults/clear").unwrap();
        assert_eq!(status, 200);
        let report = ix.pass().await;
        assert_eq!(report.errors, 0, "{report:?}");
        assert_eq!(report.endpoints_read, 4, "{report:?}");
        let overview = ix.get("/overview?region=us-east-1").await;
        assert_eq!(overview["errors"], serde_json::json!([]));
        assert_eq!(
            pipeline(&overview, "churn-weekly")["latest"]["id"],
            "exec-weekly-0003"
        );
        drop(ix);
        let _ = std::fs::remove_dir_all(&dir);
    })
}

/// A process that dies in the middle of a pass (here: its pass dropped while
/// ListEndpoints hangs, after every pipeline was read) leaves what it wrote; the
/// next process on the same database resumes: the region is still due, and only
/// what is not known final is read again (the running execution and the
/// endpoints), not the whole region. The resumed index answers as a whole pass.
#[test]
fn a_pass_cut_short_is_resumed_not_started_over() {
    block_on(async {
        let dir = std::env::temp_dir().join(format!("lineage-index-resume-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = format!("sqlite:{}", dir.join("index.db").display());
        let reference = format!("sqlite:{}", dir.join("reference.db").display());

        // A whole pass on its own database, for its calls and its answers.
        let whole = indexed(&reference).await;
        whole.pass().await;
        let whole_calls = whole.calls();
        let whole_overview = whole.get("/overview?region=us-east-1").await;
        drop(whole);

        let ix = indexed(&db).await;
        let (status, body) = crate::harness::http_post(
            &ix.emulator,
            "/_lineage/faults?op=SageMaker.ListEndpoints&kind=hang&seconds=120",
        )
        .unwrap();
        assert_eq!(status, 200, "{body}");
        let listed = || {
            let (_, body) = http_get(&ix.emulator, "/_lineage/calls").unwrap();
            let calls: Value = serde_json::from_str(&body).unwrap();
            calls["SageMaker.ListEndpoints"].as_u64().unwrap_or(0) > 0
        };
        let cut = tokio::time::timeout(Duration::from_secs(60), async {
            tokio::select! {
                _ = ix.pass() => panic!("the pass ended although ListEndpoints hangs"),
                _ = async {
                    while !tokio::task::block_in_place(listed) {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                } => {}
            }
        })
        .await;
        assert!(cut.is_ok(), "the pass never reached the endpoints");
        let overview = ix.get("/overview?region=us-east-1").await;
        assert!(
            overview["indexedAt"].is_null(),
            "a pass cut short is not a pass"
        );
        assert_eq!(
            names(&overview["pipelines"], "name"),
            names(&whole_overview["pipelines"], "name"),
            "what the cut pass wrote is kept"
        );
        drop(ix);

        // The next process: a fresh emulator (its call count from zero) with the
        // same region, and the same database.
        let ix = indexed(&db).await;
        let report = ix.pass().await;
        assert!(report.complete, "{report:?}");
        assert!(
            report.executions_read <= 1,
            "only the running execution: {report:?}"
        );
        assert_eq!(report.endpoints_read, 4, "{report:?}");
        let resumed_calls = ix.calls();
        assert!(
            resumed_calls * 3 < whole_calls,
            "resumed with {resumed_calls} calls; a whole pass takes {whole_calls}"
        );
        let mut overview = ix.get("/overview?region=us-east-1").await;
        let mut expected = whole_overview.clone();
        for v in [&mut overview, &mut expected] {
            for field in ["indexedAt", "indexedAgoSec", "windowStart"] {
                v[field] = Value::Null;
            }
        }
        assert_eq!(overview["pipelines"], expected["pipelines"]);
        drop(ix);
        let _ = std::fs::remove_dir_all(&dir);
    })
}

/// `--openlineage-url`: the crawler queues the events of every execution it reads and
/// sends them after its pass, in order and each once. A receiver that fails is
/// tried again at the next flush from the event it did not take, and a restart on
/// the same database sends nothing again.
#[test]
fn the_crawler_sends_openlineage_events_once_in_order() {
    use sagemaker_lineage::server::emit::{Receiver, RetryPolicy};
    use sagemaker_lineage::server::push::OpenLineagePush;
    block_on(async {
        // The first three requests fail: the first flush gives up on the first event
        // after its two attempts, the second delivers everything.
        let (url, received) = crate::openlineage::receiver(3, 503);
        let dir = std::env::temp_dir().join(format!("lineage-ol-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db_url = format!("sqlite:{}", dir.join("index.db").display());
        let with_push = || {
            let mut s = settings(&db_url);
            let policy = RetryPolicy {
                attempts: 2,
                first_delay: Duration::from_millis(10),
                max_delay: Duration::from_millis(50),
                timeout: Duration::from_secs(5),
            };
            s.openlineage = Some(Arc::new(OpenLineagePush {
                receiver: Receiver::new(&url, None, policy).unwrap(),
                producer: sagemaker_lineage::server::service::producer(&ServiceConfig::default()),
            }));
            s
        };
        let ix = indexed_with(with_push()).await;
        ix.pass().await;
        let first = ix.index.flush_openlineage(REGION).await.unwrap();
        assert_eq!((first.sent, first.stopped), (0, true));
        let (queued, sent) = ix.index.db.outbox_counts(REGION).await.unwrap();
        assert!(queued > 50, "{queued}");
        assert_eq!(sent, 0);
        let second = ix.index.flush_openlineage(REGION).await.unwrap();
        assert_eq!((second.sent as i64, second.stopped), (queued, false));
        assert_eq!(
            ix.index.db.outbox_counts(REGION).await.unwrap(),
            (queued, queued)
        );

        let seen: Vec<Value> = received
            .lock()
            .unwrap()
            .iter()
            .map(|(_, e)| e.clone())
            .collect();
        assert_eq!(seen.len() as i64, queued + 3);
        assert_eq!(
            seen[0], seen[3],
            "the event not taken is sent first next time"
        );
        let delivered = &seen[3..];
        // Each run starts once, ends at most once, and nothing follows its end.
        let mut per_run: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for e in delivered {
            per_run
                .entry(e["run"]["runId"].as_str().unwrap().to_string())
                .or_default()
                .push(e["eventType"].as_str().unwrap().to_string());
        }
        for (run, types) in &per_run {
            assert_eq!(types[0], "START", "{run}: {types:?}");
            assert_eq!(types.iter().filter(|t| *t == "START").count(), 1, "{run}");
            let ends = types
                .iter()
                .filter(|t| ["COMPLETE", "FAIL", "ABORT"].contains(&t.as_str()))
                .count();
            assert!(ends <= 1, "{run}: {types:?}");
        }
        // An execution's events as /lineage/openlineage gives them, in that order.
        let api = ix
            .get("/lineage/openlineage?pipeline=churn-weekly&region=us-east-1&execution=exec-weekly-0002")
            .await;
        let runs: std::collections::BTreeSet<&str> = api
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["run"]["runId"].as_str().unwrap())
            .collect();
        let pushed: Vec<&Value> = delivered
            .iter()
            .filter(|e| runs.contains(e["run"]["runId"].as_str().unwrap()))
            .collect();
        assert_eq!(pushed, api.as_array().unwrap().iter().collect::<Vec<_>>());

        // Nothing new: nothing sent.
        ix.pass().await;
        assert_eq!(ix.index.flush_openlineage(REGION).await.unwrap().sent, 0);
        drop(ix);

        // A restart on the same database: nothing delivered is sent again.
        let ix = indexed_with(with_push()).await;
        ix.pass().await;
        assert_eq!(ix.index.flush_openlineage(REGION).await.unwrap().sent, 0);
        assert_eq!(received.lock().unwrap().len() as i64, queued + 3);
        drop(ix);
        let _ = std::fs::remove_dir_all(&dir);
    })
}
