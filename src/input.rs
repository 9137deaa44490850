//! What callers send, parsed into types once at the edge ("parse, don't validate"):
//! a `PipelineName`, a `Region`, an `ExecutionRef` (an execution id or a parsed
//! execution ARN), a `DomainName` and a `ProfileName`. A value of these types is valid
//! by construction, so nothing past the edge checks again. Each type holds its one
//! OpenAPI pattern (`PATTERN`), which the parser and the document share.
//!
//! Shared by the server and the browser: no server dependency here. Whether a region
//! is one this server answers for is configuration, checked by the server
//! (`server::query`).

use std::fmt;
use std::str::FromStr;

/// Why a parameter could not be parsed: which one, and a message that says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub parameter: &'static str,
    pub message: String,
}

/// At most 80 characters of a rejected value are echoed back.
pub fn truncate(s: &str) -> String {
    s.chars().take(80).collect()
}

macro_rules! text_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

text_newtype!(
    /// A SageMaker pipeline name: `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$`.
    PipelineName
);

impl PipelineName {
    pub const PATTERN: &'static str = "^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,254}[a-zA-Z0-9])?$";

    fn valid(s: &str) -> bool {
        !s.is_empty()
            && s.len() <= 256
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !s.starts_with('-')
            && !s.ends_with('-')
    }
}

impl FromStr for PipelineName {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, InputError> {
        if PipelineName::valid(s) {
            Ok(PipelineName(s.to_string()))
        } else {
            Err(InputError {
                parameter: "pipeline",
                message: format!(
                    "`{}` is not a valid pipeline name (letters, digits and single hyphens, at most 256 characters)",
                    truncate(s)
                ),
            })
        }
    }
}

text_newtype!(
    /// A name shaped like an AWS region (`us-east-1`, `us-gov-west-1`,
    /// `eusc-de-east-1`): it can never steer a request to another host. Whether AWS has
    /// it is the server's list (`server::regions`).
    Region
);

impl Region {
    pub const PATTERN: &'static str = "^[a-z]{2,4}(?:-[a-z]{1,12}){1,2}-[0-9]{1,2}$";

    /// True when `s` has the shape of a region name (`PATTERN`).
    pub fn is_shaped(s: &str) -> bool {
        let parts: Vec<&str> = s.split('-').collect();
        if !(3..=4).contains(&parts.len()) {
            return false;
        }
        let (first, last) = (parts[0], parts[parts.len() - 1]);
        (2..=4).contains(&first.len())
            && first.chars().all(|c| c.is_ascii_lowercase())
            && parts[1..parts.len() - 1]
                .iter()
                .all(|p| (1..=12).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase()))
            && (1..=2).contains(&last.len())
            && last.chars().all(|c| c.is_ascii_digit())
    }
}

impl FromStr for Region {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, InputError> {
        if Region::is_shaped(s) {
            Ok(Region(s.to_string()))
        } else {
            Err(InputError {
                parameter: "region",
                message: format!(
                    "`{}` is not an AWS region name such as us-east-1",
                    truncate(s)
                ),
            })
        }
    }
}

text_newtype!(
    /// The id of a pipeline execution (the last part of its ARN).
    ExecutionId
);

impl ExecutionId {
    fn valid(s: &str) -> bool {
        !s.is_empty() && s.len() <= 256 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    }
}

/// A pipeline execution ARN, in parts:
/// `arn:PARTITION:sagemaker:REGION:ACCOUNT:pipeline/NAME/execution/ID`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExecutionArn {
    text: String,
    pub partition: String,
    pub region: Region,
    pub account: String,
    pub pipeline: PipelineName,
    pub id: ExecutionId,
}

impl ExecutionArn {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    fn parse(s: &str) -> Option<ExecutionArn> {
        let rest = s.strip_prefix("arn:")?;
        let parts: Vec<&str> = rest.splitn(5, ':').collect();
        let [partition, service, region, account, resource] = parts.as_slice() else {
            return None;
        };
        let segments: Vec<&str> = resource.split('/').collect();
        let partition_ok = partition.strip_prefix("aws").is_some_and(|rest| {
            rest.len() <= 16 && rest.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        });
        let shaped = partition_ok
            && *service == "sagemaker"
            && account.len() == 12
            && account.chars().all(|c| c.is_ascii_digit())
            && segments.len() == 4
            && segments[0] == "pipeline"
            && segments[2] == "execution"
            && ExecutionId::valid(segments[3]);
        if !shaped {
            return None;
        }
        Some(ExecutionArn {
            text: s.to_string(),
            partition: partition.to_string(),
            region: region.parse().ok()?,
            account: account.to_string(),
            pipeline: segments[1].parse().ok()?,
            id: ExecutionId(segments[3].to_string()),
        })
    }
}

