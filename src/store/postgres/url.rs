//! Board URLs: `postgres://user[:password]@host[:port]/dbname[?sslmode=…]`.
//! The password is taken out at once: messages, the screen and anything
//! that shows the board's name see the URL without it, and the process
//! keeps it (by that URL) so that a second store on the same board — the
//! forecast worker's — can open it again. Without a password in the URL,
//! `PGPASSWORD`, then `PGPASSFILE` or `~/.pgpass` are asked, as libpq does.

use std::collections::HashMap;
use std::sync::Mutex;

/// Whether `text` names a PostgreSQL board.
pub fn is_url(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

/// Passwords by the URL shown for them.
static PASSWORDS: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);

/// A URL split into what may be shown and the password.
pub struct Parts {
    /// The URL without its password.
    pub shown: String,
    /// The password the URL held, or the one kept for it.
    pub password: Option<String>,
}

/// Takes the password out of a URL (from its user part, or a `password=`
/// parameter), remembering it for the URL that remains.
pub fn split(url: &str) -> Parts {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let mut password = None;
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, pass)) => {
                password = Some(percent_decode(pass));
                format!("{name}@{host}")
            }
            None => authority.to_string(),
        },
        None => authority.to_string(),
    };
    let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            if let Some(v) = p.strip_prefix("password=") {
                password = Some(percent_decode(v));
                false
            } else {
                true
            }
        })
        .collect();
    let query = if kept.is_empty() { String::new() } else { format!("?{}", kept.join("&")) };
    let shown = format!("{scheme}://{authority}{path}{query}");
    let mut kept_passwords = PASSWORDS.lock().unwrap_or_else(|e| e.into_inner());
    let map = kept_passwords.get_or_insert_with(HashMap::new);
    match &password {
        Some(p) => {
            map.insert(shown.clone(), p.clone());
        }
        None => password = map.get(&shown).cloned(),
    }
    Parts { shown, password }
}

/// The URL as the driver reads it, and how TLS is to be used: libpq's
/// `sslmode` values the driver does not know (`verify-ca`, `verify-full`)
/// become `require` for it, and `sslrootcert` is taken out (the driver
/// refuses options it does not know); `tls.rs` does the checking.
pub fn for_driver(url: &str) -> (String, super::tls::Mode) {
    use super::tls::Mode;
    let Some((head, query)) = url.split_once('?') else { return (url.to_string(), Mode::Encrypt) };
    let (mut mode, mut root) = ("prefer".to_string(), None);
    let mut kept = Vec::new();
    for p in query.split('&').filter(|p| !p.is_empty()) {
        if let Some(v) = p.strip_prefix("sslmode=") {
            mode = percent_decode(v);
            if mode == "verify-ca" || mode == "verify-full" {
                kept.push("sslmode=require".to_string());
                continue;
            }
        } else if let Some(v) = p.strip_prefix("sslrootcert=") {
            root = Some(std::path::PathBuf::from(percent_decode(v)));
            continue;
        }
        kept.push(p.to_string());
    }
    let mode = match mode.as_str() {
        "disable" => Mode::Off,
        "verify-ca" | "verify-full" => Mode::Verify(root),
        _ => Mode::Encrypt,
    };
    let url = if kept.is_empty() { head.to_string() } else { format!("{head}?{}", kept.join("&")) };
    (url, mode)
}

/// What the URL leaves out, from libpq's variables: `PGHOST` (a folder
/// is a Unix socket's), `PGPORT`, `PGUSER` and `PGDATABASE`; without
/// them the host is `localhost`.
pub fn defaults_from_environment(config: &mut tokio_postgres::Config) {
    defaults_from(config, &|name| std::env::var(name).ok());
}

