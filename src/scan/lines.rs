//! Where a byte offset sits among a file's lines, in time independent of the file's size.
//!
//! Every finding needs its line number, the bounds of its line and of the line before it.
//! Counting newlines from the start of the block, or searching back to the previous newline,
//! costs the length of the text each time: a file with many findings, or one long line with
//! many findings, would make the scan quadratic. [`LineIndex`] answers those questions with a
//! sparse table built in one pass: for every [`STRIDE`] bytes, how many newlines come before,
//! the last newline before and the first newline after. A question then costs at most one
//! stride of `memchr`, and the table takes 24 bytes per 4 KiB of text.

/// Bytes between two checkpoints of the index.
pub const STRIDE: usize = 4096;

/// A sparse line table over one text.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a [u8],
    /// Newlines in `text[..k * STRIDE]`.
    count: Vec<usize>,
    /// The last newline in `text[..k * STRIDE]`.
    last: Vec<Option<usize>>,
    /// The first newline in `text[k * STRIDE..]`.
    next: Vec<Option<usize>>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` (one pass).
    pub fn new(text: &'a [u8]) -> LineIndex<'a> {
        let checkpoints = text.len() / STRIDE + 2;
        let mut count = Vec::with_capacity(checkpoints);
        let mut last = Vec::with_capacity(checkpoints);
        let mut next = vec![None; checkpoints];
        let mut n = 0;
        let mut prev = None;
        let mut k = 0;
        for nl in memchr::memchr_iter(b'\n', text) {
            while k * STRIDE <= nl {
                count.push(n);
                last.push(prev);
                k += 1;
            }
            // This newline is the first one at or after every checkpoint since `prev`.
            let from = prev.map_or(0, |p| p / STRIDE + 1);
            for slot in next.iter_mut().take(nl / STRIDE + 1).skip(from) {
                *slot = Some(nl);
            }
            n += 1;
            prev = Some(nl);
        }
        while count.len() < checkpoints {
            count.push(n);
            last.push(prev);
        }
        LineIndex {
            text,
            count,
            last,
            next,
        }
    }

    /// The 1-based line number of the byte at `pos`.
    pub fn line_of(&self, pos: usize) -> u32 {
        let pos = pos.min(self.text.len());
        let k = pos / STRIDE;
        let base = self.count.get(k).copied().unwrap_or(0);
        let tail = memchr::memchr_iter(b'\n', &self.text[k * STRIDE..pos]).count();
        (base + tail + 1) as u32
    }

    /// Offset of the first byte of the line holding `pos`.
    pub fn line_start(&self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        let k = pos / STRIDE;
        match memchr::memrchr(b'\n', &self.text[k * STRIDE..pos]) {
            Some(p) => k * STRIDE + p + 1,
            None => self.last.get(k).copied().flatten().map_or(0, |p| p + 1),
        }
    }

    /// Offset of the first byte of the 1-based `line` (`None` past the last line). The
    /// offset just past a text that ends with a newline starts a last, empty line.
    pub fn line_offset(&self, line: u32) -> Option<usize> {
        if line <= 1 {
            return Some(0);
        }
        // The line starts after newline number `line - 1` (counting from 1).
        let want = line as usize - 1;
        let k = self.count.partition_point(|&c| c < want).checked_sub(1)?;
        let skip = want - 1 - self.count[k];
        let from = (k * STRIDE).min(self.text.len());
        memchr::memchr_iter(b'\n', &self.text[from..])
            .nth(skip)
            .map(|p| from + p + 1)
    }

    /// Offset just past the end of the line holding `pos` (past its newline, if it has one).
    pub fn line_end(&self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        let k = pos / STRIDE;
        let stop = ((k + 1) * STRIDE).min(self.text.len());
        match memchr::memchr(b'\n', &self.text[pos..stop]) {
            Some(p) => pos + p + 1,
            None => self
                .next
                .get(k + 1)
                .copied()
                .flatten()
                .map_or(self.text.len(), |p| p + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain, slow answers.
    fn naive(text: &[u8], pos: usize) -> (u32, usize, usize) {
        let line = text[..pos].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let start = text[..pos]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let end = text[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |p| pos + p + 1);
        (line, start, end)
    }

    #[test]
    fn agrees_with_counting() {
        let mut rng = crate::rules::template::SplitMix64::new(11);
        for round in 0..60 {
            let len = match round % 4 {
                0 => (rng.next_u64() % 40) as usize,
                1 => (rng.next_u64() % (3 * STRIDE as u64)) as usize,
                _ => (rng.next_u64() % (9 * STRIDE as u64)) as usize,
            };
            // Sparse newlines in some rounds (long lines across checkpoints), dense in others.
            let density = [2u64, 50, 5000, 20000][round % 4];
            let text: Vec<u8> = (0..len)
                .map(|_| {
                    if rng.next_u64() % density == 0 {
                        b'\n'
                    } else {
                        b'x'
                    }
                })
                .collect();
            let idx = LineIndex::new(&text);
            let mut probes: Vec<usize> = (0..200)
                .map(|_| (rng.next_u64() as usize) % (len + 1))
                .collect();
            probes.extend([
                0,
                len,
                len.saturating_sub(1),
                STRIDE.min(len),
                (2 * STRIDE).min(len),
            ]);
            let lines = text.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            assert_eq!(idx.line_offset(lines + 1), None);
            for pos in probes {
                let (line, start, end) = naive(&text, pos);
                assert_eq!(idx.line_of(pos), line, "line of {pos} in {len}");
                assert_eq!(idx.line_start(pos), start, "start of {pos} in {len}");
                assert_eq!(idx.line_end(pos), end, "end of {pos} in {len}");
                assert_eq!(idx.line_offset(line), Some(start), "offset of line {line}");
            }
        }
    }
}
