//! URLs the UI builds: its own deep links and links to the AWS consoles.

use crate::api::encode;

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
}

impl ViewState {
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
        url
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

    pub fn with_execution(&self, execution: Option<String>) -> Self {
        ViewState {
            execution,
            step: None,
            artifact: None,
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
