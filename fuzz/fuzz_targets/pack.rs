//! Arbitrary bytes as a pack and its index, or as a delta against a base, through the
//! history scans' pack reader (`keepmum::source::pack`): no panic, every object it rebuilds
//! within its size cap, its cache within its budget.
//!
//! The first byte picks the form of the rest:
//! - `0`: a raw index: 4 bytes (big-endian) of index length, the index, then the pack;
//! - `1`: an index built here (version 2, valid shape) for up to 32 objects, whose offsets
//!   come from the input: a count byte, 4 bytes per offset, then the pack (so the fuzzer
//!   spends its time in the pack's object headers, deltas and zlib streams);
//! - `2`: a delta: 4 bytes of base length, the base, then the delta's instructions.
#![no_main]

use libfuzzer_sys::fuzz_target;

use keepmum::source::pack::{apply_delta, PackReader};

/// The id of the `i`-th object of a built index: sorted, all in the first fan-out bucket.
fn built_id(i: usize) -> [u8; 20] {
    let mut id = [0u8; 20];
    id[19] = i as u8;
    id
}

fn built_index(offsets: &[u32]) -> Vec<u8> {
    let n = offsets.len() as u32;
    let mut idx = vec![0xff, b't', b'O', b'c', 0, 0, 0, 2];
    for _ in 0..256 {
        idx.extend_from_slice(&n.to_be_bytes());
    }
    for i in 0..offsets.len() {
        idx.extend_from_slice(&built_id(i));
    }
    idx.extend(std::iter::repeat(0).take(offsets.len() * 4)); // CRCs
    for o in offsets {
        idx.extend_from_slice(&(o & 0x7fff_ffff).to_be_bytes());
    }
    idx.extend_from_slice(&[0; 40]);
    idx
}

fn take<'a>(data: &mut &'a [u8], n: usize) -> &'a [u8] {
    let n = n.min(data.len());
    let (a, b) = data.split_at(n);
    *data = b;
    a
}

fn be32(b: &[u8]) -> usize {
    b.iter().fold(0usize, |v, &c| v << 8 | usize::from(c))
}

fuzz_target!(|input: &[u8]| {
    let Some((&mode, mut rest)) = input.split_first() else {
        return;
    };
    let reader = match mode % 3 {
        0 => {
            let len = be32(take(&mut rest, 4));
            let idx = take(&mut rest, len).to_vec();
            PackReader::from_bytes(idx, rest.to_vec())
        }
        1 => {
            let k = usize::from(take(&mut rest, 1).first().copied().unwrap_or(0) % 33);
            let offsets: Vec<u32> = (0..k).map(|_| be32(take(&mut rest, 4)) as u32).collect();
            PackReader::from_bytes(built_index(&offsets), rest.to_vec())
        }
        _ => {
            let len = be32(take(&mut rest, 4));
            let base = take(&mut rest, len);
            if let Some(out) = apply_delta(base, rest) {
                assert!(out.len() as u64 <= PackReader::OBJECT_LIMIT);
            }
            return;
        }
    };
    let Some(mut reader) = reader else {
        return;
    };
    let ids = reader.ids(64);
    // Twice: the second pass reads through the versions the first one kept.
    for _ in 0..2 {
        for oid in &ids {
            for got in [reader.blob(*oid), reader.tree(*oid), reader.commit(*oid)]
                .into_iter()
                .flatten()
            {
                assert!(got.len() as u64 <= PackReader::OBJECT_LIMIT);
            }
            assert!(reader.cached_bytes() <= PackReader::CACHE_BUDGET);
        }
    }
});
