//! URLs the UI builds: its own deep links and links to the AWS consoles.

use crate::api::encode;
use crate::core::{Depth, FocusSubject, StatusFilter};

/// What the page shows; every field is a query parameter, so a copied URL reopens the
/// same view. The names `pipeline`, `region`, `execution` and `domain` are those of
/// `/lineage`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ViewState {
    pub pipeline: String,
    pub region: String,
    pub execution: Option<String>,
    pub domain: Option<String>,
    pub step: Option<String>,
    /// The selected S3 location, by URI (stable across refreshes, unlike its index).
    pub artifact: Option<String>,
    /// `TB` for top-down; left-to-right otherwise.
    pub direction: Option<String>,
    /// `security` for the Security view; the lineage tables otherwise.
    pub view: Option<String>,
    /// Security view: only findings this bad or worse (`critical`, `high`, ...).
    pub severity: Option<String>,
    /// Security view: only findings about this kind of resource (`bucket`, `kmsKey`,
    /// `job`, `account`).
    pub resource: Option<String>,
    /// The step or S3 location whose lineage is focused (`focus`): the rest fades.
    pub focus: Option<FocusSubject>,
    /// How far the focus reaches (`depth`: 1, 2, 3 or `all`; all when absent).
    pub depth: Option<Depth>,
    /// Only the steps in this state, with their neighbours (`show`).
    pub show: Option<StatusFilter>,
    /// The branches conditions did not take are hidden (`untaken=hide`).
    pub hide_untaken: bool,
    /// The execution's critical path is highlighted and listed (`critical=1`).
    pub critical: bool,
    /// The step search's term (`q`): the step list shows what it names.
    pub search: Option<String>,
}

impl ViewState {
    /// The view a URL's query asks for, each parameter parsed once here: a value that
    /// does not parse (`depth=deep`) is as if absent.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let opt = |k: &str| get(k).filter(|v| !v.is_empty());
        ViewState {
            pipeline: opt("pipeline").unwrap_or_default(),
            region: opt("region").unwrap_or_default(),
            execution: opt("execution"),
            domain: opt("domain"),
            step: opt("step"),
            artifact: opt("artifact"),
            direction: opt("dir"),
            view: opt("view"),
            severity: opt("severity"),
            resource: opt("resource"),
            focus: opt("focus").as_deref().and_then(FocusSubject::parse),
            depth: opt("depth").as_deref().and_then(Depth::parse),
            show: opt("show").as_deref().and_then(StatusFilter::parse),
            hide_untaken: opt("untaken").as_deref() == Some("hide"),
            critical: opt("critical").as_deref() == Some("1"),
            search: opt("q")
                .map(|q| q.trim().to_string())
                .filter(|q| !q.is_empty()),
        }
    }
}

/// The home page's answer for an S3 location: who touches it, and what is
/// downstream (`/?region=R&uri=s3://...`).
pub fn location_href(region: &str, uri: &str) -> String {
    format!("/?region={}&uri={}", encode(region), encode(uri))
}

/// What the compare page shows (`/compare`); every field is a query parameter, named
/// as on `/lineage/compare` where it has one.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CompareState {
    pub pipeline: String,
    pub region: String,
    pub domain: Option<String>,
    pub base: Option<String>,
    pub target: Option<String>,
    /// Everything, not only the differences (`all=1`).
    pub all: bool,
    pub step: Option<String>,
    /// `TB` for top-down; left-to-right otherwise.
    pub direction: Option<String>,
}

impl CompareState {
    pub fn href(&self) -> String {
        let mut url = format!(
            "/compare?pipeline={}&region={}",
            encode(&self.pipeline),
            encode(&self.region)
        );
        let mut add = |k: &str, v: &str| url.push_str(&format!("&{k}={}", encode(v)));
        for (k, v) in [
            ("domain", &self.domain),
            ("base", &self.base),
            ("target", &self.target),
        ] {
            if let Some(v) = v {
                add(k, v);
            }
        }
        if self.all {
            add("all", "1");
        }
        if let Some(s) = &self.step {
            add("step", s);
        }
        if let Some(d) = &self.direction {
            add("dir", d);
        }
        url
    }

    pub fn with_step(&self, step: Option<String>) -> Self {
        CompareState {
            step,
            ..self.clone()
        }
    }

    pub fn with_all(&self, all: bool) -> Self {
        CompareState {
            all,
            ..self.clone()
        }
    }

    /// The same two executions the other way round.
    pub fn swapped(&self) -> Self {
        CompareState {
            base: self.target.clone(),
            target: self.base.clone(),
            ..self.clone()
        }
    }

