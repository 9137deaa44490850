use leptos::prelude::*;

use crate::core::{BucketControls, KmsKey, Probe};

/// A bucket's access and protection controls, probe by probe: what was read, what is
/// not configured, and what could not be read (naming the denied action).
#[component]
pub fn BucketControlsList(
    controls: BucketControls,
    /// The KMS key of the bucket's default encryption, when it names one.
    key: Option<KmsKey>,
) -> impl IntoView {
    let c = controls;
    view! {
        <dl data-testid="bucket-controls">
            <dt>"Policy status"</dt>
            <dd data-testid="probe-policy-status">{describe(&c.policy_status, |p| {
                if p.is_public { "public".into() } else { "not public".into() }
            })}</dd>
            <dt>"Bucket policy"</dt>
            <dd data-testid="probe-policy">{describe(&c.policy, |p| {
                let mut parts = vec![format!("{} statement{}", p.statements, if p.statements == 1 { "" } else { "s" })];
                parts.push(if p.tls_required { "requests without TLS denied".into() } else { "requests without TLS not denied".into() });
                if !p.other_accounts.is_empty() {
                    parts.push(format!("grants account{} {}", if p.other_accounts.len() == 1 { "" } else { "s" }, p.other_accounts.join(", ")));
                }
                parts.join("; ")
            })}</dd>
            <dt>"ACL"</dt>
            <dd data-testid="probe-acl">{describe(&c.acl, |a| {
                let grants: Vec<String> = a.grants.iter().map(|g| {
                    let who = g.uri.as_deref().map(|u| u.rsplit('/').next().unwrap_or(u).to_string())
                        .or_else(|| g.id.clone().map(|id| format!("canonical user {}", short(&id))))
                        .unwrap_or_else(|| g.grantee_type.clone());
                    format!("{} to {who}", g.permission)
                }).collect();
                format!("{}{}", if a.public { "public: " } else { "" }, if grants.is_empty() { "no grants".into() } else { grants.join(", ") })
            })}</dd>
            <dt>"Object ownership"</dt>
            <dd data-testid="probe-ownership">{describe(&c.ownership, |o| {
                if o == "BucketOwnerEnforced" { format!("{o} (ACLs disabled)") } else { format!("{o} (ACLs apply)") }
            })}</dd>
            <dt>"Object Lock"</dt>
            <dd data-testid="probe-object-lock">{describe(&c.object_lock, |l| {
                if !l.enabled {
                    "not enabled".to_string()
                } else {
                    let retention = match (&l.mode, l.days, l.years) {
                        (Some(m), Some(d), _) => format!(", {m} {d} days by default"),
                        (Some(m), _, Some(y)) => format!(", {m} {y} years by default"),
                        _ => String::new(),
                    };
                    format!("enabled{retention}")
                }
            })}</dd>
            <dt>"Access logging"</dt>
            <dd data-testid="probe-logging">{describe(&c.logging, |l| format!("to s3://{}/{}", l.target_bucket, l.target_prefix))}</dd>
            <dt>"Lifecycle"</dt>
            <dd data-testid="probe-lifecycle">{describe(&c.lifecycle, |l| format!("{} rule{}", l.rules, if l.rules == 1 { "" } else { "s" }))}</dd>
            {c.owned.clone().map(|owned| view! {
                <dt>"Owned by this account"</dt>
                <dd data-testid="probe-owned">{describe(&owned, |o| {
                    if *o { "yes".into() } else { "no: another account owns this bucket name".into() }
                })}</dd>
            })}
            {key.map(|k| view! {
                <dt>"KMS key"</dt>
                <dd data-testid="probe-kms-key">
                    <code>{k.key.clone()}</code> " "
                    {describe(&k.description, |d| format!("{} key, {}, account {}", d.manager.to_ascii_lowercase(), d.state, d.account))}
                    {k.rotation.map(|r| format!("; rotation: {}", describe(&r, |on| if *on { "on".into() } else { "off".into() })))}
                </dd>
            })}
        </dl>
    }
}

fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

/// A probe in words: its value, "not configured", or why it could not be read.
pub fn describe<T>(probe: &Probe<T>, ok: impl Fn(&T) -> String) -> String {
    match probe {
        Probe::Ok { value } => ok(value),
        Probe::NotConfigured => "not configured".into(),
        Probe::AccessDenied { action } => format!("could not read (AccessDenied on {action})"),
        Probe::NoSuchBucket => "bucket does not exist".into(),
        Probe::Error { message, .. } => format!("could not read ({message})"),
    }
}
