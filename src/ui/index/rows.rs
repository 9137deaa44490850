//! The overview's rows as the URL asks for them: filtered by name and latest status,
//! sorted by a column. Pure, tested natively.

use crate::api::{encode, OverviewPipeline};

/// The columns the overview sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Name,
    Status,
    LastRun,
    Failures,
    Findings,
    Deployments,
}

impl SortKey {
    pub const ALL: [SortKey; 6] = [
        SortKey::Name,
        SortKey::Status,
        SortKey::LastRun,
        SortKey::Failures,
        SortKey::Findings,
        SortKey::Deployments,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Status => "status",
            SortKey::LastRun => "last",
            SortKey::Failures => "failures",
            SortKey::Findings => "findings",
            SortKey::Deployments => "deployments",
        }
    }

    pub fn parse(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The order a first click gives: names A→Z, the rest most first.
    pub fn descending_by_default(self) -> bool {
        !matches!(self, SortKey::Name | SortKey::Status)
    }
}

/// The overview page's view: every field a query parameter.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct OverviewState {
    pub region: String,
    pub sort: SortKey,
    /// Reversed from the column's default order.
    pub reverse: bool,
    /// Only pipelines whose latest execution has this status (`none`: never ran).
    pub status: Option<String>,
    /// Only pipelines whose name contains this.
    pub q: Option<String>,
}

impl OverviewState {
    pub fn href(&self) -> String {
        let mut url = format!("/?region={}", encode(&self.region));
        if self.sort != SortKey::Name {
            url += &format!("&sort={}", self.sort.as_str());
        }
        if self.reverse {
            url += "&reverse=1";
        }
        if let Some(s) = &self.status {
            url += &format!("&status={}", encode(s));
        }
        if let Some(q) = &self.q {
            url += &format!("&q={}", encode(q));
        }
        url
    }

    /// The link of a column header: sort by it, or reverse it when it is the sort.
    pub fn sorted_by(&self, key: SortKey) -> OverviewState {
        OverviewState {
            sort: key,
            reverse: key == self.sort && !self.reverse,
            ..self.clone()
        }
    }

    pub fn descending(&self) -> bool {
        self.sort.descending_by_default() != self.reverse
    }
}

fn worst(p: &OverviewPipeline) -> (u32, u32, u32, u32) {
    p.findings
        .map(|f| (f.critical, f.high, f.medium, f.low))
        .unwrap_or_default()
}