/// An execution, named by its id (of the pipeline asked for) or by its full ARN.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ExecutionRef {
    Id(ExecutionId),
    Arn(ExecutionArn),
}

impl ExecutionRef {
    pub const PATTERN: &'static str = "^(?:arn:aws[a-z-]{0,16}:sagemaker:[a-z]{2,4}(?:-[a-z]{1,12}){1,2}-[0-9]{1,2}:[0-9]{12}:pipeline/[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,254}[a-zA-Z0-9])?/execution/)?[a-zA-Z0-9-]{1,256}$";

    /// As the caller wrote it.
    pub fn as_str(&self) -> &str {
        match self {
            ExecutionRef::Id(id) => id.as_str(),
            ExecutionRef::Arn(arn) => arn.as_str(),
        }
    }
}

impl fmt::Display for ExecutionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ExecutionRef {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, InputError> {
        let parsed = if s.len() > 2048 {
            None
        } else if s.starts_with("arn:") {
            ExecutionArn::parse(s).map(ExecutionRef::Arn)
        } else {
            ExecutionId::valid(s).then(|| ExecutionRef::Id(ExecutionId(s.to_string())))
        };
        parsed.ok_or_else(|| InputError {
            parameter: "execution",
            message: format!(
                "`{}` is neither a pipeline execution ARN nor an execution id",
                truncate(s)
            ),
        })
    }
}

text_newtype!(
    /// A SageMaker domain name or id, as tags hold it: printable ASCII, at most 256.
    DomainName
);

impl DomainName {
    pub const PATTERN: &'static str = "^[!-~]{0,256}$";
}

impl FromStr for DomainName {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, InputError> {
        if s.len() <= 256 && s.chars().all(|c| c.is_ascii_graphic()) {
            Ok(DomainName(s.to_string()))
        } else {
            Err(InputError {
                parameter: "domain",
                message: format!("`{}` is not a valid domain name or id", truncate(s)),
            })
        }
    }
}

text_newtype!(
    /// A local AWS profile name.
    ProfileName
);

impl ProfileName {
    pub const PATTERN: &'static str = "^[A-Za-z0-9._-]{1,64}$";
}

