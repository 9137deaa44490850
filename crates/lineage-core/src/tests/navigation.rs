//! Focus, search, status filters and the critical path, on small graphs written as
//! tables: each case is the graph, the question and the whole expected answer.

use super::*;

/// A step of a test graph: name, type, and its run as (status, start, end).
type StepSpec<'a> = (
    &'a str,
    &'a str,
    Option<(&'a str, &'a str, Option<&'a str>)>,
);

/// A document with these steps (name, type, run as (status, start, end)), edges
/// (from, to) and artifacts (uri, producers, consumers); the execution ran from
/// `started` to `ended`.
fn doc(
    steps: &[StepSpec],
    edges: &[(&str, &str)],
    artifacts: &[(&str, &[&str], &[&str])],
    execution: Option<(&str, Option<&str>)>,
) -> LineageDocument {
    let t = |hms: &str| format!("2026-11-25T{hms}Z");
    LineageDocument {
        execution: execution.map(|(started, ended)| ExecutionSummary {
            arn: "arn:aws:sagemaker:us-east-1:1:pipeline/p/execution/e".into(),
            id: "e".into(),
            status: RunStatus::Succeeded,
            start_time: Some(t(started)),
            end_time: ended.map(t),
            ..ExecutionSummary::default()
        }),
        graph: Graph {
            nodes: steps
                .iter()
                .map(|(name, step_type, run)| Node {
                    id: name.to_string(),
                    label: format!("{name} label"),
                    step_type: step_type.to_string(),
                    run: run.map(|(status, start, end)| Run {
                        status: RunStatus::from(status.to_string()),
                        start_time: Some(t(start)),
                        end_time: end.map(t),
                        // A running step's elapsed time, as the engine computes it
                        // from `now`: 60 s here.
                        elapsed_sec: end.is_none().then_some(60.0),
                        ..Run::default()
                    }),
                    ..Node::default()
                })
                .collect(),
            edges: edges
                .iter()
                .map(|(from, to)| Edge {
                    from: from.to_string(),
                    to: to.to_string(),
                    via: "ref:Get".into(),
                    label: String::new(),
                })
                .collect(),
            artifacts: artifacts
                .iter()
                .enumerate()
                .map(|(id, (uri, producers, consumers))| Artifact {
                    id,
                    uri: uri.to_string(),
                    producers: producers.iter().map(|s| s.to_string()).collect(),
                    consumers: consumers.iter().map(|s| s.to_string()).collect(),
                    ..Artifact::default()
                })
                .collect(),
            ..Graph::default()
        },
        ..LineageDocument::default()
    }
}

/// The demo's `customer-churn` execution `exec-churn-0002` (end2end/emulator/SCENARIOS.md).
fn churn_0002() -> LineageDocument {
    doc(
        &[
            (
                "Preprocess",
                "Processing",
                Some(("Succeeded", "08:00:04", Some("08:00:07"))),
            ),
            (
                "Train",
                "Training",
                Some(("Succeeded", "08:00:10", Some("08:14:40"))),
            ),
            (
                "Evaluate",
                "Processing",
                Some(("Succeeded", "08:14:45", Some("08:22:10"))),
            ),
            (
                "CheckMSE",
                "Condition",
                Some(("Succeeded", "08:22:15", Some("08:22:16"))),
            ),
            (
                "RegisterChurnModel",
                "RegisterModel",
                Some(("Succeeded", "08:22:20", Some("08:22:24"))),
            ),
            (
                "CreateChurnModel",
                "Model",
                Some(("Succeeded", "08:22:21", Some("08:22:25"))),
            ),
            (
                "BatchScore",
                "Transform",
                Some(("Succeeded", "08:22:30", Some("08:44:50"))),
            ),
            ("MseTooHigh", "Fail", None),
        ],
        &[
            ("Preprocess", "Train"),
            ("Train", "Evaluate"),
            ("Preprocess", "Evaluate"),
            ("Evaluate", "CheckMSE"),
            ("CheckMSE", "RegisterChurnModel"),
            ("CheckMSE", "CreateChurnModel"),
            ("CheckMSE", "BatchScore"),
            ("CheckMSE", "MseTooHigh"),
            ("Train", "RegisterChurnModel"),
            ("Train", "CreateChurnModel"),
            ("CreateChurnModel", "BatchScore"),
            ("Preprocess", "BatchScore"),
        ],
        &[
            ("s3://features/train", &["Preprocess"], &["Train"]),
            (
                "s3://features/test",
                &["Preprocess"],
                &["Evaluate", "BatchScore"],
            ),
            ("s3://raw/churn/", &[], &["Preprocess"]),
        ],
        Some(("08:00:00", Some("08:44:55"))),
    )
}

