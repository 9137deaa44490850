//! Security findings: what the configuration read of buckets, keys, jobs and the
//! account says could let the pipeline's data leak, be tampered with or become
//! unreadable. The vocabulary (`FindingKind`: id, severity, title, related Security
//! Hub controls) and the rules that derive findings from records.
//!
//! Invariant: a finding rests on a value that was read (`Probe::Ok`, or S3's own "not
//! configured" answer); a probe that was denied or failed yields no finding (the
//! engine warns instead), and never counts as fine either.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::document::{Probe, PublicAccess, S3Security};
use super::posture::{BucketControls, JobKey, JobSecurity, KmsKey};
use super::records::JobKind;

/// How bad a finding is; ordered from the worst.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    /// Whether this is as bad as `threshold` or worse.
    pub fn at_least(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("`{s}` is not a severity (critical, high, medium or low)"))
    }
}

/// Defines the finding vocabulary: one line per finding, with its id, severity,
/// title and related AWS Security Hub controls (the README's table says why each
/// severity).
macro_rules! findings {
    ($( $variant:ident => $id:tt, $severity:ident, $title:literal, [$($control:literal),*]; )*) => {
        /// What a finding is about; serialized as its id (`s3.public-policy`, ...).
        #[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum FindingKind {
            $( #[serde(rename = $id)] $variant, )*
        }

        impl FindingKind {
            pub const ALL: &'static [FindingKind] = &[$(FindingKind::$variant),*];

            pub fn id(self) -> &'static str {
                match self { $( FindingKind::$variant => $id, )* }
            }

            pub fn severity(self) -> Severity {
                match self { $( FindingKind::$variant => Severity::$severity, )* }
            }

            pub fn title(self) -> &'static str {
                match self { $( FindingKind::$variant => $title, )* }
            }

            /// Related AWS Security Hub (CSPM) controls.
            pub fn controls(self) -> &'static [&'static str] {
                match self { $( FindingKind::$variant => &[$($control),*], )* }
            }
        }
    };
}

findings! {
    S3PublicPolicy => "s3.public-policy", Critical,
        "Bucket policy makes the bucket public", ["S3.2", "S3.3"];
    S3PublicAcl => "s3.public-acl", Critical,
        "Bucket ACL grants access to everyone or to every AWS account", ["S3.2", "S3.3"];
    S3DefaultBucketNotOwned => "s3.default-bucket-not-owned", Critical,
        "The SageMaker default bucket is owned by another account", [];
    KmsKeyNotEnabled => "kms.key-not-enabled", Critical,
        "KMS key is disabled or pending deletion: the data it protects becomes unreadable", ["KMS.3"];
    S3CrossAccountAccess => "s3.cross-account-access", High,
        "Bucket policy grants access to other AWS accounts", ["S3.6"];
    S3PublicAccessBlockOff => "s3.public-access-block-off", High,
        "Bucket does not block all public access", ["S3.8"];
    S3NotEncrypted => "s3.not-encrypted", High,
        "Bucket has no default encryption", ["S3.17"];
    KmsOtherAccount => "kms.other-account", High,
        "KMS key belongs to another account", [];
    S3AccountPublicAccessBlockOff => "s3.account-public-access-block-off", Medium,
        "Account does not block all public access to S3", ["S3.1"];
    S3TlsNotRequired => "s3.tls-not-required", Medium,
        "Bucket policy does not deny requests without TLS", ["S3.5"];
    S3SseS3Only => "s3.sse-s3-only", Medium,
        "Bucket is encrypted with S3-managed keys, not KMS", ["S3.17"];
    S3AclsEnabled => "s3.acls-enabled", Medium,
        "Bucket ACLs are enabled (object ownership is not BucketOwnerEnforced)", ["S3.12"];
    S3NoAccessLogging => "s3.no-access-logging", Medium,
        "Bucket has no server access logging", ["S3.9"];
    S3NoObjectLock => "s3.no-object-lock", Medium,
        "Bucket has no Object Lock", ["S3.15"];
    KmsRotationOff => "kms.rotation-off", Medium,
        "Customer-managed KMS key is not rotated", ["KMS.4"];
    JobNetworkIsolationOff => "job.network-isolation-off", Medium,
        "Job containers can reach the network", [];
    JobNoVpc => "job.no-vpc", Medium,
        "Job does not run in a VPC of yours", [];
    S3VersioningOff => "s3.versioning-off", Low,
        "Bucket versioning is not enabled", ["S3.14"];
    S3MfaDeleteOff => "s3.mfa-delete-off", Low,
        "Bucket does not require MFA to delete versions", ["S3.20"];
    S3RegionMismatch => "s3.region-mismatch", Low,
        "Bucket is outside the pipeline's region", [];
    JobInterContainerEncryptionOff => "job.inter-container-encryption-off", Low,
        "Traffic between the job's instances is not encrypted", [];
    JobVolumeNotKms => "job.volume-not-kms", Low,
        "Job storage volumes are not encrypted with a KMS key of yours", [];
    JobOutputNotKms => "job.output-not-kms", Low,
        "Job outputs are not encrypted with a KMS key of yours", [];
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What a finding is about.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum ResourceType {
    Bucket,
    KmsKey,
    Job,
    Account,
}

impl ResourceType {
    /// As the JSON contract writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceType::Bucket => "bucket",
            ResourceType::KmsKey => "kmsKey",
            ResourceType::Job => "job",
            ResourceType::Account => "account",
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    #[serde(rename = "type")]
    pub kind: ResourceType,
    /// The bucket name, the key ARN, the job ARN or the account id.
    pub id: String,
}

/// The value a finding rests on: which call answered it, and which field of the answer.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// The IAM action of the call (`s3:GetBucketPolicy`, ...).
    pub action: String,
    pub field: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub id: FindingKind,
    pub severity: Severity,
    pub resource: Resource,
    /// The steps that read or write the resource (in graph order).
    pub steps: Vec<String>,
    pub title: String,
    /// What was read, in words.
    pub detail: String,
    pub evidence: Evidence,
    /// Related AWS Security Hub controls.
    pub controls: Vec<String>,
}

