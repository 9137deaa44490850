use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

use crate::core::{search, step_status, Node};
use crate::ui::links::ViewState;

/// How many suggestions the box lists under itself.
const SUGGESTIONS: usize = 8;

/// Finds a step by name, type or status.
///
/// Without JavaScript it is a GET form that carries the rest of the view: the server
/// filters the step list by the term. In the browser, suggestions follow the typing;
/// the arrow keys choose one and Enter selects it (the page centres it in the graph
/// and opens its panel); `/` anywhere on the page focuses the box.
#[component]
pub fn StepSearch(
    /// The view the form keeps (its pipeline, region, execution, filters, ...).
    #[prop(into)]
    state: Signal<ViewState>,
    /// The steps to suggest (none before the document is in the browser).
    #[prop(into)]
    nodes: Signal<Vec<Node>>,
    on_select: Callback<String>,
) -> impl IntoView {
    let term = RwSignal::new(state.get_untracked().search.unwrap_or_default());
    let active = RwSignal::new(None::<usize>);
    let open = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    // (name, what is shown) of the first matches.
    let matches = Memo::new(move |_| {
        let t = term.get();
        if t.trim().is_empty() {
            return Vec::new();
        }
        nodes.with(|n| {
            search(n, &t)
                .into_iter()
                .take(SUGGESTIONS)
                .map(|n| {
                    let shown = format!("{} · {} · {}", n.label, n.step_type, step_status(n));
                    (n.id.clone(), shown)
                })
                .collect::<Vec<_>>()
        })
    });
    let choose = move |i: usize| {
        if let Some((name, _)) = matches.get_untracked().get(i) {
            open.set(false);
            active.set(None);
            on_select.run(name.clone());
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = matches.get_untracked().len();
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            // With suggestions shown, Enter selects one rather than submitting.
            "Enter" if open.get_untracked() && n > 0 => {
                ev.prevent_default();
                choose(active.get_untracked().unwrap_or(0));
            }
            "Escape" => {
                open.set(false);
                active.set(None);
            }
            _ => {}
        }
    };
    // `/` focuses the box, unless the user is typing somewhere.
    let slash = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .is_some_and(|e| {
                matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || e.has_attribute("contenteditable")
            });
        if !typing {
            if let Some(i) = input.get_untracked() {
                ev.prevent_default();
                let _ = i.focus();
                i.select();
            }
        }
    });
    on_cleanup(move || slash.remove());

    // What the form carries besides the term: the rest of the view.
    let hidden = move || {
        let v = state.get();
        [
            ("pipeline", Some(v.pipeline)),
            ("region", Some(v.region)),
            ("execution", v.execution),
            ("domain", v.domain),
            ("dir", v.direction),
            ("show", v.show.map(|s| s.as_param().to_string())),
            ("untaken", v.hide_untaken.then(|| "hide".to_string())),
            ("critical", v.critical.then(|| "1".to_string())),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| view! { <input type="hidden" name=k value=v/> }))
        .collect_view()
    };
    let option_id = |i: usize| format!("step-search-option-{i}");
    view! {
        <form class="step-search" method="get" action="/" role="search" data-testid="step-search"
            on:submit=move |ev| {
                // In the browser, a suggestion is selected instead of reloading.
                if !matches.get_untracked().is_empty() {
                    ev.prevent_default();
                    choose(active.get_untracked().unwrap_or(0));
                }
            }>
            {hidden}
            <label>
                <span class="visually-hidden">"Find a step"</span>
                <input
                    node_ref=input
                    type="search"
                    name="q"
                    placeholder="Find a step (press /)"
                    autocomplete="off"
                    role="combobox"
                    aria-autocomplete="list"
                    aria-controls="step-search-options"
                    aria-expanded=move || (open.get() && !matches.get().is_empty()).to_string()
                    aria-activedescendant=move || active.get().filter(|_| open.get()).map(option_id)
                    data-testid="step-search-input"
                    prop:value=move || term.get()
                    on:input=move |ev| {
                        term.set(event_target_value(&ev));
                        active.set(None);
                        open.set(true);
                    }
                    on:keydown=on_key
                    on:blur=move |_| open.set(false)
                />
            </label>
            <button type="submit">"Find"</button>
            <ul id="step-search-options" role="listbox" class="step-search-options"
                hidden=move || !open.get() || matches.get().is_empty()>
                {move || matches.get().into_iter().enumerate().map(|(i, (name, shown))| {
                    view! {
                        <li id=option_id(i) role="option" data-step=name
                            aria-selected=move || (active.get() == Some(i)).to_string()
                            // Before the input's blur closes the list.
                            on:mousedown=move |ev| { ev.prevent_default(); choose(i); }>
                            {shown}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </form>
    }
}
