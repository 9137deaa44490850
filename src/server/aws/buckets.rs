//! Bucket configuration: location, encryption, versioning, public access block, tags,
//! and the access and protection controls (policy and its status, ACL, ownership,
//! Object Lock, logging, lifecycle, and who owns the SageMaker default bucket).

use std::collections::BTreeMap;

use aws_sdk_sagemaker::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use super::errors::map_sdk_error;
use super::AwsSource;
use aws_sdk_s3::operation::{
    get_bucket_acl::{GetBucketAclError, GetBucketAclOutput},
    get_bucket_encryption::{GetBucketEncryptionError, GetBucketEncryptionOutput},
    get_bucket_lifecycle_configuration::{
        GetBucketLifecycleConfigurationError, GetBucketLifecycleConfigurationOutput,
    },
    get_bucket_logging::{GetBucketLoggingError, GetBucketLoggingOutput},
    get_bucket_ownership_controls::{
        GetBucketOwnershipControlsError, GetBucketOwnershipControlsOutput,
    },
    get_bucket_policy::{GetBucketPolicyError, GetBucketPolicyOutput},
    get_bucket_policy_status::{GetBucketPolicyStatusError, GetBucketPolicyStatusOutput},
    get_bucket_tagging::{GetBucketTaggingError, GetBucketTaggingOutput},
    get_bucket_versioning::{GetBucketVersioningError, GetBucketVersioningOutput},
    get_object_lock_configuration::{
        GetObjectLockConfigurationError, GetObjectLockConfigurationOutput,
    },
    get_public_access_block::{GetPublicAccessBlockError, GetPublicAccessBlockOutput},
    head_bucket::{HeadBucketError, HeadBucketOutput},
};

use crate::core::{
    AclGrant, BucketControlsRecord, BucketRecord, Encryption, ErrorCode, Logging, ObjectLock,
    Probe, PublicAccess, Versioning,
};
use crate::server::source::{AwsError, AwsTarget};

/// Everything about a bucket: location, basics and controls. `expected_owner` is set
/// for the SageMaker default bucket name of the pipeline's account only.
pub(super) async fn security(
    source: &AwsSource,
    target: &AwsTarget,
    bucket: &str,
    expected_owner: Option<&str>,
) -> BucketRecord {
    let home = source.clients(target).await.s3;
    // Most buckets live in the request's region: ask for the location and the
    // configuration at once, and ask again at the bucket's own region only when it
    // is elsewhere (S3 answers such requests with a redirect).
    let (location, here) = tokio::join!(
        home.get_bucket_location().bucket(bucket).send(),
        Answers::read(home.clone(), bucket, expected_owner)
    );
    let region = probe(
        location,
        "s3:GetBucketLocation",
        &format!("bucket {bucket}"),
        &[],
    )
    .map_value(|o| bucket_region(o.location_constraint().map(|c| c.as_str())));
    if matches!(region, Probe::NoSuchBucket) {
        return BucketRecord {
            bucket: bucket.to_string(),
            region,
            encryption: Probe::NoSuchBucket,
            versioning: Probe::NoSuchBucket,
            public_access: Probe::NoSuchBucket,
            tags: Probe::NoSuchBucket,
            controls: None,
        };
    }
    // S3 answers a probe sent to the wrong region with a redirect naming the
    // bucket's region (`x-amz-bucket-region`): ask again there. The location read
    // says where, or, when it was denied, the redirect itself.
    let located = region.value().cloned().or_else(|| here.redirect_region());
    let elsewhere = located.filter(|r| r != &target.region);
    let redirected_here = here.redirected();
    let answers = match (&elsewhere, redirected_here) {
        (Some(r), true) => {
            Answers::read(
                source.s3_for_region(target, r).await,
                bucket,
                expected_owner,
            )
            .await
        }
        _ => here,
    };
    // Probes redirected to a region nobody could name: say why they went unread.
    let lost = redirected_here && elsewhere.is_none();
    answers.record(bucket, region, lost)
}

