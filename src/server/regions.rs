//! The AWS regions this server answers for: one maintained list, which an operator
//! can extend (`--extra-regions`) when AWS opens a region before this list knows it.
//!
//! A region outside the set is a 400 naming `region`, answered without any AWS call:
//! a well-formed but unknown name would otherwise cost an SDK configuration, a
//! credential resolution and several failing calls, and could fill the client map.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::input::Region;

/// Every region AWS had when this list was last brought up to date, by partition.
/// Source: the `endpoints.json` of botocore 1.44.8 (the emulator's pinned version);
/// `end2end/api/regions.rs` fails when that file knows a region this list does not.
pub const KNOWN_REGIONS: &[(&str, &str)] = &[
    ("aws", "af-south-1"),
    ("aws", "ap-east-1"),
    ("aws", "ap-east-2"),
    ("aws", "ap-northeast-1"),
    ("aws", "ap-northeast-2"),
    ("aws", "ap-northeast-3"),
    ("aws", "ap-south-1"),
    ("aws", "ap-south-2"),
    ("aws", "ap-southeast-1"),
    ("aws", "ap-southeast-2"),
    ("aws", "ap-southeast-3"),
    ("aws", "ap-southeast-4"),
    ("aws", "ap-southeast-5"),
    ("aws", "ap-southeast-6"),
    ("aws", "ap-southeast-7"),
    ("aws", "ca-central-1"),
    ("aws", "ca-west-1"),
    ("aws", "eu-central-1"),
    ("aws", "eu-central-2"),
    ("aws", "eu-north-1"),
    ("aws", "eu-south-1"),
    ("aws", "eu-south-2"),
    ("aws", "eu-west-1"),
    ("aws", "eu-west-2"),
    ("aws", "eu-west-3"),
    ("aws", "il-central-1"),
    ("aws", "me-central-1"),
    ("aws", "me-south-1"),
    ("aws", "mx-central-1"),
    ("aws", "sa-east-1"),
    ("aws", "us-east-1"),
    ("aws", "us-east-2"),
    ("aws", "us-west-1"),
    ("aws", "us-west-2"),
    ("aws-cn", "cn-north-1"),
    ("aws-cn", "cn-northwest-1"),
    ("aws-us-gov", "us-gov-east-1"),
    ("aws-us-gov", "us-gov-west-1"),
    ("aws-iso", "us-iso-east-1"),
    ("aws-iso", "us-iso-west-1"),
    ("aws-iso-b", "us-isob-east-1"),
    ("aws-iso-b", "us-isob-west-1"),
    ("aws-iso-e", "eu-isoe-west-1"),
    ("aws-iso-f", "us-isof-east-1"),
    ("aws-iso-f", "us-isof-south-1"),
    ("aws-eusc", "eusc-de-east-1"),
];

/// True when `s` has the shape of a region name (`input::Region::PATTERN`).
pub fn is_region_shaped(s: &str) -> bool {
    Region::is_shaped(s)
}

/// The regions a server answers for: the known list plus the operator's extras.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regions {
    names: BTreeSet<String>,
}

impl Default for Regions {
    fn default() -> Self {
        Regions {
            names: KNOWN_REGIONS.iter().map(|(_, r)| r.to_string()).collect(),
        }
    }
}

impl Regions {
    /// The known list plus `extra`, each of which must be shaped like a region.
    pub fn with_extra<I, S>(extra: I) -> Result<Self, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut regions = Regions::default();
        for name in extra {
            let name = name.as_ref().trim();
            if name.is_empty() {
                continue;
            }
            if !is_region_shaped(name) {
                return Err(format!(
                    "`{name}` is not shaped like an AWS region name (such as us-east-1)"
                ));
            }
            regions.names.insert(name.to_string());
        }
        Ok(regions)
    }

    pub fn contains(&self, region: &str) -> bool {
        self.names.contains(region)
    }

    /// In name order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    pub fn shared(self) -> Arc<Self> {
        Arc::new(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_known_list_is_well_shaped_and_extensible() {
        for (_, r) in KNOWN_REGIONS {
            assert!(is_region_shaped(r), "{r}");
        }
        let regions = Regions::default();
        assert!(regions.contains("us-east-1") && regions.contains("eusc-de-east-1"));
        assert!(!regions.contains("aa-aaab-1"));
        let more = Regions::with_extra(["ap-future-9", " ", "aa-aaab-1"]).unwrap();
        assert!(more.contains("ap-future-9") && more.contains("aa-aaab-1"));
        for bad in [
            "us-east-1.evil.com",
            "US-EAST-1",
            "localhost",
            "us--1",
            "a-b-1",
        ] {
            assert!(Regions::with_extra([bad]).is_err(), "{bad}");
        }
    }
}
