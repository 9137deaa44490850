//! Query validation against AWS's own name patterns, before any call: bad input never
//! reaches AWS, and a region can never steer a request to another host.

use super::error::LineageError;
use super::regions::is_region_shaped;
use super::service::ServiceConfig;
use crate::api::LineageQuery;

/// Checks every parameter against AWS's own patterns before any call, so that bad
/// input never reaches AWS (and a region can never steer a request to another host).
pub fn validate(query: &LineageQuery, config: &ServiceConfig) -> Result<(), LineageError> {
    let bad = |parameter: &'static str, message: String| {
        Err(LineageError::BadRequest { parameter, message })
    };
    if !is_pipeline_name(&query.pipeline) {
        return bad(
            "pipeline",
            format!(
                "`{}` is not a valid pipeline name (letters, digits and single hyphens, at most 256 characters)",
                truncate(&query.pipeline)
            ),
        );
    }
    check_region(&query.region, config)?;
    if let Some(d) = &query.domain {
        if d.len() > 256 || !d.chars().all(|c| c.is_ascii_graphic()) {
            return bad(
                "domain",
                format!("`{}` is not a valid domain name or id", truncate(d)),
            );
        }
    }
    if let Some(e) = &query.execution {
        if !is_execution(e) {
            return bad(
                "execution",
                format!(
                    "`{}` is neither a pipeline execution ARN nor an execution id",
                    truncate(e)
                ),
            );
        }
    }
    if let Some(p) = &query.profile {
        if !config.allow_profile {
            return Err(LineageError::ProfileNotAllowed);
        }
        if p.is_empty()
            || p.len() > 64
            || !p
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            return bad(
                "profile",
                format!("`{}` is not a valid profile name", truncate(p)),
            );
        }
    }
    Ok(())
}

/// A region this server answers for (see `regions`), else a 400 naming `region`.
pub fn check_region(region: &str, config: &ServiceConfig) -> Result<(), LineageError> {
    if config.regions.contains(region) {
        return Ok(());
    }
    let message = if is_region_shaped(region) {
        format!(
            "`{}` is not an AWS region this server knows; if AWS opened it recently, \
             the operator can add it with --extra-regions",
            truncate(region)
        )
    } else {
        format!(
            "`{}` is not an AWS region name such as us-east-1",
            truncate(region)
        )
    };
    Err(LineageError::BadRequest {
        parameter: "region",
        message,
    })
}

pub(super) fn truncate(s: &str) -> String {
    s.chars().take(80).collect()
}

/// SageMaker: `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$`.
pub fn is_pipeline_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 256
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// An execution ARN (`arn:aws[-cn|-us-gov]:sagemaker:REGION:ACCOUNT:pipeline/NAME/execution/ID`)
/// or a bare execution id.
pub fn is_execution(s: &str) -> bool {
    if s.len() > 2048 {
        return false;
    }
    if let Some(rest) = s.strip_prefix("arn:") {
        let parts: Vec<&str> = rest.splitn(5, ':').collect();
        if parts.len() != 5 {
            return false;
        }
        let (partition, service, region, account, resource) =
            (parts[0], parts[1], parts[2], parts[3], parts[4]);
        let segments: Vec<&str> = resource.split('/').collect();
        let partition_ok = partition.strip_prefix("aws").is_some_and(|rest| {
            rest.len() <= 16 && rest.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        });
        return partition_ok
            && service == "sagemaker"
            && is_region_shaped(region)
            && account.len() == 12
            && account.chars().all(|c| c.is_ascii_digit())
            && segments.len() == 4
            && segments[0] == "pipeline"
            && is_pipeline_name(segments[1])
            && segments[2] == "execution"
            && is_execution_id(segments[3]);
    }
    is_execution_id(s)
}

fn is_execution_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 256 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_names_the_way_aws_does() {
        for ok in ["customer-churn", "a", "P1", "x-y-z"] {
            assert!(is_pipeline_name(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a_b", "a b", "a/b", "ä", &"a".repeat(257)] {
            assert!(!is_pipeline_name(bad), "{bad}");
        }
        let config = ServiceConfig::default();
        for ok in [
            "us-east-1",
            "ap-northeast-2",
            "us-gov-west-1",
            "eu-isoe-west-1",
            "cn-north-1",
            "eusc-de-east-1",
        ] {
            assert!(check_region(ok, &config).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "us-east",
            "US-EAST-1",
            "us-east-1.evil.com",
            "us-east-1/x",
            "localhost",
            "us--1",
            "us-east-123",
            "us-abcdefghijklm-1",
            // Well-formed, but no such region: refused before any AWS call.
            "aa-aaab-1",
            "us-east-9",
        ] {
            assert!(
                matches!(
                    check_region(bad, &config),
                    Err(LineageError::BadRequest {
                        parameter: "region",
                        ..
                    })
                ),
                "{bad}"
            );
        }
        for ok in [
            "exec-churn-0001",
            "abcd1234efgh",
            "arn:aws:sagemaker:us-east-1:123456789012:pipeline/customer-churn/execution/abcd1234efgh",
        ] {
            assert!(is_execution(ok), "{ok}");
        }
        for bad in [
            "",
            "arn:aws:s3:::bucket",
            "arn:aws:sagemaker:us-east-1:123456789012:pipeline/p",
            "arn:aws:sagemaker:us-east-1:1234:pipeline/p/execution/e",
            "a/b",
        ] {
            assert!(!is_execution(bad), "{bad}");
        }
    }
}