    /// The lineage page of one execution of the comparison.
    pub fn lineage_href(&self, execution: &str) -> String {
        ViewState {
            pipeline: self.pipeline.clone(),
            region: self.region.clone(),
            domain: self.domain.clone(),
            execution: Some(execution.to_string()),
            ..ViewState::default()
        }
        .href()
    }
}

impl ViewState {
    /// The compare page for this view: the shown execution as the target (the
    /// latest when none is chosen), the base left to the server's default (the
    /// previous successful run).
    pub fn compare_href(&self) -> String {
        CompareState {
            pipeline: self.pipeline.clone(),
            region: self.region.clone(),
            domain: self.domain.clone(),
            target: self.execution.clone(),
            ..CompareState::default()
        }
        .href()
    }

    pub fn href(&self) -> String {
        let mut url = format!(
            "/?pipeline={}&region={}",
            encode(&self.pipeline),
            encode(&self.region)
        );
        let mut add = |k: &str, v: &str| url.push_str(&format!("&{k}={}", encode(v)));
        if let Some(e) = &self.execution {
            add("execution", e);
        }
        if let Some(d) = &self.domain {
            add("domain", d);
        }
        if let Some(s) = &self.step {
            add("step", s);
        }
        if let Some(a) = &self.artifact {
            add("artifact", a);
        }
        if let Some(d) = &self.direction {
            add("dir", d);
        }
        if let Some(v) = &self.view {
            add("view", v);
        }
        if let Some(s) = &self.severity {
            add("severity", s);
        }
        if let Some(r) = &self.resource {
            add("resource", r);
        }
        match &self.focus {
            Some(FocusSubject::Step(s)) | Some(FocusSubject::Location(s)) => add("focus", s),
            None => {}
        }
        if let Some(d) = &self.depth {
            add("depth", &d.as_param());
        }
        if let Some(f) = &self.show {
            add("show", f.as_param());
        }
        if self.hide_untaken {
            add("untaken", "hide");
        }
        if self.critical {
            add("critical", "1");
        }
        if let Some(q) = &self.search {
            add("q", q);
        }
        url
    }

    /// The focus on `subject` (or none), at the depth already chosen.
    pub fn with_focus(&self, subject: Option<FocusSubject>) -> Self {
        ViewState {
            depth: subject.as_ref().and(self.depth),
            focus: subject,
            ..self.clone()
        }
    }

    pub fn with_depth(&self, depth: Depth) -> Self {
        ViewState {
            // All is the default: the URL stays short.
            depth: (depth != Depth::All).then_some(depth),
            ..self.clone()
        }
    }

    pub fn with_show(&self, show: Option<StatusFilter>) -> Self {
        ViewState {
            show,
            ..self.clone()
        }
    }

    pub fn with_hide_untaken(&self, hide: bool) -> Self {
        ViewState {
            hide_untaken: hide,
            ..self.clone()
        }
    }

    pub fn with_critical(&self, on: bool) -> Self {
        ViewState {
            critical: on,
            ..self.clone()
        }
    }

    /// Whether the Security view is shown.
    pub fn security(&self) -> bool {
        self.view.as_deref() == Some("security")
    }

    /// The Security view (with `true`) or the lineage tables, filters dropped.
    pub fn with_security(&self, on: bool) -> Self {
        ViewState {
            view: on.then(|| "security".to_string()),
            severity: None,
            resource: None,
            ..self.clone()
        }
    }

    /// The Security view filtered by severity and resource type.
    pub fn with_filters(&self, severity: Option<&str>, resource: Option<&str>) -> Self {
        ViewState {
            severity: severity.map(str::to_string),
            resource: resource.map(str::to_string),
            ..self.clone()
        }
    }

    pub fn with_step(&self, step: Option<String>) -> Self {
        ViewState {
            step,
            artifact: None,
            ..self.clone()
        }
    }

    pub fn with_artifact(&self, artifact: Option<String>) -> Self {
        ViewState {
            artifact,
            step: None,
            ..self.clone()
        }
    }

    /// Another execution: what was chosen in this one (a step, a location, a focus)
    /// does not carry over; the filters and the search do.
    pub fn with_execution(&self, execution: Option<String>) -> Self {
        ViewState {
            execution,
            step: None,
            artifact: None,
            focus: None,
            depth: None,
            ..self.clone()
        }
    }
}

fn console(region: &str) -> String {
    format!("https://{region}.console.aws.amazon.com/sagemaker/home?region={region}")
}

