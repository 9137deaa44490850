//! The README's minimal IAM policy, checked under moto's IAM enforcement: with exactly
//! that policy every demo pipeline reads as it does unrestricted; without one of its
//! permissions the answer is a 403 naming it (the pipeline) or a partial answer with
//! a warning naming it (a job, a report, a bucket).

use serde_json::Value;

use crate::harness::{aws_env, http_get, http_post, http_post_body, root, serve, spawn_emulator};

/// The policy exactly as the README documents it: the JSON block under
/// "### IAM policy (read-only)".
fn documented_policy() -> Value {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split_once("### IAM policy (read-only)")
        .expect("README has the IAM policy section")
        .1;
    let block = section
        .split_once("```json")
        .expect("a json block")
        .1
        .split_once("```")
        .unwrap()
        .0;
    serde_json::from_str(block).expect("the documented policy is JSON")
}

/// `policy` without `actions` (a statement left with none is dropped).
fn without(policy: &Value, actions: &[&str]) -> Value {
    let mut policy = policy.clone();
    let statements = policy["Statement"].as_array_mut().unwrap();
    for statement in statements.iter_mut() {
        let kept: Vec<Value> = match &statement["Action"] {
            Value::String(a) => vec![Value::String(a.clone())],
            Value::Array(a) => a.clone(),
            other => panic!("unexpected Action {other}"),
        }
        .into_iter()
        .filter(|a| !actions.contains(&a.as_str().unwrap()))
        .collect();
        statement["Action"] = Value::Array(kept);
    }
    statements.retain(|s| !s["Action"].as_array().unwrap().is_empty());
    policy
}

/// Actions the policy grants, as written.
fn actions(policy: &Value) -> Vec<String> {
    policy["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| match &s["Action"] {
            Value::String(a) => vec![a.clone()],
            Value::Array(a) => a.iter().map(|a| a.as_str().unwrap().to_string()).collect(),
            _ => vec![],
        })
        .collect()
}

struct Enforcing {
    url: String,
    addr: String,
    child: std::process::Child,
}

impl Enforcing {
    fn start() -> Self {
        let (url, child) = spawn_emulator();
        let addr = url.trim_start_matches("http://").to_string();
        Enforcing { url, addr, child }
    }

    /// An IAM user whose only policy is `policy`; the environment that signs as it.
    fn principal(&self, name: &str, policy: &Value) -> Vec<(&'static str, String)> {
        let (status, body) = http_post_body(
            &self.addr,
            &format!("/_lineage/iam/principal?name={name}"),
            &policy.to_string(),
        )
        .unwrap();
        assert_eq!(status, 200, "{body}");
        let key: Value = serde_json::from_str(&body).unwrap();
        let mut env = aws_env(&self.url);
        for (k, v) in env.iter_mut() {
            match *k {
                "AWS_ACCESS_KEY_ID" => *v = key["AccessKeyId"].as_str().unwrap().into(),
                "AWS_SECRET_ACCESS_KEY" => *v = key["SecretAccessKey"].as_str().unwrap().into(),
                _ => {}
            }
        }
        env
    }

    fn enforce(&self) {
        let (status, body) = http_post(&self.addr, "/_lineage/iam/enforce").unwrap();
        assert_eq!(status, 200, "{body}");
    }
}

impl Drop for Enforcing {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn json_get(addr: &str, path: &str) -> (u16, Value) {
    let (status, body) = http_get(addr, path).unwrap();
    let json = serde_json::from_str(&body)
        .unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"));
    (status, json)
}

/// Every pipeline in us-east-1 (latest execution), plus an older churn execution.
fn paths(addr: &str) -> Vec<String> {
    let (status, list) = json_get(addr, "/pipelines?region=us-east-1");
    assert_eq!(status, 200, "{list}");
    let mut paths: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "/lineage?pipeline={}&region=us-east-1&includeLatestExec=true",
                p["name"].as_str().unwrap()
            )
        })
        .collect();
    assert!(paths.len() >= 6, "{list}");
    paths
        .push("/lineage?pipeline=customer-churn&region=us-east-1&execution=exec-churn-0002".into());
    paths.push("/executions?pipeline=customer-churn&region=us-east-1".into());
    paths.push("/pipelines?region=us-east-1".into());
    paths
}

