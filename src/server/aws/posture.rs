//! KMS keys (`DescribeKey`, `GetKeyRotationStatus`) and the account's S3 block public
//! access (S3 Control `GetPublicAccessBlock`).

use super::buckets::{probe, public_access, ProbeExt};
use super::AwsSource;
use crate::core::{AccountRecord, KeyDescription, KeyRecord, Probe};
use crate::server::source::AwsTarget;

/// What KMS says of a key named by id, ARN, alias or alias ARN. A key ARN is asked
/// in its own region; the rest are the request region's.
pub(super) async fn key(source: &AwsSource, target: &AwsTarget, key: &str) -> KeyRecord {
    let region = arn_region(key).filter(|r| *r != target.region);
    let kms = match region {
        Some(region) => {
            let t = AwsTarget {
                region: region.to_string(),
                profile: target.profile.clone(),
            };
            source.clients(&t).await.kms
        }
        None => source.clients(target).await.kms,
    };
    let described = kms.describe_key().key_id(key).send().await;
    let description =
        probe(described, "kms:DescribeKey", &format!("KMS key {key}"), &[]).and_then(|o| {
            match o.key_metadata() {
                Some(m) => Probe::Ok {
                    value: (
                        KeyDescription {
                            arn: m.arn().unwrap_or(key).to_string(),
                            manager: m
                                .key_manager()
                                .map(|k| k.as_str().to_string())
                                .unwrap_or_default(),
                            state: m
                                .key_state()
                                .map(|s| s.as_str().to_string())
                                .unwrap_or_default(),
                            account: m.aws_account_id().unwrap_or_default().to_string(),
                        },
                        rotates(m),
                    ),
                },
                None => Probe::NotConfigured,
            }
        });
    // Only a customer-managed symmetric key with KMS key material can rotate
    // automatically (AWS rotates its own keys; the rest cannot), and KMS refuses to
    // say for a key pending deletion.
    let rotation = match description.value() {
        Some((d, true)) => {
            let answer = kms.get_key_rotation_status().key_id(&d.arn).send().await;
            Some(
                probe(
                    answer,
                    "kms:GetKeyRotationStatus",
                    &format!("KMS key {key}"),
                    &[],
                )
                .map_value(|o| o.key_rotation_enabled()),
            )
        }
        _ => None,
    };
    KeyRecord {
        key: key.to_string(),
        description: description.map_value(|(d, _)| d),
        rotation,
    }
}

/// Whether automatic rotation applies to a key, so is worth asking about.
fn rotates(m: &aws_sdk_kms::types::KeyMetadata) -> bool {
    use aws_sdk_kms::types::{KeyManagerType, KeySpec, KeyState, OriginType};
    m.key_manager() == Some(&KeyManagerType::Customer)
        && m.key_spec().is_none_or(|s| *s == KeySpec::SymmetricDefault)
        && m.origin().is_none_or(|o| *o == OriginType::AwsKms)
        && !matches!(
            m.key_state(),
            Some(KeyState::PendingDeletion | KeyState::PendingReplicaDeletion)
        )
}

/// The region of an ARN (`arn:aws:kms:REGION:ACCOUNT:key/...`).
fn arn_region(arn: &str) -> Option<&str> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    (parts.len() == 6 && parts[0] == "arn" && !parts[3].is_empty()).then(|| parts[3])
}

/// The account's S3 block public access.
pub(super) async fn account(
    source: &AwsSource,
    target: &AwsTarget,
    account: &str,
) -> AccountRecord {
    let s3control = source.clients(target).await.s3control;
    let answer = s3control
        .get_public_access_block()
        .account_id(account)
        .send()
        .await;
    let public_access = probe(
        answer,
        "s3:GetAccountPublicAccessBlock",
        &format!("account {account}"),
        &["NoSuchPublicAccessBlockConfiguration"],
    )
    .and_then(|o| match o.public_access_block_configuration() {
        Some(c) => Probe::Ok {
            value: public_access(
                c.block_public_acls(),
                c.ignore_public_acls(),
                c.block_public_policy(),
                c.restrict_public_buckets(),
            ),
        },
        None => Probe::NotConfigured,
    });
    AccountRecord {
        id: account.to_string(),
        public_access,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_arn_names_its_region() {
        assert_eq!(
            arn_region("arn:aws:kms:eu-west-1:123456789012:key/abc"),
            Some("eu-west-1")
        );
        assert_eq!(arn_region("alias/mine"), None);
        assert_eq!(arn_region("1234abcd-12ab-34cd-56ef-1234567890ab"), None);
    }
}