/// Findings per severity.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FindingCounts {
    pub critical: u32,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
}

impl FindingCounts {
    pub fn of(findings: &[Finding]) -> Self {
        let mut c = FindingCounts::default();
        for f in findings {
            match f.severity {
                Severity::Critical => c.critical += 1,
                Severity::High => c.high += 1,
                Severity::Medium => c.medium += 1,
                Severity::Low => c.low += 1,
            }
        }
        c
    }

    pub fn get(&self, severity: Severity) -> u32 {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
        }
    }

    pub fn total(&self) -> u32 {
        self.critical + self.high + self.medium + self.low
    }
}

/// Collects findings: one per kind and resource (steps merged), sorted worst first.
#[derive(Default)]
pub(super) struct Findings {
    by_key: BTreeMap<(Severity, FindingKind, Resource), Finding>,
}

impl Findings {
    fn add(
        &mut self,
        kind: FindingKind,
        resource: Resource,
        steps: &[String],
        detail: String,
        evidence: (&str, &str),
    ) {
        let key = (kind.severity(), kind, resource.clone());
        let entry = self.by_key.entry(key).or_insert_with(|| Finding {
            id: kind,
            severity: kind.severity(),
            resource,
            steps: Vec::new(),
            title: kind.title().to_string(),
            detail,
            evidence: Evidence {
                action: evidence.0.to_string(),
                field: evidence.1.to_string(),
            },
            controls: kind.controls().iter().map(|c| c.to_string()).collect(),
        });
        for s in steps {
            if !entry.steps.contains(s) {
                entry.steps.push(s.clone());
            }
        }
    }

    pub(super) fn into_vec(self, step_order: &[String]) -> Vec<Finding> {
        let position = |s: &String| step_order.iter().position(|o| o == s);
        self.by_key
            .into_values()
            .map(|mut f| {
                f.steps.sort_by_key(position);
                f
            })
            .collect()
    }

