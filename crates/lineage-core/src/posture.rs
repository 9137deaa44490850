//! The security configuration of what a pipeline touches, beyond a bucket's basics:
//! the records the adapter hands in (`BucketControlsRecord`, `KeyRecord`,
//! `AccountRecord`, `JobSecurity`) and the shapes the document shows them in. Every
//! part is a `Probe`: read, not configured, denied (naming the action) or failed
//! (with a code); a finding is derived only from what was read.

use serde::{Deserialize, Serialize};

use super::document::{Probe, PublicAccess};
use super::policy::PolicySummary;

/// A bucket's access and protection settings, as read (the adapter's record).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct BucketControlsRecord {
    pub bucket: String,
    /// `GetBucketPolicyStatus`: whether S3 considers the policy public.
    pub policy_status: Probe<bool>,
    /// `GetBucketPolicy`: the policy document (JSON text).
    pub policy: Probe<String>,
    /// `GetBucketAcl`: its grants.
    pub acl: Probe<Vec<AclGrant>>,
    /// `GetBucketOwnershipControls`: `BucketOwnerEnforced`, `BucketOwnerPreferred` or
    /// `ObjectWriter`.
    pub ownership: Probe<String>,
    /// `GetObjectLockConfiguration`.
    pub object_lock: Probe<ObjectLock>,
    /// `GetBucketLogging`: where server access logs go (`NotConfigured`: nowhere).
    pub logging: Probe<Logging>,
    /// `GetBucketLifecycleConfiguration`: how many rules (`NotConfigured`: none).
    pub lifecycle: Probe<u32>,
    /// For the SageMaker default bucket name of the pipeline's account only
    /// (`sagemaker-<region>-<account>`): whether that account owns it (`HeadBucket`
    /// with the expected owner).
    pub owned: Option<Probe<bool>>,
}

/// One grant of a bucket ACL.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AclGrant {
    /// `CanonicalUser`, `Group` or `AmazonCustomerByEmail`.
    pub grantee_type: String,
    /// A group's URI (`http://acs.amazonaws.com/groups/global/AllUsers`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// A canonical user's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `READ`, `WRITE`, `READ_ACP`, `WRITE_ACP` or `FULL_CONTROL`.
    pub permission: String,
}

/// The groups that make an ACL grant public.
pub const PUBLIC_GROUPS: [&str; 2] = [
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

impl AclGrant {
    /// A grant to everyone, or to every AWS account.
    pub fn is_public(&self) -> bool {
        self.uri
            .as_deref()
            .is_some_and(|u| PUBLIC_GROUPS.contains(&u))
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ObjectLock {
    pub enabled: bool,
    /// The default retention, when one is set: `GOVERNANCE` or `COMPLIANCE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<i32>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Logging {
    pub target_bucket: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target_prefix: String,
}

/// A bucket's access and protection settings as the document shows them: the ACL
/// and the policy summarized, every part with its probe outcome.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BucketControls {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub policy_status: Probe<PolicyPublic>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub policy: Probe<PolicySummary>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub acl: Probe<AclSummary>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub ownership: Probe<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub object_lock: Probe<ObjectLock>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub logging: Probe<Logging>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub lifecycle: Probe<Lifecycle>,
    /// For the SageMaker default bucket name: whether the pipeline's account owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub owned: Option<Probe<bool>>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicyPublic {
    pub is_public: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AclSummary {
    /// Some grant is to everyone or to every AWS account.
    pub public: bool,
    pub grants: Vec<AclGrant>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Lifecycle {
    pub rules: u32,
}

/// What `DescribeKey` says of a KMS key.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KeyDescription {
    pub arn: String,
    /// `CUSTOMER` or `AWS`.
    pub manager: String,
    /// `Enabled`, `Disabled`, `PendingDeletion`, `PendingImport`, `Unavailable`, ...
    pub state: String,
    /// The account that owns the key.
    pub account: String,
}

/// A KMS key as read (the adapter's record).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct KeyRecord {
    /// The key as it was named (an ARN, a key id or an alias).
    pub key: String,
    pub description: Probe<KeyDescription>,
    /// `GetKeyRotationStatus`, for customer-managed keys only (AWS rotates its own).
    pub rotation: Option<Probe<bool>>,
}

/// A KMS key the pipeline's data depends on, as the document shows it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KmsKey {
    /// As buckets and jobs name it.
    pub key: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub description: Probe<KeyDescription>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub rotation: Option<Probe<bool>>,
    /// The buckets whose default encryption uses it.
    pub buckets: Vec<String>,
    /// The steps whose jobs use it (volumes or outputs) or whose data it protects.
    pub steps: Vec<String>,
}

/// The account-level settings (the adapter's record, and the document's `account`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccountRecord {
    pub id: String,
    /// S3 Control `GetPublicAccessBlock`: the account's block public access.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub public_access: Probe<PublicAccess>,
}

/// Security settings of a job, from its description. A setting this kind of job does
/// not have (a transform job takes network settings from its model) is `None`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JobSecurity {
    /// `EnableNetworkIsolation`: the containers have no network access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_isolation: Option<bool>,
    /// `EnableInterContainerTrafficEncryption`: traffic between the job's instances
    /// is encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inter_container_encryption: Option<bool>,
    /// Instances the job runs on (more than one exchange data over the network).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_count: Option<i32>,
    /// Whether the job runs in a VPC of yours (`VpcConfig`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc: Option<bool>,
    /// Which key encrypts the job's storage volumes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_key: Option<JobKey>,
    /// Which key encrypts what the job writes to S3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_key: Option<JobKey>,
}

/// Which key a job encrypts with: one of yours, or the default (an AWS managed key
/// for volumes, the bucket's default encryption for outputs).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "by", rename_all = "camelCase")]
pub enum JobKey {
    Default,
    /// A KMS key named by id, ARN, alias or alias ARN.
    Kms {
        key: String,
    },
}

impl JobKey {
    pub fn kms(&self) -> Option<&str> {
        match self {
            JobKey::Kms { key } => Some(key),
            JobKey::Default => None,
        }
    }
}
