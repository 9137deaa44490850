//! Mutation fuzzing of the engine: definitions from the test corpus, mutated at the
//! JSON level (types swapped, keys dropped, references to real and missing steps,
//! deep nesting, renamed and duplicated steps) and at the byte level, then driven
//! through every stage with random records. Nothing may panic.
//!
//! `fuzz_quick` runs in every test run; `.ci/fuzz` runs `fuzz_many`
//! (`FUZZ_CASES`, default 1,000,000).

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use serde_json::{json, Map, Value};

use super::*;

/// xorshift64*: deterministic per seed, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn corpus() -> Vec<Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/definitions");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("corpus").flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let Ok(case) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if let Some(d) = case.get("definition") {
            out.push(d.clone());
        }
    }
    out.sort_by_key(|v| v.to_string());
    out
}

fn step_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let (Some(Value::String(n)), Some(_)) = (m.get("Name"), m.get("Type")) {
                out.push(n.clone());
            }
            m.values().for_each(|x| step_names(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| step_names(x, out)),
        _ => {}
    }
}

fn random_value(rng: &mut Rng, names: &[String], depth: usize) -> Value {
    let name = |rng: &mut Rng| {
        if names.is_empty() || rng.chance(20) {
            ["Ghost", "", "Prep", "a.b", "x[0]"][rng.below(5)].to_string()
        } else {
            names[rng.below(names.len())].clone()
        }
    };
    match rng.below(if depth > 6 { 6 } else { 12 }) {
        0 => Value::Null,
        1 => json!(rng.next() as i64),
        2 => json!(rng.chance(50)),
        3 => {
            let s = [
                "s3://bucket/key",
                "",
                "s3://",
                "s3://B_A_D/..",
                "ü😀",
                "{\"Get\"",
            ][rng.below(6)];
            json!(s)
        }
        4 => json!(1.5e300),
        5 => {
            json!({"Get": format!("Steps.{}.ProcessingOutputConfig.Outputs['{}'].S3Output.S3Uri", name(rng), name(rng))})
        }
        6 => {
            let path = [
                "Parameters.InputData",
                "Execution.PipelineExecutionId",
                "Steps.",
                "Steps",
                "",
            ][rng.below(5)];
            json!({ "Get": path })
        }
        7 => json!({"Get": format!("Steps.{}.ModelArtifacts.S3ModelArtifacts", name(rng))}),
        8 => {
            let values: Vec<Value> = (0..rng.below(4))
                .map(|_| random_value(rng, names, depth + 1))
                .collect();
            json!({"Std:Join": {"On": random_value(rng, names, depth + 1), "Values": values}})
        }
        9 => {
            json!({"Std:JsonGet": {"PropertyFile": random_value(rng, names, depth + 1), "Path": "a.b"}})
        }
        10 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, names, depth + 1))
                .collect(),
        ),
        _ => {
            let mut m = Map::new();
            for k in [
                "Name",
                "Type",
                "Arguments",
                "DependsOn",
                "IfSteps",
                "S3Uri",
                "Steps",
            ] {
                if rng.chance(30) {
                    m.insert(k.to_string(), random_value(rng, names, depth + 1));
                }
            }
            Value::Object(m)
        }
    }
}

/// Replaces, deletes or nests at a random place in `v`.
fn mutate(v: &mut Value, rng: &mut Rng, names: &[String], depth: usize) {
    let descend = rng.chance(75) && depth < 40;
    match v {
        Value::Object(m) if !m.is_empty() && descend => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let key = &keys[rng.below(keys.len())];
            if rng.chance(10) {
                m.remove(key);
            } else if let Some(child) = m.get_mut(key) {
                mutate(child, rng, names, depth + 1);
            }
        }
        Value::Array(a) if !a.is_empty() && descend => {
            let i = rng.below(a.len());
            match rng.below(10) {
                0 => {
                    a.remove(i);
                }
                1 => {
                    let copy = a[i].clone();
                    a.push(copy);
                }
                _ => mutate(&mut a[i], rng, names, depth + 1),
            }
        }
        _ => {
            *v = if rng.chance(10) {
                // Deep nesting.
                let mut deep = random_value(rng, names, 0);
                for _ in 0..rng.below(60) {
                    deep = json!({"Std:Join": {"On": "/", "Values": [deep]}});
                }
                deep
            } else {
                random_value(rng, names, depth)
            }
        }
    }
}

