use leptos::prelude::*;

/// `75` → `1 min ago`.
pub fn ago(seconds: i64) -> String {
    match seconds {
        s if s < 60 => "just now".into(),
        s if s < 3600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{} h ago", s / 3600),
        s => format!("{} days ago", s / 86_400),
    }
}

/// How fresh the index's answer is: when the region was last indexed, or that its
/// first pass has not ended.
#[component]
pub fn Freshness(indexed_at: Option<String>, ago_sec: Option<i64>) -> impl IntoView {
    match (indexed_at, ago_sec) {
        (Some(at), Some(s)) => view! {
            <p class="muted" data-testid="freshness" title=at.clone()>
                {format!("Indexed {} ({})", ago(s), at.replace('T', " "))}
            </p>
        }
        .into_any(),
        _ => view! {
            <p class="hint" data-testid="freshness">
                "Indexing this region: its first pass has not finished yet. Reload in a moment."
            </p>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ages_read_naturally() {
        assert_eq!(super::ago(5), "just now");
        assert_eq!(super::ago(125), "2 min ago");
        assert_eq!(super::ago(7300), "2 h ago");
        assert_eq!(super::ago(200_000), "2 days ago");
    }
}
