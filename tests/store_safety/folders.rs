//! A writable board in a folder that cannot take new files opens read-only
//! with a notice; a full disk is said as such.
//!
//! Root (as CI runs) passes permission checks, so these make folders
//! read-only the ways root respects: the immutable attribute (`chattr +i`,
//! the file inside stays writable: exactly "a writable file in a read-only
//! folder"), a read-only bind mount, and permission bits for a board opened
//! by an ordinary user; and a small tmpfs for a full disk. They need root;
//! as anyone else each says in one line that it did not run. As root, a
//! missing tool fails the test.

use super::common::{Board, bytes};
use sprintboard::store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;

fn is_root(test: &str) -> bool {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if !root {
        println!("{test}: not run: it needs root (chattr, mount)");
    }
    root
}

fn run(program: &str, args: &[&str]) {
    let o = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(o.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&o.stderr));
}

/// `chattr +i` on a folder until dropped: nothing can be created in it.
struct Immutable(PathBuf);

impl Immutable {
    fn new(dir: &Path) -> Immutable {
        run("chattr", &["+i", dir.to_str().unwrap()]);
        Immutable(dir.to_path_buf())
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").args(["-i", self.0.to_str().unwrap()]).status();
    }
}

/// A mount on a folder until dropped.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn canonical(dir: &Path) -> String {
    std::fs::canonicalize(dir).unwrap().display().to_string()
}

/// A board of two stories, closed (no -wal or -shm left).
fn board(b: &Board) {
    b.ok(&["init", "--name", "Folders"]);
    b.ok_both(&["add", "One"]);
    b.ok_both(&["add", "Two"]);
}

#[test]
fn a_writable_board_in_an_immutable_folder_opens_read_only_with_a_notice() {
    if !is_root("a_writable_board_in_an_immutable_folder_opens_read_only_with_a_notice") {
        return;
    }
    let b = Board::new();
    board(&b);
    let before = bytes(&b.db);
    let _ro = Immutable::new(b.dir.path());
    let dir = canonical(b.dir.path());
    assert!(b.ok(&["list"]).contains("Two"));
    assert_eq!(
        b.fail(&["add", "Three"]),
        format!(
            "sprintboard: the folder {dir} is read-only, so {} is open read-only: nothing was changed",
            b.db.display()
        )
    );
    let store = Store::open(&b.db).unwrap();
    assert!(store.is_read_only());
    assert_eq!(store.notice().unwrap(), format!("the folder {dir} is read-only, so the board opened read-only"));
    drop(store);
    assert_eq!(bytes(&b.db), before);
    // Nor can a new board be made there.
    let new = b.path("new.db");
    assert_eq!(
        b.fail(&["list", "--db", new.to_str().unwrap()]),
        format!("sprintboard: the folder {dir} is read-only, so no board can be made there as {}", new.display())
    );
}

#[test]
fn a_board_on_a_read_only_mount_opens_read_only_with_a_notice() {
    if !is_root("a_board_on_a_read_only_mount_opens_read_only_with_a_notice") {
        return;
    }
    let b = Board::new();
    board(&b);
    let before = bytes(&b.db);
    let view = tempfile::tempdir().unwrap();
    run("mount", &["--bind", b.dir.path().to_str().unwrap(), view.path().to_str().unwrap()]);
    let _mount = Mount(view.path().to_path_buf());
    run("mount", &["-o", "remount,bind,ro", view.path().to_str().unwrap()]);
    let db = view.path().join("board.db");
    let db_arg = db.to_str().unwrap();
    assert!(b.ok(&["list", "--db", db_arg]).contains("Two"));
    assert_eq!(
        b.fail(&["add", "Three", "--db", db_arg]),
        format!(
            "sprintboard: the folder {} is read-only, so {db_arg} is open read-only: nothing was changed",
            canonical(view.path())
        )
    );
    assert_eq!(bytes(&b.db), before);
}

#[test]
fn a_board_in_a_folder_its_user_may_not_write_opens_read_only_with_a_notice() {
    if !is_root("a_board_in_a_folder_its_user_may_not_write_opens_read_only_with_a_notice") {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let b = Board::new();
    board(&b);
    // The binary where the ordinary user can run it; the board writable by
    // all, its folder by nobody.
    let bin = b.path("sprintboard");
    std::fs::copy(env!("CARGO_BIN_EXE_sprintboard"), &bin).unwrap();
    std::fs::set_permissions(&b.db, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::fs::set_permissions(b.dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let as_nobody = |args: &[&str]| {
        let mut c = Command::new(&bin);
        c.args(args).env("SPRINTBOARD_DB", &b.db).env("SPRINTBOARD_CONFIG", b.path("none.toml"));
        c.uid(65534).gid(65534).output().unwrap()
    };
    let listed = as_nobody(&["list"]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("Two"), "{}", String::from_utf8_lossy(&listed.stderr));
    let added = as_nobody(&["add", "Three"]);
    assert_eq!(added.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&added.stderr).trim_end(),
        format!(
            "sprintboard: the folder {} is read-only, so {} is open read-only: nothing was changed",
            canonical(b.dir.path()),
            b.db.display()
        )
    );
    std::fs::set_permissions(b.dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(b.ok(&["list", "--json"]).matches("\"title\"").count(), 2);
}

#[test]
fn a_full_disk_is_said_as_such_and_the_board_is_left_whole() {
    if !is_root("a_full_disk_is_said_as_such_and_the_board_is_left_whole") {
        return;
    }
    let b = Board::new();
    let disk = b.path("disk");
    std::fs::create_dir(&disk).unwrap();
    run("mount", &["-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.to_str().unwrap()]);
    let _mount = Mount(disk.clone());
    let db = disk.join("board.db");
    let db_arg = db.to_str().unwrap();
    b.ok(&["init", "--name", "Full", "--db", db_arg]);
    b.ok_both(&["add", "One", "--db", db_arg]);
    let filler = disk.join("filler");
    fill(&filler, 64 << 10);
    // Room for the -shm, none for the change: SQLite says SQLITE_FULL.
    let long = "z".repeat(100_000);
    assert_eq!(b.fail(&["add", &long, "--db", db_arg]), "sprintboard: the disk is full: nothing was changed");
    // No room even for the -shm (an I/O error on growing it, to SQLite).
    std::fs::remove_file(&filler).unwrap();
    b.ok(&["list", "--db", db_arg]);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(disk.join(format!("board.db{suffix}")));
    }
    fill(&filler, 0);
    assert_eq!(b.fail(&["add", "Two", "--db", db_arg]), "sprintboard: the disk is full: nothing was changed");
    std::fs::remove_file(&filler).unwrap();
    let listed = b.ok(&["list", "--json", "--db", db_arg]);
    assert_eq!(listed.matches("\"title\"").count(), 1, "{listed}");
    Store::open(&db).unwrap().integrity_check().unwrap();
}

/// Writes `path` until the disk has about `leave` bytes free.
fn fill(path: &Path, leave: u64) {
    use std::io::Write;
    let mut f = std::fs::File::create(path).unwrap();
    let block = vec![0u8; 4096];
    while f.write_all(&block).is_ok() {}
    drop(f);
    if leave > 0 {
        let len = std::fs::metadata(path).unwrap().len();
        std::fs::OpenOptions::new().write(true).open(path).unwrap().set_len(len.saturating_sub(leave)).unwrap();
    }
}
