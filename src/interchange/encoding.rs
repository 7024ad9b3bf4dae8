//! The text encoding of a CSV file, told from its first bytes and, without
//! a byte order mark, from whether all of it is UTF-8 (SPEC §5): UTF-8 with
//! or without a BOM, UTF-16 LE or BE with a BOM, else Windows-1252 — what
//! Excel on Windows writes. Files are decoded to UTF-8 as a stream, a chunk
//! at a time, so a big file never sits in memory whole.

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

/// How a file's bytes are read as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextEncoding {
    /// The encoding.
    pub encoding: &'static Encoding,
    /// The length of its byte order mark (skipped).
    pub bom: u64,
}

/// What a file looks like before it is read as text.
#[derive(Debug, PartialEq, Eq)]
pub enum Sniffed {
    /// Text in this encoding.
    Text(TextEncoding),
    /// NUL bytes without a UTF-16 byte order mark: not a text file we read.
    Binary,
}

impl TextEncoding {
    /// Said in the import's message when it is not UTF-8 (`read as
    /// Windows-1252`), so that a wrongly guessed encoding is noticed.
    pub fn note(&self) -> Option<String> {
        let name = match self.encoding.name() {
            "windows-1252" => "Windows-1252",
            "UTF-16LE" => "UTF-16 LE",
            "UTF-16BE" => "UTF-16 BE",
            other => other,
        };
        (self.encoding != UTF_8).then(|| format!("read as {name}"))
    }

    /// The file as UTF-8 text, from its start (past the byte order mark).
    pub fn open(&self, path: &Path) -> io::Result<Box<dyn Read>> {
        let mut file = File::open(path)?;
        file.seek(SeekFrom::Start(self.bom))?;
        Ok(if self.encoding == UTF_8 {
            Box::new(file)
        } else {
            Box::new(Decoding::new(file, self.encoding.new_decoder_without_bom_handling()))
        })
    }
}

/// Tells a file's encoding: by its byte order mark, else UTF-8 when every
/// byte of it is (read a chunk at a time), else Windows-1252.
pub fn sniff(path: &Path) -> io::Result<Sniffed> {
    let mut file = File::open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    let mut start = [0u8; 3];
    let n = super::file::read_up_to(&mut file, &mut start)?;
    let text = |encoding, bom| Ok(Sniffed::Text(TextEncoding { encoding, bom }));
    match &start[..n] {
        [0xEF, 0xBB, 0xBF] => return text(UTF_8, 3),
        [0xFF, 0xFE, ..] => return text(UTF_16LE, 2),
        [0xFE, 0xFF, ..] => return text(UTF_16BE, 2),
        _ => {}
    }
    file.seek(SeekFrom::Start(0))?;
    // A character cut by the end of a chunk is checked with the next one.
    let mut carried = 0;
    let mut utf8 = true;
    loop {
        let n = super::file::read_up_to(&mut file, &mut buf[carried..])?;
        let filled = carried + n;
        if buf[..filled].contains(&0) {
            return Ok(Sniffed::Binary);
        }
        if utf8 {
            match std::str::from_utf8(&buf[..filled]) {
                Ok(_) => carried = 0,
                Err(e) if e.error_len().is_none() && n > 0 => {
                    let valid = e.valid_up_to();
                    buf.copy_within(valid..filled, 0);
                    carried = filled - valid;
                }
                Err(_) => utf8 = false,
            }
        }
        if n == 0 {
            break;
        }
        if !utf8 {
            carried = 0;
        }
    }
    if utf8 { text(UTF_8, 0) } else { text(WINDOWS_1252, 0) }
}

/// A reader of UTF-8 decoded from another encoding as it is read, a chunk
/// of the file at a time.
struct Decoding<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    /// Decoded text not handed out yet: `output[from..]`.
    output: String,
    from: usize,
    ended: bool,
}

impl<R: Read> Decoding<R> {
    fn new(inner: R, decoder: Decoder) -> Decoding<R> {
        Decoding { inner, decoder, input: vec![0; 64 * 1024], output: String::new(), from: 0, ended: false }
    }

    /// Decodes the next chunk of the file into `output`.
    fn refill(&mut self) -> io::Result<()> {
        let n = super::file::read_up_to(&mut self.inner, &mut self.input)?;
        self.ended = n == 0;
        self.output.clear();
        self.from = 0;
        let room = self.decoder.max_utf8_buffer_length(n).unwrap_or(4 * n + 16);
        self.output.reserve(room);
        let (result, _, _) = self.decoder.decode_to_string(&self.input[..n], &mut self.output, self.ended);
        debug_assert_eq!(result, CoderResult::InputEmpty, "room was reserved for all of it");
        Ok(())
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.from == self.output.len() {
            if self.ended {
                return Ok(0);
            }
            self.refill()?;
        }
        let rest = &self.output.as_bytes()[self.from..];
        let n = rest.len().min(out.len());
        out[..n].copy_from_slice(&rest[..n]);
        self.from += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> (Sniffed, String) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, bytes).unwrap();
        let sniffed = sniff(&path).unwrap();
        let mut text = String::new();
        if let Sniffed::Text(e) = &sniffed {
            e.open(&path).unwrap().read_to_string(&mut text).unwrap();
        }
        (sniffed, text)
    }

    #[test]
    fn every_encoding_the_spec_names_reads_as_the_same_text() {
        let text = "Summary,Points\nCafé “crème” – 5 €,3\n";
        let (e, t) = decoded(text.as_bytes());
        assert_eq!((e, t.as_str()), (Sniffed::Text(TextEncoding { encoding: UTF_8, bom: 0 }), text));
        let (_, t) = decoded(&[b"\xEF\xBB\xBF", text.as_bytes()].concat());
        assert_eq!(t, text);
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let (e, t) = decoded(&le);
        assert_eq!((t.as_str(), e), (text, Sniffed::Text(TextEncoding { encoding: UTF_16LE, bom: 2 })));
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decoded(&be).1, text);
        let (cp1252, _, _) = WINDOWS_1252.encode(text);
        let (e, t) = decoded(&cp1252);
        assert_eq!(t, text);
        let Sniffed::Text(e) = e else { panic!("text") };
        assert_eq!(e.note().as_deref(), Some("read as Windows-1252"));
        assert_eq!(decoded(b"a\0b").0, Sniffed::Binary);
    }

    #[test]
    fn a_long_file_is_decoded_across_chunks() {
        let text = "é€ü\n".repeat(100_000);
        let (cp1252, _, _) = WINDOWS_1252.encode(&text);
        assert_eq!(decoded(&cp1252).1, text);
        // UTF-8 with a character cut by the sniffer's chunk boundary is still UTF-8.
        let mut long = "a".repeat((1 << 20) - 1);
        long.push_str("é and more");
        let (e, t) = decoded(long.as_bytes());
        assert!(matches!(e, Sniffed::Text(TextEncoding { encoding, .. }) if encoding == UTF_8));
        assert_eq!(t, long);
    }
}