/// Without what depends on the clock (the elapsed time of a running execution).
fn timeless(mut value: Value) -> Value {
    match &mut value {
        Value::Object(map) => {
            map.remove("elapsedSec");
            for v in map.values_mut() {
                *v = timeless(v.take());
            }
        }
        Value::Array(items) => {
            for v in items.iter_mut() {
                *v = timeless(v.take());
            }
        }
        _ => {}
    }
    value
}

fn warnings_naming(doc: &Value, action: &str) -> usize {
    doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w.to_string().contains(action))
        .count()
}

#[test]
fn the_documented_policy_is_enough_and_each_permission_is_named_when_missing() {
    let policy = documented_policy();
    for action in [
        "sagemaker:DescribePipeline",
        "s3:GetObject",
        "s3:GetBucketVersioning",
    ] {
        assert!(actions(&policy).iter().any(|a| a == action), "{action}");
    }
    let emu = Enforcing::start();

    // Unrestricted answers first (moto checks nothing yet).
    let open = serve(&aws_env(&emu.url));
    let paths = paths(&open.addr);
    let expected: Vec<(u16, Value)> = paths.iter().map(|p| json_get(&open.addr, p)).collect();
    drop(open);
    for ((status, doc), path) in expected.iter().zip(&paths) {
        assert_eq!(*status, 200, "{path}: {doc}");
    }

    let full = emu.principal("lineage-documented", &policy);
    let no_pipeline = emu.principal(
        "lineage-no-describe-pipeline",
        &without(&policy, &["sagemaker:DescribePipeline"]),
    );
    let denied = [
        "sagemaker:DescribeTrainingJob",
        "s3:GetEncryptionConfiguration",
        "s3:GetObject",
        "s3:GetBucketPolicy",
        "s3:GetAccountPublicAccessBlock",
    ];
    let partial = emu.principal("lineage-partial", &without(&policy, &denied));
    // The posture reads that only data-posture makes: its keys, and who owns its
    // default bucket.
    let denied_posture = ["kms:DescribeKey", "s3:ListBucket", "s3:GetBucketAcl"];
    let partial_posture = emu.principal(
        "lineage-partial-posture",
        &without(&policy, &denied_posture),
    );
    emu.enforce();

    // Enforcement is real: the dummy key of the other tests is refused.
    let stranger = serve(&aws_env(&emu.url));
    let (status, body) = json_get(&stranger.addr, &paths[0]);
    assert_ne!(status, 200, "{body}");
    drop(stranger);

    // Exactly the documented policy: every answer as unrestricted, and ready.
    let documented = serve(&full);
    for ((status, doc), path) in expected.iter().zip(&paths) {
        let (got_status, got) = json_get(&documented.addr, path);
        assert_eq!(got_status, *status, "{path}: {got}");
        assert!(
            timeless(got.clone()) == timeless(doc.clone()),
            "{path} differs under the documented policy:\n{got}\nunrestricted:\n{doc}"
        );
    }
    let (ready, body) = http_get(&documented.addr, "/readyz").unwrap();
    assert_eq!(ready, 200, "{body}");
    drop(documented);

    // Without DescribePipeline: 403 naming it.
    let server = serve(&no_pipeline);
    let (status, error) = json_get(
        &server.addr,
        "/lineage?pipeline=customer-churn&region=us-east-1&includeLatestExec=true",
    );
    assert_eq!(status, 403, "{error}");
    assert_eq!(error["code"], "AccessDenied", "{error}");
    assert!(
        error.to_string().contains("sagemaker:DescribePipeline"),
        "{error}"
    );
    drop(server);

    // Without a job, a bucket and a report permission: a partial answer whose
    // warnings name each missing action, with the graph intact.
    let server = serve(&partial);
    let churn = "/lineage?pipeline=customer-churn&region=us-east-1&execution=exec-churn-0002";
    let (status, doc) = json_get(&server.addr, churn);
    assert_eq!(status, 200, "{doc}");
    for action in denied {
        assert!(
            warnings_naming(&doc, action) > 0,
            "{action}: {}",
            doc["warnings"]
        );
    }
    // A refused read is never a finding: nothing rests on what was denied.
    for f in doc["findings"].as_array().unwrap() {
        let action = f["evidence"]["action"].as_str().unwrap();
        assert!(!denied.contains(&action), "{f}");
    }
    let unrestricted = &expected[paths.iter().position(|p| p == churn).unwrap()].1;
    // ... and what was read still is: the findings unrestricted has, less those.
    let kept: Vec<&Value> = unrestricted["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            let action = f["evidence"]["action"].as_str().unwrap();
            // The denied job description hides its job's findings, and the denied
            // encryption configuration the keys it names.
            !denied.contains(&action)
                && f["resource"]["type"] != "job"
                && f["resource"]["type"] != "kmsKey"
        })
        .collect();
    // (by kind and resource: the steps may differ, the denied job description hid
    // its actual locations)
    for f in kept {
        assert!(
            doc["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|g| g["id"] == f["id"] && g["resource"] == f["resource"]),
            "missing under the partial policy: {f}"
        );
    }
    assert_eq!(
        doc["graph"]["nodes"].as_array().unwrap().len(),
        unrestricted["graph"]["nodes"].as_array().unwrap().len()
    );
    assert_eq!(
        doc["summary"]["overallStatus"],
        unrestricted["summary"]["overallStatus"]
    );
    drop(server);

    let server = serve(&partial_posture);
    let posture = "/lineage?pipeline=data-posture&region=us-east-1&includeLatestExec=true";
    let (status, doc) = json_get(&server.addr, posture);
    assert_eq!(status, 200, "{doc}");
    for action in denied_posture {
        assert!(
            warnings_naming(&doc, action) > 0,
            "{action}: {}",
            doc["warnings"]
        );
    }
    let ids: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f["id"].as_str().unwrap(), f["resource"]["id"]))
        .collect();
    for f in doc["findings"].as_array().unwrap() {
        let action = f["evidence"]["action"].as_str().unwrap();
        assert!(!denied_posture.contains(&action), "{f}");
    }
    // Unread: the disabled key's state, the default bucket's owner, the public ACL.
    for gone in [
        "kms.key-not-enabled",
        "s3.default-bucket-not-owned",
        "s3.public-acl",
    ] {
        assert!(!ids.iter().any(|i| i.starts_with(gone)), "{gone}: {ids:?}");
    }
    // Still known: the foreign key's account, from the ARN the bucket names.
    let foreign = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "kms.other-account")
        .expect("kms.other-account from the key's ARN");
    assert_eq!(
        foreign["evidence"]["action"], "s3:GetEncryptionConfiguration",
        "{foreign}"
    );
}

