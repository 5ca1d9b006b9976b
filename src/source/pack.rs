//! A blob reader over the repository's packfiles that keeps the versions it rebuilt along a
//! delta chain, for history scans.
//!
//! Packs store a file's versions as chains of deltas (up to 50 deep by default), each against
//! another version. libgit2 keeps only the base at the end of a chain, so reading the
//! version `d` deltas deep inflates and applies `d` deltas every time, even when the next
//! commit's version was an intermediate step of the previous read; on the sentry-sdk history
//! that was most of the scan's time. This reader keeps every version it rebuilt (keyed by its
//! place in the pack, as git itself does), so the versions a walk reads one after the other
//! cost one delta each.
//!
//! It is only an accelerator: an object it cannot find (a loose object, one in a pack it did
//! not open, in a quarantine or an alternate it does not know) or cannot read (an unknown
//! index version, a damaged pack, an object over its size cap) is `None`, and the caller asks
//! libgit2, which reports real errors. Memory is bounded: the pack indexes it opens (at most
//! [`PackReader::INDEX_LIMIT`] bytes of them) and [`PackReader::CACHE_BUDGET`] bytes of
//! rebuilt versions per reader, least recently used out first.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use flate2::{Decompress, FlushDecompress, Status};
use git2::{Oid, Repository};

const OBJ_BLOB: u8 = 3;
const OBJ_OFS_DELTA: u8 = 6;
const OBJ_REF_DELTA: u8 = 7;
/// Longest delta chain followed (git writes at most 50 by default; 4095 is git's hard cap).
const MAX_CHAIN: usize = 10_000;

/// One pack and its index (version 2), read into memory.
struct Pack {
    file: File,
    /// The index file's bytes.
    idx: Vec<u8>,
    /// Number of objects.
    n: usize,
}

impl Pack {
    fn open(idx_path: &Path) -> Option<Pack> {
        let idx = std::fs::read(idx_path).ok()?;
        if idx.len() < 8 + 256 * 4 || idx[..4] != [0xff, b't', b'O', b'c'] || be32(&idx, 4)? != 2 {
            return None;
        }
        let n = be32(&idx, 8 + 255 * 4)? as usize;
        let need = 8usize
            .checked_add(256 * 4)?
            .checked_add(n.checked_mul(20 + 4 + 4)?)?
            .checked_add(40)?;
        if idx.len() < need {
            return None;
        }
        let file = File::open(idx_path.with_extension("pack")).ok()?;
        Some(Pack { file, idx, n })
    }

    /// The offset of the `i`-th object in index order.
    fn offset(&self, i: usize) -> Option<u64> {
        let base = 8 + 256 * 4 + self.n * 24;
        let v = be32(&self.idx, base + i * 4)?;
        if v & 0x8000_0000 == 0 {
            return Some(u64::from(v));
        }
        let big = base + self.n * 4 + (v & 0x7fff_ffff) as usize * 8;
        let hi = be32(&self.idx, big)?;
        let lo = be32(&self.idx, big + 4)?;
        Some((u64::from(hi) << 32) | u64::from(lo))
    }

