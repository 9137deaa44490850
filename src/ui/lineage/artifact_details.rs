use leptos::prelude::*;

use crate::core::{Artifact, Finding, KmsKey};
use crate::ui::lineage::artifact_table::problems;
use crate::ui::links::{location_href, s3_console_url};
use crate::ui::security::{describe, BucketControlsList, FindingList};

/// The bucket configuration behind an artifact's posture, probe by probe, and the
/// bucket's findings.
#[component]
pub fn ArtifactDetails(
    artifact: Artifact,
    close_href: String,
    /// The findings about this location's bucket and its key.
    findings: Vec<Finding>,
    /// The KMS key of the bucket's default encryption, when it names one.
    key: Option<KmsKey>,
    security_href: String,
    region: String,
) -> impl IntoView {
    let console = s3_console_url(&artifact.bucket, &artifact.key);
    let s3 = artifact.s3.clone();
    let problems = s3
        .as_ref()
        .map(|s| problems(&s.posture, true))
        .unwrap_or_default()
        .join(", ");
    view! {
        <aside class="panel artifact-details" data-testid="artifact-details" aria-label="S3 location">
            <header>
                <h3><code>{artifact.uri.clone()}</code></h3>
                <a href=close_href class="close" aria-label="Close location details">"×"</a>
            </header>
            <p>
                <a href=console target="_blank" rel="noopener noreferrer">"Open in the S3 console"</a>
                " · "
                <a href=location_href(&region, &artifact.uri) data-testid="who-touches">"Which pipelines touch it, and what is downstream"</a>
            </p>
            {(!problems.is_empty()).then(|| view! { <p class="failure">"Problems: " {problems}</p> })}
            <dl>
                <dt>"Written by"</dt><dd>{list(&artifact.producers)}</dd>
                <dt>"Read by"</dt><dd>{list(&artifact.consumers)}</dd>
            </dl>
            {match s3 {
                None => view! { <p>"Bucket not inspected."</p> }.into_any(),
                Some(s) => view! {
                    <dl data-testid="bucket-security">
                        <dt>"Region"</dt><dd>{describe(&s.region, |r| r.clone())}</dd>
                        <dt>"Encryption"</dt>
                        <dd>{describe(&s.encryption, |e| match &e.kms_key_id {
                            Some(k) => format!("{} with key {k}", e.algorithm),
                            None => e.algorithm.clone(),
                        })}</dd>
                        <dt>"Versioning"</dt><dd>{describe(&s.versioning, |v| v.status.clone())}</dd>
                        <dt>"Public access block"</dt>
                        <dd>{describe(&s.public_access, |p| {
                            if p.all_blocked {
                                "all four settings on".to_string()
                            } else {
                                format!(
                                    "partial: BlockPublicAcls {}, IgnorePublicAcls {}, BlockPublicPolicy {}, RestrictPublicBuckets {}",
                                    p.block_public_acls, p.ignore_public_acls, p.block_public_policy, p.restrict_public_buckets
                                )
                            }
                        })}</dd>
                        <dt>"Tags"</dt>
                        <dd>{describe(&s.tags, |t| {
                            if t.is_empty() {
                                "none".into()
                            } else {
                                t.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
                            }
                        })}</dd>
                    </dl>
                    {s.controls.clone().map(|c| view! { <BucketControlsList controls=c key=key.clone()/> })}
                }.into_any(),
            }}
            <FindingList findings=findings security_href=security_href/>
        </aside>
    }
}

fn list(steps: &[String]) -> String {
    if steps.is_empty() {
        "—".into()
    } else {
        steps.join(", ")
    }
}