/// The rows to show, in order.
pub fn rows(pipelines: &[OverviewPipeline], view: &OverviewState) -> Vec<OverviewPipeline> {
    let q = view.q.as_deref().map(str::to_ascii_lowercase);
    let mut out: Vec<OverviewPipeline> = pipelines
        .iter()
        .filter(|p| {
            q.as_deref()
                .is_none_or(|q| p.name.to_ascii_lowercase().contains(q))
        })
        .filter(|p| match view.status.as_deref() {
            None => true,
            Some("none") => p.latest.is_none(),
            Some(s) => p.latest.as_ref().is_some_and(|l| l.status.as_str() == s),
        })
        .cloned()
        .collect();
    out.sort_by(|a, b| {
        let by_name = a.name.cmp(&b.name);
        let key = match view.sort {
            SortKey::Name => std::cmp::Ordering::Equal,
            SortKey::Status => {
                let s =
                    |p: &OverviewPipeline| p.latest.as_ref().map(|l| l.status.as_str().to_string());
                s(a).cmp(&s(b))
            }
            SortKey::LastRun => {
                let t = |p: &OverviewPipeline| p.latest.as_ref().and_then(|l| l.start_time.clone());
                t(a).cmp(&t(b))
            }
            SortKey::Failures => {
                let f = |p: &OverviewPipeline| p.counts.get("Failed").copied().unwrap_or(0);
                f(a).cmp(&f(b))
            }
            SortKey::Findings => worst(a).cmp(&worst(b)),
            SortKey::Deployments => a.deployments.len().cmp(&b.deployments.len()),
        };
        let key = if view.descending() {
            key.reverse()
        } else {
            key
        };
        // Ties (and the name column) by name, always A→Z unless reversed by name.
        key.then(if view.sort == SortKey::Name && view.reverse {
            by_name.reverse()
        } else {
            by_name
        })
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::LatestRun;
    use crate::core::{FindingCounts, RunStatus};

    fn p(
        name: &str,
        status: Option<RunStatus>,
        start: &str,
        failed: i64,
        critical: u32,
        deployed: usize,
    ) -> OverviewPipeline {
        OverviewPipeline {
            name: name.into(),
            latest: status.map(|status| LatestRun {
                id: format!("{name}-1"),
                status,
                start_time: Some(start.into()),
                end_time: None,
            }),
            counts: [("Failed".to_string(), failed)].into_iter().collect(),
            findings: Some(FindingCounts {
                critical,
                ..FindingCounts::default()
            }),
            deployments: (0..deployed).map(|i| format!("e{i}")).collect(),
            ..OverviewPipeline::default()
        }
    }

    fn names(rows: Vec<OverviewPipeline>) -> Vec<String> {
        rows.into_iter().map(|p| p.name).collect()
    }

    #[test]
    fn rows_sort_and_filter_as_the_url_says() {
        let all = vec![
            p("b-train", Some(RunStatus::Failed), "2026-11-20", 3, 0, 1),
            p("a-etl", Some(RunStatus::Succeeded), "2026-11-25", 0, 2, 0),
            p("c-score", None, "", 0, 1, 2),
        ];
        let view = |sort, reverse| OverviewState {
            region: "r".into(),
            sort,
            reverse,
            ..OverviewState::default()
        };
        assert_eq!(
            names(rows(&all, &view(SortKey::Name, false))),
            ["a-etl", "b-train", "c-score"]
        );
        assert_eq!(
            names(rows(&all, &view(SortKey::Name, true))),
            ["c-score", "b-train", "a-etl"]
        );
        assert_eq!(
            names(rows(&all, &view(SortKey::Failures, false))),
            ["b-train", "a-etl", "c-score"]
        );
        assert_eq!(
            names(rows(&all, &view(SortKey::Findings, false))),
            ["a-etl", "c-score", "b-train"]
        );
        assert_eq!(
            names(rows(&all, &view(SortKey::Deployments, false))),
            ["c-score", "b-train", "a-etl"]
        );
        assert_eq!(
            names(rows(&all, &view(SortKey::LastRun, false))),
            ["a-etl", "b-train", "c-score"]
        );
        let failed = OverviewState {
            status: Some("Failed".into()),
            ..view(SortKey::Name, false)
        };
        assert_eq!(names(rows(&all, &failed)), ["b-train"]);
        let never = OverviewState {
            status: Some("none".into()),
            ..view(SortKey::Name, false)
        };
        assert_eq!(names(rows(&all, &never)), ["c-score"]);
        let q = OverviewState {
            q: Some("TRAIN".into()),
            ..view(SortKey::Name, false)
        };
        assert_eq!(names(rows(&all, &q)), ["b-train"]);
    }

    #[test]
    fn header_links_sort_then_reverse() {
        let v = OverviewState {
            region: "us-east-1".into(),
            ..OverviewState::default()
        };
        assert_eq!(v.href(), "/?region=us-east-1");
        let by_failures = v.sorted_by(SortKey::Failures);
        assert_eq!(by_failures.href(), "/?region=us-east-1&sort=failures");
        assert!(by_failures.descending());
        let reversed = by_failures.sorted_by(SortKey::Failures);
        assert_eq!(
            reversed.href(),
            "/?region=us-east-1&sort=failures&reverse=1"
        );
        assert!(!reversed.descending());
        assert_eq!(SortKey::parse("last"), Some(SortKey::LastRun));
        assert_eq!(SortKey::parse("nope"), None);
    }
}