/// Without `s3:GetBucketLocation`, a bucket in another region is still read: S3's
/// redirect names the region. When the redirect does not name it either, the bucket's
/// probes say they depend on the denied `s3:GetBucketLocation` (not a generic "could
/// not read").
#[test]
fn a_denied_bucket_location_is_named_and_the_redirect_followed() {
    let policy = without(&documented_policy(), &["s3:GetBucketLocation"]);
    let emu = Enforcing::start();
    let env = emu.principal("lineage-no-location", &policy);
    emu.enforce();
    let server = serve(&env);
    let churn = "/lineage?pipeline=customer-churn&region=us-east-1&execution=exec-churn-0002";
    let scratch = |doc: &Value| -> Value {
        doc["graph"]["artifacts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["bucket"] == "lineage-scratch")
            .expect("an artifact in lineage-scratch")["s3"]
            .clone()
    };
    let scratch_warnings = |doc: &Value| -> Vec<Value> {
        doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["target"] == "lineage-scratch")
            .cloned()
            .collect()
    };

    // The redirect names eu-west-1: everything but the location is read there.
    let (status, doc) = json_get(&server.addr, churn);
    assert_eq!(status, 200, "{doc}");
    let s3 = scratch(&doc);
    assert_eq!(s3["region"]["status"], "accessDenied", "{s3}");
    assert_eq!(s3["region"]["action"], "s3:GetBucketLocation", "{s3}");
    for probe in ["encryption", "versioning", "publicAccess"] {
        assert_eq!(s3[probe]["status"], "notConfigured", "{probe}: {s3}");
    }
    let warnings = scratch_warnings(&doc);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["code"], "AccessDenied");
    assert_eq!(warnings[0]["action"], "s3:GetBucketLocation");

    // A redirect without the region: the probes are unread because of the denied
    // location, and say so.
    let (status, body) = http_post(&emu.addr, "/_lineage/s3/redirects?header=false").unwrap();
    assert_eq!(status, 200, "{body}");
    let (status, doc) = json_get(&server.addr, &format!("{churn}&fresh=true"));
    assert_eq!(status, 200, "{doc}");
    let s3 = scratch(&doc);
    for probe in ["encryption", "versioning", "publicAccess", "tags"] {
        assert_eq!(s3[probe]["status"], "accessDenied", "{probe}: {s3}");
        assert_eq!(s3[probe]["action"], "s3:GetBucketLocation", "{probe}: {s3}");
    }
    let warnings = scratch_warnings(&doc);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["code"], "AccessDenied", "{warnings:?}");
    assert_eq!(
        warnings[0]["action"], "s3:GetBucketLocation",
        "{warnings:?}"
    );
    assert!(
        !doc["warnings"]
            .to_string()
            .contains("could not read bucket"),
        "{}",
        doc["warnings"]
    );
}