    /// The offset of `oid`, if this pack has it.
    fn find(&self, oid: &[u8]) -> Option<u64> {
        let first = oid[0] as usize;
        let lo = if first == 0 {
            0
        } else {
            be32(&self.idx, 8 + (first - 1) * 4)? as usize
        };
        let hi = be32(&self.idx, 8 + first * 4)? as usize;
        let names = 8 + 256 * 4;
        let (mut lo, mut hi) = (lo, hi.min(self.n));
        while lo < hi {
            let mid = (lo + hi) / 2;
            let at = names + mid * 20;
            match self.idx.get(at..at + 20)?.cmp(oid) {
                std::cmp::Ordering::Equal => return self.offset(mid),
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        None
    }
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

/// Where an object is: (pack number, offset in the pack).
type Place = (usize, u64);

/// A blob reader over a repository's packs with a cache of rebuilt versions (see the module
/// documentation). One per worker thread.
pub struct PackReader {
    packs: Vec<Pack>,
    /// Rebuilt objects by (pack, offset): content and last use.
    cache: HashMap<Place, (Arc<Vec<u8>>, u64)>,
    /// Last use -> key, for eviction.
    lru: BTreeMap<u64, Place>,
    bytes: usize,
    /// At most this many bytes of `cache` ([`PackReader::CACHE_BUDGET`]).
    budget: usize,
    tick: u64,
    z: Decompress,
    input: Vec<u8>,
}

impl std::fmt::Debug for PackReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackReader")
            .field("packs", &self.packs.len())
            .field("cached_bytes", &self.bytes)
            .finish()
    }
}

impl PackReader {
    /// Bytes of rebuilt versions kept per reader.
    pub const CACHE_BUDGET: usize = 16 << 20;
    /// Largest object read here (larger ones are left to libgit2).
    pub const OBJECT_LIMIT: u64 = 16 << 20;
    /// Most bytes of pack indexes a reader loads (past that, packs are left to libgit2).
    pub const INDEX_LIMIT: u64 = 64 << 20;
    /// Largest object kept in the cache.
    const CACHE_OBJECT_LIMIT: usize = 1 << 20;

