//! Files to import, read from disk as streams: opened past a UTF-8 byte
//! order mark, looked at only as far as telling their kind needs, checked
//! for UTF-8 as they are read. An import reads its file more than once and
//! never holds all of it.

use super::Problem;
use crate::ops;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

const BOM: &[u8] = b"\xEF\xBB\xBF";
/// How much of a file the kind is told from.
const HEAD: usize = 64 * 1024;
/// The sentence for a file that is not UTF-8 text.
pub const NOT_UTF8: &str = "the text is not UTF-8; save the file as UTF-8";

/// The file, positioned after its byte order mark if it has one.
pub fn open(path: &Path) -> io::Result<File> {
    let mut file = File::open(path)?;
    let mut start = [0u8; 3];
    let n = read_up_to(&mut file, &mut start)?;
    if &start[..n] != BOM {
        file.seek(SeekFrom::Start(0))?;
    }
    Ok(file)
}

/// Reads until `buf` is full or the file ends; how many bytes were read.
pub(super) fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// A first look at a file: its first bytes after the byte order mark, and
/// its first byte that is not white space (`None`: the file is empty).
pub struct Look {
    /// Up to the first 64 KiB.
    pub head: Vec<u8>,
    /// The first byte that is not ASCII white space.
    pub first: Option<u8>,
}

/// Looks at a file; reads past its head only while it is all white space.
pub fn look(path: &Path) -> io::Result<Look> {
    let mut file = open(path)?;
    let mut head = vec![0u8; HEAD];
    let n = read_up_to(&mut file, &mut head)?;
    head.truncate(n);
    let mut first = head.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let mut more = vec![0u8; HEAD];
    while first.is_none() {
        let n = read_up_to(&mut file, &mut more)?;
        if n == 0 {
            break;
        }
        first = more[..n].iter().find(|b| !b.is_ascii_whitespace()).copied();
    }
    Ok(Look { head, first })
}

/// Which of `needles` the file holds anywhere, read a chunk at a time.
pub fn holds(path: &Path, needles: &[&[u8]]) -> io::Result<Vec<bool>> {
    let mut found = vec![false; needles.len()];
    let keep = needles.iter().map(|n| n.len()).max().unwrap_or(1).saturating_sub(1);
    let mut file = open(path)?;
    // The last `keep` bytes of a chunk go before the next one, so that a
    // needle across two chunks is found.
    let mut buf = vec![0u8; keep + 1024 * 1024];
    let mut carried = 0;
    loop {
        let n = read_up_to(&mut file, &mut buf[carried..])?;
        let filled = carried + n;
        for (f, needle) in found.iter_mut().zip(needles) {
            *f = *f || buf[..filled].windows(needle.len()).any(|w| w == *needle);
        }
        if n == 0 || found.iter().all(|f| *f) {
            return Ok(found);
        }
        carried = keep.min(filled);
        buf.copy_within(filled - carried..filled, 0);
    }
}

/// Passes a file's bytes through, failing with an `InvalidData` error at
/// the first that is not UTF-8 text (a character cut between two reads is
/// checked once the rest of it comes).
pub struct Utf8Checked<R> {
    inner: R,
    /// The start of a character the last read cut off.
    partial: Vec<u8>,
}

impl<R> Utf8Checked<R> {
    /// Checks what `inner` reads.
    pub fn new(inner: R) -> Utf8Checked<R> {
        Utf8Checked { inner, partial: Vec::with_capacity(4) }
    }
}

/// Whether an error is [`Utf8Checked`]'s.
pub fn is_not_utf8(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::InvalidData && e.to_string() == NOT_UTF8
}

fn not_utf8() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, NOT_UTF8)
}

impl<R: Read> Read for Utf8Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            return if self.partial.is_empty() { Ok(0) } else { Err(not_utf8()) };
        }
        let mut from = 0;
        // At most three more bytes finish or break a cut character.
        while !self.partial.is_empty() && from < n {
            self.partial.push(buf[from]);
            from += 1;
            match std::str::from_utf8(&self.partial) {
                Ok(_) => self.partial.clear(),
                Err(e) if e.error_len().is_none() => {}
                Err(_) => return Err(not_utf8()),
            }
        }
        match std::str::from_utf8(&buf[from..n]) {
            Ok(_) => {}
            Err(e) if e.error_len().is_none() => self.partial.extend_from_slice(&buf[from + e.valid_up_to()..n]),
            Err(_) => return Err(not_utf8()),
        }
        Ok(n)
    }
}

/// A file that could not be read again (it was there when the import began).
pub fn cannot_read(e: io::Error) -> ops::Error {
    ops::Error::Refused(format!("the file could not be read ({e})"))
}

impl From<Problem> for ops::Error {
    /// A problem in the file refuses the import, saying where (unless it
    /// is the whole file) and why.
    fn from(p: Problem) -> ops::Error {
        ops::Error::Refused(if p.at.is_empty() { p.why } else { format!("{}: {}", p.at, p.why) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(bytes: &[u8], chunk: usize) -> io::Result<Vec<u8>> {
        struct Chunks<'a>(&'a [u8], usize);
        impl Read for Chunks<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        Utf8Checked::new(Chunks(bytes, chunk)).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn utf8_is_checked_across_reads() {
        let text = "día 🍕 日本".as_bytes();
        for chunk in 1..6 {
            assert_eq!(checked(text, chunk).unwrap(), text, "chunks of {chunk}");
            assert!(is_not_utf8(&checked(b"caf\xE9 au lait", chunk).unwrap_err()));
            assert!(is_not_utf8(&checked(&text[..text.len() - 1], chunk).unwrap_err()), "cut short");
        }
    }

    #[test]
    fn looks_past_the_byte_order_mark_and_finds_needles_across_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let mut text = b"\xEF\xBB\xBF".to_vec();
        text.extend(std::iter::repeat_n(b' ', 200_000));
        text.extend(b"{\"cards\": []}");
        std::fs::write(&path, &text).unwrap();
        let seen = look(&path).unwrap();
        assert_eq!((seen.head.len(), seen.first), (HEAD, Some(b'{')));
        assert_eq!(holds(&path, &[b"\"cards\"", b"\"lists\""]).unwrap(), [true, false]);
        std::fs::write(&path, b"\xEF\xBB\xBF \n").unwrap();
        assert_eq!(look(&path).unwrap().first, None);
    }
}