/// Every bucket probe but the location, as S3 answered them.
struct Answers {
    encryption: Answer<GetBucketEncryptionOutput, GetBucketEncryptionError>,
    versioning: Answer<GetBucketVersioningOutput, GetBucketVersioningError>,
    public_access: Answer<GetPublicAccessBlockOutput, GetPublicAccessBlockError>,
    tags: Answer<GetBucketTaggingOutput, GetBucketTaggingError>,
    policy_status: Answer<GetBucketPolicyStatusOutput, GetBucketPolicyStatusError>,
    policy: Answer<GetBucketPolicyOutput, GetBucketPolicyError>,
    acl: Answer<GetBucketAclOutput, GetBucketAclError>,
    ownership: Answer<GetBucketOwnershipControlsOutput, GetBucketOwnershipControlsError>,
    object_lock: Answer<GetObjectLockConfigurationOutput, GetObjectLockConfigurationError>,
    logging: Answer<GetBucketLoggingOutput, GetBucketLoggingError>,
    lifecycle: Answer<GetBucketLifecycleConfigurationOutput, GetBucketLifecycleConfigurationError>,
    /// `HeadBucket` as is, and with the expected owner.
    owned: Option<(
        Answer<HeadBucketOutput, HeadBucketError>,
        Answer<HeadBucketOutput, HeadBucketError>,
    )>,
}

type Answer<T, E> = Result<T, SdkError<E, HttpResponse>>;

/// Applies `$f` to every answer (they have different types), as a list.
macro_rules! each_answer {
    ($a:expr, $f:ident) => {{
        let a = $a;
        let mut out = vec![
            $f(&a.encryption),
            $f(&a.versioning),
            $f(&a.public_access),
            $f(&a.tags),
            $f(&a.policy_status),
            $f(&a.policy),
            $f(&a.acl),
            $f(&a.ownership),
            $f(&a.object_lock),
            $f(&a.logging),
            $f(&a.lifecycle),
        ];
        if let Some((plain, expected)) = &a.owned {
            out.push($f(plain));
            out.push($f(expected));
        }
        out
    }};
}

impl Answers {
    /// All probes of `bucket`, side by side (one bucket counts as one read against
    /// the request's `--concurrency`).
    async fn read(s3: aws_sdk_s3::Client, bucket: &str, expected_owner: Option<&str>) -> Answers {
        let b = bucket;
        let owned = async {
            match expected_owner {
                Some(owner) => Some(tokio::join!(
                    s3.head_bucket().bucket(b).send(),
                    s3.head_bucket()
                        .bucket(b)
                        .expected_bucket_owner(owner)
                        .send(),
                )),
                None => None,
            }
        };
        let (
            encryption,
            versioning,
            public_access,
            tags,
            policy_status,
            policy,
            acl,
            ownership,
            object_lock,
            logging,
            lifecycle,
            owned,
        ) = tokio::join!(
            s3.get_bucket_encryption().bucket(b).send(),
            s3.get_bucket_versioning().bucket(b).send(),
            s3.get_public_access_block().bucket(b).send(),
            s3.get_bucket_tagging().bucket(b).send(),
            s3.get_bucket_policy_status().bucket(b).send(),
            s3.get_bucket_policy().bucket(b).send(),
            s3.get_bucket_acl().bucket(b).send(),
            s3.get_bucket_ownership_controls().bucket(b).send(),
            s3.get_object_lock_configuration().bucket(b).send(),
            s3.get_bucket_logging().bucket(b).send(),
            s3.get_bucket_lifecycle_configuration().bucket(b).send(),
            owned,
        );
        Answers {
            encryption,
            versioning,
            public_access,
            tags,
            policy_status,
            policy,
            acl,
            ownership,
            object_lock,
            logging,
            lifecycle,
            owned,
        }
    }

    /// Whether S3 sent any probe to the bucket's own region.
    fn redirected(&self) -> bool {
        each_answer!(self, redirected).into_iter().any(|r| r)
    }

    /// The bucket's region, as a redirect names it.
    fn redirect_region(&self) -> Option<String> {
        each_answer!(self, redirect_region)
            .into_iter()
            .flatten()
            .next()
    }

