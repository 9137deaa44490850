use leptos::prelude::*;

use crate::core::CriticalPath;
use crate::ui::lineage::format_elapsed;

/// The critical path as a table, in order: each step's wait before it started, its
/// own time and its share of the execution's wall time. Rendered by the server, so
/// it needs no JavaScript.
#[component]
pub fn CriticalPathTable(
    path: CriticalPath,
    /// The link that selects each step of the path, in order.
    links: Vec<String>,
) -> impl IntoView {
    let on_path: f64 = path.steps.iter().map(|s| s.elapsed_sec).sum();
    let waits: f64 = path.steps.iter().map(|s| s.wait_sec).sum::<f64>() + path.tail_sec;
    let caption = format!(
        "Critical path: {} step(s), {} of the run's {} (waiting: {})",
        path.steps.len(),
        format_elapsed(on_path),
        format_elapsed(path.wall_sec),
        format_elapsed(waits),
    );
    view! {
        <table class="critical-path" data-testid="critical-path">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"#"</th>
                    <th scope="col">"Step"</th>
                    <th scope="col">"Started"</th>
                    <th scope="col">"Waited"</th>
                    <th scope="col">"Took"</th>
                    <th scope="col">"Share of the run"</th>
                </tr>
            </thead>
            <tbody>
                {path.steps.into_iter().zip(links).enumerate().map(|(i, (s, link))| {
                    let percent = s.share * 100.0;
                    view! {
                        <tr data-testid="critical-step" data-step=s.step.clone()>
                            <td>{i + 1}</td>
                            <td><a href=link>{s.step.clone()}</a></td>
                            <td>{s.start_time.replace('T', " ").replace("+00:00", "Z")}</td>
                            <td>{format_elapsed(s.wait_sec)}</td>
                            <td>{format_elapsed(s.elapsed_sec)}</td>
                            <td class="share">
                                <span class="share-bar" style=format!("width: {:.1}%", percent.clamp(0.0, 100.0))></span>
                                <span data-testid="critical-share">{format!("{percent:.1} %")}</span>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