fn random_records(rng: &mut Rng, names: &[String]) -> Vec<StepRecord> {
    let statuses = [
        "Succeeded",
        "Failed",
        "Executing",
        "Stopped",
        "Starting",
        "",
        "Weird",
    ];
    (0..rng.below(names.len() + 3))
        .map(|i| {
            let name = if rng.chance(85) && !names.is_empty() {
                names[rng.below(names.len())].clone()
            } else {
                format!("Unlisted{i}")
            };
            let arn = format!("arn:aws:sagemaker:us-east-1:1:job/{name}-{}", rng.below(3));
            let metadata = match rng.below(8) {
                0 => StepMetadata::Job {
                    kind: JobKind::Processing,
                    arn,
                },
                1 => StepMetadata::Job {
                    kind: JobKind::Training,
                    arn,
                },
                2 => StepMetadata::Job {
                    kind: JobKind::Tuning,
                    arn,
                },
                3 => StepMetadata::Condition {
                    outcome: ["True", "False", ""][rng.below(3)].into(),
                },
                4 => StepMetadata::Fail {
                    error_message: "boom".into(),
                },
                5 => StepMetadata::RegisterModel { arn },
                6 => StepMetadata::Other {
                    kind: "Lambda".into(),
                    fields: BTreeMap::new(),
                },
                _ => StepMetadata::None,
            };
            StepRecord {
                name,
                status: statuses[rng.below(statuses.len())].into(),
                start_time: ["2026-11-25T08:00:00Z", "garbage", ""]
                    .get(rng.below(4))
                    .map(|s| s.to_string()),
                end_time: rng.chance(50).then(|| "2026-11-25T07:00:00Z".into()),
                metadata,
                ..StepRecord::default()
            }
        })
        .collect()
}

