//! Finding one's way in a pipeline's graph: the lineage around a step or an S3
//! location (upstream and downstream, to a depth), the steps a search term names, and
//! an execution's critical path.
//!
//! Pure functions of the document, so that the server can render them without
//! JavaScript (the filtered step list, the critical path's table) and the browser can
//! drive the graph with the very same answers (focus, highlight).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use chrono::{DateTime, Duration, FixedOffset};

use crate::{Graph, LineageDocument, Node, RunStatus};

/// How far a focus reaches from its subject, in edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Depth {
    /// At most this many edges away (at least 1).
    Edges(u32),
    /// Everything upstream and downstream.
    #[default]
    All,
}

impl Depth {
    /// The depths a user can choose from, in order.
    pub const CHOICES: [Depth; 4] = [
        Depth::Edges(1),
        Depth::Edges(2),
        Depth::Edges(3),
        Depth::All,
    ];

    /// `1`, `2`, `3` (any positive number) or `all`; anything else is not a depth.
    pub fn parse(s: &str) -> Option<Depth> {
        match s.trim() {
            "all" => Some(Depth::All),
            n => n.parse::<u32>().ok().filter(|&n| n > 0).map(Depth::Edges),
        }
    }

    /// As it goes in a URL (`parse`'s inverse).
    pub fn as_param(&self) -> String {
        match self {
            Depth::Edges(n) => n.to_string(),
            Depth::All => "all".into(),
        }
    }

    fn allows(&self, distance: u32) -> bool {
        match self {
            Depth::Edges(n) => distance <= *n,
            Depth::All => true,
        }
    }
}

/// What a focus is centred on: a step (by name) or an S3 location (by URI, as the
/// document's artifacts list it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FocusSubject {
    Step(String),
    Location(String),
}

impl FocusSubject {
    /// A URL's `focus` value: a location when it is an `s3://` URI, else a step name.
    pub fn parse(s: &str) -> Option<FocusSubject> {
        let s = s.trim();
        if s.is_empty() {
            None
        } else if s.starts_with("s3://") {
            Some(FocusSubject::Location(s.to_string()))
        } else {
            Some(FocusSubject::Step(s.to_string()))
        }
    }
}

/// The steps around a subject: each upstream and downstream step with its distance in
/// edges (a location's producers and consumers are 1 away).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Focus {
    /// The focused step itself (none for a location).
    pub step: Option<String>,
    pub upstream: BTreeMap<String, u32>,
    pub downstream: BTreeMap<String, u32>,
}

impl Focus {
    /// Whether a step stays visible in the focus (the rest fades).
    pub fn contains(&self, step: &str) -> bool {
        self.step.as_deref() == Some(step)
            || self.upstream.contains_key(step)
            || self.downstream.contains_key(step)
    }
}

/// The lineage around `subject` to `depth`, following every edge of the graph (data,
/// `DependsOn` and condition branches); `None` when the graph has no such step or
/// location.
pub fn focus(graph: &Graph, subject: &FocusSubject, depth: Depth) -> Option<Focus> {
    let mut parents: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in &graph.edges {
        children.entry(&e.from).or_default().push(&e.to);
        parents.entry(&e.to).or_default().push(&e.from);
    }
    let (step, up_from, down_from): (Option<String>, Vec<&str>, Vec<&str>) = match subject {
        FocusSubject::Step(name) => {
            let node = graph.nodes.iter().find(|n| &n.id == name)?;
            (Some(node.id.clone()), vec![&node.id], vec![&node.id])
        }
        FocusSubject::Location(uri) => {
            let a = graph.artifacts.iter().find(|a| &a.uri == uri)?;
            let producers = a.producers.iter().map(String::as_str).collect();
            let consumers = a.consumers.iter().map(String::as_str).collect();
            (None, producers, consumers)
        }
    };
    // A location's producers and consumers are its first ring; a step's first ring is
    // its parents and children.
    let ring_start = u32::from(step.is_none());
    let upstream = walk(&parents, &up_from, ring_start, depth, step.as_deref());
    let downstream = walk(&children, &down_from, ring_start, depth, step.as_deref());
    Some(Focus {
        step,
        upstream,
        downstream,
    })
}

