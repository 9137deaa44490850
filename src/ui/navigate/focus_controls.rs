use leptos::prelude::*;

use crate::core::{Depth, Focus, FocusSubject};
use crate::ui::links::ViewState;

/// The focus on a lineage: while a step or an S3 location is selected, a link that
/// focuses its lineage; while focused, what the focus holds, the depth (1, 2, 3, all)
/// and the way out.
#[component]
pub fn FocusControls(
    state: ViewState,
    /// The focus the view asks for, when its subject exists.
    focus: Option<Focus>,
) -> impl IntoView {
    let Some(subject) = state.focus.clone() else {
        let subject = match (&state.step, &state.artifact) {
            (Some(step), _) => Some(FocusSubject::Step(step.clone())),
            (None, Some(uri)) => Some(FocusSubject::Location(uri.clone())),
            _ => None,
        };
        return subject
            .map(|s| {
                view! {
                    <p class="focus-controls" data-testid="focus-controls">
                        <a href=state.with_focus(Some(s)).href() data-testid="focus-link">
                            "Focus on its lineage"
                        </a>
                        <span class="muted">" (what feeds it and what it feeds; the rest fades)"</span>
                    </p>
                }
            })
            .into_any();
    };
    let name = match &subject {
        FocusSubject::Step(s) | FocusSubject::Location(s) => s.clone(),
    };
    let depth = state.depth.unwrap_or_default();
    let summary = match &focus {
        Some(f) => format!(
            "{} upstream, {} downstream",
            f.upstream.len(),
            f.downstream.len()
        ),
        None => "not in this graph".to_string(),
    };
    view! {
        <p class="focus-controls" data-testid="focus-controls">
            <span>"Focused on "<strong data-testid="focus-subject">{name}</strong></span>
            <span class="muted" data-testid="focus-summary">{summary}</span>
            <span class="depth" role="group" aria-label="Depth">
                "Depth "
                {Depth::CHOICES.into_iter().map(|d| {
                    let label = match d { Depth::Edges(n) => n.to_string(), Depth::All => "all".into() };
                    view! {
                        <a href=state.with_depth(d).href() aria-current=(d == depth).then_some("true")
                            data-testid=format!("depth-{}", d.as_param())>{label}</a>
                    }
                }).collect_view()}
            </span>
            <a href=state.with_focus(None).href() data-testid="focus-clear">"Clear focus"</a>
        </p>
    }
    .into_any()
}