    fn record(self, bucket: &str, region: Probe<String>, lost: bool) -> BucketRecord {
        let what = format!("bucket {bucket}");
        // A probe redirected to a region nobody could name is unread for the reason
        // the location is.
        fn located<T>(
            p: Probe<T>,
            redirected: bool,
            lost: bool,
            region: &Probe<String>,
        ) -> Probe<T> {
            if lost && redirected {
                unlocated(region)
            } else {
                p
            }
        }
        macro_rules! read {
            ($field:ident, $action:literal, $not_configured:expr, $f:expr) => {{
                let was_redirected = redirected(&self.$field);
                located(
                    probe(self.$field, $action, &what, $not_configured).and_then($f),
                    was_redirected,
                    lost,
                    &region,
                )
            }};
        }
        let encryption = read!(
            encryption,
            "s3:GetEncryptionConfiguration",
            &["ServerSideEncryptionConfigurationNotFoundError"],
            |o: GetBucketEncryptionOutput| {
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
            }
        );
        let versioning = read!(
            versioning,
            "s3:GetBucketVersioning",
            &[],
            |o: GetBucketVersioningOutput| match o.status() {
                Some(s) => Probe::Ok {
                    value: Versioning {
                        status: s.as_str().to_string(),
                        mfa_delete: o.mfa_delete().map(|m| m.as_str().to_string()),
                    },
                },
                // Never enabled: GetBucketVersioning answers with no Status.
                None => Probe::NotConfigured,
            }
        );
        let public_access = read!(
            public_access,
            "s3:GetBucketPublicAccessBlock",
            &["NoSuchPublicAccessBlockConfiguration"],
            |o: GetPublicAccessBlockOutput| match o.public_access_block_configuration() {
                Some(c) => Probe::Ok {
                    value: public_access(
                        c.block_public_acls(),
                        c.ignore_public_acls(),
                        c.block_public_policy(),
                        c.restrict_public_buckets(),
                    ),
                },
                None => Probe::NotConfigured,
            }
        );
        let tags = read!(
            tags,
            "s3:GetBucketTagging",
            &["NoSuchTagSet"],
            |o: GetBucketTaggingOutput| Probe::Ok {
                value: o
                    .tag_set()
                    .iter()
                    .map(|t| (t.key().to_string(), t.value().to_string()))
                    .collect::<BTreeMap<_, _>>(),
            }
        );
        // Without a policy there is no policy status either.
        let policy_status = read!(
            policy_status,
            "s3:GetBucketPolicyStatus",
            &["NoSuchBucketPolicy"],
            |o: GetBucketPolicyStatusOutput| Probe::Ok {
                value: o
                    .policy_status()
                    .and_then(|p| p.is_public())
                    .unwrap_or(false),
            }
        );
        let policy = read!(
            policy,
            "s3:GetBucketPolicy",
            &["NoSuchBucketPolicy"],
            |o: GetBucketPolicyOutput| match o.policy().filter(|p| !p.is_empty()) {
                Some(p) => Probe::Ok {
                    value: p.to_string(),
                },
                None => Probe::NotConfigured,
            }
        );
        let acl = read!(acl, "s3:GetBucketAcl", &[], |o: GetBucketAclOutput| {
            Probe::Ok {
                value: o
                    .grants()
                    .iter()
                    .map(|g| {
                        let grantee = g.grantee();
                        AclGrant {
                            grantee_type: grantee
                                .map(|g| g.r#type().as_str().to_string())
                                .unwrap_or_default(),
                            uri: grantee.and_then(|g| g.uri()).map(str::to_string),
                            id: grantee.and_then(|g| g.id()).map(str::to_string),
                            permission: g
                                .permission()
                                .map(|p| p.as_str().to_string())
                                .unwrap_or_default(),
                        }
                    })
                    .collect(),
            }
        });
        let ownership = read!(
            ownership,
            "s3:GetBucketOwnershipControls",
            &["OwnershipControlsNotFoundError"],
            |o: GetBucketOwnershipControlsOutput| match o
                .ownership_controls()
                .and_then(|c| c.rules().first())
            {
                Some(r) => Probe::Ok {
                    value: r.object_ownership().as_str().to_string(),
                },
                None => Probe::NotConfigured,
            }
        );
        let object_lock = read!(
            object_lock,
            "s3:GetBucketObjectLockConfiguration",
            &["ObjectLockConfigurationNotFoundError"],
            |o: GetObjectLockConfigurationOutput| match o.object_lock_configuration() {
                Some(c) => {
                    let retention = c.rule().and_then(|r| r.default_retention());
                    Probe::Ok {
                        value: ObjectLock {
                            enabled: c
                                .object_lock_enabled()
                                .is_some_and(|e| e.as_str() == "Enabled"),
                            mode: retention
                                .and_then(|r| r.mode())
                                .map(|m| m.as_str().to_string()),
                            days: retention.and_then(|r| r.days()),
                            years: retention.and_then(|r| r.years()),
                        },
                    }
                }
                None => Probe::NotConfigured,
            }
        );
        let logging = read!(
            logging,
            "s3:GetBucketLogging",
            &[],
            |o: GetBucketLoggingOutput| match o.logging_enabled() {
                Some(l) => Probe::Ok {
                    value: Logging {
                        target_bucket: l.target_bucket().to_string(),
                        target_prefix: l.target_prefix().to_string(),
                    },
                },
                None => Probe::NotConfigured,
            }
        );
        let lifecycle = read!(
            lifecycle,
            "s3:GetLifecycleConfiguration",
            &["NoSuchLifecycleConfiguration"],
            |o: GetBucketLifecycleConfigurationOutput| Probe::Ok {
                value: o.rules().len() as u32,
            }
        );
        let owned = self.owned.map(|(plain, expected)| {
            let was_redirected = redirected(&plain) || redirected(&expected);
            // Refused with the expected owner, answered without it: another account
            // owns the bucket. Refused both ways: this identity may not look.
            let answer = match (
                probe(plain, "s3:ListBucket", &what, &[]),
                probe(expected, "s3:ListBucket", &what, &[]),
            ) {
                (Probe::Ok { .. }, Probe::Ok { .. }) => Probe::Ok { value: true },
                (Probe::Ok { .. }, Probe::AccessDenied { .. }) => Probe::Ok { value: false },
                (Probe::Ok { .. }, other) => other.and_then(|_| Probe::Ok { value: true }),
                (other, _) => other.and_then(|_| Probe::Ok { value: true }),
            };
            located(answer, was_redirected, lost, &region)
        });
        BucketRecord {
            bucket: bucket.to_string(),
            encryption,
            versioning,
            public_access,
            tags,
            controls: Some(BucketControlsRecord {
                bucket: bucket.to_string(),
                policy_status,
                policy,
                acl,
                ownership,
                object_lock,
                logging,
                lifecycle,
                owned,
            }),
            region,
        }
    }
}

/// Block public access settings (bucket or account), unset flags being off.
pub(super) fn public_access(
    block_public_acls: Option<bool>,
    ignore_public_acls: Option<bool>,
    block_public_policy: Option<bool>,
    restrict_public_buckets: Option<bool>,
) -> PublicAccess {
    let flags = [
        block_public_acls.unwrap_or(false),
        ignore_public_acls.unwrap_or(false),
        block_public_policy.unwrap_or(false),
        restrict_public_buckets.unwrap_or(false),
    ];
    PublicAccess {
        block_public_acls: flags[0],
        ignore_public_acls: flags[1],
        block_public_policy: flags[2],
        restrict_public_buckets: flags[3],
        all_blocked: flags.iter().all(|f| *f),
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

/// A configuration read: the "not configured" error codes are answers.
pub(super) fn probe<T, E>(
    result: Result<T, SdkError<E, HttpResponse>>,
    action: &str,
    what: &str,
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
            match map_sdk_error(err, action, what) {
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
pub(super) trait ProbeExt<T> {
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
