//! The query parsed at the edge, before any AWS call: every parameter into its type
//! (`input`), the region checked against the regions this server answers for, and
//! `profile` against the server's opt-in. What comes out is valid by construction;
//! nothing past this point sees an unparsed value, and bad input never reaches AWS.

use super::error::LineageError;
use super::service::ServiceConfig;
use crate::api::LineageQuery;
use crate::input::{
    truncate, DomainName, ExecutionRef, InputError, PipelineName, ProfileName, Region,
};

/// A lineage query whose every part was parsed (see `parse`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedQuery {
    pub pipeline: PipelineName,
    pub region: Region,
    pub domain: Option<DomainName>,
    pub include_latest_exec: bool,
    pub execution: Option<ExecutionRef>,
    pub profile: Option<ProfileName>,
    pub fresh: bool,
}

impl From<InputError> for LineageError {
    fn from(e: InputError) -> Self {
        LineageError::BadRequest {
            parameter: e.parameter,
            message: e.message,
        }
    }
}

/// Parses a query, naming the first parameter that is wrong (in the order pipeline,
/// region, domain, execution, profile).
pub fn parse(query: &LineageQuery, config: &ServiceConfig) -> Result<ParsedQuery, LineageError> {
    let pipeline = query.pipeline.parse()?;
    let region = known_region(&query.region, config)?;
    let domain = query.domain.as_deref().map(str::parse).transpose()?;
    let execution = query.execution.as_deref().map(str::parse).transpose()?;
    let profile = match &query.profile {
        Some(_) if !config.allow_profile => return Err(LineageError::ProfileNotAllowed),
        Some(p) => Some(p.parse()?),
        None => None,
    };
    Ok(ParsedQuery {
        pipeline,
        region,
        domain,
        include_latest_exec: query.include_latest_exec,
        execution,
        profile,
        fresh: query.fresh,
    })
}

/// A region this server answers for (`regions`), else a 400 naming `region`.
pub fn known_region(region: &str, config: &ServiceConfig) -> Result<Region, LineageError> {
    let region: Region = region.parse()?;
    if config.regions.contains(region.as_str()) {
        return Ok(region);
    }
    Err(LineageError::BadRequest {
        parameter: "region",
        message: format!(
            "`{}` is not an AWS region this server knows; if AWS opened it recently, \
             the operator can add it with --extra-regions",
            truncate(region.as_str())
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pipeline: &str, region: &str) -> LineageQuery {
        LineageQuery {
            pipeline: pipeline.into(),
            region: region.into(),
            ..LineageQuery::default()
        }
    }

    #[test]
    fn the_first_wrong_parameter_is_named() {
        let config = ServiceConfig::default();
        let named = |q: &LineageQuery| match parse(q, &config) {
            Err(LineageError::BadRequest { parameter, .. }) => parameter,
            other => panic!("{other:?}"),
        };
        assert_eq!(named(&query("-bad", "nowhere")), "pipeline");
        assert_eq!(named(&query("ok", "us-east-1.evil.com")), "region");
        // Well-formed, but no such region: refused before any AWS call.
        assert_eq!(named(&query("ok", "aa-aaab-1")), "region");
        let mut q = query("ok", "us-east-1");
        q.execution = Some("a/b".into());
        assert_eq!(named(&q), "execution");
        q.execution = None;
        q.domain = Some("a b".into());
        assert_eq!(named(&q), "domain");
        let parsed = parse(&query("customer-churn", "eusc-de-east-1"), &config).unwrap();
        assert_eq!(parsed.pipeline.as_str(), "customer-churn");
    }

    #[test]
    fn profile_needs_the_opt_in() {
        let mut q = query("p", "us-east-1");
        q.profile = Some("dev".into());
        assert!(matches!(
            parse(&q, &ServiceConfig::default()),
            Err(LineageError::ProfileNotAllowed)
        ));
        let open = ServiceConfig {
            allow_profile: true,
            ..ServiceConfig::default()
        };
        assert_eq!(parse(&q, &open).unwrap().profile.unwrap().as_str(), "dev");
        q.profile = Some("not a profile".into());
        assert!(matches!(
            parse(&q, &open),
            Err(LineageError::BadRequest {
                parameter: "profile",
                ..
            })
        ));
    }
}