impl FromStr for ProfileName {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, InputError> {
        let valid = !s.is_empty()
            && s.len() <= 64
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if valid {
            Ok(ProfileName(s.to_string()))
        } else {
            Err(InputError {
                parameter: "profile",
                message: format!("`{}` is not a valid profile name", truncate(s)),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_the_way_aws_writes_them() {
        for ok in ["customer-churn", "a", "P1", "x-y-z"] {
            assert!(ok.parse::<PipelineName>().is_ok(), "{ok}");
        }
        for bad in ["", "-a", "a-", "a_b", "a b", "a/b", "ä", &"a".repeat(257)] {
            let e = bad.parse::<PipelineName>().unwrap_err();
            assert_eq!(e.parameter, "pipeline", "{bad}");
        }
        for ok in [
            "us-east-1",
            "ap-northeast-2",
            "us-gov-west-1",
            "eu-isoe-west-1",
            "cn-north-1",
            "eusc-de-east-1",
            "aa-aaab-1",
        ] {
            assert!(ok.parse::<Region>().is_ok(), "{ok}");
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
        ] {
            assert!(bad.parse::<Region>().is_err(), "{bad}");
        }
        for bad in ["", "a b", &"x".repeat(65)] {
            assert!(bad.parse::<ProfileName>().is_err(), "{bad:?}");
        }
        assert!("\u{7f}".parse::<DomainName>().is_err());
    }

    #[test]
    fn execution_arns_are_parsed_into_their_parts() {
        let arn = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/customer-churn/execution/abcd1234efgh";
        let ExecutionRef::Arn(parsed) = arn.parse::<ExecutionRef>().unwrap() else {
            panic!("an ARN");
        };
        assert_eq!(parsed.partition, "aws");
        assert_eq!(parsed.region.as_str(), "us-east-1");
        assert_eq!(parsed.account, "123456789012");
        assert_eq!(parsed.pipeline.as_str(), "customer-churn");
        assert_eq!(parsed.id.as_str(), "abcd1234efgh");
        assert_eq!(parsed.as_str(), arn);
        assert!(matches!(
            "exec-churn-0001".parse::<ExecutionRef>(),
            Ok(ExecutionRef::Id(_))
        ));
        for bad in [
            "",
            "arn:aws:s3:::bucket",
            "arn:aws:sagemaker:us-east-1:123456789012:pipeline/p",
            "arn:aws:sagemaker:us-east-1:1234:pipeline/p/execution/e",
            "arn:aws:sagemaker:us-east-1.evil:123456789012:pipeline/p/execution/e",
            "a/b",
        ] {
            let e = bad.parse::<ExecutionRef>().unwrap_err();
            assert_eq!(e.parameter, "execution", "{bad}");
        }
    }
}

text_newtype!(
    /// An S3 location asked about: `s3://bucket` or `s3://bucket/prefix`, the bucket
    /// named as S3 names buckets (3–63 lower-case letters, digits, `.` and `-`).
    S3Location
);

impl S3Location {
    pub const PATTERN: &'static str =
        "^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](?:/[^\\x00-\\x1f\\x7f]{0,1024})?$";

    pub fn bucket(&self) -> &str {
        let rest = &self.0["s3://".len()..];
        rest.split('/').next().unwrap_or(rest)
    }
}

impl FromStr for S3Location {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, InputError> {
        let shaped = s.strip_prefix("s3://").is_some_and(|rest| {
            let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
            (3..=63).contains(&bucket.len())
                && bucket
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
                && bucket.starts_with(|c: char| c.is_ascii_alphanumeric())
                && bucket.ends_with(|c: char| c.is_ascii_alphanumeric())
                && key.chars().count() <= 1024
                && !key.chars().any(|c| c.is_ascii_control())
        });
        if shaped {
            Ok(S3Location(s.to_string()))
        } else {
            Err(InputError {
                parameter: "uri",
                message: format!(
                    "`{}` is not an S3 location such as s3://bucket/prefix",
                    truncate(s)
                ),
            })
        }
    }
}

#[cfg(test)]
mod s3_location_tests {
    use super::*;

    #[test]
    fn s3_locations_are_parsed_once() {
        let l: S3Location = "s3://lineage-features/churn/train".parse().unwrap();
        assert_eq!(l.bucket(), "lineage-features");
        assert_eq!(
            "s3://b.c-d".parse::<S3Location>().unwrap().bucket(),
            "b.c-d"
        );
        for bad in [
            "s3://",
            "s3://AB",
            "https://b/x",
            "s3://-bad/x",
            "s3://ab",
            "s3://b\n/x",
        ] {
            assert_eq!(
                bad.parse::<S3Location>().unwrap_err().parameter,
                "uri",
                "{bad}"
            );
        }
    }
}

/// How many matches `/locations` lists (`limit`, 1 to [`ResultLimit::MAX`]; default
/// [`ResultLimit::DEFAULT`]): a whole bucket may be touched by thousands of steps, and
/// an answer is read by a person or a script that can narrow the location. The
/// totals are always given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResultLimit(usize);

impl ResultLimit {
    pub const DEFAULT: usize = 200;
    pub const MAX: usize = 5000;

    pub fn get(self) -> usize {
        self.0
    }
}

impl Default for ResultLimit {
    fn default() -> Self {
        ResultLimit(Self::DEFAULT)
    }
}

impl FromStr for ResultLimit {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, InputError> {
        match s.parse::<usize>() {
            Ok(n) if (1..=Self::MAX).contains(&n) && !s.starts_with('+') => Ok(ResultLimit(n)),
            _ => Err(InputError {
                parameter: "limit",
                message: format!(
                    "`{}` is not a limit: a whole number from 1 to {}",
                    truncate(s),
                    Self::MAX
                ),
            }),
        }
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;

    #[test]
    fn limits_are_whole_numbers_in_range() {
        assert_eq!("1".parse::<ResultLimit>().unwrap().get(), 1);
        assert_eq!("5000".parse::<ResultLimit>().unwrap().get(), 5000);
        assert_eq!(ResultLimit::default().get(), ResultLimit::DEFAULT);
        for bad in [
            "0",
            "5001",
            "-1",
            "+5",
            "1.5",
            "",
            "ten",
            "99999999999999999999999",
        ] {
            assert_eq!(
                bad.parse::<ResultLimit>().unwrap_err().parameter,
                "limit",
                "{bad}"
            );
        }
    }
}
