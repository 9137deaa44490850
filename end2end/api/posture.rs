//! Security findings on the demo data (issue 11): every finding id is produced where
//! its condition holds and absent where it does not, the locked-down bucket has no
//! bucket finding, and `/lineage/findings` answers the document's findings.

use std::collections::{BTreeMap, BTreeSet};

use sagemaker_lineage::core::FindingKind;
use serde_json::Value;

use crate::harness::{block_on, get, lineage};

const ACCOUNT: &str = "123456789012";
const DEMO: [&str; 9] = [
    "customer-churn",
    "fraud-detection-nightly",
    "quality-gate",
    "model-gate",
    "id-clash",
    "never-run",
    "wide-pipeline",
    "large-pipeline",
    "data-posture",
];

fn key(id: &str) -> String {
    format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/{id}")
}

fn job(kind: &str, name: &str) -> String {
    format!("arn:aws:sagemaker:us-east-1:{ACCOUNT}:{kind}/pipelines-exec-posture-0001-{name}")
}

/// Finding ids by resource id.
fn by_resource(doc: &Value) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in doc["findings"].as_array().unwrap() {
        out.entry(f["resource"]["id"].as_str().unwrap().to_string())
            .or_default()
            .insert(f["id"].as_str().unwrap().to_string());
    }
    out
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_finding_id_is_produced_by_the_demo_data() {
    block_on(async {
        let mut seen = BTreeSet::new();
        for p in DEMO {
            let doc = lineage(
                &format!("pipeline={p}&region=us-east-1&includeLatestExec=true"),
                200,
            )
            .await;
            for f in doc["findings"].as_array().unwrap() {
                seen.insert(f["id"].as_str().unwrap().to_string());
                // Every finding says what it rests on and is counted.
                assert!(!f["evidence"]["action"].as_str().unwrap().is_empty(), "{f}");
            }
            let counts = &doc["summary"]["findings"];
            let total: u64 = ["critical", "high", "medium", "low"]
                .iter()
                .map(|s| counts[s].as_u64().unwrap())
                .sum();
            assert_eq!(
                total as usize,
                doc["findings"].as_array().unwrap().len(),
                "{p}"
            );
        }
        let all: BTreeSet<String> = FindingKind::ALL
            .iter()
            .map(|k| k.id().to_string())
            .collect();
        assert_eq!(all.len(), 23);
        assert_eq!(
            seen,
            all,
            "never produced: {:?}",
            all.difference(&seen).collect::<Vec<_>>()
        );
    });
}