/// Breadth-first from `from` (at distance `start`) along `next`, to `depth`; the
/// centre itself is not listed.
fn walk(
    next: &BTreeMap<&str, Vec<&str>>,
    from: &[&str],
    start: u32,
    depth: Depth,
    centre: Option<&str>,
) -> BTreeMap<String, u32> {
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    let mut queue: VecDeque<(&str, u32)> = from.iter().map(|s| (*s, start)).collect();
    while let Some((s, d)) = queue.pop_front() {
        if d > 0 {
            if !depth.allows(d) || seen.contains_key(s) || Some(s) == centre {
                continue;
            }
            seen.insert(s.to_string(), d);
        }
        for n in next.get(s).into_iter().flatten() {
            queue.push_back((n, d + 1));
        }
    }
    seen
}

/// Which steps a search term names: a case-insensitive substring of the step's name,
/// label (display name), type or status; every step for an empty term. In graph order.
pub fn search<'a>(nodes: &'a [Node], term: &str) -> Vec<&'a Node> {
    let term = term.trim().to_lowercase();
    nodes
        .iter()
        .filter(|n| {
            term.is_empty() || {
                let status = step_status(n);
                [
                    n.id.as_str(),
                    n.label.as_str(),
                    n.step_type.as_str(),
                    status.as_str(),
                ]
                .iter()
                .any(|f| f.to_lowercase().contains(&term))
            }
        })
        .collect()
}

/// The status a step shows: its run's, `Skipped` for an untaken branch, otherwise
/// `NotStarted`.
pub fn step_status(node: &Node) -> RunStatus {
    match &node.run {
        Some(run) => run.status.clone(),
        None if node.skipped => RunStatus::Skipped,
        None => RunStatus::NotStarted,
    }
}

/// What a status filter keeps: the steps in the chosen state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFilter {
    Failed,
    Running,
    NotStarted,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 3] = [
        StatusFilter::Failed,
        StatusFilter::Running,
        StatusFilter::NotStarted,
    ];

    /// `failed`, `running` or `notstarted` (as in a URL's `show`).
    pub fn parse(s: &str) -> Option<StatusFilter> {
        match s {
            "failed" => Some(StatusFilter::Failed),
            "running" => Some(StatusFilter::Running),
            "notstarted" => Some(StatusFilter::NotStarted),
            _ => None,
        }
    }

    pub fn as_param(&self) -> &'static str {
        match self {
            StatusFilter::Failed => "failed",
            StatusFilter::Running => "running",
            StatusFilter::NotStarted => "notstarted",
        }
    }

    fn matches(&self, status: &RunStatus) -> bool {
        match self {
            StatusFilter::Failed => matches!(status, RunStatus::Failed | RunStatus::Stopped),
            StatusFilter::Running => {
                matches!(
                    status,
                    RunStatus::Executing | RunStatus::Starting | RunStatus::Stopping
                )
            }
            StatusFilter::NotStarted => matches!(status, RunStatus::NotStarted),
        }
    }
}

/// The steps a status filter shows: those in the state and their neighbours (one
/// edge away either way), so that a failure is seen with what fed it and what it
/// held up.
pub fn filter_by_status(graph: &Graph, filter: StatusFilter) -> BTreeSet<String> {
    let chosen: BTreeSet<&str> = graph
        .nodes
        .iter()
        .filter(|n| filter.matches(&step_status(n)))
        .map(|n| n.id.as_str())
        .collect();
    let mut shown: BTreeSet<String> = chosen.iter().map(|s| s.to_string()).collect();
    for e in &graph.edges {
        if chosen.contains(e.from.as_str()) {
            shown.insert(e.to.clone());
        }
        if chosen.contains(e.to.as_str()) {
            shown.insert(e.from.clone());
        }
    }
    shown
}

/// One step of a critical path.
#[derive(Clone, Debug, PartialEq)]
pub struct CriticalStep {
    pub step: String,
    pub start_time: String,
    /// The step's own time.
    pub elapsed_sec: f64,
    /// Between the end of the step before it on the path (or the execution's start)
    /// and its own start: scheduling, queueing, start-up.
    pub wait_sec: f64,
    /// `elapsed_sec` as a share of the execution's wall time (0 to 1).
    pub share: f64,
}

