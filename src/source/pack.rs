//! A reader of blobs, trees and commits over the repository's packfiles that keeps the
//! versions it rebuilt along a delta chain, for history scans.
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
//! rebuilt versions per reader, least recently used out first. The packs and their indexes
//! are opened once ([`Packs`]) and shared by every worker's reader.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use flate2::{Decompress, FlushDecompress, Status};
use git2::{Oid, Repository};

const OBJ_COMMIT: u8 = 1;
const OBJ_TREE: u8 = 2;
const OBJ_BLOB: u8 = 3;
const OBJ_OFS_DELTA: u8 = 6;
const OBJ_REF_DELTA: u8 = 7;
/// Longest delta chain followed (git writes at most 50 by default; 4095 is git's hard cap).
const MAX_CHAIN: usize = 10_000;

/// One pack and its index (version 2), read into memory.
#[derive(Debug)]
struct Pack {
    file: PackData,
    /// The index file's bytes.
    idx: Vec<u8>,
    /// Number of objects.
    n: usize,
    /// Every object's offset, in order: where one object's data ends (the next one starts),
    /// so that its whole compressed stream is read and inflated in one call.
    starts: Vec<u64>,
    /// Where the objects end: the pack's length less its 20-byte trailer.
    end: u64,
}

impl Pack {
    fn open(idx_path: &Path) -> Option<Pack> {
        let idx = std::fs::read(idx_path).ok()?;
        let file = File::open(idx_path.with_extension("pack")).ok()?;
        let len = file.metadata().ok()?.len();
        Self::parse(idx, PackData::File(file), len)
    }

    /// A pack from its index's bytes (version 2, checked for size) and its data (`len`
    /// bytes).
    fn parse(idx: Vec<u8>, file: PackData, len: u64) -> Option<Pack> {
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
        let mut pack = Pack {
            file,
            idx,
            n,
            starts: Vec::new(),
            end: len.saturating_sub(20),
        };
        let mut starts = (0..n)
            .map(|i| pack.offset(i))
            .collect::<Option<Vec<u64>>>()?;
        starts.sort_unstable();
        pack.starts = starts;
        Some(pack)
    }