/// (step, wait, elapsed) of a path, rounded to the second.
fn path_rows(p: &CriticalPath) -> Vec<(String, i64, i64)> {
    p.steps
        .iter()
        .map(|s| {
            (
                s.step.clone(),
                s.wait_sec.round() as i64,
                s.elapsed_sec.round() as i64,
            )
        })
        .collect()
}

fn rows(expected: &[(&str, i64, i64)]) -> Vec<(String, i64, i64)> {
    expected
        .iter()
        .map(|(s, w, e)| (s.to_string(), *w, *e))
        .collect()
}

#[test]
fn the_critical_path_of_the_demo_churn_run() {
    let p = critical_path(&churn_0002()).unwrap();
    // BatchScore ended last; it waited for CreateChurnModel (08:22:25, after
    // Preprocess and CheckMSE), which waited for CheckMSE, ... back to Preprocess.
    assert_eq!(
        path_rows(&p),
        rows(&[
            ("Preprocess", 4, 3),
            ("Train", 3, 870),
            ("Evaluate", 5, 445),
            ("CheckMSE", 5, 1),
            ("CreateChurnModel", 5, 4),
            ("BatchScore", 5, 1340),
        ])
    );
    assert_eq!(p.wall_sec, 2695.0);
    assert_eq!(p.tail_sec, 5.0);
    // Waits, elapsed times and the tail add up to the wall time.
    let sum: f64 = p
        .steps
        .iter()
        .map(|s| s.wait_sec + s.elapsed_sec)
        .sum::<f64>()
        + p.tail_sec;
    assert_eq!(sum, p.wall_sec);
    let batch = p.steps.last().unwrap();
    assert!((batch.share - 1340.0 / 2695.0).abs() < 1e-9);
}