/// The index's crawler under the documented policy reads everything it needs (no
/// recorded error, every endpoint indexed); without `sagemaker:ListEndpoints` the
/// refusal is recorded and shown, naming the action, and the crawl of the pipelines
/// goes on.
#[test]
fn the_index_crawls_under_the_documented_policy_and_names_what_is_refused() {
    let policy = documented_policy();
    for action in [
        "sagemaker:ListEndpoints",
        "sagemaker:DescribeEndpoint",
        "sagemaker:DescribeEndpointConfig",
        "sagemaker:DescribeModel",
    ] {
        assert!(actions(&policy).iter().any(|a| a == action), "{action}");
    }
    let emu = Enforcing::start();
    let full = emu.principal("lineage-index", &policy);
    let no_endpoints = emu.principal(
        "lineage-index-no-endpoints",
        &without(&policy, &["sagemaker:ListEndpoints"]),
    );
    emu.enforce();
    for (env, denied) in [(full, false), (no_endpoints, true)] {
        let data =
            std::env::temp_dir().join(format!("lineage-iam-index-{}-{denied}", std::process::id()));
        let mut env = env;
        env.push(("LINEAGE_NO_INDEX", "false".into()));
        env.push(("LINEAGE_DATA_DIR", data.display().to_string()));
        env.push(("LINEAGE_INDEX_REGIONS", "us-east-1".into()));
        env.push(("LINEAGE_INDEX_RPS", "500".into()));
        let server = serve(&env);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let overview = loop {
            let (status, overview) = json_get(&server.addr, "/overview?region=us-east-1");
            assert_eq!(status, 200, "{overview}");
            if overview["indexedAt"].is_string() {
                break overview;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no pass within 60 s: {overview}"
            );
            std::thread::sleep(std::time::Duration::from_millis(200));
        };
        let errors = overview["errors"].as_array().unwrap();
        let pipelines = overview["pipelines"].as_array().unwrap();
        assert!(pipelines.len() >= 10, "{overview}");
        let deployed = pipelines
            .iter()
            .any(|p| !p["deployments"].as_array().unwrap().is_empty());
        if denied {
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0]["code"], "AccessDenied");
            assert_eq!(errors[0]["action"], "sagemaker:ListEndpoints");
            assert!(!deployed, "no endpoint was readable");
        } else {
            assert_eq!(errors.len(), 0, "{errors:?}");
            assert!(deployed, "{overview}");
        }
        drop(server);
        let _ = std::fs::remove_dir_all(&data);
    }
}