/// The AWS console page of a SageMaker job, by the job type the document reports.
pub fn job_console_url(region: &str, job_type: &str, job_name: &str) -> Option<String> {
    let path = match job_type {
        "ProcessingJob" => "processing-jobs",
        "TrainingJob" => "jobs",
        "TransformJob" => "transform-jobs",
        "HyperParameterTuningJob" => "hyper-tuning-jobs",
        "AutoMLJob" => "automl",
        _ => return None,
    };
    Some(format!("{}#/{path}/{}", console(region), encode(job_name)))
}

/// The AWS console page of a SageMaker job, by its ARN
/// (`arn:aws:sagemaker:REGION:ACCOUNT:training-job/NAME`).
pub fn job_console_url_of_arn(region: &str, arn: &str) -> Option<String> {
    let (kind, name) = arn.rsplit_once(':')?.1.split_once('/')?;
    let job_type = match kind {
        "processing-job" => "ProcessingJob",
        "training-job" => "TrainingJob",
        "transform-job" => "TransformJob",
        "hyper-parameter-tuning-job" => "HyperParameterTuningJob",
        "automl-job" => "AutoMLJob",
        _ => return None,
    };
    job_console_url(region, job_type, name)
}

/// The KMS console page of a key, by its ARN (in the key's own region); a key named
/// otherwise (an alias) opens the key list of `region`.
pub fn kms_console_url(region: &str, key: &str) -> String {
    let parts: Vec<&str> = key.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, "kms", key_region, _, resource] if resource.starts_with("key/") => format!(
            "https://{key_region}.console.aws.amazon.com/kms/home?region={key_region}#/kms/keys/{}",
            encode(resource.trim_start_matches("key/"))
        ),
        _ => format!("https://{region}.console.aws.amazon.com/kms/home?region={region}#/kms/keys"),
    }
}

/// The S3 console's account settings (Block Public Access for the account).
pub fn s3_account_settings_url() -> &'static str {
    "https://s3.console.aws.amazon.com/s3/settings"
}

/// The documentation of an AWS Security Hub control (`S3.5`, `KMS.4`).
pub fn security_hub_control_url(control: &str) -> Option<String> {
    let (service, number) = control.split_once('.')?;
    let service = service.to_ascii_lowercase();
    (number.chars().all(|c| c.is_ascii_digit()) && service.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| {
            format!(
                "https://docs.aws.amazon.com/securityhub/latest/userguide/{service}-controls.html#{service}-{number}"
            )
        })
}

