use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::get_locations;
use crate::ui::common::{set_response_status, ErrorPanel, QueryForm};
use crate::ui::index::{DownstreamList, Freshness, LocationMatches};

/// `/?region=R&uri=s3://...`: which indexed pipeline steps read or write under an
/// S3 location, and the model packages and endpoints downstream of them.
#[component]
pub fn LocationsPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let p = params.read();
        (
            p.get("region").unwrap_or_default(),
            p.get("uri").unwrap_or_default(),
        )
    });
    let answer = Resource::new(
        move || query.get(),
        |(region, uri)| get_locations(region, uri),
    );
    view! {
        <header class="masthead">
            <h1><a href="/">"SageMaker Lineage"</a></h1>
            <QueryForm pipeline=String::new() region=query.get_untracked().0/>
        </header>
        <Suspense fallback=|| view! { <p class="loading" data-testid="loading">"Looking the location up…"</p> }>
            {move || answer.get().map(|result| match result {
                Err(e) => {
                    set_response_status(e.status);
                    view! { <ErrorPanel error=e/> }.into_any()
                }
                Ok(l) => {
                    let region = query.get().0;
                    view! {
                        <section class="locations" data-testid="locations">
                            <h2>"Who touches " <code>{l.uri.clone()}</code></h2>
                            <p><a href=format!("/?region={}", crate::api::encode(&region))>{format!("All pipelines in {region}")}</a></p>
                            <Freshness indexed_at=l.indexed_at.clone() ago_sec=l.indexed_ago_sec/>
                            <LocationMatches matches=l.matches.clone() total=l.matches_total region=region/>
                            <DownstreamList downstream=l.downstream.clone()/>
                        </section>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