    /// The findings of one bucket, from what was read of it.
    pub(super) fn bucket(
        &mut self,
        bucket: &str,
        s3: &S3Security,
        steps: &[String],
        pipeline_region: Option<&str>,
        account_blocks: Option<&PublicAccess>,
    ) {
        let resource = Resource {
            kind: ResourceType::Bucket,
            id: bucket.to_string(),
        };
        // The account's block public access covers the buckets it owns only.
        let foreign = s3
            .controls
            .as_ref()
            .and_then(|c| c.owned.as_ref())
            .is_some_and(|owned| matches!(owned, Probe::Ok { value: false }));
        let account_blocks = account_blocks.filter(|_| !foreign);
        let mut add = |kind, detail: String, evidence| {
            self.add(kind, resource.clone(), steps, detail, evidence)
        };
        if let (Probe::Ok { value: region }, Some(home)) = (&s3.region, pipeline_region) {
            if region != home {
                add(
                    FindingKind::S3RegionMismatch,
                    format!("the bucket is in {region}; the pipeline runs in {home}"),
                    ("s3:GetBucketLocation", "LocationConstraint"),
                );
            }
        }
        const SSE: &str = "s3:GetEncryptionConfiguration";
        match &s3.encryption {
            Probe::NotConfigured => add(
                FindingKind::S3NotEncrypted,
                "the bucket has no default encryption configuration".into(),
                (SSE, "ServerSideEncryptionConfiguration"),
            ),
            Probe::Ok { value } if !value.algorithm.starts_with("aws:kms") => add(
                FindingKind::S3SseS3Only,
                format!(
                    "default encryption is {} (S3-managed keys): anyone allowed to read \
                     the objects reads them in clear, and no key policy or KMS log stands \
                     in between",
                    value.algorithm
                ),
                (SSE, "ApplyServerSideEncryptionByDefault.SSEAlgorithm"),
            ),
            _ => {}
        }
        const VERSIONING: &str = "s3:GetBucketVersioning";
        let lifecycle_rules = s3
            .controls
            .as_ref()
            .and_then(|c| c.lifecycle.value())
            .map_or(0, |l| l.rules);
        match &s3.versioning {
            Probe::NotConfigured => add(
                FindingKind::S3VersioningOff,
                "versioning was never enabled: an overwrite or delete loses the data".into(),
                (VERSIONING, "Status"),
            ),
            Probe::Ok { value } if value.status != "Enabled" => add(
                FindingKind::S3VersioningOff,
                format!(
                    "versioning is {}: an overwrite or delete loses the data",
                    value.status
                ),
                (VERSIONING, "Status"),
            ),
            _ => {}
        }
        // MFA delete needs versioning and cannot be used with lifecycle rules (which
        // is why Security Hub's S3.20 passes over buckets that have them).
        let mfa_off = match &s3.versioning {
            Probe::Ok { value } => value.mfa_delete.as_deref() != Some("Enabled"),
            Probe::NotConfigured => true,
            _ => false,
        };
        if mfa_off && lifecycle_rules == 0 {
            add(
                FindingKind::S3MfaDeleteOff,
                "deleting object versions or suspending versioning needs no MFA".into(),
                (VERSIONING, "MFADelete"),
            );
        }
        const PAB: &str = "s3:GetBucketPublicAccessBlock";
        let account_note = match account_blocks {
            Some(a) if a.all_blocked => {
                " (the account's block public access still applies to it)".to_string()
            }
            _ => String::new(),
        };
        match &s3.public_access {
            Probe::NotConfigured => add(
                FindingKind::S3PublicAccessBlockOff,
                format!("the bucket has no public access block{account_note}"),
                (PAB, "PublicAccessBlockConfiguration"),
            ),
            Probe::Ok { value } if !value.all_blocked => add(
                FindingKind::S3PublicAccessBlockOff,
                format!("off: {}{account_note}", unblocked(value).join(", ")),
                (PAB, "PublicAccessBlockConfiguration"),
            ),
            _ => {}
        }
        if let Some(c) = &s3.controls {
            let overrides = Overrides::of(&s3.public_access, account_blocks);
            self.controls(bucket, c, &resource, steps, overrides);
        }
    }