/// [`defaults_from_environment`] with the variables `lookup` gives.
fn defaults_from(config: &mut tokio_postgres::Config, lookup: &dyn Fn(&str) -> Option<String>) {
    let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
    if config.get_hosts().is_empty() {
        match var("PGHOST") {
            #[cfg(unix)]
            Some(h) if h.starts_with('/') => {
                config.host_path(h);
            }
            Some(h) => {
                config.host(h);
            }
            None => {
                config.host("localhost");
            }
        }
    }
    if config.get_ports().is_empty()
        && let Some(port) = var("PGPORT").and_then(|p| p.trim().parse::<u16>().ok())
    {
        config.port(port);
    }
    if config.get_user().is_none()
        && let Some(user) = var("PGUSER")
    {
        config.user(user);
    }
    if config.get_dbname().is_none()
        && let Some(db) = var("PGDATABASE")
    {
        config.dbname(db);
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The password for a connection that has none in its URL: `PGPASSWORD`,
/// else the first matching line of `PGPASSFILE` or `~/.pgpass`
/// (`host:port:database:user:password`, `*` matching anything, `\`
/// escaping `:` and `\`).
pub fn password_from_environment(host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    if let Ok(p) = std::env::var("PGPASSWORD")
        && !p.is_empty()
    {
        return Some(p);
    }
    let file = match std::env::var_os("PGPASSFILE") {
        Some(f) => std::path::PathBuf::from(f),
        None => directories::BaseDirs::new()?.home_dir().join(".pgpass"),
    };
    let text = std::fs::read_to_string(file).ok()?;
    pgpass_lookup(&text, host, port, db, user)
}

/// The password a `.pgpass` text gives for a connection.
pub fn pgpass_lookup(text: &str, host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    let port = port.to_string();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = pgpass_fields(line);
        if fields.len() < 5 {
            continue;
        }
        let host_matches = fields[0] == "*"
            || fields[0] == host
            || (fields[0] == "localhost" && (host.starts_with('/') || host == "127.0.0.1"));
        let want = [&port, db, user];
        if host_matches && fields[1..4].iter().zip(want).all(|(f, w)| f == "*" || f == w) {
            return Some(fields[4..].join(":"));
        }
    }
    None
}

fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(n), Some(f)) = (chars.next(), fields.last_mut()) {
                    f.push(n);
                }
            }
            ':' => fields.push(String::new()),
            c => {
                if let Some(f) = fields.last_mut() {
                    f.push(c);
                }
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    fn config(url: &str, vars: &[(&str, &str)]) -> tokio_postgres::Config {
        let mut c: tokio_postgres::Config = url.parse().unwrap();
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        super::defaults_from(&mut c, &|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()));
        c
    }

    #[test]
    fn what_the_url_leaves_out_comes_from_libpqs_variables() {
        let vars = [("PGHOST", "db.example"), ("PGPORT", "6543"), ("PGUSER", "maya"), ("PGDATABASE", "team")];
        let c = config("postgres://", &vars);
        assert_eq!(c.get_hosts(), &[tokio_postgres::config::Host::Tcp("db.example".into())]);
        assert_eq!(c.get_ports(), &[6543]);
        assert_eq!((c.get_user(), c.get_dbname()), (Some("maya"), Some("team")));
        // What the URL says wins.
        let c = config("postgres://omar@10.0.0.2:5433/board", &vars);
        assert_eq!(c.get_hosts(), &[tokio_postgres::config::Host::Tcp("10.0.0.2".into())]);
        assert_eq!(c.get_ports(), &[5433]);
        assert_eq!((c.get_user(), c.get_dbname()), (Some("omar"), Some("board")));
    }

    #[test]
    fn without_variables_the_host_is_localhost_and_a_folder_is_a_socket() {
        let c = config("postgres:///board", &[]);
        assert_eq!(c.get_hosts(), &[tokio_postgres::config::Host::Tcp("localhost".into())]);
        assert!(c.get_ports().is_empty() && c.get_user().is_none());
        #[cfg(unix)]
        {
            let c = config("postgres:///board", &[("PGHOST", "/run/postgresql")]);
            assert_eq!(c.get_hosts(), &[tokio_postgres::config::Host::Unix("/run/postgresql".into())]);
        }
    }

    use super::*;

    #[test]
    fn passwords_are_taken_out_and_kept_for_the_shown_url() {
        let p = split("postgres://maya:s3cr%40t@db.example:5433/team?sslmode=require");
        assert_eq!(p.shown, "postgres://maya@db.example:5433/team?sslmode=require");
        assert_eq!(p.password.as_deref(), Some("s3cr@t"));
        assert_eq!(split(&p.shown).password.as_deref(), Some("s3cr@t"));
        let q = split("postgresql://ana@h/db?password=hunter2&application_name=x");
        assert_eq!(q.shown, "postgresql://ana@h/db?application_name=x");
        assert_eq!(q.password.as_deref(), Some("hunter2"));
        assert_eq!(split("postgres://h:5432/db").shown, "postgres://h:5432/db");
    }

    #[test]
    fn libpq_ssl_modes_reach_the_driver_as_it_knows_them() {
        use crate::store::postgres::tls::Mode;
        let (url, mode) = for_driver("postgres://u@h/d?sslmode=verify-full&sslrootcert=/etc/ca.pem&application_name=x");
        assert_eq!(url, "postgres://u@h/d?sslmode=require&application_name=x");
        assert_eq!(mode, Mode::Verify(Some("/etc/ca.pem".into())));
        assert_eq!(for_driver("postgres://u@h/d?sslmode=require").1, Mode::Encrypt);
        assert_eq!(for_driver("postgres://u@h/d?sslmode=disable").1, Mode::Off);
        assert_eq!(for_driver("postgres://u@h/d").1, Mode::Encrypt);
    }

    #[test]
    fn pgpass_lines_match_like_libpq() {
        let text = "# comment\nother:5432:*:*:no\nlocalhost:5432:team:maya:pa\\:ss\n*:*:*:*:any";
        assert_eq!(pgpass_lookup(text, "localhost", 5432, "team", "maya").as_deref(), Some("pa:ss"));
        assert_eq!(pgpass_lookup(text, "127.0.0.1", 5432, "team", "maya").as_deref(), Some("pa:ss"));
        assert_eq!(pgpass_lookup(text, "db", 5432, "team", "maya").as_deref(), Some("any"));
        assert_eq!(pgpass_lookup("h:1:d:u:p", "h", 2, "d", "u"), None);
    }
}
