use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{get_lineage, LineageQuery};
use crate::ui::common::{ErrorPanel, QueryForm};
use crate::ui::lineage::{StepList, SummaryBadges, WarningList};

/// `/?pipeline=P&region=R[&execution=E]`: the lineage of one pipeline, or the form to
/// choose one.
#[component]
pub fn HomePage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let p = params.read();
        let pipeline = p.get("pipeline").filter(|s| !s.is_empty())?;
        let region = p.get("region").filter(|s| !s.is_empty())?;
        let execution = p.get("execution").filter(|s| !s.is_empty());
        Some(LineageQuery {
            pipeline,
            region,
            domain: p.get("domain").filter(|s| !s.is_empty()),
            include_latest_exec: execution.is_none(),
            execution,
            profile: None,
        })
    });
    let lineage = Resource::new(
        move || query.get(),
        |q| async move {
            match q {
                Some(q) => Some(get_lineage(q).await),
                None => None,
            }
        },
    );
    let initial = move || query.get().unwrap_or_default();

    view! {
        <main class="page">
            <header class="masthead">
                <h1>"SageMaker Lineage"</h1>
                <QueryForm pipeline=initial().pipeline region=initial().region/>
            </header>
            <Suspense fallback=|| view! { <p class="loading" data-testid="loading">"Loading lineage…"</p> }>
                {move || {
                    lineage
                        .get()
                        .map(|result| match result {
                            None => view! {
                                <p class="hint" data-testid="empty">
                                    "Enter a region and a pipeline name to see its lineage."
                                </p>
                            }
                                .into_any(),
                            Some(Ok(doc)) => {
                                let json_url = query.get().map(|q| q.to_url()).unwrap_or_default();
                                view! {
                                    <section class="lineage" data-testid="lineage">
                                        <h2>{doc.pipeline.name.clone()}</h2>
                                        <SummaryBadges
                                            summary=doc.summary.clone()
                                            execution=doc.execution.clone()
                                        />
                                        <p>
                                            <a href=json_url data-testid="raw-json">"Raw JSON (/lineage)"</a>
                                        </p>
                                        <WarningList warnings=doc.warnings.clone()/>
                                        <StepList nodes=doc.graph.nodes.clone()/>
                                    </section>
                                }
                                    .into_any()
                            }
                            Some(Err(e)) => view! { <ErrorPanel error=e/> }.into_any(),
                        })
                }}
            </Suspense>
        </main>
    }
}
