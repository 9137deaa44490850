use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{get_overview, list_pipelines};
use crate::core::ErrorCode;
use crate::ui::common::{set_response_status, ErrorPanel, PipelinePicker, QueryForm};
use crate::ui::index::{rows, Freshness, OverviewState, OverviewTable, SortKey};

const DEFAULT_REGION: &str = "us-east-1";

/// `/?region=R`: the region at a glance from the lineage index (sortable and
/// filterable in the URL), a search for who touches an S3 location, and the plain
/// list of pipelines from AWS when the index is off or still on its first pass.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let params = use_query_map();
    let view_state = Memo::new(move |_| {
        let p = params.read();
        let opt = |k: &str| p.get(k).filter(|v| !v.is_empty());
        OverviewState {
            region: opt("region").unwrap_or_else(|| DEFAULT_REGION.to_string()),
            sort: opt("sort")
                .and_then(|s| SortKey::parse(&s))
                .unwrap_or_default(),
            reverse: opt("reverse").is_some_and(|v| v != "0"),
            status: opt("status"),
            q: opt("q"),
        }
    });
    let region = Memo::new(move |_| view_state.get().region);
    let overview = Resource::new(move || region.get(), get_overview);
    let pipelines = Resource::new(move || region.get(), list_pipelines);
    let aws_list = move || {
        view! {
            <Suspense fallback=|| view! { <p class="loading" data-testid="loading">"Loading pipelines…"</p> }>
                {move || pipelines.get().map(|r| match r {
                    Ok(list) => view! { <PipelinePicker region=region.get() pipelines=list/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                })}
            </Suspense>
        }
    };
    view! {
        <header class="masthead">
            <h1><a href="/">"SageMaker Lineage"</a></h1>
            <QueryForm pipeline=String::new() region=view_state.get_untracked().region/>
        </header>
        <form class="query-form" method="get" action="/" role="search" aria-label="Who touches an S3 location">
            <input type="hidden" name="region" value=move || region.get()/>
            <label>
                "S3 location"
                <input name="uri" placeholder="s3://bucket/prefix" required=true autocomplete="off" data-testid="location-input"/>
            </label>
            <button type="submit">"Who touches it?"</button>
        </form>
        <Suspense fallback=|| view! { <p class="loading" data-testid="loading">"Loading the overview…"</p> }>
            {move || overview.get().map(|result| match result {
                Err(e) if e.code == ErrorCode::IndexOff => view! {
                    <p class="hint" data-testid="index-off">
                        "The lineage index is off on this server (--no-index): no overview or location search. The pipelines below come straight from AWS."
                    </p>
                    {aws_list()}
                }.into_any(),
                Err(e) => {
                    set_response_status(e.status);
                    view! { <ErrorPanel error=e/> }.into_any()
                }
                Ok(o) => {
                    let v = view_state.get();
                    let shown = rows(&o.pipelines, &v);
                    let pending = o.indexed_at.is_none();
                    view! {
                        <Freshness indexed_at=o.indexed_at.clone() ago_sec=o.indexed_ago_sec/>
                        {(!o.errors.is_empty()).then(|| view! {
                            <details class="warnings" data-testid="index-errors">
                                <summary>{format!("{} thing(s) the index could not read", o.errors.len())}</summary>
                                <ul>
                                    {o.errors.iter().map(|e| view! {
                                        <li>{format!("{} {}: {} ({})", e.scope, e.target, e.message, e.code.as_str())}</li>
                                    }).collect_view()}
                                </ul>
                            </details>
                        })}
                        <form class="query-form" method="get" action="/" role="search" aria-label="Filter pipelines">
                            <input type="hidden" name="region" value=v.region.clone()/>
                            {(v.sort != SortKey::Name).then(|| view! { <input type="hidden" name="sort" value=v.sort.as_str()/> })}
                            <label>"Name" <input name="q" value=v.q.clone().unwrap_or_default() data-testid="filter-name"/></label>
                            <label>
                                "Latest status "
                                <select name="status" data-testid="filter-status">
                                    {[("", "any"), ("Succeeded", "Succeeded"), ("Failed", "Failed"), ("Executing", "Executing"), ("Stopped", "Stopped"), ("none", "never ran")]
                                        .into_iter()
                                        .map(|(value, label)| view! {
                                            <option value=value selected=v.status.as_deref().unwrap_or("") == value>{label}</option>
                                        })
                                        .collect_view()}
                                </select>
                            </label>
                            <button type="submit">"Filter"</button>
                        </form>
                        <OverviewTable rows=shown view=v/>
                        {pending.then(aws_list)}
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
