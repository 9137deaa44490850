//! S3 artifacts: distinct locations with their producers and consumers, and the
//! security posture of their buckets.

use std::collections::HashMap;

use super::document::{Artifact, Io, Posture, Probe, S3Security};
use super::policy::summarize_policy;
use super::posture::{AclSummary, BucketControls, BucketControlsRecord, Lifecycle, PolicyPublic};
use super::records::BucketRecord;
use super::vocabulary::ErrorCode;

pub(super) fn normalize_uri(uri: &str) -> &str {
    let trimmed = uri.trim_end_matches('/');
    if trimmed.len() <= "s3://".len() {
        uri
    } else {
        trimmed
    }
}

/// `s3://bucket/key` → (bucket, key); the bucket must be concrete.
fn split_s3(uri: &str) -> Option<(&str, &str)> {
    let rest = uri.strip_prefix("s3://")?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    let valid = !bucket.is_empty()
        && bucket
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
    valid.then_some((bucket, key))
}

pub(super) fn artifacts_of(names: &[&str], ios: &[(Vec<Io>, Vec<Io>)]) -> Vec<Artifact> {
    let mut artifacts: Vec<Artifact> = Vec::new();
    let mut by_uri: HashMap<String, usize> = HashMap::new();
    let mut add = |uri: &str| -> Option<usize> {
        let uri = normalize_uri(uri);
        let (bucket, key) = split_s3(uri)?;
        Some(*by_uri.entry(uri.to_string()).or_insert_with(|| {
            artifacts.push(Artifact {
                id: artifacts.len(),
                uri: uri.to_string(),
                bucket: bucket.to_string(),
                key: key.to_string(),
                ..Artifact::default()
            });
            artifacts.len() - 1
        }))
    };
    let mut links: Vec<(usize, usize, bool)> = Vec::new();
    for (node, (inputs, outputs)) in ios.iter().enumerate() {
        for o in outputs {
            if let Some(a) = add(&o.uri) {
                links.push((a, node, true));
            }
        }
        for i in inputs {
            if let Some(a) = add(&i.uri) {
                links.push((a, node, false));
            }
        }
    }
    for (a, node, produced) in links {
        let list = if produced {
            &mut artifacts[a].producers
        } else {
            &mut artifacts[a].consumers
        };
        let id = names[node].to_string();
        if !list.contains(&id) {
            list.push(id);
        }
    }
    artifacts
}

/// What the document shows of a bucket; `account` is the pipeline's (a bucket policy
/// granting it is not granting another account).
pub(super) fn security(
    b: &BucketRecord,
    region: Option<&str>,
    account: Option<&str>,
) -> S3Security {
    let posture = Posture {
        encrypted: match &b.encryption {
            Probe::Ok { .. } => Some(true),
            Probe::NotConfigured => Some(false),
            _ => None,
        },
        versioned: match &b.versioning {
            Probe::Ok { value } => Some(value.status == "Enabled"),
            Probe::NotConfigured => Some(false),
            _ => None,
        },
        public_access_blocked: match &b.public_access {
            Probe::Ok { value } => Some(value.all_blocked),
            Probe::NotConfigured => Some(false),
            _ => None,
        },
        region_matches: match (&b.region, region) {
            (Probe::Ok { value }, Some(r)) => Some(value == r),
            _ => None,
        },
    };
    S3Security {
        region: b.region.clone(),
        encryption: b.encryption.clone(),
        versioning: b.versioning.clone(),
        public_access: b.public_access.clone(),
        tags: b.tags.clone(),
        controls: b.controls.as_ref().map(|c| controls(c, account)),
        posture,
    }
}

fn controls(c: &BucketControlsRecord, account: Option<&str>) -> BucketControls {
    BucketControls {
        policy_status: map(&c.policy_status, |p| PolicyPublic { is_public: *p }),
        policy: map(&c.policy, |text| {
            summarize_policy(text, account.unwrap_or_default())
        }),
        acl: map(&c.acl, |grants| AclSummary {
            public: grants.iter().any(|g| g.is_public()),
            grants: grants.clone(),
        }),
        ownership: c.ownership.clone(),
        object_lock: c.object_lock.clone(),
        logging: c.logging.clone(),
        lifecycle: map(&c.lifecycle, |rules| Lifecycle { rules: *rules }),
        owned: c.owned.clone(),
    }
}

/// The same outcome with the value turned into another.
pub(super) fn map<T, U>(p: &Probe<T>, f: impl FnOnce(&T) -> U) -> Probe<U> {
    match p {
        Probe::Ok { value } => Probe::Ok { value: f(value) },
        Probe::NotConfigured => Probe::NotConfigured,
        Probe::AccessDenied { action } => Probe::AccessDenied {
            action: action.clone(),
        },
        Probe::NoSuchBucket => Probe::NoSuchBucket,
        Probe::Error { code, message } => Probe::Error {
            code: code.clone(),
            message: message.clone(),
        },
    }
}

/// The warning code of a probe that could not be read.
pub(super) fn probe_problem<T>(p: &Probe<T>) -> Option<ErrorCode> {
    match p {
        Probe::AccessDenied { .. } => Some(ErrorCode::AccessDenied),
        Probe::NoSuchBucket => Some(ErrorCode::NoSuchBucket),
        Probe::Error { code, .. } if !code.as_str().is_empty() => Some(code.clone()),
        Probe::Error { .. } => Some(ErrorCode::Error),
        _ => None,
    }
}

/// The IAM action a probe was denied, as the adapter named it.
pub(super) fn denied_action<T>(p: &Probe<T>) -> Option<&str> {
    match p {
        Probe::AccessDenied { action } if !action.is_empty() => Some(action),
        _ => None,
    }
}

pub(super) fn first_error(b: &BucketRecord) -> Option<String> {
    fn msg<T>(p: &Probe<T>) -> Option<String> {
        match p {
            Probe::Error { message, .. } => Some(message.clone()),
            _ => None,
        }
    }
    let controls = b.controls.as_ref();
    msg(&b.region)
        .or_else(|| msg(&b.encryption))
        .or_else(|| msg(&b.versioning))
        .or_else(|| msg(&b.public_access))
        .or_else(|| msg(&b.tags))
        .or_else(|| {
            let c = controls?;
            msg(&c.policy_status)
                .or_else(|| msg(&c.policy))
                .or_else(|| msg(&c.acl))
                .or_else(|| msg(&c.ownership))
                .or_else(|| msg(&c.object_lock))
                .or_else(|| msg(&c.logging))
                .or_else(|| msg(&c.lifecycle))
                .or_else(|| c.owned.as_ref().and_then(msg))
        })
}