    /// Opens the packs of `repo`'s object directory (`GIT_OBJECT_DIRECTORY` when set) and of
    /// its alternates. Packs that cannot be read are left out (libgit2 reads them).
    pub fn open(repo: &Repository) -> PackReader {
        let mut dirs: Vec<PathBuf> = Vec::new();
        match std::env::var_os("GIT_OBJECT_DIRECTORY").filter(|v| !v.is_empty()) {
            Some(d) => dirs.push(PathBuf::from(d)),
            None => dirs.push(repo.commondir().join("objects")),
        }
        let mut alternates = Vec::new();
        for d in &dirs {
            if let Ok(text) = std::fs::read_to_string(d.join("info").join("alternates")) {
                for line in text
                    .lines()
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                {
                    let p = PathBuf::from(line);
                    alternates.push(if p.is_absolute() { p } else { d.join(p) });
                }
            }
        }
        if let Some(v) = std::env::var_os("GIT_ALTERNATE_OBJECT_DIRECTORIES") {
            alternates.extend(std::env::split_paths(&v));
        }
        dirs.extend(alternates);
        let mut idx_files = Vec::new();
        for d in &dirs {
            let Ok(rd) = std::fs::read_dir(d.join("pack")) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "idx") {
                    let len = e.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
                    idx_files.push((p, len));
                }
            }
        }
        // Largest packs first: they hold most objects.
        idx_files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut packs = Vec::new();
        let mut loaded = 0u64;
        for (p, len) in idx_files {
            if loaded.saturating_add(len) > Self::INDEX_LIMIT {
                continue;
            }
            if let Some(pack) = Pack::open(&p) {
                loaded += len;
                packs.push(pack);
            }
        }
        PackReader {
            packs,
            cache: HashMap::new(),
            lru: BTreeMap::new(),
            bytes: 0,
            budget: Self::CACHE_BUDGET,
            tick: 0,
            z: Decompress::new(false),
            input: Vec::new(),
        }
    }

    /// The content of blob `oid`, when it is in one of the packs and can be read here.
    pub fn blob(&mut self, oid: Oid) -> Option<Arc<Vec<u8>>> {
        let raw = oid.as_bytes();
        let (pack, offset) = self
            .packs
            .iter()
            .enumerate()
            .find_map(|(i, p)| p.find(raw).map(|o| (i, o)))?;
        self.read_at(pack, offset)
    }

    fn cached(&mut self, key: Place) -> Option<Arc<Vec<u8>>> {
        self.tick += 1;
        let tick = self.tick;
        let (data, last) = self.cache.get_mut(&key)?;
        self.lru.remove(last);
        *last = tick;
        self.lru.insert(tick, key);
        Some(Arc::clone(data))
    }

    fn remember(&mut self, key: Place, data: &Arc<Vec<u8>>) {
        if data.len() > Self::CACHE_OBJECT_LIMIT.min(self.budget) || self.cache.contains_key(&key) {
            return;
        }
        while self.bytes + data.len() > self.budget {
            let Some((_, old)) = self.lru.pop_first() else {
                break;
            };
            if let Some((v, _)) = self.cache.remove(&old) {
                self.bytes -= v.len();
            }
        }
        self.tick += 1;
        self.bytes += data.len();
        self.cache.insert(key, (Arc::clone(data), self.tick));
        self.lru.insert(self.tick, key);
    }

    /// Rebuilds the object at `offset` of pack `pack`; `None` unless it is a blob this reader
    /// can rebuild.
    fn read_at(&mut self, pack: usize, offset: u64) -> Option<Arc<Vec<u8>>> {
        if let Some(hit) = self.cached((pack, offset)) {
            return Some(hit);
        }
        // Walk down the chain to a cached version or a whole object.
        let mut chain: Vec<(u64, u64, u64)> = Vec::new(); // (offset, data start, size)
        let mut at = offset;
        let mut obj = loop {
            if chain.len() > MAX_CHAIN {
                return None;
            }
            if !chain.is_empty() {
                if let Some(hit) = self.cached((pack, at)) {
                    break hit;
                }
            }
            let (kind, size, data, base) = self.header(pack, at)?;
            match (kind, base) {
                (OBJ_OFS_DELTA | OBJ_REF_DELTA, Some(base)) => {
                    chain.push((at, data, size));
                    at = base;
                }
                (OBJ_OFS_DELTA | OBJ_REF_DELTA, None) => return None,
                _ => {
                    if kind != OBJ_BLOB {
                        return None;
                    }
                    let whole = Arc::new(self.inflate(pack, data, size)?);
                    self.remember((pack, at), &whole);
                    break whole;
                }
            }
        };
        // Apply the deltas back up to the object asked for, keeping each version.
        while let Some((off, data, size)) = chain.pop() {
            let delta = self.inflate(pack, data, size)?;
            let next = Arc::new(apply_delta(&obj, &delta)?);
            self.remember((pack, off), &next);
            obj = next;
        }
        Some(obj)
    }

    /// The type, size and data start of the object at `offset`, and for a delta the offset
    /// of its base (`None` for a reference delta whose base is not in this pack).
    fn header(&self, pack: usize, offset: u64) -> Option<(u8, u64, u64, Option<u64>)> {
        let mut buf = [0u8; 32];
        let p = &self.packs[pack];
        let n = read_full(&p.file, &mut buf, offset)?;
        let buf = &buf[..n];
        let mut c = *buf.first()?;
        let kind = (c >> 4) & 7;
        let mut size = u64::from(c & 15);
        let mut shift = 4;
        let mut i = 1;
        while c & 0x80 != 0 {
            c = *buf.get(i)?;
            if shift > 57 {
                return None;
            }
            size |= u64::from(c & 0x7f) << shift;
            shift += 7;
            i += 1;
        }
        if size > Self::OBJECT_LIMIT {
            return None;
        }
        match kind {
            OBJ_OFS_DELTA => {
                let mut c = *buf.get(i)?;
                let mut rel = u64::from(c & 0x7f);
                i += 1;
                while c & 0x80 != 0 {
                    c = *buf.get(i)?;
                    rel = rel.checked_add(1)?.checked_mul(128)? | u64::from(c & 0x7f);
                    i += 1;
                }
                let base = offset.checked_sub(rel).filter(|&b| b > 0)?;
                Some((kind, size, offset + i as u64, Some(base)))
            }
            OBJ_REF_DELTA => {
                let oid = buf.get(i..i + 20)?;
                Some((kind, size, offset + i as u64 + 20, p.find(oid)))
            }
            _ => Some((kind, size, offset + i as u64, None)),
        }
    }

    /// Inflates the zlib stream at `data` to exactly `size` bytes. The stream's checksum is
    /// not computed (a tenth of the time): packs are checked when they are written (git's
    /// `index-pack` hashes every object of a pushed pack), and a stream that does not end at
    /// exactly `size` bytes is not read.
    fn inflate(&mut self, pack: usize, data: u64, size: u64) -> Option<Vec<u8>> {
        const CHUNK: u64 = 256 << 10;
        let size = usize::try_from(size).ok()?;
        let p = &self.packs[pack];
        // Room for one byte more than the stored size, so a longer stream shows.
        let mut out = Vec::with_capacity(size + 1);
        self.z.reset(false);
        let mut pos = data;
        let mut header = true;
        // Deflate rarely grows data by more than a few bytes per 16 KiB block.
        let guess = (size as u64 + size as u64 / 8 + 64).min(CHUNK) as usize;
        loop {
            self.input.resize(guess, 0);
            let n = read_full(&p.file, &mut self.input, pos)?;
            pos += n as u64;
            let mut used = 0usize;
            if header {
                // The zlib header: deflate, no preset dictionary.
                let (cmf, flg) = (*self.input.first()?, *self.input.get(1).filter(|_| n > 1)?);
                if cmf & 0x0f != 8
                    || (u16::from(cmf) << 8 | u16::from(flg)) % 31 != 0
                    || flg & 0x20 != 0
                {
                    return None;
                }
                used = 2;
                header = false;
            }
            loop {
                let (in0, out0) = (self.z.total_in(), self.z.total_out());
                let st = self
                    .z
                    .decompress_vec(&self.input[used..n], &mut out, FlushDecompress::None)
                    .ok()?;
                used += (self.z.total_in() - in0) as usize;
                if out.len() > size {
                    return None;
                }
                if st == Status::StreamEnd {
                    return (out.len() == size).then_some(out);
                }
                if used >= n {
                    break; // more input
                }
                if self.z.total_in() == in0 && self.z.total_out() == out0 {
                    return None;
                }
            }
        }
    }
}

