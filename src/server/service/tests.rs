use super::*;

#[test]
fn profile_needs_the_opt_in() {
    let q = LineageQuery {
        pipeline: "p".into(),
        region: "us-east-1".into(),
        profile: Some("dev".into()),
        ..LineageQuery::default()
    };
    assert!(matches!(
        validate(&q, &ServiceConfig::default()),
        Err(LineageError::ProfileNotAllowed)
    ));
    let open = ServiceConfig {
        allow_profile: true,
        ..ServiceConfig::default()
    };
    assert!(validate(&q, &open).is_ok());
}

#[test]
fn execution_ids_become_arns_of_this_pipeline() {
    let arn = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/customer-churn";
    assert_eq!(
        execution_arn("e1", Some(arn), "customer-churn", "us-east-1").unwrap(),
        format!("{arn}/execution/e1")
    );
    let other = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/other/execution/e1";
    assert!(execution_arn(other, Some(arn), "customer-churn", "us-east-1").is_err());
    let upper = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/customer-churn/execution/e1";
    assert!(execution_arn(upper, Some(arn), "Customer-Churn", "us-east-1").is_ok());
    // An ARN from another region than the one asked for is refused before any call.
    assert!(execution_arn(upper, Some(arn), "customer-churn", "eu-west-1").is_err());
}

#[test]
fn secrets_stay_secret() {
    let s = Secret("hunter2".into());
    assert!(!format!("{s:?}").contains("hunter2"));
    assert!(s.matches("hunter2"));
    assert!(!s.matches("hunter3") && !s.matches("hunter") && !s.matches(""));
}

#[test]
fn domain_tags() {
    let tags: BTreeMap<String, String> = [
        ("DomainId".to_string(), "d-abc".to_string()),
        (
            "sagemaker:domain-arn".to_string(),
            "arn:aws:sagemaker:us-east-1:1:domain/d-xyz".to_string(),
        ),
    ]
    .into();
    assert_eq!(
        match_domain(&tags, "d-abc").unwrap().matched_tag,
        "DomainId"
    );
    assert_eq!(
        match_domain(&tags, "d-xyz").unwrap().matched_tag,
        "sagemaker:domain-arn"
    );
    assert!(match_domain(&tags, "other").is_none());
}
