//! What a bucket policy says about access, read from its JSON: which other accounts
//! it grants, and whether it refuses requests without TLS. (Whether it makes the
//! bucket public is S3's own answer, `GetBucketPolicyStatus`.)

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A bucket policy, summarized.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicySummary {
    /// A `Deny` of every principal when `aws:SecureTransport` is false.
    pub tls_required: bool,
    /// Accounts other than the owner that an `Allow` statement names.
    pub other_accounts: Vec<String>,
    pub statements: u32,
}

/// Summarizes a policy document; `owner` is the bucket owner's account. A policy that
/// is not JSON says nothing (no statement).
pub fn summarize_policy(text: &str, owner: &str) -> PolicySummary {
    let Ok(policy) = serde_json::from_str::<Value>(text) else {
        return PolicySummary::default();
    };
    let statements: Vec<&Value> = match policy.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    let mut other_accounts = BTreeSet::new();
    let mut tls_required = false;
    for s in &statements {
        let effect = s.get("Effect").and_then(Value::as_str).unwrap_or_default();
        if effect.eq_ignore_ascii_case("Allow") {
            for principal in aws_principals(s.get("Principal")) {
                if let Some(account) = account_of(&principal).filter(|a| a != owner) {
                    other_accounts.insert(account);
                }
            }
        } else if effect.eq_ignore_ascii_case("Deny")
            && everyone(s.get("Principal"))
            && denies_insecure_transport(s.get("Condition"))
        {
            tls_required = true;
        }
    }
    PolicySummary {
        tls_required,
        other_accounts: other_accounts.into_iter().collect(),
        statements: statements.len() as u32,
    }
}

/// The `AWS` principals of a statement, as written.
fn aws_principals(principal: Option<&Value>) -> Vec<String> {
    let list = |v: &Value| -> Vec<String> {
        match v {
            Value::String(s) => vec![s.clone()],
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        }
    };
    match principal {
        Some(Value::Object(map)) => map.get("AWS").map(list).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// `*` or `{"AWS": "*"}`: every principal.
fn everyone(principal: Option<&Value>) -> bool {
    match principal {
        Some(Value::String(s)) => s == "*",
        Some(p) => aws_principals(Some(p)).iter().any(|a| a == "*"),
        None => false,
    }
}

/// The account of an AWS principal: an account id, or the account in an ARN.
fn account_of(principal: &str) -> Option<String> {
    let id =
        |s: &str| (s.len() == 12 && s.chars().all(|c| c.is_ascii_digit())).then(|| s.to_string());
    if let Some(rest) = principal.strip_prefix("arn:") {
        // arn:PARTITION:iam::ACCOUNT:root|user/...|role/...
        return rest.split(':').nth(3).and_then(id);
    }
    id(principal)
}

/// A condition that matches requests sent without TLS: `aws:SecureTransport` false
/// under `Bool` (any case, as a string or a boolean, alone or in a list).
fn denies_insecure_transport(condition: Option<&Value>) -> bool {
    let Some(Value::Object(operators)) = condition else {
        return false;
    };
    operators.iter().any(|(operator, keys)| {
        operator.eq_ignore_ascii_case("Bool")
            && keys.as_object().is_some_and(|keys| {
                keys.iter().any(|(key, value)| {
                    key.eq_ignore_ascii_case("aws:SecureTransport") && is_false(value)
                })
            })
    })
}

fn is_false(v: &Value) -> bool {
    match v {
        Value::Bool(b) => !b,
        Value::String(s) => s.eq_ignore_ascii_case("false"),
        Value::Array(items) => !items.is_empty() && items.iter().all(is_false),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const OWNER: &str = "123456789012";

    fn summary(policy: Value) -> PolicySummary {
        summarize_policy(&policy.to_string(), OWNER)
    }

    #[test]
    fn a_tls_only_policy_is_recognised_in_its_usual_forms() {
        for condition in [
            json!({"Bool": {"aws:SecureTransport": "false"}}),
            json!({"Bool": {"aws:securetransport": false}}),
            json!({"bool": {"aws:SecureTransport": ["false"]}}),
        ] {
            for principal in [json!("*"), json!({"AWS": "*"}), json!({"AWS": ["*"]})] {
                let s = summary(
                    json!({"Statement": [{"Effect": "Deny", "Principal": principal,
                    "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
                    "Condition": condition}]}),
                );
                assert!(s.tls_required, "{condition} {principal}");
            }
        }
        // Allowing only TLS is not refusing the rest; denying someone in particular
        // is not refusing everyone.
        for not_tls in [
            json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                "Condition": {"Bool": {"aws:SecureTransport": "true"}}}}),
            json!({"Statement": {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::1:root"},
                "Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}}),
            json!({"Statement": []}),
        ] {
            assert!(!summary(not_tls.clone()).tls_required, "{not_tls}");
        }
        assert!(!summarize_policy("not json", OWNER).tls_required);
    }

    #[test]
    fn other_accounts_granted_are_named() {
        let s = summary(json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "s3:GetObject"},
            {"Effect": "Allow", "Principal": {"AWS": ["111122223333", "arn:aws:iam::123456789012:role/own"]}, "Action": "s3:GetObject"},
            {"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject"},
            {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:*"}
        ]}));
        assert_eq!(s.other_accounts, ["111122223333", "999999999999"]);
        assert_eq!(s.statements, 4);
    }
}