    fn controls(
        &mut self,
        bucket: &str,
        c: &BucketControls,
        resource: &Resource,
        steps: &[String],
        overrides: Overrides,
    ) {
        let mut add = |kind, detail: String, evidence| {
            self.add(kind, resource.clone(), steps, detail, evidence)
        };
        if let Probe::Ok { value } = &c.policy_status {
            // RestrictPublicBuckets limits a public policy to principals of this
            // account and AWS services: the policy is no longer public in effect.
            if value.is_public && !overrides.restrict_public_buckets {
                add(
                    FindingKind::S3PublicPolicy,
                    "S3 evaluates the bucket policy as public".into(),
                    ("s3:GetBucketPolicyStatus", "PolicyStatus.IsPublic"),
                );
            }
        }
        const POLICY: &str = "s3:GetBucketPolicy";
        match &c.policy {
            Probe::Ok { value } => {
                if !value.other_accounts.is_empty() {
                    add(
                        FindingKind::S3CrossAccountAccess,
                        format!(
                            "the policy allows account{} {}",
                            if value.other_accounts.len() == 1 {
                                ""
                            } else {
                                "s"
                            },
                            value.other_accounts.join(", ")
                        ),
                        (POLICY, "Statement.Principal"),
                    );
                }
                if !value.tls_required {
                    add(
                        FindingKind::S3TlsNotRequired,
                        "no statement denies requests where aws:SecureTransport is false".into(),
                        (POLICY, "Statement.Condition"),
                    );
                }
            }
            Probe::NotConfigured => add(
                FindingKind::S3TlsNotRequired,
                "the bucket has no policy, so requests without TLS are not denied".into(),
                (POLICY, "Policy"),
            ),
            _ => {}
        }
        if let Probe::Ok { value } = &c.acl {
            // With IgnorePublicAcls, S3 ignores every public grant when it
            // authorizes a request: the grant is inert while the setting holds
            // (and turning the setting off is `s3.public-access-block-off`).
            if value.public && !overrides.ignore_public_acls {
                let groups: Vec<String> = value
                    .grants
                    .iter()
                    .filter(|g| g.is_public())
                    .map(|g| {
                        let who = g.uri.as_deref().unwrap_or_default();
                        format!(
                            "{} to {}",
                            g.permission,
                            who.rsplit('/').next().unwrap_or(who)
                        )
                    })
                    .collect();
                add(
                    FindingKind::S3PublicAcl,
                    format!("the ACL grants {}", groups.join(", ")),
                    ("s3:GetBucketAcl", "Grants.Grantee.URI"),
                );
            }
        }
        const OWNERSHIP: &str = "s3:GetBucketOwnershipControls";
        match &c.ownership {
            // A bucket without ownership controls predates them: its ACLs apply.
            Probe::NotConfigured => add(
                FindingKind::S3AclsEnabled,
                "the bucket has no ownership controls, so its ACLs and its objects' ACLs apply"
                    .into(),
                (OWNERSHIP, "OwnershipControls"),
            ),
            Probe::Ok { value } if value != "BucketOwnerEnforced" => add(
                FindingKind::S3AclsEnabled,
                format!("object ownership is {value}, so ACLs apply"),
                (OWNERSHIP, "OwnershipControls.Rules.ObjectOwnership"),
            ),
            _ => {}
        }
        const LOCK: &str = "s3:GetBucketObjectLockConfiguration";
        match &c.object_lock {
            Probe::NotConfigured => add(
                FindingKind::S3NoObjectLock,
                "Object Lock is not enabled: objects can be overwritten or deleted".into(),
                (LOCK, "ObjectLockConfiguration"),
            ),
            Probe::Ok { value } if !value.enabled => add(
                FindingKind::S3NoObjectLock,
                "Object Lock is not enabled: objects can be overwritten or deleted".into(),
                (LOCK, "ObjectLockConfiguration.ObjectLockEnabled"),
            ),
            _ => {}
        }
        if let Probe::NotConfigured = &c.logging {
            add(
                FindingKind::S3NoAccessLogging,
                "server access logging is off: reads of the data leave no S3 log".into(),
                ("s3:GetBucketLogging", "LoggingEnabled"),
            );
        }
        if let Some(Probe::Ok { value: false }) = &c.owned {
            add(
                FindingKind::S3DefaultBucketNotOwned,
                format!(
                    "`{bucket}` has the name of this account's SageMaker default bucket, \
                     but S3 refused it with this account as the expected owner: another \
                     account owns it and receives what the pipeline writes there"
                ),
                ("s3:ListBucket", "ExpectedBucketOwner"),
            );
        }
    }

