//! A throwaway PostgreSQL server for the index's tests: a cluster in a temp
//! directory, run as the `postgres` user (PostgreSQL refuses root), started once per
//! test binary and stopped (its directory removed) when the test process ends, however
//! it ends: a shell holds the server and waits for its stdin to close.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};

pub struct Postgres {
    pub port: u16,
    _holder: Mutex<Child>,
}

fn bin_dir() -> String {
    let mut dirs: Vec<_> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is not installed: run .ci/setup (apt-get install postgresql)")
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    dirs.sort();
    dirs.pop()
        .expect("no initdb under /usr/lib/postgresql: run .ci/setup")
        .display()
        .to_string()
}

/// The server, started on first use.
pub fn postgres() -> &'static Postgres {
    static PG: OnceLock<Postgres> = OnceLock::new();
    PG.get_or_init(|| {
        let bin = bin_dir();
        let dir = std::env::temp_dir().join(format!("lineage-pg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let port = crate::harness::free_port();
        let dir_s = dir.display().to_string();
        // As root: the cluster belongs to `postgres`. As another user: to that user.
        let root = Command::new("id").arg("-u").output().map(|o| o.stdout == b"0\n").unwrap_or(false);
        if root {
            let status = Command::new("chown").args(["postgres:postgres", &dir_s]).status().unwrap();
            assert!(status.success(), "chown of {dir_s}");
        }
        let script = format!(
            "set -e; {bin}/initdb -D {dir_s}/data -A trust -U lineage >{dir_s}/initdb.log 2>&1; \
             {bin}/pg_ctl -D {dir_s}/data -o \"-p {port} -k {dir_s} -c listen_addresses=127.0.0.1 -c fsync=off\" \
               -l {dir_s}/log -w start >/dev/null; \
             {bin}/createdb -h 127.0.0.1 -p {port} -U lineage lineage; \
             echo READY; cat >/dev/null; \
             {bin}/pg_ctl -D {dir_s}/data -m immediate stop >/dev/null 2>&1; rm -rf {dir_s}"
        );
        let mut command = if root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--", "sh", "-c", &script]);
            c
        } else {
            let mut c = Command::new("sh");
            c.args(["-c", &script]);
            c
        };
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting PostgreSQL");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        assert_eq!(
            line.trim(),
            "READY",
            "PostgreSQL did not start (see {dir_s}/initdb.log and {dir_s}/log)"
        );
        Postgres {
            port,
            _holder: Mutex::new(child),
        }
    })
}

impl Postgres {
    /// A fresh database on the server, for one test.
    pub fn database(&self, name: &str) -> String {
        let bin = bin_dir();
        let out = Command::new(format!("{bin}/createdb"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "lineage",
                name,
            ])
            .output()
            .expect("createdb");
        assert!(
            out.status.success(),
            "createdb {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        format!("postgres://lineage@127.0.0.1:{}/{name}", self.port)
    }
}
