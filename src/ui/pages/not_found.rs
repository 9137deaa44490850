use leptos::prelude::*;

use crate::ui::common::set_response_status;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_response_status(404);
    view! {
        <main class="page">
            <h1>"Page not found"</h1>
            <p><a href="/">"Back to SageMaker Lineage"</a></p>
        </main>
    }
}
