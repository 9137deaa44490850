//! Which steps and buckets carry findings, and the Security view's filter: pure
//! functions of the findings, tested natively.

use std::collections::BTreeMap;

use crate::core::{Finding, ResourceType, Severity};

/// The mark a step or location carries: its worst finding and how many it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub worst: Severity,
    pub count: usize,
}

impl Mark {
    fn add(mark: Option<Mark>, severity: Severity) -> Mark {
        match mark {
            None => Mark {
                worst: severity,
                count: 1,
            },
            Some(m) => Mark {
                worst: m.worst.min(severity),
                count: m.count + 1,
            },
        }
    }

    /// `2 findings, worst high`.
    pub fn describe(&self) -> String {
        format!(
            "{} finding{}, worst {}",
            self.count,
            if self.count == 1 { "" } else { "s" },
            self.worst
        )
    }
}

/// Every step with findings (about anything it touches), by step name.
pub fn marks_by_step(findings: &[Finding]) -> BTreeMap<String, Mark> {
    let mut marks: BTreeMap<String, Mark> = BTreeMap::new();
    for f in findings {
        for s in &f.steps {
            let mark = Mark::add(marks.get(s).copied(), f.severity);
            marks.insert(s.clone(), mark);
        }
    }
    marks
}

/// Every bucket with findings of its own, by bucket name.
pub fn marks_by_bucket(findings: &[Finding]) -> BTreeMap<String, Mark> {
    let mut marks: BTreeMap<String, Mark> = BTreeMap::new();
    for f in findings
        .iter()
        .filter(|f| f.resource.kind == ResourceType::Bucket)
    {
        let mark = Mark::add(marks.get(&f.resource.id).copied(), f.severity);
        marks.insert(f.resource.id.clone(), mark);
    }
    marks
}

/// The findings the view's filters let through: as bad as `severity` or worse, about
/// `resource` (`bucket`, `kmsKey`, `job`, `account`). An unknown filter value lets
/// everything through.
pub fn filtered<'a>(
    findings: &'a [Finding],
    severity: Option<&str>,
    resource: Option<&str>,
) -> Vec<&'a Finding> {
    let severity: Option<Severity> = severity.and_then(|s| s.parse().ok());
    let resource = resource.and_then(|r| {
        [
            ResourceType::Bucket,
            ResourceType::KmsKey,
            ResourceType::Job,
            ResourceType::Account,
        ]
        .into_iter()
        .find(|t| t.as_str() == r)
    });
    findings
        .iter()
        .filter(|f| severity.is_none_or(|s| f.severity.at_least(s)))
        .filter(|f| resource.is_none_or(|r| f.resource.kind == r))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Evidence, FindingKind, Resource};

    fn finding(kind: FindingKind, resource: ResourceType, id: &str, steps: &[&str]) -> Finding {
        Finding {
            id: kind,
            severity: kind.severity(),
            resource: Resource {
                kind: resource,
                id: id.into(),
            },
            steps: steps.iter().map(|s| s.to_string()).collect(),
            title: kind.title().into(),
            detail: String::new(),
            evidence: Evidence {
                action: String::new(),
                field: String::new(),
            },
            controls: Vec::new(),
        }
    }

    fn sample() -> Vec<Finding> {
        vec![
            finding(
                FindingKind::S3PublicPolicy,
                ResourceType::Bucket,
                "b1",
                &["A"],
            ),
            finding(
                FindingKind::S3VersioningOff,
                ResourceType::Bucket,
                "b1",
                &["A", "B"],
            ),
            finding(FindingKind::JobNoVpc, ResourceType::Job, "arn:job", &["B"]),
            finding(
                FindingKind::KmsRotationOff,
                ResourceType::KmsKey,
                "arn:key",
                &["C"],
            ),
        ]
    }

    #[test]
    fn marks_carry_the_worst_finding_and_the_count() {
        let findings = sample();
        let steps = marks_by_step(&findings);
        assert_eq!(
            steps["A"],
            Mark {
                worst: Severity::Critical,
                count: 2
            }
        );
        assert_eq!(steps["B"].worst, Severity::Medium);
        assert_eq!(steps["B"].describe(), "2 findings, worst medium");
        let buckets = marks_by_bucket(&findings);
        assert_eq!(buckets.len(), 1);
        assert_eq!(buckets["b1"].count, 2);
    }

    #[test]
    fn filters_keep_findings_at_or_above_a_severity_and_of_a_resource_type() {
        let findings = sample();
        assert_eq!(filtered(&findings, None, None).len(), 4);
        assert_eq!(filtered(&findings, Some("medium"), None).len(), 3);
        assert_eq!(filtered(&findings, Some("critical"), None).len(), 1);
        assert_eq!(filtered(&findings, None, Some("kmsKey")).len(), 1);
        assert_eq!(filtered(&findings, Some("medium"), Some("bucket")).len(), 1);
        assert_eq!(
            filtered(&findings, Some("nonsense"), Some("nonsense")).len(),
            4
        );
    }
}