/// Reads from `at` until `buf` is full or the file ends; `None` if nothing could be read.
fn read_full(f: &File, buf: &mut [u8], at: u64) -> Option<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read_at(&mut buf[n..], at + n as u64) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    (n > 0).then_some(n)
}

/// The size header of a delta (7 bits a byte, least significant first).
fn delta_size(d: &[u8], i: &mut usize) -> Option<usize> {
    let mut v: usize = 0;
    let mut shift = 0;
    loop {
        let c = *d.get(*i)?;
        *i += 1;
        if shift > 56 {
            return None;
        }
        v |= usize::from(c & 0x7f) << shift;
        shift += 7;
        if c & 0x80 == 0 {
            return Some(v);
        }
    }
}

/// Applies a git delta to `base`; `None` if the delta does not fit it.
fn apply_delta(base: &[u8], delta: &[u8]) -> Option<Vec<u8>> {
    let mut i = 0;
    if delta_size(delta, &mut i)? != base.len() {
        return None;
    }
    let size = delta_size(delta, &mut i)?;
    if size as u64 > PackReader::OBJECT_LIMIT {
        return None;
    }
    let mut out = Vec::with_capacity(size);
    while i < delta.len() {
        let cmd = delta[i];
        i += 1;
        if cmd & 0x80 != 0 {
            let mut off = 0usize;
            let mut len = 0usize;
            for (bit, shift) in [(1u8, 0), (2, 8), (4, 16), (8, 24)] {
                if cmd & bit != 0 {
                    off |= usize::from(*delta.get(i)?) << shift;
                    i += 1;
                }
            }
            for (bit, shift) in [(0x10u8, 0), (0x20, 8), (0x40, 16)] {
                if cmd & bit != 0 {
                    len |= usize::from(*delta.get(i)?) << shift;
                    i += 1;
                }
            }
            if len == 0 {
                len = 0x10000;
            }
            out.extend_from_slice(base.get(off..off.checked_add(len)?)?);
        } else if cmd != 0 {
            let n = usize::from(cmd);
            out.extend_from_slice(delta.get(i..i + n)?);
            i += n;
        } else {
            return None;
        }
        if out.len() > size {
            return None;
        }
    }
    (out.len() == size).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::template::SplitMix64;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// Every blob of a repacked history (long delta chains, offset and reference deltas)
    /// comes out of the reader exactly as libgit2 reads it, whatever the order of reads and
    /// however small the cache; trees and commits are left to libgit2.
    #[test]
    fn reads_every_blob_as_libgit2_does() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        git(d, &["init", "-q"]);
        let mut rng = SplitMix64::new(7);
        let mut lines: Vec<String> = (0..300).map(|i| format!("line {i}")).collect();
        for c in 0..60 {
            for _ in 0..5 {
                let at = (rng.next_u64() % lines.len() as u64) as usize;
                lines.insert(at, format!("edit {c} {}", rng.next_u64()));
            }
            std::fs::write(d.join("a.txt"), lines.join("\n")).unwrap();
            let other: String = (0..(c * 50)).map(|i| format!("{i} {c}\n")).collect();
            std::fs::write(d.join("b.txt"), other).unwrap();
            git(d, &["add", "-A"]);
            git(d, &["commit", "-q", "-m", &format!("c{c}")]);
        }
        std::fs::write(d.join("loose.txt"), "not packed\n").unwrap();
        // Reference deltas, then offset deltas (git's default).
        for ofs in ["false", "true"] {
            let opt = format!("repack.useDeltaBaseOffset={ofs}");
            git(
                d,
                &["-c", &opt, "repack", "-adfq", "--depth=50", "--window=50"],
            );
            for budget in [PackReader::CACHE_BUDGET, 4096] {
                check_every_blob(d, budget);
            }
        }
        // Not in a pack: left to libgit2.
        let loose = git(d, &["hash-object", "-w", "loose.txt"]);
        let repo = Repository::open(d).unwrap();
        let mut reader = PackReader::open(&repo);
        assert!(reader.blob(Oid::from_str(loose.trim()).unwrap()).is_none());
        assert!(repo.find_blob(Oid::from_str(loose.trim()).unwrap()).is_ok());
    }

    fn check_every_blob(d: &Path, budget: usize) {
        let list = git(
            d,
            &[
                "cat-file",
                "--batch-all-objects",
                "--batch-check=%(objecttype) %(objectname) %(deltabase)",
            ],
        );
        let repo = Repository::open(d).unwrap();
        let mut reader = PackReader::open(&repo);
        reader.budget = budget;
        let (mut blobs, mut deltas) = (0, 0);
        for _pass in 0..2 {
            for line in list.lines().rev() {
                let f: Vec<&str> = line.split(' ').collect();
                let oid = Oid::from_str(f[1]).unwrap();
                let got = reader.blob(oid);
                if f[0] != "blob" {
                    assert!(got.is_none(), "{line}");
                    continue;
                }
                let want = repo.find_blob(oid).unwrap();
                assert_eq!(got.unwrap().as_slice(), want.content(), "{line}");
                blobs += 1;
                deltas += usize::from(!f[2].chars().all(|c| c == '0'));
            }
            // Second pass: from a cache that holds the rebuilt versions.
        }
        assert!(
            blobs >= 2 * 100 && deltas > 100,
            "{blobs} blobs, {deltas} deltas"
        );
        assert!(reader.bytes <= budget);
    }

    #[test]
    fn deltas_copy_and_insert() {
        let base = b"hello world";
        // src 11, dst 11: copy 6 bytes from 0, insert "there"
        let delta = [11u8, 11, 0x90, 6, 5, b't', b'h', b'e', b'r', b'e'];
        assert_eq!(apply_delta(base, &delta).unwrap(), b"hello there");
        // a wrong source size, a copy past the base, a reserved command, a short result
        assert!(apply_delta(base, &[10, 11, 0x90, 6]).is_none());
        assert!(apply_delta(base, &[11, 20, 0x91, 8, 20]).is_none());
        assert!(apply_delta(base, &[11, 1, 0]).is_none());
        assert!(apply_delta(base, &[11, 12, 0x90, 6]).is_none());
    }
}
