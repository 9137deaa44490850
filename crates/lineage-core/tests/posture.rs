//! The posture cases of `testdata/posture/`: each file is its own test. A case holds a
//! pipeline, a definition, optionally an execution with its jobs, and the records read
//! of buckets, KMS keys and the account; it says which findings must exist (exactly
//! that set, as `"id resource"`) and which warnings. The whole document is also
//! compared with its snapshot in `testdata/snapshots/posture/`
//! (`INSTA_UPDATE=always cargo test -p lineage-core --test posture` rewrites them).

use std::collections::{BTreeMap, BTreeSet};

use datatest_stable::Utf8Path;
use lineage_core::{
    parse_definition, AccountRecord, BucketRecord, ExecutionRecord, JobRecord, KeyRecord, Lineage,
    LineageDocument, PipelineRecord, StepRecord,
};
use serde::Deserialize;
use serde_json::Value;

datatest_stable::harness! {
    { test = posture_case, root = "testdata/posture", pattern = r"^.*\.json$" },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[allow(dead_code)]
    description: String,
    pipeline: PipelineRecord,
    region: String,
    definition: Value,
    #[serde(default)]
    execution: Option<ExecutionRecord>,
    #[serde(default)]
    steps: Vec<StepRecord>,
    /// Job descriptions by step name.
    #[serde(default)]
    jobs: BTreeMap<String, JobRecord>,
    #[serde(default)]
    buckets: Vec<BucketRecord>,
    #[serde(default)]
    keys: Vec<KeyRecord>,
    #[serde(default)]
    account: Option<AccountRecord>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// Every finding, as `"id resource"`.
    findings: BTreeSet<String>,
    /// Every warning, as `"code scope target"`.
    #[serde(default)]
    warnings: BTreeSet<String>,
    /// The keys the engine must ask for.
    #[serde(default)]
    key_requests: Option<Vec<String>>,
}

fn run(case: &Case) -> Result<LineageDocument, String> {
    let definition =
        parse_definition(&case.definition.to_string()).map_err(|e| format!("definition: {e}"))?;
    let mut lineage = Lineage::new(case.pipeline.clone(), definition);
    lineage.set_region(case.region.clone());
    if let Some(e) = &case.execution {
        lineage.set_execution(e.clone(), case.steps.clone());
        for request in lineage.job_requests() {
            let job = case
                .jobs
                .get(&request.step)
                .ok_or_else(|| format!("the case has no job for step {}", request.step))?;
            lineage.apply_job(&request.step, Ok(job.clone()));
        }
    }
    let wanted: BTreeSet<String> = lineage.buckets().into_iter().collect();
    let given: BTreeSet<String> = case.buckets.iter().map(|b| b.bucket.clone()).collect();
    if wanted != given {
        return Err(format!(
            "the engine asks for buckets {wanted:?}; the case gives {given:?}"
        ));
    }
    for b in &case.buckets {
        lineage.apply_bucket(b.clone());
    }
    let requests = lineage.key_requests();
    if let Some(want) = &case.expect.key_requests {
        if &requests != want {
            return Err(format!("key requests: got {requests:?}, want {want:?}"));
        }
    }
    for k in &case.keys {
        if !requests.contains(&k.key) {
            return Err(format!("the engine does not ask for key {}", k.key));
        }
        lineage.apply_key(k.clone());
    }
    if let Some(a) = &case.account {
        if lineage.account().as_deref() != Some(a.id.as_str()) {
            return Err(format!("the pipeline's account is {:?}", lineage.account()));
        }
        lineage.apply_account(a.clone());
    }
    Ok(lineage.finish(Some("2026-11-30T12:00:00Z")))
}

fn posture_case(path: &Utf8Path, contents: String) -> datatest_stable::Result<()> {
    let case: Case =
        serde_json::from_str(&contents).map_err(|e| format!("{path}: not a case: {e}"))?;
    let doc = run(&case).map_err(|e| format!("{path}: {e}"))?;
    let mut problems = Vec::new();
    let got: BTreeSet<String> = doc
        .findings
        .iter()
        .map(|f| format!("{} {}", f.id, f.resource.id))
        .collect();
    if got != case.expect.findings {
        problems.push(format!(
            "findings: missing {:?}, unexpected {:?}",
            case.expect.findings.difference(&got).collect::<Vec<_>>(),
            got.difference(&case.expect.findings).collect::<Vec<_>>()
        ));
    }
    let warnings: BTreeSet<String> = doc
        .warnings
        .iter()
        .map(|w| format!("{} {} {}", w.code.as_str(), w.scope, w.target))
        .collect();
    if warnings != case.expect.warnings {
        problems.push(format!(
            "warnings: missing {:?}, unexpected {:?}",
            case.expect
                .warnings
                .difference(&warnings)
                .collect::<Vec<_>>(),
            warnings
                .difference(&case.expect.warnings)
                .collect::<Vec<_>>()
        ));
    }
    if doc.summary.findings.total() as usize != doc.findings.len() {
        problems.push("summary.findings does not count the findings".into());
    }
    if !problems.is_empty() {
        return Err(format!("{path}:\n  {}", problems.join("\n  ")).into());
    }
    let name = path.file_stem().unwrap_or("case");
    insta::with_settings!({
        snapshot_path => "../testdata/snapshots/posture",
        prepend_module_to_snapshot => false,
        description => format!("the document of {path}"),
    }, {
        insta::assert_json_snapshot!(name, doc);
    });
    Ok(())
}