    /// Where the object whose data is at `at` ends: the next object's offset, or the end of
    /// the objects.
    fn end_of(&self, at: u64) -> u64 {
        let i = self.starts.partition_point(|&o| o <= at);
        self.starts.get(i).copied().unwrap_or(self.end)
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

/// Where a pack's bytes are: its file, or memory (tests and fuzzing).
#[derive(Debug)]
enum PackData {
    File(File),
    Memory(Vec<u8>),
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

/// Where an object is: (pack number, offset in the pack).
type Place = (usize, u64);

/// The packs of a repository and their indexes, opened once and shared by every worker's
/// [`PackReader`] (reads go through positioned reads of the shared files).
#[derive(Debug, Default)]
pub struct Packs {
    packs: Vec<Pack>,
}

impl Packs {
    /// Opens the packs of `repo`'s object directory (`GIT_OBJECT_DIRECTORY` when set: in a
    /// pre-receive hook, git's quarantine, where the pushed pack is), of its alternates
    /// (`info/alternates`) and of `GIT_ALTERNATE_OBJECT_DIRECTORIES` (in a quarantine, the
    /// repository's own objects). Packs that cannot be read are left out (libgit2 reads them).
    pub fn open(repo: &Repository) -> Packs {
        let primary = std::env::var_os("GIT_OBJECT_DIRECTORY").filter(|v| !v.is_empty());
        let env_alternates = std::env::var_os("GIT_ALTERNATE_OBJECT_DIRECTORIES");
        let dirs = object_dirs(
            primary.map(PathBuf::from),
            &repo.commondir().join("objects"),
            env_alternates.as_deref(),
        );
        Self::open_dirs(&dirs)
    }

    fn open_dirs(dirs: &[PathBuf]) -> Packs {
        let mut idx_files = Vec::new();
        for d in dirs {
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
            if loaded.saturating_add(len) > PackReader::INDEX_LIMIT {
                continue;
            }
            if let Some(pack) = Pack::open(&p) {
                loaded += len;
                packs.push(pack);
            }
        }
        Packs { packs }
    }

    /// Number of packs opened.
    pub fn len(&self) -> usize {
        self.packs.len()
    }

    /// Whether no pack was opened.
    pub fn is_empty(&self) -> bool {
        self.packs.is_empty()
    }
}

/// The object directories whose packs are read: `primary` (`GIT_OBJECT_DIRECTORY`) or the
/// repository's own `objects`, the alternates its `info/alternates` lists, then the
/// directories of `GIT_ALTERNATE_OBJECT_DIRECTORIES` (a `:`-separated list).
fn object_dirs(
    primary: Option<PathBuf>,
    own: &Path,
    env_alternates: Option<&std::ffi::OsStr>,
) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = vec![primary.unwrap_or_else(|| own.to_path_buf())];
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
    if let Some(v) = env_alternates {
        alternates.extend(std::env::split_paths(v).filter(|p| !p.as_os_str().is_empty()));
    }
    for a in alternates {
        if !dirs.contains(&a) {
            dirs.push(a);
        }
    }
    dirs
}

/// A blob reader over a repository's packs with a cache of rebuilt versions (see the module
/// documentation). One per worker thread.
pub struct PackReader {
    packs: Arc<Packs>,
    /// Rebuilt objects by (pack, offset): content, last use and type.
    cache: HashMap<Place, (Arc<Vec<u8>>, u64, u8)>,
    /// Uses in order (last use, key), oldest first, for eviction: an entry whose use is not
    /// the key's last one is stale and skipped (cheaper than moving a key on every use).
    lru: VecDeque<(u64, Place)>,
    bytes: usize,
    /// At most this many bytes of `cache` ([`PackReader::CACHE_BUDGET`]).
    budget: usize,
    tick: u64,
    z: Decompress,
    /// Inflates a whole stream at once (most objects: see [`PackReader::inflate`]).
    dz: libdeflater::Decompressor,
    /// Bytes read from a pack: `window` says which (pack, offset, length).
    input: Vec<u8>,
    window: (usize, u64, usize),
    /// A delta's inflated instructions, reused from one delta to the next.
    delta: Vec<u8>,
}

impl std::fmt::Debug for PackReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackReader")
            .field("packs", &self.packs.packs.len())
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
    /// Bytes read with an object's header (most deltas fit, header and data, in one read).
    const HEAD_READ: usize = 2048;

    /// A reader over the packs of `repo` (see [`Packs::open`]), for one thread.
    pub fn open(repo: &Repository) -> PackReader {
        Self::with_packs(Arc::new(Packs::open(repo)))
    }

    /// A reader over packs already opened (and shared with other threads' readers).
    pub fn with_packs(packs: Arc<Packs>) -> PackReader {
        PackReader {
            packs,
            cache: HashMap::new(),
            lru: VecDeque::new(),
            bytes: 0,
            budget: Self::CACHE_BUDGET,
            tick: 0,
            z: Decompress::new(false),
            dz: libdeflater::Decompressor::new(),
            input: Vec::new(),
            window: (usize::MAX, 0, 0),
            delta: Vec::new(),
        }
    }

    /// A reader over one pack given as the bytes of its index and of its data, for tests and
    /// fuzzing; `None` when the index is not one this reader reads.
    pub fn from_bytes(idx: Vec<u8>, pack: Vec<u8>) -> Option<PackReader> {
        let len = pack.len() as u64;
        let pack = Pack::parse(idx, PackData::Memory(pack), len)?;
        Some(Self::with_packs(Arc::new(Packs { packs: vec![pack] })))
    }

    /// The ids the packs' indexes list (at most `max`), in index order: for tests and fuzzing.
    pub fn ids(&self, max: usize) -> Vec<Oid> {
        let mut out = Vec::new();
        for p in &self.packs.packs {
            for i in 0..p.n {
                if out.len() >= max {
                    return out;
                }
                let at = 8 + 256 * 4 + i * 20;
                if let Some(oid) = p.idx.get(at..at + 20).and_then(|b| Oid::from_bytes(b).ok()) {
                    out.push(oid);
                }
            }
        }
        out
    }

    /// Bytes of rebuilt objects the reader keeps now (at most [`PackReader::CACHE_BUDGET`]).
    pub fn cached_bytes(&self) -> usize {
        self.bytes
    }

    /// The content of blob `oid`, when it is in one of the packs and can be read here.
    pub fn blob(&mut self, oid: Oid) -> Option<Arc<Vec<u8>>> {
        self.object(oid, OBJ_BLOB)
    }

    /// The content of tree `oid` (git's binary tree format), when it can be read here.
    pub fn tree(&mut self, oid: Oid) -> Option<Arc<Vec<u8>>> {
        self.object(oid, OBJ_TREE)
    }

    /// The content of commit `oid` (headers and message), when it can be read here.
    pub fn commit(&mut self, oid: Oid) -> Option<Arc<Vec<u8>>> {
        self.object(oid, OBJ_COMMIT)
    }

    /// Object `oid` when it is in one of the packs, of type `kind`, and can be read here.
    fn object(&mut self, oid: Oid, kind: u8) -> Option<Arc<Vec<u8>>> {
        let raw = oid.as_bytes();
        let (pack, offset) = self
            .packs
            .packs
            .iter()
            .enumerate()
            .find_map(|(i, p)| p.find(raw).map(|o| (i, o)))?;
        self.read_at(pack, offset, kind)
    }

    /// A rebuilt object, if kept; `Some(None)` when it is kept but is not of type `kind`.
    fn cached(&mut self, key: Place, kind: u8) -> Option<Option<Arc<Vec<u8>>>> {
        self.tick += 1;
        let tick = self.tick;
        let (data, last, k) = self.cache.get_mut(&key)?;
        *last = tick;
        let hit = (*k == kind).then(|| Arc::clone(data));
        self.lru.push_back((tick, key));
        if self.lru.len() > 2 * self.cache.len() + 1024 {
            let cache = &self.cache;
            self.lru
                .retain(|(t, k)| cache.get(k).is_some_and(|e| e.1 == *t));
        }
        Some(hit)
    }

    fn remember(&mut self, key: Place, data: &Arc<Vec<u8>>, kind: u8) {
        if data.len() > Self::CACHE_OBJECT_LIMIT.min(self.budget) || self.cache.contains_key(&key) {
            return;
        }
        while self.bytes + data.len() > self.budget {
            let Some((t, old)) = self.lru.pop_front() else {
                break;
            };
            if self.cache.get(&old).is_some_and(|e| e.1 == t) {
                if let Some((v, _, _)) = self.cache.remove(&old) {
                    self.bytes -= v.len();
                }
            }
        }
        self.tick += 1;
        self.bytes += data.len();
        self.cache.insert(key, (Arc::clone(data), self.tick, kind));
        self.lru.push_back((self.tick, key));
    }

    /// Rebuilds the object at `offset` of pack `pack`; `None` unless it is an object of type
    /// `kind` this reader can rebuild.
    fn read_at(&mut self, pack: usize, offset: u64, kind: u8) -> Option<Arc<Vec<u8>>> {
        if let Some(hit) = self.cached((pack, offset), kind) {
            return hit;
        }
        // Walk down the chain to a cached version or a whole object.
        let mut chain: Vec<(u64, u64, u64)> = Vec::new(); // (offset, data start, size)
        let mut at = offset;
        let mut obj = loop {
            if chain.len() > MAX_CHAIN {
                return None;
            }
            if !chain.is_empty() {
                if let Some(hit) = self.cached((pack, at), kind) {
                    break hit?;
                }
            }
            let (k, size, data, base) = self.header(pack, at)?;
            match (k, base) {
                (OBJ_OFS_DELTA | OBJ_REF_DELTA, Some(base)) => {
                    chain.push((at, data, size));
                    at = base;
                }
                (OBJ_OFS_DELTA | OBJ_REF_DELTA, None) => return None,
                _ => {
                    if k != kind {
                        return None;
                    }
                    let mut whole = Vec::new();
                    self.inflate(pack, data, size, &mut whole)?;
                    let whole = Arc::new(whole);
                    self.remember((pack, at), &whole, kind);
                    break whole;
                }
            }
        };
        // Apply the deltas back up to the object asked for, keeping each version.
        let mut delta = std::mem::take(&mut self.delta);
        while let Some((off, data, size)) = chain.pop() {
            let Some(()) = self.inflate(pack, data, size, &mut delta) else {
                self.delta = delta;
                return None;
            };
            let Some(next) = apply_delta(&obj, &delta) else {
                self.delta = delta;
                return None;
            };
            let next = Arc::new(next);
            self.remember((pack, off), &next, kind);
            obj = next;
        }
        // Keep the buffer for the next delta, unless a rare large one grew it.
        if delta.capacity() <= Self::CACHE_OBJECT_LIMIT {
            self.delta = delta;
        }
        Some(obj)
    }

    /// The type, size and data start of the object at `offset`, and for a delta the offset
    /// of its base (`None` for a reference delta whose base is not in this pack).
    fn header(&mut self, pack: usize, offset: u64) -> Option<(u8, u64, u64, Option<u64>)> {
        // One read for the header and, for most deltas, the whole compressed data after it.
        let (s, e) = self.fill(pack, offset, Self::HEAD_READ, 32)?;
        let p = &self.packs.packs[pack];
        let buf = &self.input[s..e];
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

    /// Inflates the zlib stream at `data` to exactly `size` bytes, into `out` (emptied
    /// first). The stream's checksum is not computed (a tenth of the time): packs are checked
    /// when they are written (git's `index-pack` hashes every object of a pushed pack), and a
    /// stream that does not end at exactly `size` bytes is not read.
    ///
    /// The stream ends where the next object starts: read whole (no larger than deflate can
    /// make `size` bytes), it is inflated in one call by libdeflate, a third faster than a
    /// streaming inflater on these many small streams; anything else streams through zlib-rs.
    fn inflate(&mut self, pack: usize, data: u64, size: u64, out: &mut Vec<u8>) -> Option<()> {
        const CHUNK: u64 = 256 << 10;
        let span = self.packs.packs.get(pack)?.end_of(data).checked_sub(data)?;
        if (2..=size + size / 8 + 1024).contains(&span) {
            let span = usize::try_from(span).ok()?;
            let (s, e) = self.fill(pack, data, span, span)?;
            let input = self.input.get(s..e)?.get(..span)?;
            if !zlib_header(input[0], input[1]) {
                return None;
            }
            out.clear();
            out.resize(usize::try_from(size).ok()?, 0);
            let n = self.dz.deflate_decompress(&input[2..], out).ok()?;
            return (n == out.len()).then_some(());
        }
        let size = usize::try_from(size).ok()?;
        // Room for one byte more than the stored size, so a longer stream shows.
        out.clear();
        out.reserve(size + 1);
        self.z.reset(false);
        let mut pos = data;
        let mut header = true;
        // Deflate rarely grows data by more than a few bytes per 16 KiB block.
        let guess = (size as u64 + size as u64 / 8 + 64).min(CHUNK) as usize;
        loop {
            // The zlib header's two bytes must come in the first piece.
            let (s, e) = self.fill(pack, pos, guess, if header { 2 } else { 1 })?;
            let input = &self.input[s..e];
            let n = input.len();
            pos += n as u64;
            let mut used = 0usize;
            if header {
                // The zlib header: deflate, no preset dictionary.
                if !zlib_header(*input.first()?, *input.get(1)?) {
                    return None;
                }
                used = 2;
                header = false;
            }
            loop {
                let (in0, out0) = (self.z.total_in(), self.z.total_out());
                let st = self
                    .z
                    .decompress_vec(&input[used..], out, FlushDecompress::None)
                    .ok()?;
                used += (self.z.total_in() - in0) as usize;
                if out.len() > size {
                    return None;
                }
                if st == Status::StreamEnd {
                    return (out.len() == size).then_some(());
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

    /// The bytes of pack `pack` from `at`, as a range of `self.input`: the bytes read last
    /// when they cover at least `min` bytes from `at`, else `want` bytes read now (fewer at
    /// the end of the file). `None` if nothing can be read there.
    fn fill(&mut self, pack: usize, at: u64, want: usize, min: usize) -> Option<(usize, usize)> {
        let (p0, a0, len) = self.window;
        if p0 == pack && at >= a0 && at - a0 + min as u64 <= len as u64 {
            return Some(((at - a0) as usize, len));
        }
        self.window = (usize::MAX, 0, 0);
        self.input.resize(want.max(min), 0);
        let n = read_full(&self.packs.packs.get(pack)?.file, &mut self.input, at)?;
        self.window = (pack, at, n);
        Some((0, n))
    }
}

/// Whether two bytes are a zlib header: deflate, no preset dictionary.
fn zlib_header(cmf: u8, flg: u8) -> bool {
    cmf & 0x0f == 8 && (u16::from(cmf) << 8 | u16::from(flg)) % 31 == 0 && flg & 0x20 == 0
}

/// Reads from `at` until `buf` is full or the file ends; `None` if nothing could be read.
fn read_full(f: &PackData, buf: &mut [u8], at: u64) -> Option<usize> {
    let f = match f {
        PackData::File(f) => f,
        PackData::Memory(m) => {
            let from = m.get(usize::try_from(at).ok()?..)?;
            let n = from.len().min(buf.len());
            buf[..n].copy_from_slice(&from[..n]);
            return (n > 0).then_some(n);
        }
    };
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

/// Applies a git delta (the instructions of a pack's delta object) to `base`; `None` if the
/// delta does not fit it or would build more than [`PackReader::OBJECT_LIMIT`] bytes.
pub fn apply_delta(base: &[u8], delta: &[u8]) -> Option<Vec<u8>> {
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

    /// Runs git in `dir` with `input` on its standard input (a pipe, never `/dev/null`: on
    /// some machines, CI's among them, that is a regular file holding whatever was last
    /// written to it) and returns its output, asserting success.
    fn git_with(dir: &Path, args: &[&str], input: &str) -> String {
        use std::io::Write;
        use std::process::Stdio;
        let mut child = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    fn git(dir: &Path, args: &[&str]) -> String {
        git_with(dir, args, "")
    }

    /// `git repack -ad` with pack-objects options `opts`, without `git repack`: its
    /// `pack-objects` reads revisions from `/dev/null`, which on some machines holds text
    /// ("fatal: bad revision"). Every object reachable from refs, reflogs and the index goes
    /// into one new pack; the old packs and the loose copies go.
    fn repack(dir: &Path, opts: &[&str]) {
        let list = git(
            dir,
            &[
                "rev-list",
                "--objects",
                "--all",
                "--reflog",
                "--indexed-objects",
            ],
        );
        let packs = dir.join(".git/objects/pack");
        let old: Vec<_> = std::fs::read_dir(&packs)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        let mut args = vec!["pack-objects", "-q"];
        args.extend_from_slice(opts);
        let base = packs.join("pack");
        let base = base.to_str().unwrap();
        args.push(base);
        let name = git_with(dir, &args, &list);
        let new = format!("pack-{}", name.trim());
        for p in old {
            if !p.file_name().unwrap().to_str().unwrap().starts_with(&new) {
                std::fs::remove_file(p).unwrap();
            }
        }
        git(dir, &["prune-packed", "-q"]);
    }

    /// Every blob of a repacked history (long delta chains, offset and reference deltas)
    /// comes out of the reader exactly as libgit2 reads it, whatever the order of reads and
    /// however small the cache; so do trees and commits, each only as its own type.
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
        for ofs in [false, true] {
            let mut opts = vec!["--no-reuse-delta", "--depth=50", "--window=50"];
            if ofs {
                opts.push("--delta-base-offset");
            }
            repack(d, &opts);
            for budget in [PackReader::CACHE_BUDGET, 4096] {
                check_every_blob(d, budget, false);
            }
            check_every_blob(d, 4096, true);
        }
        // Not in a pack: left to libgit2.
        let loose = git(d, &["hash-object", "-w", "loose.txt"]);
        let repo = Repository::open(d).unwrap();
        let mut reader = PackReader::open(&repo);
        assert!(reader.blob(Oid::from_str(loose.trim()).unwrap()).is_none());
        assert!(repo.find_blob(Oid::from_str(loose.trim()).unwrap()).is_ok());
    }

    /// `stream`: with no object ends known, so that every stream goes through the
    /// streaming inflater.
    fn check_every_blob(d: &Path, budget: usize, stream: bool) {
        let list = git(
            d,
            &[
                "cat-file",
                "--batch-all-objects",
                "--batch-check=%(objecttype) %(objectname) %(deltabase)",
            ],
        );
        let repo = Repository::open(d).unwrap();
        let mut packs = Packs::open(&repo);
        if stream {
            for p in &mut packs.packs {
                (p.starts, p.end) = (Vec::new(), u64::MAX);
            }
        }
        let mut reader = PackReader::with_packs(Arc::new(packs));
        reader.budget = budget;
        let (mut blobs, mut deltas) = (0, 0);
        for _pass in 0..2 {
            for line in list.lines().rev() {
                let f: Vec<&str> = line.split(' ').collect();
                let oid = Oid::from_str(f[1]).unwrap();
                let raw = repo.odb().unwrap().read(oid).unwrap().data().to_vec();
                let (tree, commit) = (reader.tree(oid), reader.commit(oid));
                assert_eq!(tree.is_some(), f[0] == "tree", "{line}");
                assert_eq!(commit.is_some(), f[0] == "commit", "{line}");
                for got in [tree, commit].into_iter().flatten() {
                    assert_eq!(got.as_slice(), raw.as_slice(), "{line}");
                }
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

    /// In a pre-receive hook the pushed objects are in git's quarantine
    /// (`GIT_OBJECT_DIRECTORY`), the repository's own in `GIT_ALTERNATE_OBJECT_DIRECTORIES`:
    /// the packs of both are read.
    #[test]
    fn reads_the_packs_of_a_quarantine_and_of_its_alternates() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        git(d, &["init", "-q"]);
        std::fs::write(d.join("a.txt"), "old\n").unwrap();
        git(d, &["add", "-A"]);
        git(d, &["commit", "-q", "-m", "old"]);
        repack(d, &["--delta-base-offset"]);
        let old = git(d, &["rev-parse", "HEAD:a.txt"]);
        std::fs::write(d.join("a.txt"), "new\n").unwrap();
        git(d, &["add", "-A"]);
        git(d, &["commit", "-q", "-m", "new"]);
        let new = git(d, &["rev-parse", "HEAD:a.txt"]);
        // The new commit's objects, as a pushed pack in a quarantine directory.
        let q = d.join("quarantine");
        std::fs::create_dir_all(q.join("pack")).unwrap();
        let list = git(d, &["rev-list", "--objects", "HEAD~1..HEAD"]);
        let base = q.join("pack").join("pack");
        git_with(d, &["pack-objects", "-q", base.to_str().unwrap()], &list);
        let own = d.join(".git").join("objects");
        let alternates = std::ffi::OsString::from(own.as_os_str());
        let dirs = object_dirs(Some(q.clone()), &own, Some(&alternates));
        assert_eq!(dirs, vec![q.clone(), own.clone()]);
        let mut reader = PackReader::with_packs(Arc::new(Packs::open_dirs(&dirs)));
        for oid in [&old, &new] {
            assert!(reader.blob(Oid::from_str(oid.trim()).unwrap()).is_some());
        }
        // Without the quarantine, the new blob is only loose: left to libgit2.
        let own_only = object_dirs(None, &own, None);
        let mut reader = PackReader::with_packs(Arc::new(Packs::open_dirs(&own_only)));
        assert!(reader.blob(Oid::from_str(new.trim()).unwrap()).is_none());
        assert!(reader.blob(Oid::from_str(old.trim()).unwrap()).is_some());
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
