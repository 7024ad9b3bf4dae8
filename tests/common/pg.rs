//! A throwaway PostgreSQL cluster for the tests of one test binary:
//! `initdb` into a temp folder, `pg_ctl start` on a free loopback port,
//! one fresh database per test, and `pg_ctl stop` when the binary exits.
//! As root (CI), the server runs as the `postgres` user, which owns the
//! folder: PostgreSQL refuses to run as root.
//!
//! Without PostgreSQL's server programs the tests that need it do not run,
//! and one line (one per `cargo test`) says so and how to run them; with
//! `SPRINTBOARD_TEST_NEEDS_POSTGRES=1` (set by `.ci/run`) that is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

/// The superuser the tests connect as, and its password.
pub const USER: &str = "sb_admin";
pub const PASSWORD: &str = "pw-'; DROP TABLE story; --";

/// A running cluster.
pub struct Cluster {
    pub port: u16,
    /// The root certificate the server's TLS certificate is signed with
    /// (made with `openssl`, when it is installed).
    pub tls_root: Option<PathBuf>,
    dir: PathBuf,
    bin: PathBuf,
    /// `Some(user)` when the server runs as another user (we are root).
    run_as: Option<String>,
}

static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
static NEXT_DB: AtomicU32 = AtomicU32::new(0);
/// Stopping and starting (the fault tests) one at a time.
pub static SERVER_LOCK: Mutex<()> = Mutex::new(());

/// The server programs: `$SPRINTBOARD_PG_BIN`, else the newest
/// `/usr/lib/postgresql/*/bin` that has `initdb`.
fn server_bin() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SPRINTBOARD_PG_BIN") {
        let dir = PathBuf::from(dir);
        return dir.join("initdb").exists().then_some(dir);
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, b)| b)
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// The cluster, started on first use; `None` (after the one-line notice)
/// when PostgreSQL is not installed and the run does not require it.
pub fn cluster() -> Option<&'static Cluster> {
    CLUSTER
        .get_or_init(|| match server_bin() {
            Some(bin) => Some(start(bin)),
            None => {
                if std::env::var("SPRINTBOARD_TEST_NEEDS_POSTGRES").is_ok_and(|v| v == "1") {
                    panic!("SPRINTBOARD_TEST_NEEDS_POSTGRES=1 but PostgreSQL's server programs are not installed");
                }
                say_skipped_once();
                None
            }
        })
        .as_ref()
}

/// One line per `cargo test` run (cargo is every test binary's parent),
/// written past the harness's capture.
fn say_skipped_once() {
    use std::io::Write;
    let marker = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("postgres-tests-skipped-{}", std::os::unix::process::parent_id()));
    if std::fs::OpenOptions::new().write(true).create_new(true).open(&marker).is_ok() {
        let _ = writeln!(
            std::io::stderr(),
            "note: the PostgreSQL tests did not run (no server programs under /usr/lib/postgresql/*/bin); \
             install Debian's postgresql package (apt-get install postgresql) or set SPRINTBOARD_PG_BIN, then run cargo test again"
        );
    }
}

