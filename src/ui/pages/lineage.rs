use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{get_lineage, list_executions, LineageQuery};
use crate::core::{critical_path, focus, search, LineageDocument, OverallStatus};
use crate::ui::common::{set_response_status, ErrorPanel, QueryForm};
use crate::ui::graph::{elements_json, GraphView, Highlight};
use crate::ui::index::DeploymentList;
use crate::ui::lineage::{
    ArtifactDetails, ArtifactTable, ExecutionPicker, StepDetails, StepList, SummaryBadges,
    WarningList,
};
use crate::ui::links::ViewState;
use crate::ui::navigate::{highlight, CriticalPathTable, FocusControls, GraphFilters, StepSearch};
use crate::ui::security::{marks_by_bucket, marks_by_step, SecurityView};

/// While an execution runs, the view reloads this often.
const REFRESH_EVERY: Duration = Duration::from_secs(10);

/// How long an execution choice must rest before it loads: arrow keys on a closed
/// select change it at every press, and only the one the user stops at should load.
const SETTLE: Duration = Duration::from_millis(400);

/// One pipeline's lineage: graph, summary, step and artifact details. Everything shown
/// is in the URL (`ViewState`).
#[component]
pub fn LineagePage() -> impl IntoView {
    let params = use_query_map();
    let state = Memo::new(move |_| {
        let p = params.read();
        ViewState::from_query(|k| p.get(k))
    });
    let query = Memo::new(move |_| {
        let v = state.get();
        LineageQuery {
            pipeline: v.pipeline,
            region: v.region,
            domain: v.domain,
            include_latest_exec: v.execution.is_none(),
            execution: v.execution,
            profile: None,
            fresh: false,
        }
    });
    // Bumped by the refresh button (which asks for fresh data) and, while the
    // execution runs, by a timer.
    let refresh = RwSignal::new((0u32, false));
    let lineage = Resource::new(
        move || (query.get(), refresh.get()),
        |(q, (_, fresh))| get_lineage(LineageQuery { fresh, ..q }),
    );
    let executions = Resource::new(
        move || (query.get().pipeline, query.get().region, refresh.get().0),
        |(p, r, _)| list_executions(p, r),
    );
    // Read inside Suspense/Transition or effects only (hydration-safe).
    let doc = move || lineage.get().and_then(Result::ok);
    // The last document loaded, for the graph, which lives outside the transitions so
    // that refreshes keep its pan and zoom. Set on the client only.
    let shown = RwSignal::new(None::<LineageDocument>);
    // One pending reload at most: a new document (or leaving the page) cancels it.
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let cancel = move || {
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    Effect::new(move |_| match lineage.get() {
        Some(Ok(d)) => {
            cancel();
            // Running, or its status could not be read for a passing reason: look again.
            if d.is_live() {
                let handle = set_timeout_with_handle(
                    move || refresh.set((refresh.get_untracked().0 + 1, false)),
                    REFRESH_EVERY,
                )
                .ok();
                timer.set_value(handle);
            }
            shown.set(Some(d));
        }
        // An error replaces the view: no stale graph beside it.
        Some(Err(_)) => {
            cancel();
            shown.set(None);
        }
        None => {}
    });
    on_cleanup(cancel);

    let navigate = use_navigate();
    let go = move |href: String| {
        navigate(
            &href,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            },
        )
    };
    // Set when the search chose the step: the graph then brings it to the centre (a
    // step clicked in the graph is already in view).
    let centre = RwSignal::new(false);
    let go_select = go.clone();
    let on_select = Callback::new(move |step: String| {
        centre.set(false);
        go_select(state.get_untracked().with_step(Some(step)).href())
    });
    let go_found = go.clone();
    let on_found = Callback::new(move |step: String| {
        centre.set(true);
        go_found(state.get_untracked().with_step(Some(step)).href())
    });
    // An error replaces the view; the search goes with it.
    let failed = RwSignal::new(false);
    Effect::new(move |_| failed.set(matches!(lineage.get(), Some(Err(_)))));
    // The execution chosen but not loaded yet, and its timer. They live here, not in
    // the picker: a refresh of a running execution rebuilds the header (and the
    // picker in it), and the choice must survive that.
    let choice = StoredValue::new(None::<Option<String>>);
    let choice_timer = StoredValue::new(None::<TimeoutHandle>);
    let cancel_choice = move || {
        if let Some(handle) = choice_timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    on_cleanup(cancel_choice);
    let go_exec = go.clone();
    let on_execution = Callback::new(move |execution: Option<String>| {
        cancel_choice();
        choice.set_value(Some(execution.clone()));
        let go = go_exec.clone();
        let handle = set_timeout_with_handle(
            move || {
                choice.set_value(None);
                go(state.get_untracked().with_execution(execution).href())
            },
            SETTLE,
        )
        .ok();
        choice_timer.set_value(handle);
    });

    let elements = Signal::derive(move || {
        shown.with(|d| d.as_ref().map(elements_json).unwrap_or_else(|| "[]".into()))
    });
    let highlight = Signal::derive(move || {
        let v = state.get();
        shown.with(|d| match d {
            Some(d) => highlight(&v, d, centre.get()),
            None => Highlight::default(),
        })
    });
    // What the tables show depends on these parts of the view; the rest of it (a
    // focus, a filter, the layout) changes only their links, and rebuilding a table
    // of hundreds of steps for that would make a focus change slow.
    let tables_view = Memo::new(move |_| {
        let v = state.get();
        (
            v.view, v.severity, v.resource, v.search, v.critical, v.step, v.artifact,
        )
    });
    // A memo: the suggestions read the steps at every keystroke, and a derived signal
    // would copy them each time.
    let search_nodes = Memo::new(move |_| {
        shown.with(|d| {
            d.as_ref()
                .map(|d| d.graph.nodes.clone())
                .unwrap_or_default()
        })
    });
    // `auto` (no `dir`): whichever direction draws the graph larger.
    let direction = Signal::derive(move || state.get().direction.unwrap_or_else(|| "auto".into()));
    let direction_href = move |dir: &str| {
        ViewState {
            direction: (dir != "auto").then(|| dir.to_string()),
            ..state.get()
        }
        .href()
    };

    view! {
        <header class="masthead">
            <h1><a href="/">"SageMaker Lineage"</a></h1>
            <QueryForm pipeline=state.get_untracked().pipeline region=state.get_untracked().region/>
        </header>
        <Transition fallback=|| view! { <p class="loading" data-testid="loading">"Loading lineage…"</p> }>
            {move || lineage.get().map(|result| match result {
                Err(e) => {
                    // The page's subject failed: the response says so too.
                    set_response_status(e.status);
                    view! { <ErrorPanel error=e/> }.into_any()
                }
                Ok(d) => view! {
                    <LineageHeader
                        doc=d
                        state=state.get()
                        choice=choice.get_value()
                        json_url=query.get().to_url()
                        executions=executions.get().and_then(Result::ok).unwrap_or_default()
                        on_execution=on_execution
                        on_refresh=Callback::new(move |_: ()| refresh.set((refresh.get_untracked().0 + 1, true)))
                        refreshes=refresh.get().0
                    />
                }.into_any(),
            })}
        </Transition>
        <section class="navigator" class:hidden=move || failed.get() data-testid="navigator">
            <StepSearch state=state nodes=search_nodes on_select=on_found/>
            <Transition fallback=|| ()>
                {move || doc().map(|d| {
                    let v = state.get();
                    let focus = v.focus.as_ref().and_then(|s| focus(&d.graph, s, v.depth.unwrap_or_default()));
                    let has_untaken = d.graph.nodes.iter().any(|n| n.skipped);
                    view! {
                        <GraphFilters state=v.clone() has_untaken=has_untaken has_execution=d.execution.is_some()/>
                        <FocusControls state=v focus=focus/>
                    }
                })}
            </Transition>
        </section>
        <section class="workspace">
            <div class="graph-column" class:hidden=move || shown.with(Option::is_none)>
                <nav class="layout-switch" aria-label="Graph layout">
                    <a href=move || direction_href("auto") aria-current=move || (direction.get() == "auto").then_some("true")
                        title="Whichever direction draws this graph larger">"Auto"</a>
                    <a href=move || direction_href("LR") aria-current=move || (direction.get() == "LR").then_some("true")>"Left to right"</a>
                    <a href=move || direction_href("TB") aria-current=move || (direction.get() == "TB").then_some("true")>"Top down"</a>
                </nav>
                <GraphView elements=elements highlight=highlight direction=direction on_select=on_select/>
            </div>
            <Transition fallback=|| ()>
                {move || doc().map(|d| view! { <SidePanel doc=d state=state.get()/> })}
            </Transition>
        </section>
        <Transition fallback=|| ()>
            {move || doc().map(|d| {
                // Read, not only tracked: a memo nobody read has not subscribed to
                // the view yet, so it would never change.
                tables_view.with(|_| ());
                view! { <LineageTables doc=d state=state/> }
            })}
        </Transition>
    }
}

/// The Security view, or the critical path, the step list and the locations.
///
/// Rebuilt when the document or what the tables show changes (`tables_view`); any
/// other change of the view (a focus, a filter, the layout) only updates their links.
#[component]
fn LineageTables(doc: LineageDocument, state: Memo<ViewState>) -> impl IntoView {
    let d = doc;
    let v = state.get_untracked();
    if v.security() {
        return view! { <SecurityView doc=d state=v/> }.into_any();
    }
    let by_step = marks_by_step(&d.findings);
    // The search filters the list (the server does it, so it works without
    // JavaScript).
    let term = v.search.clone().unwrap_or_default();
    let listed: Vec<_> = search(&d.graph.nodes, &term).into_iter().cloned().collect();
    let step_marks = listed.iter().map(|n| by_step.get(&n.id).copied()).collect();
    let listed_ids: Vec<String> = listed.iter().map(|n| n.id.clone()).collect();
    // Memos: each row reads its own link from the list, which must be built once per
    // change, not once per row.
    let step_links = Memo::new(move |_| {
        let v = state.get();
        listed_ids
            .iter()
            .map(|id| v.with_step(Some(id.clone())).href())
            .collect::<Vec<_>>()
    });
    let critical = v.critical.then(|| critical_path(&d)).flatten().map(|p| {
        let links = p
            .steps
            .iter()
            .map(|s| v.with_step(Some(s.step.clone())).href())
            .collect();
        view! { <CriticalPathTable path=p links=links/> }
    });
    let no_critical = (v.critical && d.execution.is_some() && critical.is_none()).then(|| view! {
        <p class="hint" data-testid="critical-path-none">"No step of this execution has run yet: there is no critical path."</p>
    });
    let search_note = v.search.clone().map(|q| view! {
        <p class="search-note" data-testid="search-note">
            {format!("{} of {} steps match “{}”. ", listed.len(), d.graph.nodes.len(), q)}
            <a href=ViewState { search: None, ..v.clone() }.href() data-testid="search-clear">"Show every step"</a>
        </p>
    });
    let uris: Vec<String> = d.graph.artifacts.iter().map(|a| a.uri.clone()).collect();
    let artifact_links = Memo::new(move |_| {
        let v = state.get();
        uris.iter()
            .map(|u| v.with_artifact(Some(u.clone())).href())
            .collect::<Vec<_>>()
    });
    let by_bucket = marks_by_bucket(&d.findings);
    let artifact_marks = d
        .graph
        .artifacts
        .iter()
        .map(|a| by_bucket.get(&a.bucket).copied())
        .collect();
    view! {
        {critical}
        {no_critical}
        {search_note}
        <StepList nodes=listed selected=v.step.clone() links=step_links marks=step_marks/>
        <ArtifactTable artifacts=d.graph.artifacts.clone() selected=v.artifact.clone() links=artifact_links marks=artifact_marks/>
    }
    .into_any()
}

/// Name, execution choice, summary, links and warnings.
#[component]
fn LineageHeader(
    doc: LineageDocument,
    state: ViewState,
    /// An execution chosen but not loaded yet (`Some(None)`: the latest).
    choice: Option<Option<String>>,
    json_url: String,
    executions: Vec<crate::api::ExecutionListItem>,
    on_execution: Callback<Option<String>>,
    on_refresh: Callback<()>,
    refreshes: u32,
) -> impl IntoView {
    let running = doc.summary.overall_status == OverallStatus::Executing;
    // Not running, yet live: the execution could not be read for a passing reason.
    let retrying = !running && doc.is_live();
    let current = choice.unwrap_or_else(|| state.execution.clone());
    view! {
        <section class="lineage-header" data-testid="lineage" data-refreshes=refreshes.to_string()>
            <div class="title-row">
                <h2 data-testid="pipeline-name">{doc.pipeline.display_name.clone().unwrap_or_else(|| doc.pipeline.name.clone())}</h2>
                <span class="muted">{state.region.clone()}</span>
                <ExecutionPicker executions=executions current=current on_change=on_execution/>
                <button type="button" on:click=move |_| on_refresh.run(()) data-testid="refresh">"Refresh"</button>
                <a href=json_url data-testid="raw-json">"Raw JSON"</a>
                {doc.execution.is_some().then(|| view! {
                    <a href=state.compare_href() data-testid="compare-link"
                        title="Compare this execution with the previous successful one">"Compare with…"</a>
                })}
            </div>
            <nav class="view-switch" aria-label="View">
                <a href=state.with_security(false).href() aria-current=(!state.security()).then_some("page")
                    data-testid="view-lineage">"Lineage"</a>
                <a href=state.with_security(true).href() aria-current=state.security().then_some("page")
                    data-testid="view-security">
                    {format!("Security ({})", doc.findings.len())}
                    {(doc.summary.findings.critical > 0).then(|| view! {
                        <span class="badge severity-critical">{format!("{} critical", doc.summary.findings.critical)}</span>
                    })}
                </a>
            </nav>
            <SummaryBadges summary=doc.summary.clone() execution=doc.execution.clone()/>
            {running.then(|| view! { <p class="hint" data-testid="auto-refresh">"Running: this view refreshes itself every 10 seconds."</p> })}
            {retrying.then(|| view! { <p class="hint" data-testid="auto-refresh">"The execution could not be read just now: this view tries again every 10 seconds."</p> })}
            {doc.execution.as_ref().and_then(|e| e.failure_reason.clone()).map(|r| view! {
                <p class="failure" data-testid="execution-failure">{r}</p>
            })}
            {doc.deployments.clone().filter(|d| !d.is_empty()).map(|d| view! {
                <details class="deployed" data-testid="deployed-panel" open=true>
                    <summary>{format!("Where its models serve: {} endpoint variant(s)", d.len())}</summary>
                    <DeploymentList deployments=d/>
                </details>
            })}
            <WarningList warnings=doc.warnings.clone()/>
        </section>
    }
}

/// The details of the selected step or artifact, or a hint.
#[component]
fn SidePanel(doc: LineageDocument, state: ViewState) -> impl IntoView {
    let close = state.with_step(None).href();
    let security_href = state.with_step(None).with_security(true).href();
    if let Some(step) = &state.step {
        if let Some(node) = doc.graph.nodes.iter().find(|n| &n.id == step) {
            let findings = doc
                .findings
                .iter()
                .filter(|f| f.steps.contains(step))
                .cloned()
                .collect();
            let deployments = doc
                .deployments
                .iter()
                .flatten()
                .filter(|d| d.step.as_deref() == Some(step.as_str()))
                .cloned()
                .collect();
            return view! {
                <StepDetails node=node.clone() region=state.region.clone() close_href=close
                    findings=findings security_href=security_href deployments=deployments/>
            }
            .into_any();
        }
    }
    if let Some(uri) = &state.artifact {
        if let Some(a) = doc.graph.artifacts.iter().find(|a| &a.uri == uri) {
            let key = doc
                .graph
                .kms_keys
                .iter()
                .find(|k| k.buckets.contains(&a.bucket))
                .cloned();
            let key_resource = key.as_ref().map(|k| {
                k.description
                    .value()
                    .map_or_else(|| k.key.clone(), |d| d.arn.clone())
            });
            let findings = doc
                .findings
                .iter()
                .filter(|f| {
                    f.resource.id == a.bucket || Some(&f.resource.id) == key_resource.as_ref()
                })
                .cloned()
                .collect();
            return view! {
                <ArtifactDetails artifact=a.clone() close_href=close findings=findings key=key
                    security_href=security_href region=state.region.clone()/>
            }
            .into_any();
        }
    }
    view! {
        <aside class="panel hint" data-testid="panel-hint">
            "Select a step in the graph or the step list, or an S3 location below, to see its details."
        </aside>
    }
    .into_any()
}
