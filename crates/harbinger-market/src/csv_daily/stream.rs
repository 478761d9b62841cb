//! Reading a CSV file as a stream: fixed-size chunks cut at line ends, parsed two at a time on
//! two threads and merged in file order.
//!
//! Reading a 155 MB file into one buffer costs 0.1-0.15 s of page faults alone on the target
//! machines; 2 MiB chunks stay in cache and are reused. Chunks are independent once cut at a
//! line end, so a second thread parses every other one (`BENCHMARKS.md` has the numbers).

use std::io::Read;

use super::records::{Engine, RowSink, rows};
use crate::error::ProviderError;

const CHUNK: usize = 2 << 20;

/// A sink that can hand an empty copy of itself to a worker and take its rows back in order.
pub(super) trait ParallelSink: RowSink + Send + Sized {
    /// An empty sink for the same columns.
    fn fork(&self) -> Self;
    /// Appends the rows of a later chunk whose line numbers start after `line_offset`.
    fn join(&mut self, later: Self, line_offset: u64);
}

/// Cuts a reader into chunks that end on a line end (the last may not).
struct Chunks<R> {
    reader: R,
    carry: Vec<u8>,
    eof: bool,
}

impl<R: Read> Chunks<R> {
    /// Fills `out` with the next chunk; `false` at the end of input.
    fn next_into(&mut self, out: &mut Vec<u8>) -> Result<bool, ProviderError> {
        out.clear();
        out.append(&mut self.carry);
        let mut want = CHUNK;
        while !self.eof {
            while !self.eof && out.len() < want {
                let old = out.len();
                out.resize(want, 0);
                match self.reader.read(&mut out[old..]) {
                    Ok(0) => {
                        out.truncate(old);
                        self.eof = true;
                    }
                    Ok(n) => out.truncate(old + n),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => out.truncate(old),
                    Err(e) => return Err(ProviderError::Transport(format!("reading CSV: {e}"))),
                }
            }
            if self.eof {
                break;
            }
            if let Some(last) = memchr::memrchr(b'\n', out) {
                self.carry.extend_from_slice(&out[last + 1..]);
                out.truncate(last + 1);
                break;
            }
            // A line longer than the chunk: read on rather than split it.
            want *= 2;
        }
        Ok(!out.is_empty())
    }
}

/// How many threads parse a streamed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Threads {
    /// Everything on the calling thread.
    One,
    /// The calling thread and one helper, each parsing every other chunk.
    #[default]
    Two,
}

/// Reads the header from the first chunk, then parses the rest, two chunks at a time with
/// [`Threads::Two`].
pub(super) fn for_each_record_read<S: ParallelSink>(
    reader: impl Read,
    make: impl FnMut(&[&[u8]]) -> Result<S, ProviderError>,
    threads: Threads,
) -> Result<S, ProviderError> {
    let mut chunks = Chunks {
        reader,
        carry: Vec::new(),
        eof: false,
    };
    let (mut a, mut b) = (Vec::with_capacity(CHUNK), Vec::with_capacity(CHUNK));
    let mut engine = Engine {
        make,
        sink: None,
        line: 0,
    };
    if chunks.next_into(&mut a)? {
        engine.feed(&a)?;
    }
    let mut line = engine.line;
    let (mut sink, width) = engine.finish()?;
    while chunks.next_into(&mut a)? {
        if threads == Threads::One {
            line += rows(&mut sink, width, &a, line);
            continue;
        }
        if !chunks.next_into(&mut b)? {
            rows(&mut sink, width, &a, line);
            break;
        }
        let (mut first, mut second) = (sink.fork(), sink.fork());
        let (lines_a, lines_b) = std::thread::scope(|scope| {
            let worker = scope.spawn(|| rows(&mut first, width, &a, 0));
            let lines_b = rows(&mut second, width, &b, 0);
            (worker.join(), lines_b)
        });
        // The worker only parses bytes into vectors; it has no way to panic short of running
        // out of memory, which would abort the process anyway.
        let lines_a = lines_a.map_err(|_| ProviderError::schema("CSV worker thread failed"))?;
        sink.join(first, line);
        line += lines_a;
        sink.join(second, line);
        line += lines_b;
    }
    Ok(sink)
}
