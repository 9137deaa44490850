//! The application shell and routes. Pages live in `ui::pages`.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, StaticSegment};

use crate::ui::pages::{ComparePage, HomePage, NotFoundPage};

/// The HTML document around the app (server-rendered).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                // Static files of `public/` are served from the site root.
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/sagemaker-lineage.css"/>
        <Title text="SageMaker Lineage"/>
        <Router>
            <Routes fallback=NotFoundPage>
                // Async: the whole page, data included, is in the HTML, so it reads (and its
                // links work) before or without the WebAssembly.
                <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async/>
                <Route path=StaticSegment("compare") view=ComparePage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