/// The chain of steps that decided how long an execution took.
#[derive(Clone, Debug, PartialEq)]
pub struct CriticalPath {
    /// From the execution's start to its end (or to its last step's end while it runs).
    pub wall_sec: f64,
    /// In order of execution.
    pub steps: Vec<CriticalStep>,
    /// After the last step of the path ended, until the execution's end.
    pub tail_sec: f64,
}

impl CriticalPath {
    /// The path's step names, in order.
    pub fn names(&self) -> Vec<String> {
        self.steps.iter().map(|s| s.step.clone()).collect()
    }
}

/// The critical path of the document's execution: from the step that ended last,
/// back through the graph, each time to the dependency that ended last (the one the
/// step waited for), until a step with no timed dependency. Its steps' elapsed times
/// and the waits between them add up to the wall time. `None` without an execution
/// or any step with times.
pub fn critical_path(doc: &LineageDocument) -> Option<CriticalPath> {
    let execution = doc.execution.as_ref()?;
    // (start, end) of every step that ran, an unfinished one to start + elapsed.
    let mut times: BTreeMap<&str, (DateTime<FixedOffset>, DateTime<FixedOffset>)> = BTreeMap::new();
    for n in &doc.graph.nodes {
        let Some(run) = &n.run else { continue };
        let Some(start) = run.start_time.as_deref().and_then(parse_time) else {
            continue;
        };
        let end = match run.end_time.as_deref().and_then(parse_time) {
            Some(end) => end,
            None => match run.elapsed_sec {
                Some(s) => start + Duration::milliseconds((s * 1000.0) as i64),
                None => continue,
            },
        };
        times.insert(&n.id, (start, end.max(start)));
    }
    let mut parents: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in &doc.graph.edges {
        parents.entry(&e.to).or_default().insert(&e.from);
    }
    // Ties go to the later start, then to the name, so the answer is stable.
    let last = times
        .iter()
        .max_by(|a, b| (a.1 .1, a.1 .0, b.0).cmp(&(b.1 .1, b.1 .0, a.0)))
        .map(|(s, _)| *s)?;
    let mut path = vec![last];
    let mut on_path: BTreeSet<&str> = BTreeSet::from([last]);
    loop {
        let current = *path.last().expect("the path has a step");
        let start = times[current].0;
        // The dependency it waited for: the one that ended last, not after it started.
        let waited_for = parents
            .get(current)
            .into_iter()
            .flatten()
            .filter(|p| !on_path.contains(*p))
            .filter_map(|p| times.get(p).map(|t| (*p, *t)))
            .filter(|(_, (_, end))| *end <= start)
            .max_by(|a, b| (a.1 .1, b.0).cmp(&(b.1 .1, a.0)));
        match waited_for {
            Some((p, _)) => {
                path.push(p);
                on_path.insert(p);
            }
            None => break,
        }
    }
    path.reverse();
    let first_start = times[path[0]].0;
    let last_end = times[last].1;
    let exec_start = execution
        .start_time
        .as_deref()
        .and_then(parse_time)
        .filter(|s| *s <= first_start)
        .unwrap_or(first_start);
    let exec_end = execution
        .end_time
        .as_deref()
        .and_then(parse_time)
        .filter(|e| *e >= last_end)
        .unwrap_or(last_end);
    let wall_sec = seconds(exec_end - exec_start);
    let mut previous_end = exec_start;
    let steps = path
        .iter()
        .map(|s| {
            let (start, end) = times[s];
            let elapsed_sec = seconds(end - start);
            let wait_sec = seconds(start - previous_end).max(0.0);
            previous_end = end;
            CriticalStep {
                step: s.to_string(),
                start_time: start.to_rfc3339(),
                elapsed_sec,
                wait_sec,
                share: if wall_sec > 0.0 {
                    elapsed_sec / wall_sec
                } else {
                    0.0
                },
            }
        })
        .collect();
    Some(CriticalPath {
        wall_sec,
        steps,
        tail_sec: seconds(exec_end - last_end),
    })
}

fn parse_time(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s).ok()
}

fn seconds(d: Duration) -> f64 {
    d.num_milliseconds() as f64 / 1000.0
}
