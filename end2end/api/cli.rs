//! The real binary: `lineage` against the emulator and a definition file, and `serve`.

use std::process::Command;

use serde_json::Value;

use crate::harness::{aws_env, binary, emulator, http_get, root, serve, spawn_emulator};

fn run(args: &[&str], env: &[(&'static str, String)]) -> std::process::Output {
    Command::new(binary())
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("RUST_LOG", "warn")
        .current_dir(root())
        .output()
        .expect("running the binary")
}

#[test]
fn definition_file_needs_no_aws() {
    let file = root().join("crates/lineage-core/testdata/definitions/abalone_end_to_end.json");
    // Extract the definition from the case file into a plain definition file.
    let case: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let dir = std::env::temp_dir().join(format!("lineage-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let def = dir.join("abalone.json");
    std::fs::write(&def, case["definition"].to_string()).unwrap();

    // An endpoint that cannot answer proves no AWS call is made.
    let out = run(
        &["lineage", "--definition-file", def.to_str().unwrap()],
        &[("AWS_ENDPOINT_URL", "http://127.0.0.1:9".into())],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["pipeline"]["name"], "abalone");
    assert_eq!(doc["graph"]["nodes"].as_array().unwrap().len(), 8);
    assert_eq!(doc["summary"]["overallStatus"], "Unknown");

    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"Steps\": [{\"Type\": \"Processing\"}]}").unwrap();
    let out = run(
        &["lineage", "--definition-file", bad.to_str().unwrap()],
        &[],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no string `Name`"));
}

#[test]
fn lineage_command_against_the_emulator() {
    let env = aws_env(&emulator().url);
    let dir = std::env::temp_dir().join(format!("lineage-cli-aws-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out_file = dir.join("lineage.json");
    let out = run(
        &[
            "lineage",
            "--region",
            "us-east-1",
            "--pipeline-name",
            "customer-churn",
            "--domain-name",
            "ml-platform",
            "--include-latest-exec",
            "--out",
            out_file.to_str().unwrap(),
        ],
        &env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    assert_eq!(doc["execution"]["id"], "exec-churn-0002");
    assert_eq!(doc["domain"]["matchedTag"], "DomainName");

    let out = run(
        &[
            "lineage",
            "--region",
            "us-east-1",
            "--pipeline-name",
            "customer-churn",
            "--execution",
            "exec-churn-0001",
        ],
        &env,
    );
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["overallStatus"], "Failed");

    let out = run(
        &[
            "lineage",
            "--region",
            "us-east-1",
            "--pipeline-name",
            "no-such-pipeline",
        ],
        &env,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("was not found"));

    // Usage errors come from clap, before anything runs.
    let out = run(&["lineage", "--pipeline-name", "x"], &env);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn serve_answers_lineage_and_pages() {
    let server = serve(&aws_env(&emulator().url));
    let addr = &server.addr;
    let (status, body) = http_get(
        addr,
        "/lineage?pipeline=quality-gate&region=us-east-1&includeLatestExec=true",
    )
    .unwrap();
    let (page_status, page) = http_get(addr, "/?pipeline=quality-gate&region=us-east-1").unwrap();
    drop(server);
    assert_eq!(status, 200, "{body}");
    let doc: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["summary"]["overallStatus"], "Failed");
    assert_eq!(page_status, 200);
    assert!(page.contains("data-step=\"GateFailed\""), "{page}");
}

/// `--fail-on`: exit status 3 and one stderr line per finding that bad or worse,
/// the document written all the same; below the threshold, the usual status.
#[test]
fn the_security_gate_fails_on_findings_at_or_above_its_severity() {
    let env = aws_env(&emulator().url);
    let args = |severity: &'static str| {
        [
            "lineage",
            "--region",
            "us-east-1",
            "--pipeline-name",
            "data-posture",
            "--include-latest-exec",
            "--fail-on",
            severity,
        ]
    };
    let out = run(&args("high"), &env);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("the document is written");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let gated: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "critical" || f["severity"] == "high")
        .collect();
    assert!(!gated.is_empty());
    for f in &gated {
        let line = format!(
            "finding: {} {} {} {}",
            f["severity"].as_str().unwrap(),
            f["id"].as_str().unwrap(),
            f["resource"]["type"].as_str().unwrap(),
            f["resource"]["id"].as_str().unwrap()
        );
        assert!(stderr.contains(&line), "{line} not in:\n{stderr}");
    }
    // Only those: no medium or low finding is printed.
    assert_eq!(stderr.matches("finding: ").count(), gated.len(), "{stderr}");
    assert!(stderr.contains("s3.public-policy bucket lineage-public-policy"));
    // The foreign key could not be described: the gate says its view is partial.
    assert!(stderr.contains("note: "), "{stderr}");

    // never-run has high findings but no critical one: a critical gate passes.
    let out = run(
        &[
            "lineage",
            "--region",
            "us-east-1",
            "--pipeline-name",
            "never-run",
            "--fail-on",
            "critical",
        ],
        &env,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("finding: "));

    // A severity that is not one is a usage error (clap's status 2).
    let out = run(&args("severe"), &env);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("critical, high, medium or low"));
}

#[test]
fn aws_calls_per_request_are_what_lineage_needs() {
    // A private emulator, so the call counts are this request's alone.
    let (url, mut child) = spawn_emulator();
    let out = run(
        &[
            "lineage",
            "--region",
            "us-east-1",
            "--pipeline-name",
            "customer-churn",
            "--include-latest-exec",
        ],
        &aws_env(&url),
    );
    let addr = url.trim_start_matches("http://").to_string();
    let calls = http_get(&addr, "/_lineage/calls").map(|(_, body)| body);
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let calls: Value = serde_json::from_str(&calls.unwrap()).unwrap();
    let count = |op: &str| calls.get(op).and_then(Value::as_u64).unwrap_or(0);
    // Four buckets (raw-data, features, models, scratch): each read once, however
    // many artifacts live in it. The scratch bucket is in eu-west-1: S3 redirects its
    // probes there, and they are asked again in its region.
    assert_eq!(count("s3:GetBucketLocation"), 4, "{calls}");
    for op in [
        "s3:GetBucketEncryption",
        "s3:GetBucketVersioning",
        "s3:GetPublicAccessBlock",
        "s3:GetBucketTagging",
        "s3:GetBucketPolicyStatus",
        "s3:GetBucketPolicy",
        "s3:GetBucketAcl",
        "s3:GetBucketOwnershipControls",
        "s3:GetObjectLockConfiguration",
        "s3:GetBucketLogging",
        "s3:GetBucketLifecycleConfiguration",
    ] {
        assert_eq!(count(op), 5, "{op} in {calls}");
    }
    // No bucket is the account's SageMaker default bucket: no ownership check.
    assert_eq!(count("s3:HeadBucket"), 0, "{calls}");
    // The account's block public access, once; the one customer key (raw-data's),
    // described once and its rotation asked once.
    assert_eq!(count("s3control:GetPublicAccessBlock"), 1, "{calls}");
    assert_eq!(count("TrentService.DescribeKey"), 1, "{calls}");
    assert_eq!(count("TrentService.GetKeyRotationStatus"), 1, "{calls}");
    // Seven listed steps in pages of at most four: both pages read.
    assert_eq!(count("SageMaker.ListPipelineExecutionSteps"), 2, "{calls}");
    assert_eq!(count("SageMaker.DescribeProcessingJob"), 2, "{calls}");
    assert_eq!(count("SageMaker.DescribeTrainingJob"), 1, "{calls}");
    assert_eq!(count("SageMaker.DescribeTransformJob"), 1, "{calls}");
    assert_eq!(count("SageMaker.DescribeModelPackage"), 1, "{calls}");
    // The evaluation report, read once although two steps declare it.
    assert_eq!(count("s3:GetObject"), 1, "{calls}");
}

#[test]
fn unreachable_aws_is_explained_not_a_crash() {
    // Nothing listens on port 9: every AWS call fails to connect.
    let server = serve(&aws_env("http://127.0.0.1:9"));
    let addr = &server.addr;
    let api = http_get(addr, "/lineage?pipeline=customer-churn&region=us-east-1");
    let page = http_get(addr, "/?pipeline=customer-churn&region=us-east-1");
    let healthy = http_get(addr, "/healthz");
    let ready = http_get(addr, "/readyz");
    drop(server);
    let (status, body) = api.unwrap();
    assert_eq!(status, 502, "{body}");
    let error: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(error["code"], "AwsUnreachable");
    let (status, html) = page.unwrap();
    assert_eq!(status, 502, "the page answers with its error's status");
    assert!(html.contains("AWS could not be reached"), "{html}");
    assert_eq!(healthy.unwrap().0, 200, "the server stays up");
    assert_eq!(ready.unwrap().0, 503, "but it is not ready");
}

/// A configuration error names the option and exits with status 2, like clap's own
/// usage errors; never a panic. `*` is a valid CORS setting (any origin).
#[test]
fn configuration_errors_name_the_option_and_exit_2() {
    let env = aws_env(&emulator().url);
    let refused = |args: &[&str], extra: &[(&'static str, &str)], option: &str| {
        let mut env = env.clone();
        env.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        let out = run(args, &env);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?} {extra:?}: {stderr}");
        assert!(stderr.contains(option), "{args:?} {extra:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    };
    refused(
        &["serve", "--cors-origin", "https://ok.example,not an origin"],
        &[],
        "--cors-origin",
    );
    refused(
        &["serve"],
        &[("LINEAGE_CORS_ORIGINS", "ftp://x/y")],
        "--cors-origin",
    );
    refused(
        &["serve", "--ready-region", "aa-aaab-1"],
        &[],
        "--ready-region",
    );
    refused(
        &["serve", "--extra-regions", "us-east-1.evil.com"],
        &[],
        "--extra-regions",
    );
    refused(&["serve", "--cache-mb", "0"], &[], "--cache-mb");
    refused(
        &["serve"],
        &[("LEPTOS_SITE_ADDR", "not-an-address")],
        "LEPTOS_",
    );

    // `*` from the environment: the server starts and allows any origin; an extra
    // region makes the readiness region valid.
    let mut open = env.clone();
    open.push(("LINEAGE_CORS_ORIGINS", "*".into()));
    open.push(("LINEAGE_EXTRA_REGIONS", "ap-future-9".into()));
    let server = serve(&open);
    let mut stream = std::net::TcpStream::connect(&server.addr).unwrap();
    use std::io::{Read, Write};
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: x\r\nOrigin: https://anywhere.example\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    assert!(
        reply
            .to_ascii_lowercase()
            .contains("access-control-allow-origin: *"),
        "{reply}"
    );
    let (status, body) = http_get(&server.addr, "/pipelines?region=ap-future-9").unwrap();
    // A region the operator added is asked for (the emulator has nothing there).
    assert_ne!(status, 400, "{body}");
}
