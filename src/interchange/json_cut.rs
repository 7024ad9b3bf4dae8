//! A shortcut through a well-formed `sprintboard/1` file. serde_json reads a
//! stream through `io::Read` a byte at a time, which made each reading of a
//! million stories cost over two seconds of parsing. Here the file is read
//! in blocks and cut, by a scanner that knows only strings, brackets and the
//! commas of the story list, into its stories (each parsed from its own
//! bytes, as fast as serde_json parses a slice) and the rest (parsed once,
//! with an empty story list, by `json_read`).
//!
//! Anything the scanner does not expect — a story that does not parse, a
//! file cut short, an odd separator, a second story list — stops the
//! shortcut, and `json_read` reads the file again from its start, skipping
//! the stories already handed over: it says what is wrong, in its words, and
//! a file it reads whole is read the same way.

use crate::domain::document::{Document, StoryDoc};
use crate::ops;
use std::io::BufRead;

/// Why the shortcut stopped.
pub enum Stop {
    /// The import refused a story: the reading is over.
    Refused(ops::Error),
    /// Read the file the long way, after this many stories.
    Fallback {
        /// Stories already handed over.
        handed: usize,
    },
}

/// Where the scanner is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Outside the story list: bytes go to the rest of the document.
    Rest,
    /// Just inside the story list: a story or its end.
    Open,
    /// In a story.
    Story,
    /// After a story: a comma or the end of the list.
    After,
    /// After a comma: a story.
    Next,
}

struct Cutter {
    /// The document without its stories (`"stories": []`).
    rest: Vec<u8>,
    /// The story being cut out.
    story: Vec<u8>,
    mode: Mode,
    /// Nesting in the rest, and within the story being cut.
    depth: u32,
    story_depth: u32,
    in_string: bool,
    escaped: bool,
    /// The next string of the top object is a key; the key being read.
    expect_key: bool,
    key: Option<Vec<u8>>,
    /// 1 after the key `stories`, 2 after its colon.
    after_stories: u8,
    stories_seen: bool,
    handed: usize,
}

/// Reads a document as [`json_read::read`](super::json_read::read) does,
/// or stops with [`Stop::Fallback`] where that must take over.
pub fn read(
    mut input: impl BufRead,
    skim: bool,
    story: &mut dyn FnMut(StoryDoc) -> ops::Result<()>,
) -> Result<Document, Stop> {
    let mut cut = Cutter {
        rest: Vec::new(),
        story: Vec::new(),
        mode: Mode::Rest,
        depth: 0,
        story_depth: 0,
        in_string: false,
        escaped: false,
        expect_key: false,
        key: None,
        after_stories: 0,
        stories_seen: false,
        handed: 0,
    };
    loop {
        let fallback = Stop::Fallback { handed: cut.handed };
        let block = input.fill_buf().map_err(|_| fallback)?;
        if block.is_empty() {
            break;
        }
        let n = block.len();
        cut.feed(block, skim, story)?;
        input.consume(n);
    }
    if cut.mode != Mode::Rest || cut.in_string {
        return Err(Stop::Fallback { handed: cut.handed });
    }
    let handed = cut.handed;
    super::json_read::read(&cut.rest[..], skim, story).map_err(|_| Stop::Fallback { handed })
}

impl Cutter {
    fn feed(
        &mut self,
        block: &[u8],
        skim: bool,
        story: &mut dyn FnMut(StoryDoc) -> ops::Result<()>,
    ) -> Result<(), Stop> {
        let fallback = |handed| Err(Stop::Fallback { handed });
        let mut i = 0;
        while i < block.len() {
            let b = block[i];
            match self.mode {
                Mode::Rest => {
                    self.rest_byte(b)?;
                    i += 1;
                }
                Mode::Open | Mode::After | Mode::Next if b.is_ascii_whitespace() => i += 1,
                Mode::Open | Mode::Next if b == b'{' => {
                    self.mode = Mode::Story;
                    self.story.clear();
                    self.story_depth = 0;
                }
                Mode::Open | Mode::After if b == b']' => {
                    self.mode = Mode::Rest;
                    i += 1;
                }
                Mode::After if b == b',' => {
                    self.mode = Mode::Next;
                    i += 1;
                }
                Mode::Open | Mode::After | Mode::Next => return fallback(self.handed),
                Mode::Story => {
                    let start = i;
                    while i < block.len() && !self.story_byte(block[i]) {
                        i += 1;
                    }
                    if i == block.len() {
                        self.story.extend_from_slice(&block[start..]);
                    } else {
                        self.story.extend_from_slice(&block[start..=i]);
                        i += 1;
                        self.hand_over(skim, story)?;
                        self.mode = Mode::After;
                    }
                }
            }
        }
        Ok(())
    }