/// The S3 console page of a location.
pub fn s3_console_url(bucket: &str, key: &str) -> String {
    let mut url = format!(
        "https://s3.console.aws.amazon.com/s3/buckets/{}",
        encode(bucket)
    );
    if !key.is_empty() {
        url.push_str(&format!("?prefix={}", encode(key)));
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `encode`'s inverse (as the router decodes a query).
    fn decode(v: &str) -> String {
        let b = v.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn compare_links_carry_the_whole_view() {
        let c = CompareState {
            pipeline: "churn weekly".into(),
            region: "us-east-1".into(),
            base: Some("exec-1".into()),
            target: Some("arn:aws:sagemaker:us-east-1:1:pipeline/p/execution/e2".into()),
            all: true,
            step: Some("Train".into()),
            ..CompareState::default()
        };
        assert_eq!(
            c.href(),
            "/compare?pipeline=churn%20weekly&region=us-east-1&base=exec-1\
             &target=arn%3Aaws%3Asagemaker%3Aus-east-1%3A1%3Apipeline%2Fp%2Fexecution%2Fe2&all=1&step=Train"
        );
        let s = c.swapped();
        assert_eq!(s.base, c.target);
        assert_eq!(s.target.as_deref(), Some("exec-1"));
        assert!(!c.with_all(false).href().contains("all="));
        let v = ViewState {
            pipeline: "p".into(),
            region: "r".into(),
            execution: Some("e2".into()),
            step: Some("x".into()),
            ..ViewState::default()
        };
        assert_eq!(v.compare_href(), "/compare?pipeline=p&region=r&target=e2");
        assert_eq!(
            c.lineage_href("e2"),
            "/?pipeline=churn%20weekly&region=us-east-1&execution=e2"
        );
    }

    #[test]
    fn deep_links_carry_the_whole_view() {
        let v = ViewState {
            pipeline: "customer-churn".into(),
            region: "us-east-1".into(),
            execution: Some("exec-1".into()),
            step: Some("Train Model".into()),
            ..ViewState::default()
        };
        assert_eq!(
            v.href(),
            "/?pipeline=customer-churn&region=us-east-1&execution=exec-1&step=Train%20Model"
        );
        let a = v.with_artifact(Some("s3://b/k".into()));
        assert_eq!(a.step, None);
        assert!(a.href().ends_with("&artifact=s3%3A%2F%2Fb%2Fk"));
        let e = a.with_execution(None);
        assert_eq!(e.href(), "/?pipeline=customer-churn&region=us-east-1");
    }

    #[test]
    fn navigation_state_round_trips_through_the_url() {
        let v = ViewState {
            pipeline: "p".into(),
            region: "us-east-1".into(),
            execution: Some("e".into()),
            focus: Some(FocusSubject::Location("s3://b/k v".into())),
            depth: Some(Depth::Edges(2)),
            show: Some(StatusFilter::Failed),
            hide_untaken: true,
            critical: true,
            search: Some("train job".into()),
            ..ViewState::default()
        };
        let href = v.href();
        assert_eq!(
            href,
            "/?pipeline=p&region=us-east-1&execution=e&focus=s3%3A%2F%2Fb%2Fk%20v&depth=2\
             &show=failed&untaken=hide&critical=1&q=train%20job"
        );
        let query: std::collections::BTreeMap<String, String> = href
            .trim_start_matches("/?")
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_string(), decode(v))
            })
            .collect();
        assert_eq!(ViewState::from_query(|k| query.get(k).cloned()), v);
        // What does not parse is as if absent.
        let bad = ViewState::from_query(|k| match k {
            "depth" => Some("deep".into()),
            "show" => Some("everything".into()),
            "critical" => Some("yes".into()),
            "q" => Some("   ".into()),
            "focus" => Some("Train".into()),
            _ => None,
        });
        assert_eq!(bad.depth, None);
        assert_eq!(bad.show, None);
        assert!(!bad.critical);
        assert_eq!(bad.search, None);
        assert_eq!(bad.focus, Some(FocusSubject::Step("Train".into())));
        // Depth `all` is the default and stays out of the URL; another execution
        // drops the focus but keeps the filters.
        assert!(!v.with_depth(Depth::All).href().contains("depth="));
        let other = v.with_execution(Some("e2".into()));
        assert_eq!((other.focus, other.depth), (None, None));
        assert_eq!(other.show, Some(StatusFilter::Failed));
        assert_eq!(v.with_focus(None).depth, None);
    }

    #[test]
    fn the_security_view_and_its_filters_are_in_the_link() {
        let v = ViewState {
            pipeline: "p".into(),
            region: "us-east-1".into(),
            ..ViewState::default()
        }
        .with_security(true)
        .with_filters(Some("high"), Some("bucket"));
        assert_eq!(
            v.href(),
            "/?pipeline=p&region=us-east-1&view=security&severity=high&resource=bucket"
        );
        // Selecting a step keeps the view; leaving it drops the filters.
        assert!(v.with_step(Some("s".into())).security());
        assert_eq!(
            v.with_security(false).href(),
            "/?pipeline=p&region=us-east-1"
        );
    }

    #[test]
    fn security_links() {
        assert_eq!(
            job_console_url_of_arn(
                "us-east-1",
                "arn:aws:sagemaker:us-east-1:1:processing-job/pipelines-x"
            )
            .unwrap(),
            "https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#/processing-jobs/pipelines-x"
        );
        assert_eq!(
            kms_console_url("us-east-1", "arn:aws:kms:eu-west-1:1:key/abc-1"),
            "https://eu-west-1.console.aws.amazon.com/kms/home?region=eu-west-1#/kms/keys/abc-1"
        );
        assert!(kms_console_url("us-east-1", "alias/x").ends_with("region=us-east-1#/kms/keys"));
        assert_eq!(
            security_hub_control_url("S3.5").unwrap(),
            "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5"
        );
        assert!(security_hub_control_url("S3.x").is_none());
    }

    #[test]
    fn console_links() {
        assert_eq!(
            job_console_url("eu-west-1", "TrainingJob", "train-1").unwrap(),
            "https://eu-west-1.console.aws.amazon.com/sagemaker/home?region=eu-west-1#/jobs/train-1"
        );
        assert!(job_console_url("us-east-1", "Model", "m").is_none());
        assert_eq!(
            s3_console_url("b", "a/b"),
            "https://s3.console.aws.amazon.com/s3/buckets/b?prefix=a%2Fb"
        );
    }
}
