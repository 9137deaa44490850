//! The `sagemaker-lineage` binary: the web server (default) and the CLI.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use sagemaker_lineage::server::aws::{AwsSettings, AwsSource};
use sagemaker_lineage::server::cli::{
    local_url, Cli, Command, CompareArgs, ExportArgs, ExportFormat, Gate, LineageArgs,
    OpenLineageExportArgs, ServeArgs, GATE_FAILED,
};
use sagemaker_lineage::server::index::{Index, IndexDb};
use sagemaker_lineage::server::push::ViewedPush;
use sagemaker_lineage::server::{routes, AppState};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    // Text logs by default; `LINEAGE_LOG_FORMAT=json` gives one JSON object per line
    // (with the request span: id, method, path) for log pipelines.
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,aws_config=warn")),
        )
        .with_writer(std::io::stderr);
    if std::env::var("LINEAGE_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        logs.json()
            .with_current_span(true)
            .with_span_list(false)
            .init();
    } else {
        logs.init();
    }

    let cli = Cli::parse();
    let result = match cli.command {
        None => serve(ServeArgs::from_env())
            .await
            .map(|()| ExitCode::SUCCESS),
        Some(Command::Serve(args)) => serve(args).await.map(|()| ExitCode::SUCCESS),
        Some(Command::Lineage(args)) => lineage(args).await,
        Some(Command::Compare(args)) => compare(args).await,
        Some(Command::Export(ExportArgs {
            format: ExportFormat::Openlineage(args),
        })) => export_openlineage(args).await,
        Some(Command::Openapi) => {
            let regions = &ServeArgs::from_env().service_config().regions;
            println!("{}", sagemaker_lineage::server::openapi::document(regions));
            Ok(ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    // A configuration error names the option and exits with status 2, as clap's own.
    if let Err(e) = args.check() {
        e.exit();
    }
    // Leptos.toml when run from the project (or the image); LEPTOS_* variables, as
    // cargo-leptos sets them, override it.
    let config_file = Path::new("Leptos.toml").exists().then_some("Leptos.toml");
    let conf = match leptos::config::get_configuration(config_file) {
        Ok(conf) => conf,
        // A configuration error, like the options' own: status 2.
        Err(e) => {
            eprintln!("error: invalid site configuration (Leptos.toml or LEPTOS_* variables): {e}");
            std::process::exit(2);
        }
    };
    let mut leptos_options = conf.leptos_options;
    if let Some(addr) = args.addr {
        leptos_options.site_addr = addr;
    }
    let addr = leptos_options.site_addr;
    let mut config = args.service_config();
    if args.public_url.is_none() {
        config.public_url = local_url(addr);
    }
    let mut state = AppState::new(
        AwsSource::new(args.aws_settings()),
        config,
        &args.cache_settings(),
        leptos_options,
    );
    let push = args
        .openlineage_push(&state.config)
        .await
        .map_err(anyhow::Error::msg)?;
    if args.index_db.is_none() && (!args.no_index || push.is_some()) {
        std::fs::create_dir_all(&args.data_dir)
            .with_context(|| format!("creating {}", args.data_dir.display()))?;
    }
    if let Some(mut settings) = args.index_settings() {
        settings.openlineage = push;
        let index = Index::open(settings)
            .await
            .context("opening the lineage index")?;
        state = state.with_index(index);
        state.start_crawler();
    } else if let Some(push) = push {
        // No crawler: the executions users view are pushed, through the outbox in
        // the index database.
        let db = IndexDb::connect(&args.index_db_url())
            .await
            .context("opening the OpenLineage outbox (the index database)")?;
        state = state.with_push(ViewedPush::new(db, push));
    }
    let index = state.index.clone();
    let viewed_push = state.push.clone();
    let app = routes::router(state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}"))?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await
        .context("serving")?;
    // Another replica may take the regions over at once.
    if let Some(index) = index {
        index.release().await;
    }
    if let Some(push) = viewed_push {
        push.release().await;
    }
    Ok(())
}

async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("installing the SIGTERM handler");
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

/// Writes the document; with `--fail-on`, exits with `GATE_FAILED` when a finding
/// that bad or worse exists.
async fn export_openlineage(args: OpenLineageExportArgs) -> anyhow::Result<ExitCode> {
    let receiver = args.receiver().await.map_err(anyhow::Error::msg)?;
    let source = AwsSource::new(AwsSettings::default());
    let events = args.events(source.as_ref()).await?;
    let text = args.render(&events)?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("wrote {} ({} events)", path.display(), events.len());
        }
        None if receiver.is_none() => print!("{text}"),
        None => {}
    }
    if let Some(receiver) = receiver {
        let url = receiver.url();
        match receiver.send_all(&events).await {
            Ok(n) => eprintln!("sent {n} events to {url}"),
            Err((sent, e)) => {
                anyhow::bail!("sent {sent} of {} events to {url}; then: {e}", events.len())
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn lineage(args: LineageArgs) -> anyhow::Result<ExitCode> {
    let source = if args.definition_file.is_none() {
        Some(AwsSource::new(AwsSettings::default()))
    } else {
        None
    };
    let doc = args
        .document(
            source
                .as_deref()
                .map(|s| s as &dyn sagemaker_lineage::server::source::LineageSource),
        )
        .await?;
    let json = serde_json::to_string_pretty(&doc)?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, json + "\n")
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "wrote {} ({} steps, {} edges, {} artifacts, {} warnings)",
                path.display(),
                doc.graph.nodes.len(),
                doc.graph.edges.len(),
                doc.graph.artifacts.len(),
                doc.warnings.len()
            );
        }
        None => println!("{json}"),
    }
    let Some(threshold) = args.fail_on else {
        return Ok(ExitCode::SUCCESS);
    };
    let gate = Gate::check(&doc, threshold);
    for line in &gate.lines {
        eprintln!("{line}");
    }
    Ok(if gate.failed {
        ExitCode::from(GATE_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes the comparison of two executions, as JSON or as a readable summary.
async fn compare(args: CompareArgs) -> anyhow::Result<ExitCode> {
    let comparison = args
        .comparison(AwsSource::new(AwsSettings::default()))
        .await?;
    let text = args.render(&comparison);
    match &args.out {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "wrote {} ({} vs {})",
                path.display(),
                comparison.base.id,
                comparison.target.id
            );
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
