//! Starts the emulator once per test binary and points the AWS SDK at it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Mutex, OnceLock};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use leptos::config::LeptosOptions;
use sagemaker_lineage::server::aws::{AwsSettings, AwsSource};
use sagemaker_lineage::server::routes::router;
use sagemaker_lineage::server::service::ServiceConfig;
use sagemaker_lineage::server::store::CacheSettings;
use sagemaker_lineage::server::AppState;
use serde_json::Value;
use tower::ServiceExt;

pub struct Emulator {
    pub url: String,
    /// Held open: the emulator exits when its stdin closes, i.e. when this test
    /// process ends, however it ends.
    _child: Mutex<Child>,
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn python() -> PathBuf {
    if let Ok(p) = std::env::var("LINEAGE_EMULATOR_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = root().join("end2end/emulator/.venv/bin/python");
    assert!(
        venv.exists(),
        "the emulator venv is missing at {}: run .ci/setup (or set LINEAGE_EMULATOR_PYTHON)",
        venv.display()
    );
    venv
}

/// Environment that makes the SDK talk to the emulator with dummy credentials and
/// never to a real account.
pub fn aws_env(url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_ENDPOINT_URL", url.to_string()),
        ("AWS_ACCESS_KEY_ID", "testing".into()),
        ("AWS_SECRET_ACCESS_KEY", "testing".into()),
        ("AWS_REGION", "us-east-1".into()),
        ("AWS_EC2_METADATA_DISABLED", "true".into()),
        ("AWS_CONFIG_FILE", "/dev/null".into()),
        ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null".into()),
    ]
}

/// Starts an emulator seeded with the demo scenarios; it lives as long as the child's
/// stdin is held open.
pub fn spawn_emulator() -> (String, Child) {
    let dir = root().join("end2end/emulator");
    let mut child = Command::new(python())
        .args([
            "-m",
            "lineage_emulator",
            "--port",
            "0",
            "--scenario",
            "demo",
            "--exit-on-stdin-eof",
        ])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("starting the emulator");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("READY ") {
                let _ = tx.send(url.trim().to_string());
            }
        }
    });
    let url = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the emulator did not become ready within 120 s");
    (url, child)
}

/// Runs an async test on the one multi-threaded runtime all in-process tests share:
/// the server, too, has one runtime for its lifetime (and `send` serves each request
/// on a worker task, as the server does), so nothing a test leaves behind can belong
/// to a runtime that has already shut down.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("the test runtime")
        })
        .block_on(future)
}

/// The shared emulator, started on first use.
pub fn emulator() -> &'static Emulator {
    static EMULATOR: OnceLock<Emulator> = OnceLock::new();
    EMULATOR.get_or_init(|| {
        let (url, child) = spawn_emulator();
        // Set once, before any test reads the environment (every test goes through
        // this lock first).
        for (k, v) in aws_env(&url) {
            std::env::set_var(k, v);
        }
        Emulator {
            url,
            _child: Mutex::new(child),
        }
    })
}

pub fn app_with(config: ServiceConfig) -> Router {
    emulator();
    app_for(None, config)
}

/// An app whose AWS endpoint is `endpoint` (a private emulator), or the shared one.
pub fn app_for(endpoint: Option<&str>, config: ServiceConfig) -> Router {
    app_with_settings(
        AwsSettings {
            attempt_timeout: Duration::from_secs(20),
            operation_timeout: Duration::from_secs(40),
            endpoint_url: endpoint.map(str::to_string),
            ..AwsSettings::default()
        },
        config,
    )
}

/// Dummy credentials and no shared config files, so that the SDK never finds real
/// ones (the endpoint comes from the settings or the shared emulator).
pub fn credentials_env() {
    static SET: OnceLock<()> = OnceLock::new();
    SET.get_or_init(|| {
        for (k, v) in aws_env("") {
            if k != "AWS_ENDPOINT_URL" {
                std::env::set_var(k, v);
            }
        }
    });
}

pub fn app_with_settings(settings: AwsSettings, config: ServiceConfig) -> Router {
    credentials_env();
    router(AppState::new(
        AwsSource::new(settings),
        config,
        &CacheSettings::default(),
        LeptosOptions::builder()
            .output_name("sagemaker-lineage")
            .build(),
    ))
}

pub fn app() -> Router {
    app_with(ServiceConfig::default())
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {}", &self.body[..self.body.len().min(500)])
        })
    }
}

pub async fn send(app: Router, request: Request<Body>) -> Reply {
    // A hang is a failure that names the request, not a stuck test run.
    let what = format!("{} {}", request.method(), request.uri());
    // Served on a runtime worker, as the server serves every request.
    let served = tokio::spawn(app.oneshot(request));
    let response = tokio::time::timeout(Duration::from_secs(15), served)
        .await
        .unwrap_or_else(|_| panic!("{what} did not answer within 15 s"))
        .expect("the request task")
        .expect("router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 64 << 20)
        .await
        .expect("body");
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// A bodiless GET request.
pub fn request(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

pub async fn get(path: &str) -> Reply {
    send(app(), Request::get(path).body(Body::empty()).unwrap()).await
}

/// `GET /lineage` with these parameters, expecting `status`.
pub async fn lineage(params: &str, status: u16) -> Value {
    let reply = get(&format!("/lineage?{params}")).await;
    assert_eq!(
        reply.status.as_u16(),
        status,
        "GET /lineage?{params}: {}",
        &reply.body[..reply.body.len().min(2000)]
    );
    assert_eq!(
        reply.headers["content-type"], "application/json",
        "every answer is JSON"
    );
    reply.json()
}

/// A plain HTTP/1.1 GET against a running server (for the binary tests).
pub fn http_get(addr: &str, path: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    Ok((status, body))
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_sagemaker-lineage"))
}

/// A bodiless POST (the emulator's control endpoints).
pub fn http_post(addr: &str, path: &str) -> std::io::Result<(u16, String)> {
    http_post_body(addr, path, "")
}

/// A POST with a body (the emulator's control endpoints).
pub fn http_post_body(addr: &str, path: &str, body: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// A `serve` process, killed when dropped.
pub struct Server {
    pub addr: String,
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `serve` on a free port with `env`, once its health check answers.
pub fn serve(env: &[(&'static str, String)]) -> Server {
    serve_logging(env, None)
}

/// `serve`, with its info-level logs written to `log` when given.
pub fn serve_logging(env: &[(&'static str, String)], log: Option<&Path>) -> Server {
    let addr = format!("127.0.0.1:{}", free_port());
    let mut command = Command::new(binary());
    command
        .args(["serve", "--addr", &addr])
        // No index (no background crawl) unless a test asks for one in `env`.
        .env("LINEAGE_NO_INDEX", "true")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("RUST_LOG", if log.is_some() { "info" } else { "error" })
        .current_dir(root())
        .stdout(Stdio::null());
    if let Some(log) = log {
        command.stderr(std::fs::File::create(log).expect("creating the log file"));
    }
    let child = command.spawn().expect("starting the server");
    let server = Server { addr, child };
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while http_get(&server.addr, "/healthz").map(|(s, _)| s).ok() != Some(200) {
        assert!(std::time::Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    server
}