    /// The findings of one KMS key. `named_by` is the call and field that named the
    /// key (for an owner read from its ARN when the key could not be described).
    pub(super) fn key(&mut self, key: &KmsKey, account: Option<&str>, named_by: (&str, &str)) {
        let described = key.description.value();
        let resource = Resource {
            kind: ResourceType::KmsKey,
            id: described.map_or_else(|| key.key.clone(), |d| d.arn.clone()),
        };
        let steps = &key.steps;
        if let Some(d) = described {
            if d.state != "Enabled" {
                self.add(
                    FindingKind::KmsKeyNotEnabled,
                    resource.clone(),
                    steps,
                    format!(
                        "the key is {}: data encrypted with it cannot be read while it is, \
                         and never again once it is deleted",
                        d.state
                    ),
                    ("kms:DescribeKey", "KeyMetadata.KeyState"),
                );
            }
            if let Some(Probe::Ok { value: false }) = &key.rotation {
                self.add(
                    FindingKind::KmsRotationOff,
                    resource.clone(),
                    steps,
                    "automatic key rotation is off".into(),
                    ("kms:GetKeyRotationStatus", "KeyRotationEnabled"),
                );
            }
        }
        let (owner, evidence) = match described {
            Some(d) => (
                Some(d.account.clone()),
                ("kms:DescribeKey", "KeyMetadata.AWSAccountId"),
            ),
            None => (arn_account(&key.key), named_by),
        };
        if let (Some(owner), Some(ours)) = (owner, account) {
            if !owner.is_empty() && owner != ours {
                self.add(
                    FindingKind::KmsOtherAccount,
                    resource,
                    steps,
                    format!(
                        "the key belongs to account {owner}: that account decides whether \
                         the data stays readable"
                    ),
                    evidence,
                );
            }
        }
    }

    /// The findings of one job, from its description.
    pub(super) fn job(&mut self, step: &str, arn: &str, kind: JobKind, s: &JobSecurity) {
        let resource = Resource {
            kind: ResourceType::Job,
            id: arn.to_string(),
        };
        let steps = [step.to_string()];
        let action = kind.describe_action();
        let f = JobFields::of(kind);
        if s.network_isolation == Some(false) {
            self.add(
                FindingKind::JobNetworkIsolationOff,
                resource.clone(),
                &steps,
                "network isolation is off: the containers can send the data they read \
                 anywhere the network reaches"
                    .into(),
                (action, f.isolation),
            );
        }
        if s.inter_container_encryption == Some(false) && s.instance_count.unwrap_or(1) > 1 {
            self.add(
                FindingKind::JobInterContainerEncryptionOff,
                resource.clone(),
                &steps,
                format!(
                    "{} instances exchange data without inter-container traffic encryption",
                    s.instance_count.unwrap_or_default()
                ),
                (action, f.encryption),
            );
        }
        if s.vpc == Some(false) {
            self.add(
                FindingKind::JobNoVpc,
                resource.clone(),
                &steps,
                "the job has no VPC configuration: it runs in a network SageMaker manages, \
                 outside your security groups and endpoints"
                    .into(),
                (action, f.vpc),
            );
        }
        if s.volume_key == Some(JobKey::Default) {
            self.add(
                FindingKind::JobVolumeNotKms,
                resource.clone(),
                &steps,
                "no volume KMS key: the storage volumes use an AWS managed key".into(),
                (action, f.volume),
            );
        }
        if s.output_key == Some(JobKey::Default) {
            self.add(
                FindingKind::JobOutputNotKms,
                resource,
                &steps,
                "no output KMS key: outputs get only the bucket's default encryption".into(),
                (action, f.output),
            );
        }
    }

    /// The account's public access block.
    pub(super) fn account(
        &mut self,
        id: &str,
        public_access: &Probe<PublicAccess>,
        steps: &[String],
    ) {
        let resource = Resource {
            kind: ResourceType::Account,
            id: id.to_string(),
        };
        const ACTION: &str = "s3:GetAccountPublicAccessBlock";
        let detail = match public_access {
            Probe::NotConfigured => "the account has no S3 block public access".to_string(),
            Probe::Ok { value } if !value.all_blocked => {
                format!("off at the account: {}", unblocked(value).join(", "))
            }
            _ => return,
        };
        self.add(
            FindingKind::S3AccountPublicAccessBlockOff,
            resource,
            steps,
            detail,
            (ACTION, "PublicAccessBlockConfiguration"),
        );
    }
}

