//! Integration tests: the real router and the real binary against the AWS emulator
//! (moto plus our extension, `end2end/emulator`), seeded with the demo scenarios
//! described in `end2end/emulator/SCENARIOS.md`.

mod caching;
mod cli;
mod compare;
mod contract;
mod correctness;
mod faults;
mod golden;
mod harness;
mod http;
mod iam;
mod index;
mod observability;
mod openlineage;
mod postgres;
mod posture;

/// Cargo.toml (read by cargo-leptos) and Leptos.toml (read by the server when run by
/// hand) must describe the same site.
#[test]
fn site_settings_agree() {
    let read = |file: &str| -> toml::Table {
        let text = std::fs::read_to_string(harness::root().join(file)).unwrap();
        toml::from_str(&text).unwrap()
    };
    let cargo = read("Cargo.toml");
    let leptos = read("Leptos.toml");
    let cargo = &cargo["package"]["metadata"]["leptos"];
    let leptos = &leptos["package"]["metadata"]["leptos"];
    for key in [
        "output-name",
        "site-root",
        "site-pkg-dir",
        "site-addr",
        "reload-port",
    ] {
        assert_eq!(
            cargo.get(key),
            leptos.get(key),
            "{key} differs between Cargo.toml and Leptos.toml"
        );
    }
}
