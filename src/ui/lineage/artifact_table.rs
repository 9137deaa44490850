use leptos::prelude::*;

use crate::core::{Artifact, Posture};
use crate::ui::security::{FindingMark, Mark};

/// Every S3 location with its security posture at a glance; problems stand out.
#[component]
pub fn ArtifactTable(
    artifacts: Vec<Artifact>,
    /// The selected location's URI.
    selected: Option<String>,
    /// The link that selects each artifact, by id (a signal, as `StepList`'s).
    #[prop(into)]
    links: Signal<Vec<String>>,
    /// Each location's bucket's security mark, by id.
    marks: Vec<Option<Mark>>,
) -> impl IntoView {
    view! {
        <table class="artifacts" data-testid="artifacts">
            <caption>"S3 locations read and written"</caption>
            <thead>
                <tr>
                    <th scope="col">"Location"</th>
                    <th scope="col">"Encrypted"</th>
                    <th scope="col">"Versioned"</th>
                    <th scope="col">"Public access blocked"</th>
                    <th scope="col">"Region"</th>
                    <th scope="col">"Written by"</th>
                    <th scope="col">"Read by"</th>
                    <th scope="col">"Findings"</th>
                </tr>
            </thead>
            <tbody>
                {artifacts.into_iter().enumerate().zip(marks).map(|((i, a), mark)| {
                    let link = move || links.with(|l| l.get(i).cloned().unwrap_or_default());
                    let posture = a.s3.as_ref().map(|s| s.posture.clone()).unwrap_or_default();
                    let region = a.s3.as_ref().and_then(|s| s.region.value().cloned());
                    let problems = problems(&posture, a.s3.is_some());
                    let unreadable = a.s3.as_ref().is_some_and(|s| s.encryption.is_unreadable());
                    let row_class = format!(
                        "{}{}",
                        if problems.is_empty() { "ok" } else { "problem" },
                        if selected.as_deref() == Some(a.uri.as_str()) { " selected" } else { "" },
                    );
                    view! {
                        <tr class=row_class data-testid="artifact-row" data-uri=a.uri.clone()
                            data-problems=problems.join(" ") data-unreadable=unreadable.to_string()>
                            <td><a href=link><code>{a.uri.clone()}</code></a></td>
                            <td>
                                {yes_no(posture.encrypted)}
                                {a.s3.as_ref().and_then(|s| s.encryption.value().map(|e| e.algorithm.clone())).map(|alg| view! {
                                    <span class="muted">{format!(" ({alg})")}</span>
                                })}
                            </td>
                            <td>{yes_no(posture.versioned)}</td>
                            <td>{yes_no(posture.public_access_blocked)}</td>
                            <td class=if posture.region_matches == Some(false) { "bad" } else { "" }>
                                {region.unwrap_or_else(|| "?".into())}
                            </td>
                            <td>{a.producers.join(", ")}</td>
                            <td>{a.consumers.join(", ")}</td>
                            <td><FindingMark mark=mark/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Short names of what is wrong with a location's bucket.
pub fn problems(p: &Posture, inspected: bool) -> Vec<&'static str> {
    if !inspected {
        return vec![];
    }
    let mut out = Vec::new();
    match p.encrypted {
        Some(false) => out.push("unencrypted"),
        None => out.push("unreadable"),
        _ => {}
    }
    if p.versioned == Some(false) {
        out.push("unversioned");
    }
    if p.public_access_blocked == Some(false) {
        out.push("public-access-not-blocked");
    }
    if p.region_matches == Some(false) {
        out.push("other-region");
    }
    out
}

fn yes_no(v: Option<bool>) -> impl IntoView {
    let (text, class) = match v {
        Some(true) => ("yes", "good"),
        Some(false) => ("no", "bad"),
        None => ("unknown", "unknown"),
    };
    view! { <span class=class>{text}</span> }
}