/// The block public access settings that make a public grant inert, from the bucket's
/// setting or the account's (S3 applies the more restrictive of the two). A setting
/// that could not be read overrides nothing.
#[derive(Clone, Copy, Debug, Default)]
struct Overrides {
    ignore_public_acls: bool,
    restrict_public_buckets: bool,
}

impl Overrides {
    fn of(bucket: &Probe<PublicAccess>, account: Option<&PublicAccess>) -> Self {
        let bucket = match bucket {
            Probe::Ok { value } => Some(value),
            _ => None,
        };
        let any =
            |flag: fn(&PublicAccess) -> bool| bucket.is_some_and(flag) || account.is_some_and(flag);
        Overrides {
            ignore_public_acls: any(|p| p.ignore_public_acls),
            restrict_public_buckets: any(|p| p.restrict_public_buckets),
        }
    }
}

/// The names of the block public access settings that are off.
fn unblocked(p: &PublicAccess) -> Vec<&'static str> {
    [
        (p.block_public_acls, "BlockPublicAcls"),
        (p.ignore_public_acls, "IgnorePublicAcls"),
        (p.block_public_policy, "BlockPublicPolicy"),
        (p.restrict_public_buckets, "RestrictPublicBuckets"),
    ]
    .into_iter()
    .filter(|(on, _)| !on)
    .map(|(_, name)| name)
    .collect()
}

/// The account in an ARN (`arn:aws:kms:REGION:ACCOUNT:key/...`).
pub(super) fn arn_account(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    (parts.len() == 6 && parts[0] == "arn" && !parts[4].is_empty()).then(|| parts[4].to_string())
}

/// Where each security setting sits in a job description, by kind of job.
struct JobFields {
    isolation: &'static str,
    encryption: &'static str,
    vpc: &'static str,
    volume: &'static str,
    output: &'static str,
}

impl JobFields {
    fn of(kind: JobKind) -> Self {
        match kind {
            JobKind::Processing => JobFields {
                isolation: "NetworkConfig.EnableNetworkIsolation",
                encryption: "NetworkConfig.EnableInterContainerTrafficEncryption",
                vpc: "NetworkConfig.VpcConfig",
                volume: "ProcessingResources.ClusterConfig.VolumeKmsKeyId",
                output: "ProcessingOutputConfig.KmsKeyId",
            },
            JobKind::Tuning => JobFields {
                isolation: "TrainingJobDefinition.EnableNetworkIsolation",
                encryption: "TrainingJobDefinition.EnableInterContainerTrafficEncryption",
                vpc: "TrainingJobDefinition.VpcConfig",
                volume: "TrainingJobDefinition.ResourceConfig.VolumeKmsKeyId",
                output: "TrainingJobDefinition.OutputDataConfig.KmsKeyId",
            },
            JobKind::Transform => JobFields {
                isolation: "",
                encryption: "",
                vpc: "",
                volume: "TransformResources.VolumeKmsKeyId",
                output: "TransformOutput.KmsKeyId",
            },
            JobKind::Training | JobKind::AutoMl => JobFields {
                isolation: "EnableNetworkIsolation",
                encryption: "EnableInterContainerTrafficEncryption",
                vpc: "VpcConfig",
                volume: "ResourceConfig.VolumeKmsKeyId",
                output: "OutputDataConfig.KmsKeyId",
            },
        }
    }
}

/// `GET /lineage/findings`: a document's findings and their counts, with the warnings
/// that say what could not be read (a finding not shown may be one not read).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FindingsReport {
    pub findings: Vec<Finding>,
    pub summary: FindingsSummary,
    pub warnings: Vec<super::document::Warning>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FindingsSummary {
    pub findings: FindingCounts,
}

impl FindingsReport {
    pub fn of(doc: super::document::LineageDocument) -> Self {
        FindingsReport {
            summary: FindingsSummary {
                findings: doc.summary.findings,
            },
            findings: doc.findings,
            warnings: doc.warnings,
        }
    }

    /// The findings as bad as `threshold` or worse.
    pub fn at_least(&self, threshold: Severity) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |f| f.severity.at_least(threshold))
    }
}
