//! Bucket configuration: location, encryption, versioning, public access block, tags.

use std::collections::BTreeMap;

use aws_sdk_sagemaker::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use super::errors::map_sdk_error;
use super::AwsSource;
use crate::core::{BucketRecord, Encryption, ErrorCode, Probe, PublicAccess, Versioning};
use crate::server::source::{AwsError, AwsTarget};

pub(super) async fn security(source: &AwsSource, target: &AwsTarget, bucket: &str) -> BucketRecord {
    let home = source.clients(target).await.s3;
    // Most buckets live in the request's region: ask for the location and the
    // configuration at once, and ask again at the bucket's own region only when it
    // is elsewhere (S3 answers such requests with a redirect).
    let probes = |s3: aws_sdk_s3::Client| {
        let b = bucket.to_string();
        async move {
            tokio::join!(
                s3.get_bucket_encryption().bucket(&b).send(),
                s3.get_bucket_versioning().bucket(&b).send(),
                s3.get_public_access_block().bucket(&b).send(),
                s3.get_bucket_tagging().bucket(&b).send(),
            )
        }
    };
    let (location, here) = tokio::join!(
        home.get_bucket_location().bucket(bucket).send(),
        probes(home.clone())
    );
    let region = probe(location, "s3:GetBucketLocation", bucket, &[])
        .map_value(|o| bucket_region(o.location_constraint().map(|c| c.as_str())));
    if matches!(region, Probe::NoSuchBucket) {
        return BucketRecord {
            bucket: bucket.to_string(),
            region,
            encryption: Probe::NoSuchBucket,
            versioning: Probe::NoSuchBucket,
            public_access: Probe::NoSuchBucket,
            tags: Probe::NoSuchBucket,
        };
    }
    // S3 answers a probe sent to the wrong region with a redirect naming the
    // bucket's region (`x-amz-bucket-region`): ask again there. The location read
    // says where, or, when it was denied, the redirect itself.
    let redirects = [
        redirected(&here.0),
        redirected(&here.1),
        redirected(&here.2),
        redirected(&here.3),
    ];
    let located = region.value().cloned().or_else(|| {
        redirect_region(&here.0)
            .or_else(|| redirect_region(&here.1))
            .or_else(|| redirect_region(&here.2))
            .or_else(|| redirect_region(&here.3))
    });
    let elsewhere = located.filter(|r| r != &target.region);
    let (reasked, (encryption, versioning, public_access, tags)) =
        match (&elsewhere, redirects.contains(&true)) {
            (Some(r), true) => (true, probes(source.s3_for_region(target, r).await).await),
            _ => (false, here),
        };
    // A probe redirected to a region nobody could name: say why it went unread.
    let lost = |i: usize| !reasked && redirects[i];
    let encryption = probe(
        encryption,
        "s3:GetEncryptionConfiguration",
        bucket,
        &["ServerSideEncryptionConfigurationNotFoundError"],
    )
    .and_then(|o| {
        let rule = o
            .server_side_encryption_configuration()
            .and_then(|c| c.rules().first())
            .cloned();
        match rule
            .as_ref()
            .and_then(|r| r.apply_server_side_encryption_by_default())
        {
            Some(d) => Probe::Ok {
                value: Encryption {
                    algorithm: d.sse_algorithm().as_str().to_string(),
                    kms_key_id: d.kms_master_key_id().map(str::to_string),
                    bucket_key_enabled: rule.as_ref().and_then(|r| r.bucket_key_enabled()),
                },
            },
            None => Probe::NotConfigured,
        }
    });
    let versioning = probe(versioning, "s3:GetBucketVersioning", bucket, &[]).and_then(|o| {
        match o.status() {
            Some(s) => Probe::Ok {
                value: Versioning {
                    status: s.as_str().to_string(),
                    mfa_delete: o.mfa_delete().map(|m| m.as_str().to_string()),
                },
            },
            // Never enabled: GetBucketVersioning answers with no Status.
            None => Probe::NotConfigured,
        }
    });
    let public_access = probe(
        public_access,
        "s3:GetBucketPublicAccessBlock",
        bucket,
        &["NoSuchPublicAccessBlockConfiguration"],
    )
    .and_then(|o| match o.public_access_block_configuration() {
        Some(c) => {
            let flags = [
                c.block_public_acls().unwrap_or(false),
                c.ignore_public_acls().unwrap_or(false),
                c.block_public_policy().unwrap_or(false),
                c.restrict_public_buckets().unwrap_or(false),
            ];
            Probe::Ok {
                value: PublicAccess {
                    block_public_acls: flags[0],
                    ignore_public_acls: flags[1],
                    block_public_policy: flags[2],
                    restrict_public_buckets: flags[3],
                    all_blocked: flags.iter().all(|f| *f),
                },
            }
        }
        None => Probe::NotConfigured,
    });
    let tags = probe(tags, "s3:GetBucketTagging", bucket, &["NoSuchTagSet"]).map_value(|o| {
        o.tag_set()
            .iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect::<BTreeMap<_, _>>()
    });
    BucketRecord {
        bucket: bucket.to_string(),
        encryption: if lost(0) {
            unlocated(&region)
        } else {
            encryption
        },
        versioning: if lost(1) {
            unlocated(&region)
        } else {
            versioning
        },
        public_access: if lost(2) {
            unlocated(&region)
        } else {
            public_access
        },
        tags: if lost(3) { unlocated(&region) } else { tags },
        region,
    }
}