#[test]
fn critical_paths_of_other_shapes() {
    type Case<'a> = (&'a str, LineageDocument, Option<Vec<(&'a str, i64, i64)>>);
    let cases: Vec<Case> = vec![
        (
            "fan-in: the slower branch is the path, not the one listed first",
            doc(
                &[
                    (
                        "A",
                        "Processing",
                        Some(("Succeeded", "08:00:00", Some("08:01:00"))),
                    ),
                    (
                        "Fast",
                        "Processing",
                        Some(("Succeeded", "08:01:00", Some("08:02:00"))),
                    ),
                    (
                        "Slow",
                        "Training",
                        Some(("Succeeded", "08:01:00", Some("08:30:00"))),
                    ),
                    (
                        "Join",
                        "Processing",
                        Some(("Succeeded", "08:30:10", Some("08:31:00"))),
                    ),
                ],
                &[
                    ("A", "Fast"),
                    ("A", "Slow"),
                    ("Fast", "Join"),
                    ("Slow", "Join"),
                ],
                &[],
                Some(("08:00:00", Some("08:31:00"))),
            ),
            Some(vec![("A", 0, 60), ("Slow", 0, 1740), ("Join", 10, 50)]),
        ),
        (
            "failed run: the path ends at the step that ended last (the failure)",
            doc(
                &[
                    (
                        "Preprocess",
                        "Processing",
                        Some(("Succeeded", "08:00:05", Some("08:09:30"))),
                    ),
                    (
                        "Train",
                        "Training",
                        Some(("Failed", "08:09:35", Some("08:12:02"))),
                    ),
                    ("Evaluate", "Processing", None),
                ],
                &[("Preprocess", "Train"), ("Train", "Evaluate")],
                &[],
                Some(("08:00:00", Some("08:12:05"))),
            ),
            Some(vec![("Preprocess", 5, 565), ("Train", 5, 147)]),
        ),
        (
            "running: an unfinished step counts to now (its elapsed time)",
            doc(
                &[
                    (
                        "A",
                        "Processing",
                        Some(("Succeeded", "08:00:00", Some("08:10:00"))),
                    ),
                    ("B", "Training", Some(("Executing", "08:10:30", None))),
                ],
                &[("A", "B")],
                &[],
                Some(("08:00:00", None)),
            ),
            Some(vec![("A", 0, 600), ("B", 30, 60)]),
        ),
        (
            "a dependency that ended after the step started is not what it waited for",
            doc(
                &[
                    (
                        "A",
                        "Processing",
                        Some(("Succeeded", "08:00:00", Some("08:05:00"))),
                    ),
                    (
                        "B",
                        "Processing",
                        Some(("Succeeded", "08:00:00", Some("08:20:00"))),
                    ),
                    (
                        "C",
                        "Processing",
                        Some(("Succeeded", "08:06:00", Some("08:30:00"))),
                    ),
                ],
                // B → C by the graph, but C started before B ended (times from another
                // attempt): C waited for A.
                &[("A", "C"), ("B", "C")],
                &[],
                Some(("08:00:00", Some("08:30:00"))),
            ),
            Some(vec![("A", 0, 300), ("C", 60, 1440)]),
        ),
        (
            "no execution: no path",
            doc(&[("A", "Processing", None)], &[], &[], None),
            None,
        ),
        (
            "an execution none of whose steps ran: no path",
            doc(
                &[("A", "Processing", None)],
                &[],
                &[],
                Some(("08:00:00", None)),
            ),
            None,
        ),
    ];
    for (name, d, expected) in cases {
        assert_eq!(
            critical_path(&d).as_ref().map(path_rows),
            expected.map(|e| rows(&e)),
            "{name}"
        );
    }
}

fn names(m: &BTreeMap<String, u32>) -> Vec<(String, u32)> {
    m.iter().map(|(k, v)| (k.clone(), *v)).collect()
}

fn pairs(expected: &[(&str, u32)]) -> Vec<(String, u32)> {
    expected.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[test]
fn focus_reaches_upstream_and_downstream_to_a_depth() {
    let d = churn_0002();
    type Case<'a> = (
        &'a str,
        Depth,
        Option<(Vec<(&'a str, u32)>, Vec<(&'a str, u32)>)>,
    );
    let cases: Vec<Case> = vec![
        (
            "Evaluate",
            Depth::Edges(1),
            Some((vec![("Preprocess", 1), ("Train", 1)], vec![("CheckMSE", 1)])),
        ),
        (
            "Evaluate",
            Depth::Edges(2),
            Some((
                vec![("Preprocess", 1), ("Train", 1)],
                vec![
                    ("BatchScore", 2),
                    ("CheckMSE", 1),
                    ("CreateChurnModel", 2),
                    ("MseTooHigh", 2),
                    ("RegisterChurnModel", 2),
                ],
            )),
        ),
        (
            // The shortest distance counts: BatchScore is 2 from CheckMSE's side and 3
            // through CreateChurnModel.
            "Evaluate",
            Depth::All,
            Some((
                vec![("Preprocess", 1), ("Train", 1)],
                vec![
                    ("BatchScore", 2),
                    ("CheckMSE", 1),
                    ("CreateChurnModel", 2),
                    ("MseTooHigh", 2),
                    ("RegisterChurnModel", 2),
                ],
            )),
        ),
        (
            "Preprocess",
            Depth::Edges(1),
            Some((
                vec![],
                vec![("BatchScore", 1), ("Evaluate", 1), ("Train", 1)],
            )),
        ),
        ("NoSuchStep", Depth::All, None),
    ];
    for (step, depth, expected) in cases {
        let f = focus(&d.graph, &FocusSubject::Step(step.into()), depth);
        assert_eq!(
            f.as_ref()
                .map(|f| (names(&f.upstream), names(&f.downstream))),
            expected.map(|(u, dn)| (pairs(&u), pairs(&dn))),
            "{step} at {depth:?}"
        );
        if let Some(f) = f {
            assert_eq!(f.step.as_deref(), Some(step));
            assert!(f.contains(step));
        }
    }
}

#[test]
fn focus_on_a_location_starts_from_its_producers_and_consumers() {
    let d = churn_0002();
    let f = focus(
        &d.graph,
        &FocusSubject::Location("s3://features/test".into()),
        Depth::Edges(2),
    )
    .unwrap();
    assert_eq!(f.step, None);
    assert_eq!(names(&f.upstream), pairs(&[("Preprocess", 1)]));
    assert_eq!(
        names(&f.downstream),
        pairs(&[("BatchScore", 1), ("CheckMSE", 2), ("Evaluate", 1)])
    );
    // Read only: nothing upstream.
    let raw = focus(
        &d.graph,
        &FocusSubject::Location("s3://raw/churn/".into()),
        Depth::All,
    )
    .unwrap();
    assert!(raw.upstream.is_empty());
    assert_eq!(raw.downstream.len(), 8);
    assert!(focus(
        &d.graph,
        &FocusSubject::Location("s3://nowhere".into()),
        Depth::All
    )
    .is_none());
}

#[test]
fn url_values_parse_into_depths_subjects_and_filters() {
    assert_eq!(Depth::parse("2"), Some(Depth::Edges(2)));
    assert_eq!(Depth::parse("all"), Some(Depth::All));
    assert_eq!(Depth::parse("0"), None);
    assert_eq!(Depth::parse("-1"), None);
    assert_eq!(Depth::parse("deep"), None);
    for d in Depth::CHOICES {
        assert_eq!(Depth::parse(&d.as_param()), Some(d));
    }
    assert_eq!(
        FocusSubject::parse("Train"),
        Some(FocusSubject::Step("Train".into()))
    );
    assert_eq!(
        FocusSubject::parse("s3://b/k"),
        Some(FocusSubject::Location("s3://b/k".into()))
    );
    assert_eq!(FocusSubject::parse("  "), None);
    for f in StatusFilter::ALL {
        assert_eq!(StatusFilter::parse(f.as_param()), Some(f));
    }
    assert_eq!(StatusFilter::parse("broken"), None);
}

#[test]
fn search_matches_name_label_type_and_status() {
    let d = churn_0002();
    let found = |term: &str| {
        search(&d.graph.nodes, term)
            .iter()
            .map(|n| n.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(found("train"), ["Train"]);
    assert_eq!(found("PROCESSING"), ["Preprocess", "Evaluate"]);
    assert_eq!(found("notstarted"), ["MseTooHigh"]);
    assert_eq!(found("batchscore label"), ["BatchScore"]);
    assert_eq!(found("").len(), 8);
    assert!(found("zzz").is_empty());
}

#[test]
fn a_status_filter_keeps_the_steps_and_their_neighbours() {
    let d = doc(
        &[
            (
                "Preprocess",
                "Processing",
                Some(("Succeeded", "08:00:05", Some("08:09:30"))),
            ),
            (
                "Train",
                "Training",
                Some(("Failed", "08:09:35", Some("08:12:02"))),
            ),
            ("Evaluate", "Processing", None),
            ("Report", "Processing", None),
        ],
        &[
            ("Preprocess", "Train"),
            ("Train", "Evaluate"),
            ("Evaluate", "Report"),
        ],
        &[],
        Some(("08:00:00", Some("08:12:05"))),
    );
    let shown = |f| {
        filter_by_status(&d.graph, f)
            .into_iter()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        shown(StatusFilter::Failed),
        ["Evaluate", "Preprocess", "Train"]
    );
    assert_eq!(
        shown(StatusFilter::NotStarted),
        ["Evaluate", "Report", "Train"]
    );
    assert!(shown(StatusFilter::Running).is_empty());
}