/// One case: parse, then every engine stage. Returns the input on a panic.
fn run_case(rng: &mut Rng, corpus: &[Value]) -> Result<(), String> {
    let mut def = corpus[rng.below(corpus.len())].clone();
    let mut names = Vec::new();
    step_names(&def, &mut names);
    for _ in 0..1 + rng.below(6) {
        mutate(&mut def, rng, &names, 0);
    }
    let mut text = def.to_string();
    if rng.chance(10) {
        // Byte-level damage.
        let mut bytes = text.into_bytes();
        for _ in 0..1 + rng.below(4) {
            if bytes.is_empty() {
                break;
            }
            let i = rng.below(bytes.len());
            match rng.below(3) {
                0 => bytes[i] = rng.next() as u8,
                1 => bytes.truncate(i),
                _ => bytes.insert(i, b"{[\"}]:,"[rng.below(7)]),
            }
        }
        text = String::from_utf8_lossy(&bytes).into_owned();
    }
    let records = random_records(rng, &names);
    let seed = rng.next();
    let input = text.clone();
    catch_unwind(AssertUnwindSafe(move || {
        let mut rng = Rng(seed | 1);
        let Ok(definition) = parse_definition(&text) else {
            return;
        };
        let mut lineage = Lineage::new(
            PipelineRecord {
                arn: rng
                    .chance(50)
                    .then(|| "arn:aws:sagemaker:us-east-1:123456789012:pipeline/p".into()),
                ..PipelineRecord::default()
            },
            definition,
        );
        lineage.set_region("us-east-1");
        lineage.set_execution(
            ExecutionRecord {
                arn: "arn:aws:sagemaker:us-east-1:1:pipeline/p/execution/e".into(),
                status: "Executing".into(),
                start_time: Some("2026-11-25T08:00:00Z".into()),
                ..ExecutionRecord::default()
            },
            records,
        );
        for job in lineage.job_requests() {
            let result = if rng.chance(20) {
                Err(Failure::new(ErrorCode::AccessDenied, Some("x"), "no"))
            } else {
                Ok(JobRecord {
                    arn: job.arn.clone(),
                    name: "j".into(),
                    status: "Completed".into(),
                    outputs: vec![("train".into(), "s3://b/actual".into())],
                    model_artifacts: rng.chance(50).then(|| "s3://b/model.tar.gz".into()),
                    best_training_job: Some("best".into()),
                    security: rng.chance(50).then(|| JobSecurity {
                        network_isolation: Some(rng.chance(50)),
                        inter_container_encryption: Some(rng.chance(50)),
                        instance_count: Some(rng.below(3) as i32),
                        vpc: rng.chance(50).then(|| rng.chance(50)),
                        volume_key: Some(JobKey::Kms {
                            key: ["k1", "", "arn:aws:kms:us-east-1:999999999999:key/x"]
                                [rng.below(3)]
                            .into(),
                        }),
                        output_key: Some(JobKey::Default),
                    }),
                    ..JobRecord::default()
                })
            };
            lineage.apply_job(&job.step, result);
        }
        for p in lineage.model_package_requests() {
            lineage.apply_model_package(
                &p.step,
                &p.arn,
                Err(Failure::new(ErrorCode::NotFound, None, "gone")),
            );
        }
        for r in lineage.report_requests() {
            let body =
                [&br#"{"m": {"value": 1}}"#[..], b"[]", b"\xff", b"{}"][rng.below(4)].to_vec();
            lineage.apply_report(&r, Ok(body));
        }
        for b in lineage.buckets() {
            let probe = |rng: &mut Rng| -> Probe<String> {
                match rng.below(4) {
                    0 => Probe::Ok {
                        value: ["BucketOwnerEnforced", "{\"Statement\": 1}", ""][rng.below(3)]
                            .into(),
                    },
                    1 => Probe::NotConfigured,
                    2 => Probe::AccessDenied { action: "b".into() },
                    _ => Probe::Error {
                        code: ErrorCode::Timeout,
                        message: "t".into(),
                    },
                }
            };
            let controls = rng.chance(70).then(|| BucketControlsRecord {
                bucket: b.clone(),
                policy_status: Probe::Ok {
                    value: rng.chance(50),
                },
                policy: probe(&mut rng),
                acl: Probe::Ok {
                    value: vec![AclGrant {
                        grantee_type: "Group".into(),
                        uri: Some(PUBLIC_GROUPS[rng.below(2)].into()),
                        ..AclGrant::default()
                    }],
                },
                ownership: probe(&mut rng),
                object_lock: Probe::NotConfigured,
                logging: Probe::NotConfigured,
                lifecycle: Probe::Ok {
                    value: rng.below(2) as u32,
                },
                owned: rng.chance(50).then(|| Probe::Ok {
                    value: rng.chance(50),
                }),
            });
            lineage.apply_bucket(BucketRecord {
                bucket: b,
                controls,
                region: Probe::Ok {
                    value: "eu-west-1".into(),
                },
                encryption: if rng.chance(50) {
                    Probe::Ok {
                        value: Encryption {
                            algorithm: "aws:kms".into(),
                            kms_key_id: Some("k1".into()),
                            ..Encryption::default()
                        },
                    }
                } else {
                    Probe::AccessDenied { action: "a".into() }
                },
                versioning: Probe::NotConfigured,
                public_access: Probe::NoSuchBucket,
                tags: Probe::Error {
                    code: ErrorCode::Throttled,
                    message: "e".into(),
                },
            });
        }
        for key in lineage.key_requests() {
            let description = if rng.chance(30) {
                Probe::AccessDenied {
                    action: "kms:DescribeKey".into(),
                }
            } else {
                Probe::Ok {
                    value: KeyDescription {
                        arn: key.clone(),
                        manager: "CUSTOMER".into(),
                        state: ["Enabled", "Disabled"][rng.below(2)].into(),
                        account: "1".into(),
                    },
                }
            };
            lineage.apply_key(KeyRecord {
                key,
                description,
                rotation: Some(Probe::Ok {
                    value: rng.chance(50),
                }),
            });
        }
        if let Some(id) = lineage.account() {
            lineage.apply_account(AccountRecord {
                id,
                public_access: Probe::NotConfigured,
            });
        }
        let doc = lineage.finish(Some("2026-11-25T09:00:00Z"));
        serde_json::to_string(&doc).expect("the document serializes");
        let counts = FindingCounts::of(&doc.findings);
        assert_eq!(counts, doc.summary.findings);
        for f in &doc.findings {
            assert_eq!(f.severity, f.id.severity(), "{f:?}");
        }
    }))
    .map_err(|_| input)
}

fn fuzz(cases: u64, seed: u64) {
    let corpus = corpus();
    assert!(!corpus.is_empty());
    let mut rng = Rng(seed | 1);
    let mut failure = None;
    for _ in 0..cases {
        if let Err(input) = run_case(&mut rng, &corpus) {
            failure = Some(input);
            break;
        }
    }
    if let Some(input) = failure {
        panic!("the engine panicked on this definition:\n{input}");
    }
}

#[test]
fn fuzz_quick() {
    fuzz(3_000, 0x5EED);
}

/// `FUZZ_CASES` (default 1,000,000) cases from `FUZZ_SEED`; run by `.ci/fuzz`.
#[test]
#[ignore = "long: run by .ci/fuzz"]
fn fuzz_many() {
    let cases = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0xC0FFEE);
    let started = std::time::Instant::now();
    fuzz(cases, seed);
    eprintln!(
        "{cases} fuzzed definitions, no panic, in {:.0?}",
        started.elapsed()
    );
}