/// Each posture bucket, key and job has exactly the findings its scenario gives it
/// (end2end/emulator/SCENARIOS.md), and nothing where a condition does not hold.
#[test]
fn each_resource_of_data_posture_has_exactly_its_findings() {
    block_on(async {
        let doc = lineage(
            "pipeline=data-posture&region=us-east-1&includeLatestExec=true",
            200,
        )
        .await;
        let found = by_resource(&doc);
        let none = BTreeSet::new();
        let of = |resource: &str| found.get(resource).unwrap_or(&none).clone();
        // Hardened in every respect: no bucket finding at all.
        assert_eq!(of("lineage-locked"), none, "the locked-down bucket");
        assert_eq!(
            of("lineage-public-policy"),
            set(&[
                "s3.public-policy",
                "s3.public-access-block-off",
                "s3.sse-s3-only"
            ])
        );
        assert_eq!(
            of("lineage-public-acl"),
            set(&[
                "s3.public-acl",
                "s3.acls-enabled",
                "s3.public-access-block-off"
            ])
        );
        assert_eq!(of("lineage-no-tls"), set(&["s3.tls-not-required"]));
        assert_eq!(
            of("lineage-cross-account"),
            set(&["s3.cross-account-access"])
        );
        // The buckets named after their key's trouble have no finding of their own.
        for b in [
            "lineage-disabled-key",
            "lineage-rotation-off",
            "lineage-foreign-key",
        ] {
            assert_eq!(of(b), none, "{b}");
        }
        let default = format!("sagemaker-us-east-1-{ACCOUNT}");
        assert!(of(&default).contains("s3.default-bucket-not-owned"));
        // Keys: each exactly its own trouble; the locked key none.
        assert_eq!(of(&key("2222bbbb-3333-4444-5555-666677778888")), none);
        assert_eq!(
            of(&key("4444dddd-5555-6666-7777-88889999aaaa")),
            set(&["kms.key-not-enabled"])
        );
        assert_eq!(
            of(&key("3333cccc-4444-5555-6666-777788889999")),
            set(&["kms.rotation-off"])
        );
        assert_eq!(
            of("arn:aws:kms:us-east-1:999999999999:key/9999eeee-0000-1111-2222-333344445555"),
            set(&["kms.other-account"])
        );
        // Jobs: the secure ones none; the loose training job every job finding; the
        // one-instance processing jobs no inter-container finding.
        assert_eq!(of(&job("processing-job", "readpublic-a1s2d3f4g5")), none);
        assert_eq!(of(&job("training-job", "trainlocked-x1c2v3b4n5")), none);
        assert_eq!(
            of(&job("training-job", "trainloose-m6q7w8e9r0")),
            set(&[
                "job.network-isolation-off",
                "job.inter-container-encryption-off",
                "job.no-vpc",
                "job.volume-not-kms",
                "job.output-not-kms"
            ])
        );
        assert_eq!(
            of(&job("processing-job", "readacl-h6j7k8l9z0")),
            set(&[
                "job.network-isolation-off",
                "job.no-vpc",
                "job.volume-not-kms",
                "job.output-not-kms"
            ])
        );
        // The account refuses new public grants but leaves the old ones in effect.
        assert_eq!(of(ACCOUNT), set(&["s3.account-public-access-block-off"]));
        // The foreign key could not be described: a warning naming the action, and
        // its owner read from its ARN.
        let warnings = doc["warnings"].as_array().unwrap();
        assert!(warnings
            .iter()
            .any(|w| w["scope"] == "kmsKey" && w["action"] == "kms:DescribeKey"));

        // Without an execution, no job findings (and the buckets the definition names).
        let doc = lineage("pipeline=data-posture&region=us-east-1", 200).await;
        assert!(doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["resource"]["type"] != "job"));
    });
}

/// Where a condition does not hold the finding is absent, across the demo: only the
/// unencrypted bucket is `s3.not-encrypted`, only the one in eu-west-1 is
/// `s3.region-mismatch`.
#[test]
fn findings_are_absent_where_their_condition_does_not_hold() {
    block_on(async {
        let doc = lineage(
            "pipeline=customer-churn&region=us-east-1&includeLatestExec=true",
            200,
        )
        .await;
        let found = by_resource(&doc);
        for (bucket, ids) in &found {
            if bucket.starts_with("lineage-") {
                assert_eq!(
                    ids.contains("s3.not-encrypted"),
                    bucket == "lineage-scratch",
                    "{bucket}"
                );
                assert_eq!(
                    ids.contains("s3.region-mismatch"),
                    bucket == "lineage-scratch",
                    "{bucket}"
                );
            }
        }
        for a in doc["graph"]["artifacts"].as_array().unwrap() {
            let s3 = &a["s3"];
            let bucket = a["bucket"].as_str().unwrap();
            let has = |id: &str| found.get(bucket).is_some_and(|ids| ids.contains(id));
            assert_eq!(
                has("s3.sse-s3-only"),
                s3["encryption"]["value"]["algorithm"] == "AES256",
                "{bucket}"
            );
            assert_eq!(
                has("s3.versioning-off"),
                s3["posture"]["versioned"] == false,
                "{bucket}"
            );
        }
    });
}

#[test]
fn the_findings_route_answers_the_documents_findings() {
    block_on(async {
        let params = "pipeline=data-posture&region=us-east-1&includeLatestExec=true";
        let doc = lineage(params, 200).await;
        let reply = get(&format!("/lineage/findings?{params}")).await;
        assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
        let report = reply.json();
        assert_eq!(report["findings"], doc["findings"]);
        assert_eq!(report["summary"]["findings"], doc["summary"]["findings"]);
        assert_eq!(report["warnings"], doc["warnings"]);
        assert!(report.get("graph").is_none());
        // The same errors as /lineage.
        let reply = get("/lineage/findings?pipeline=nope&region=us-east-1").await;
        assert_eq!(reply.status.as_u16(), 404, "{}", reply.body);
        assert_eq!(reply.json()["code"], "PipelineNotFound");
        let reply = get("/lineage/findings?region=us-east-1").await;
        assert_eq!(reply.status.as_u16(), 400, "{}", reply.body);
    });
}
