use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{get_comparison, list_executions, CompareQuery};
use crate::core::Comparison;
use crate::ui::common::{set_response_status, ErrorPanel};
use crate::ui::compare::{
    compare_elements_json, ArtifactChanges, CompareHeader, EdgeChangeList, MetricChanges,
    ParameterChanges, RegistryChanges, StepChanges, StepSides,
};
use crate::ui::graph::{GraphView, Highlight};
use crate::ui::links::CompareState;

/// `/compare`: what changed between two executions of a pipeline. Everything shown is
/// in the URL (`CompareState`); the tables are server-rendered, so the page reads
/// without the WebAssembly.
#[component]
pub fn ComparePage() -> impl IntoView {
    let params = use_query_map();
    let state = Memo::new(move |_| {
        let p = params.read();
        let opt = |k: &str| p.get(k).filter(|v| !v.is_empty());
        CompareState {
            pipeline: opt("pipeline").unwrap_or_default(),
            region: opt("region").unwrap_or_default(),
            domain: opt("domain"),
            base: opt("base"),
            target: opt("target"),
            all: opt("all").is_some_and(|v| v != "0" && v != "false"),
            step: opt("step"),
            direction: opt("dir"),
        }
    });
    let query = Memo::new(move |_| {
        let s = state.get();
        CompareQuery {
            pipeline: s.pipeline,
            region: s.region,
            domain: s.domain,
            base: s.base,
            target: s.target,
            profile: None,
            fresh: false,
        }
    });
    let comparison = Resource::new(move || query.get(), get_comparison);
    let executions = Resource::new(
        move || (query.get().pipeline, query.get().region),
        |(p, r)| list_executions(p, r),
    );
    // The comparison shown in the graph, which lives outside the transitions so that
    // choosing a step keeps its pan and zoom. Set on the client only.
    let shown = RwSignal::new(None::<Comparison>);
    Effect::new(move |_| match comparison.get() {
        Some(Ok(c)) => shown.set(Some(c)),
        Some(Err(_)) => shown.set(None),
        None => {}
    });
    let elements = Signal::derive(move || {
        shown.with(|c| {
            c.as_ref()
                .map(compare_elements_json)
                .unwrap_or_else(|| "[]".into())
        })
    });
    let highlight = Signal::derive(move || Highlight {
        selected: state.get().step,
        ..Highlight::default()
    });
    let direction = Signal::derive(move || state.get().direction.unwrap_or_else(|| "LR".into()));
    let navigate = use_navigate();
    let on_select = Callback::new(move |step: String| {
        navigate(
            &state.get_untracked().with_step(Some(step)).href(),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            },
        )
    });
    let missing = move || {
        let s = state.get();
        s.pipeline.is_empty() || s.region.is_empty()
    };

    view! {
        <main class="page">
            <header class="masthead">
                <h1><a href="/">"SageMaker Lineage"</a></h1>
            </header>
            <Show when=move || !missing() fallback=|| view! {
                <p class="hint" data-testid="compare-missing">"Choose a pipeline first: open its lineage and follow “Compare with…”."</p>
            }>
                <Transition fallback=|| view! { <p class="loading" data-testid="loading">"Loading the comparison…"</p> }>
                    {move || comparison.get().map(|result| match result {
                        Err(e) => {
                            set_response_status(e.status);
                            view! { <ErrorPanel error=e/> }.into_any()
                        }
                        Ok(c) => view! {
                            <CompareHeader
                                comparison=c
                                state=state.get()
                                executions=executions.get().and_then(Result::ok).unwrap_or_default()
                                json_url=query.get().to_url()
                            />
                        }.into_any(),
                    })}
                </Transition>
                <section class="workspace">
                    <div class="graph-column" class:hidden=move || shown.with(Option::is_none)>
                        <GraphView elements=elements highlight=highlight direction=direction on_select=on_select/>
                    </div>
                    <Transition fallback=|| ()>
                        {move || comparison.get().and_then(Result::ok).map(|c| {
                            let s = state.get();
                            let panel = s.step.as_ref().and_then(|id| c.steps.iter().find(|x| &x.id == id)).cloned();
                            match panel {
                                Some(step) => view! { <StepSides step=step close_href=s.with_step(None).href()/> }.into_any(),
                                None => view! {
                                    <aside class="panel hint" data-testid="panel-hint">
                                        "Select a step in the graph or the table to see both of its runs."
                                    </aside>
                                }.into_any(),
                            }
                        })}
                    </Transition>
                </section>
                <Transition fallback=|| ()>
                    {move || comparison.get().and_then(Result::ok).map(|c| {
                        let s = state.get();
                        let links = c.steps.iter().map(|x| s.with_step(Some(x.id.clone())).href()).collect();
                        view! {
                            <StepChanges steps=c.steps.clone() all=s.all selected=s.step.clone() links=links/>
                            <EdgeChangeList edges=c.edges.clone()/>
                            <ParameterChanges parameters=c.parameters.clone() all=s.all/>
                            <MetricChanges metrics=c.metrics.clone() all=s.all/>
                            <ArtifactChanges artifacts=c.artifacts.clone() all=s.all/>
                            <RegistryChanges registry=c.registry.clone() all=s.all/>
                        }
                    })}
                </Transition>
            </Show>
        </main>
    }
}