/// A probe S3 redirected to the bucket's own region when that region is unknown:
/// unread because the location could not be read (naming the denied
/// `s3:GetBucketLocation`), not for a reason of its own.
fn unlocated<T>(region: &Probe<String>) -> Probe<T> {
    match region {
        Probe::AccessDenied { action } => Probe::AccessDenied {
            action: action.clone(),
        },
        Probe::Error { code, message } => Probe::Error {
            code: code.clone(),
            message: format!(
                "the bucket is in another region, and its location could not be read: {message}"
            ),
        },
        _ => Probe::Error {
            code: ErrorCode::AwsError,
            message: "S3 redirected the request to another region without naming it".into(),
        },
    }
}

/// A bucket configuration read: the "not configured" error codes are answers.
fn probe<T, E>(
    result: Result<T, SdkError<E, HttpResponse>>,
    action: &str,
    bucket: &str,
    not_configured: &[&str],
) -> Probe<T>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match result {
        Ok(v) => Probe::Ok { value: v },
        Err(err) => {
            if let SdkError::ServiceError(s) = &err {
                if let Some(code) = s.err().code() {
                    if not_configured.contains(&code) {
                        return Probe::NotConfigured;
                    }
                    if code == "NoSuchBucket" {
                        return Probe::NoSuchBucket;
                    }
                }
            }
            match map_sdk_error(err, action, &format!("bucket {bucket}")) {
                AwsError::AccessDenied { action, .. } => Probe::AccessDenied { action },
                other => {
                    let failure = other.to_failure();
                    Probe::Error {
                        code: failure.code,
                        message: failure.message,
                    }
                }
            }
        }
    }
}

/// True for S3's answer to a request sent to the wrong region.
pub(super) fn redirected<T, E>(result: &Result<T, SdkError<E, HttpResponse>>) -> bool {
    matches!(result, Err(SdkError::ServiceError(e)) if e.raw().status().as_u16() == 301)
}

/// The bucket's region as S3 names it in a redirect (`x-amz-bucket-region`).
pub(super) fn redirect_region<T, E>(
    result: &Result<T, SdkError<E, HttpResponse>>,
) -> Option<String> {
    match result {
        Err(SdkError::ServiceError(e)) if e.raw().status().as_u16() == 301 => e
            .raw()
            .headers()
            .get("x-amz-bucket-region")
            .filter(|r| crate::server::regions::is_region_shaped(r))
            .map(str::to_string),
        _ => None,
    }
}

/// GetBucketLocation's answer as a region name: empty means us-east-1 and `EU` is the
/// legacy name of eu-west-1.
pub(super) fn bucket_region(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => "us-east-1".to_string(),
        Some("EU") => "eu-west-1".to_string(),
        Some(r) => r.to_string(),
    }
}

/// Small combinators so bucket probes read top to bottom.
trait ProbeExt<T> {
    fn map_value<U>(self, f: impl FnOnce(T) -> U) -> Probe<U>;
    fn and_then<U>(self, f: impl FnOnce(T) -> Probe<U>) -> Probe<U>;
}

impl<T> ProbeExt<T> for Probe<T> {
    fn map_value<U>(self, f: impl FnOnce(T) -> U) -> Probe<U> {
        self.and_then(|v| Probe::Ok { value: f(v) })
    }

    fn and_then<U>(self, f: impl FnOnce(T) -> Probe<U>) -> Probe<U> {
        match self {
            Probe::Ok { value } => f(value),
            Probe::NotConfigured => Probe::NotConfigured,
            Probe::AccessDenied { action } => Probe::AccessDenied { action },
            Probe::NoSuchBucket => Probe::NoSuchBucket,
            Probe::Error { code, message } => Probe::Error { code, message },
        }
    }
}