    /// One byte of the rest of the document; notices the story list.
    fn rest_byte(&mut self, b: u8) -> Result<(), Stop> {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
                if self.key.take().is_some_and(|key| key == b"stories") {
                    if self.stories_seen {
                        // Twice: `json_read` says so.
                        return Err(Stop::Fallback { handed: self.handed });
                    }
                    self.after_stories = 1;
                }
            } else if let Some(key) = &mut self.key {
                key.push(b);
            }
            self.rest.push(b);
            return Ok(());
        }
        if b.is_ascii_whitespace() {
            self.rest.push(b);
            return Ok(());
        }
        match (b, self.after_stories) {
            (b':', 1) => self.after_stories = 2,
            (b'[', 2) if self.depth == 1 => {
                self.rest.extend_from_slice(b"[]");
                self.after_stories = 0;
                self.stories_seen = true;
                self.mode = Mode::Open;
                return Ok(());
            }
            _ => self.after_stories = 0,
        }
        match b {
            b'"' => {
                self.in_string = true;
                if self.depth == 1 && self.expect_key {
                    self.key = Some(Vec::new());
                }
                self.expect_key = false;
            }
            b'{' | b'[' => {
                self.depth += 1;
                self.expect_key = b == b'{' && self.depth == 1;
            }
            b'}' | b']' => self.depth = self.depth.saturating_sub(1),
            b',' => self.expect_key = self.depth == 1,
            _ => {}
        }
        self.rest.push(b);
        Ok(())
    }

    /// One byte of a story; whether it ends the story.
    fn story_byte(&mut self, b: u8) -> bool {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
            }
            return false;
        }
        match b {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.story_depth += 1,
            b'}' | b']' => {
                self.story_depth -= 1;
                return self.story_depth == 0;
            }
            _ => {}
        }
        false
    }

    fn hand_over(&mut self, skim: bool, story: &mut dyn FnMut(StoryDoc) -> ops::Result<()>) -> Result<(), Stop> {
        let parsed = if skim {
            serde_json::from_slice::<super::json_read::Skim>(&self.story).map(super::json_read::Skim::story)
        } else {
            serde_json::from_slice::<StoryDoc>(&self.story)
        };
        let s = parsed.map_err(|_| Stop::Fallback { handed: self.handed })?;
        story(s).map_err(Stop::Refused)?;
        self.handed += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(json: &str) -> Result<(Document, Vec<String>), usize> {
        let mut titles = Vec::new();
        let doc = read(json.as_bytes(), false, &mut |s| {
            titles.push(s.title);
            Ok(())
        });
        match doc {
            Ok(doc) => Ok((doc, titles)),
            Err(Stop::Fallback { handed }) => Err(handed),
            Err(Stop::Refused(e)) => panic!("{e}"),
        }
    }

    #[test]
    fn cuts_stories_out_of_a_well_formed_file() {
        let (doc, titles) = cut(r#"{"format": "sprintboard/1", "epics": [{"title": "E [\"}"}],
              "stories": [ {"title": "a \" ] }", "labels": ["x]"]} ,
                           {"title": "b"} ], "risks": []}"#)
        .unwrap();
        assert_eq!(doc.epics[0].title, "E [\"}");
        assert_eq!(titles, ["a \" ] }", "b"]);
        assert!(cut(r#"{"format": "sprintboard/1", "stories": []}"#).unwrap().1.is_empty());
        // A key spelt with an escape is the rest's: read there, all the same.
        let (_, titles) = cut(r#"{"format": "sprintboard/1", "stor\u0069es": [{"title": "c"}]}"#).unwrap();
        assert_eq!(titles, ["c"]);
    }

    #[test]
    fn anything_unexpected_goes_back_to_the_long_way() {
        let stories = |s: &str| format!(r#"{{"format": "sprintboard/1", "stories": [{s}]}}"#);
        assert_eq!(cut(&stories(r#"{"title": "a"} {"title": "b"}"#)), Err(1), "missing comma");
        assert_eq!(cut(&stories(r#"{"title": "a"},"#)), Err(1), "trailing comma");
        assert_eq!(cut(&stories(r#"{"title": "a"}, {"points": "x"}"#)), Err(1), "a story that does not parse");
        assert_eq!(cut(&stories(r#"5"#)), Err(0), "not an object");
        assert_eq!(cut(r#"{"format": "sprintboard/1", "stories": [{"title": "a"}"#), Err(1), "cut short");
        assert_eq!(cut(r#"{"format": "sprintboard/1", "stories": [], "stories": []}"#), Err(0), "twice");
        assert_eq!(cut(r#"{"format": "sprintboard/1", "epics": 5, "stories": [{"title": "a"}]}"#), Err(1), "bad rest");
    }
}
