//! Deployments: endpoints, their configs' production variants, and what each
//! variant's model serves (a model package or a model artifact).

use async_trait::async_trait;

use super::errors::map_sdk_error;
use super::reads::*;
use super::{time, AwsSource};
use crate::server::source::{AwsError, AwsTarget, Fetch};

#[async_trait]
impl Fetch<ListEndpoints> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        _: &ListEndpoints,
    ) -> Result<Vec<EndpointListItem>, AwsError> {
        let c = self.clients(target).await;
        let mut pages = c
            .sagemaker
            .list_endpoints()
            .max_results(100)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| map_sdk_error(e, "sagemaker:ListEndpoints", "endpoints"))?;
            for e in page.endpoints() {
                out.push(EndpointListItem {
                    name: e.endpoint_name().unwrap_or_default().to_string(),
                    arn: e.endpoint_arn().map(str::to_string),
                    status: e
                        .endpoint_status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    last_modified: time(e.last_modified_time()),
                });
            }
        }
        Ok(out)
    }
}

#[async_trait]
impl Fetch<DescribeEndpoint> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        read: &DescribeEndpoint,
    ) -> Result<EndpointDescription, AwsError> {
        let name = &read.name;
        let c = self.clients(target).await;
        let o = c
            .sagemaker
            .describe_endpoint()
            .endpoint_name(name)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(e, "sagemaker:DescribeEndpoint", &format!("endpoint {name}"))
            })?;
        Ok(EndpointDescription {
            name: o.endpoint_name().unwrap_or(name).to_string(),
            arn: o.endpoint_arn().map(str::to_string),
            status: o
                .endpoint_status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            config_name: o.endpoint_config_name().map(str::to_string),
            last_modified: time(o.last_modified_time()),
            failure_reason: o.failure_reason().map(str::to_string),
        })
    }
}

#[async_trait]
impl Fetch<DescribeEndpointConfig> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        read: &DescribeEndpointConfig,
    ) -> Result<Vec<VariantConfig>, AwsError> {
        let name = &read.name;
        let c = self.clients(target).await;
        let o = c
            .sagemaker
            .describe_endpoint_config()
            .endpoint_config_name(name)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    e,
                    "sagemaker:DescribeEndpointConfig",
                    &format!("endpoint config {name}"),
                )
            })?;
        Ok(o.production_variants()
            .iter()
            .map(|v| VariantConfig {
                variant: v.variant_name().unwrap_or_default().to_string(),
                model_name: v.model_name().map(str::to_string),
            })
            .collect())
    }
}

#[async_trait]
impl Fetch<DescribeModel> for AwsSource {
    async fn fetch(
        &self,
        target: &AwsTarget,
        read: &DescribeModel,
    ) -> Result<Vec<ModelContainer>, AwsError> {
        let name = &read.name;
        let c = self.clients(target).await;
        let o = c
            .sagemaker
            .describe_model()
            .model_name(name)
            .send()
            .await
            .map_err(|e| map_sdk_error(e, "sagemaker:DescribeModel", &format!("model {name}")))?;
        let container = |model_package: Option<&str>, data: Option<&str>| ModelContainer {
            model_package_arn: model_package.map(str::to_string),
            model_data_url: data.map(str::to_string),
        };
        let mut out: Vec<ModelContainer> = o
            .primary_container()
            .map(|p| container(p.model_package_name(), p.model_data_url()))
            .into_iter()
            .collect();
        out.extend(
            o.containers()
                .iter()
                .map(|p| container(p.model_package_name(), p.model_data_url())),
        );
        Ok(out)
    }
}