fn run(cmd: &mut Command, what: &str) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Cluster {
    /// A command of the server's programs, as the server's user.
    fn tool(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(program);
                c
            }
            None => Command::new(program),
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// Starts the server (again).
    pub fn start(&self) {
        let mut opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
            self.port,
            self.dir.display()
        );
        if self.tls_root.is_some() {
            opts.push_str(&format!(
                " -c ssl=on -c ssl_cert_file={0}/server.crt -c ssl_key_file={0}/server.key",
                self.dir.display()
            ));
        }
        let log = self.dir.join("server.log");
        run(
            self.tool("pg_ctl")
                .args(["start", "-w", "-t", "60", "-D"])
                .arg(self.data())
                .arg("-l")
                .arg(&log)
                .args(["-o", &opts]),
            "pg_ctl start",
        );
    }

    /// Stops the server at once, as a crash would (`-m immediate`).
    pub fn kill(&self) {
        run(self.tool("pg_ctl").args(["stop", "-w", "-m", "immediate", "-D"]).arg(self.data()), "pg_ctl stop");
    }

    /// A URL with the admin's password for database `db`.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://{USER}:{}@127.0.0.1:{}/{db}", encode(PASSWORD), self.port)
    }

    /// A client as the admin, on database `postgres`.
    pub fn admin(&self) -> postgres::Client {
        let mut c = postgres::Config::new();
        c.host("127.0.0.1").port(self.port).user(USER).password(PASSWORD).dbname("postgres");
        c.connect(postgres::NoTls).expect("connect as admin")
    }

    /// A new, empty database; its name.
    pub fn fresh_db(&self) -> String {
        let name = format!("t{}_{}", std::process::id(), NEXT_DB.fetch_add(1, Ordering::SeqCst));
        self.admin().batch_execute(&format!("CREATE DATABASE {name}")).expect("create database");
        name
    }
}

/// Percent-encodes a URL's password.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

fn start(bin: PathBuf) -> Cluster {
    let dir = tempfile::Builder::new().prefix("sprintboard-pg-").tempdir().expect("temp dir").keep();
    let run_as = is_root().then(|| "postgres".to_string());
    if let Some(user) = &run_as {
        run(Command::new("chown").arg(user).arg(&dir), "chown the cluster folder");
    }
    let mut cluster = Cluster { port: free_port(), dir, bin, run_as, tls_root: None };
    cluster.tls_root = make_certificates(&cluster);
    let pwfile = cluster.dir.join("pw");
    std::fs::write(&pwfile, PASSWORD).expect("password file");
    if let Some(user) = &cluster.run_as {
        run(Command::new("chown").arg(user).arg(&pwfile), "chown the password file");
    }
    run(
        cluster
            .tool("initdb")
            .args(["-D"])
            .arg(cluster.data())
            .args(["-U", USER, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"])
            .arg(format!("--pwfile={}", pwfile.display())),
        "initdb",
    );
    cluster.start();
    // SAFETY: registering a plain extern "C" function.
    unsafe { libc::atexit(stop_at_exit) };
    cluster
}

/// A root certificate and a server certificate it signs (for 127.0.0.1
/// and localhost), owned by the server's user; `None` without `openssl`.
fn make_certificates(c: &Cluster) -> Option<PathBuf> {
    let dir = &c.dir;
    let ok =
        |args: &[&str]| Command::new("openssl").args(args).current_dir(dir).output().is_ok_and(|o| o.status.success());
    let san = dir.join("san.cnf");
    std::fs::write(&san, "subjectAltName=DNS:localhost,IP:127.0.0.1\n").ok()?;
    let made =
        ok(&[
            "req",
            "-new",
            "-x509",
            "-days",
            "2",
            "-nodes",
            "-subj",
            "/CN=sprintboard test root",
            "-keyout",
            "root.key",
            "-out",
            "root.crt",
        ]) && ok(&["req", "-new", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr"])
            && ok(&[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "root.crt",
                "-CAkey",
                "root.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-out",
                "server.crt",
                "-extfile",
                "san.cnf",
            ]);
    if !made {
        return None;
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.join("server.key"), std::fs::Permissions::from_mode(0o600)).ok()?;
    if let Some(user) = &c.run_as {
        run(
            Command::new("chown").arg(user).arg(dir.join("server.key")).arg(dir.join("server.crt")),
            "chown the certificate",
        );
    }
    Some(dir.join("root.crt"))
}

extern "C" fn stop_at_exit() {
    if let Some(Some(c)) = CLUSTER.get() {
        let _ = c.tool("pg_ctl").args(["stop", "-m", "immediate", "-D"]).arg(c.data()).output();
        let _ = std::fs::remove_dir_all(&c.dir);
    }
}
