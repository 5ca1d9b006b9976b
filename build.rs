//! Converts the built-in rule files (`rules/*.yaml`) to JSON at build time: the binary embeds
//! the JSON, which parses several times faster than YAML, so start-up stays short. A rule file
//! that is not valid YAML fails the build with its position.
//!
//! Two files are written: `rules.json`, everything, for `config check`, `rules --explain` and
//! the tests; and `rules-scan.bin`, the same rules without their documentation and examples
//! (most of the bytes), which is all a scan reads, in the compact form of
//! `src/rules/compact.rs` (length-prefixed raw strings: no JSON escapes to decode at start-up).
//!
//! It also builds the keyword prefilter of the built-in rules ahead of time: a dense DFA
//! matching every keyword (ASCII case-insensitive), serialized for the target's byte order
//! (`keywords.dfa`), with its keyword list (`keywords.json`). At run time the scanner loads it
//! without building anything.
//!
//! The default config is converted to JSON the same way (`default-config.json`).
//!
//! Finally, the patterns of the built-in rules (regexes, assignment key patterns) whose dense
//! DFA stays small are determinized here too (`patterns.dfa`, indexed by `patterns.bin` with
//! each pattern's capture group names): a scan then answers "does this rule match here?" from
//! the embedded DFA and compiles a pattern only when it does match. Larger DFAs are left out;
//! those patterns compile at run time as before. The index is sorted by source and written in
//! the compact form too (`patterns.bin`), so a scan finds a pattern by binary search without
//! parsing or hashing the whole index.

use std::path::PathBuf;

/// The first rule files, in this order (rules keep the order they are listed in); every other
/// `rules/*.yaml` follows in name order, so a new rule file needs no change here.
const FIRST_RULE_FILES: &[&str] = &[
    "rules/passwords.yaml",
    "rules/generic.yaml",
    "rules/providers.yaml",
    "rules/debug.yaml",
];

/// Every built-in rule file, in embedding order.
fn rule_files() -> Vec<String> {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/rules/compact_encode.rs");
    let entries = match std::fs::read_dir("rules") {
        Ok(e) => e,
        Err(e) => fail(&format!("rules/: {e}")),
    };
    let mut rest: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| format!("rules/{}", e.file_name().to_string_lossy()))
        .filter(|p| p.ends_with(".yaml") && !FIRST_RULE_FILES.contains(&p.as_str()))
        .collect();
    rest.sort();
    let mut all: Vec<String> = FIRST_RULE_FILES.iter().map(|s| s.to_string()).collect();
    all.extend(rest);
    all
}

fn main() {
    let mut files = Vec::new();
    for path in rule_files() {
        let value = load_yaml(&path);
        files.push(serde_json::json!({ "file": path, "body": value }));
    }
    let out = match std::env::var_os("OUT_DIR") {
        Some(d) => PathBuf::from(d),
        None => fail("OUT_DIR is not set"),
    };
    let mut scan_files = files.clone();
    for f in &mut scan_files {
        if let Some(rules) = f
            .pointer_mut("/body/rules")
            .and_then(serde_json::Value::as_array_mut)
        {
            for r in rules
                .iter_mut()
                .filter_map(serde_json::Value::as_object_mut)
            {
                for key in DOC_KEYS {
                    r.remove(*key);
                }
            }
        }
    }
    keyword_dfa(&out, &files);
    pattern_dfas(&out, &files);
    default_config(&out);
    write(&out.join("rules.json"), &serde_json::Value::Array(files));
    write_bytes(
        &out.join("rules-scan.bin"),
        &compact(&serde_json::Value::Array(scan_files)),
    );
}

/// Builds and writes the keyword DFA (`keywords.dfa`) and its pattern list (`keywords.json`).
fn keyword_dfa(out: &std::path::Path, files: &[serde_json::Value]) {
    use regex_automata::dfa::dense;
    use regex_automata::util::syntax;
    use regex_automata::MatchKind;

    let mut keywords: Vec<String> = Vec::new();
    for r in rules_of(files) {
        let list = r.get("keywords").and_then(serde_json::Value::as_array);
        for k in list
            .into_iter()
            .flatten()
            .filter_map(serde_json::Value::as_str)
        {
            let k = k.to_ascii_lowercase();
            if !k.is_empty() && !keywords.contains(&k) {
                keywords.push(k);
            }
        }
    }
    let patterns: Vec<String> = keywords
        .iter()
        .map(|k| format!("(?i-u:{})", regex_syntax::escape(k)))
        .collect();
    let dfa = dense::Builder::new()
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::All)
                .start_kind(regex_automata::dfa::StartKind::Unanchored)
                .minimize(true)
                .byte_classes(true),
        )
        .build_many(&patterns);
    let dfa = match dfa {
        Ok(d) => d,
        Err(e) => fail(&format!("cannot build the keyword DFA: {e}")),
    };
    write_bytes(&out.join("keywords.dfa"), &target_bytes(&dfa));
    write(&out.join("keywords.json"), &serde_json::json!(keywords));
}

/// Converts the default config (`src/config/default.yaml`) to JSON, which a scan parses in a
/// fraction of the time (the YAML stays embedded for `config print-default`).
fn default_config(out: &std::path::Path) {
    write(
        &out.join("default-config.json"),
        &load_yaml("src/config/default.yaml"),
    );
}

/// Reads a YAML file of this repository as JSON (and has cargo rerun when it changes); a file
/// that does not parse fails the build with its position.
fn load_yaml(path: &str) -> serde_json::Value {
    println!("cargo:rerun-if-changed={path}");
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => fail(&format!("{path}: {e}")),
    };
    match serde_saphyr::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            let at = e
                .location()
                .map(|l| format!("{}:{}", l.line(), l.column()))
                .unwrap_or_default();
            fail(&format!("{path}:{at}: {e}"))
        }
    }
}

/// Stops the build with a message.
fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(1)
}

/// A pattern's DFA is embedded only up to this size; larger ones are built at run time.
const PATTERN_DFA_LIMIT: usize = 128 << 10;

/// Builds the DFAs of the rule patterns that stay under [`PATTERN_DFA_LIMIT`].
fn pattern_dfas(out: &std::path::Path, files: &[serde_json::Value]) {
    use regex_automata::dfa::{dense, StartKind};
    use regex_automata::nfa::thompson;
    use regex_automata::util::syntax;

    let mut sources: Vec<String> = Vec::new();
    for r in rules_of(files) {
        for ptr in [
            "/regex",
            "/requires",
            "/assignment/key",
            "/assignment/key-exclude",
        ] {
            if let Some(src) = r.pointer(ptr).and_then(serde_json::Value::as_str) {
                if !sources.iter().any(|s| s == src) {
                    sources.push(src.to_string());
                }
            }
        }
    }
    let mut blob: Vec<u8> = Vec::new();
    let mut index = Vec::new();
    for src in &sources {
        // Same syntax as the scanner's patterns (`src/rules/pattern.rs`).
        let syntax = syntax::Config::new().unicode(false).utf8(false);
        let Ok(nfa) = thompson::Compiler::new().syntax(syntax).build(src) else {
            continue; // the rule tests report a pattern that does not compile
        };
        let groups: Vec<Option<String>> = nfa
            .group_info()
            .pattern_names(regex_automata::PatternID::ZERO)
            .map(|n| n.map(str::to_string))
            .collect();
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .start_kind(StartKind::Unanchored)
                    .minimize(false)
                    .dfa_size_limit(Some(PATTERN_DFA_LIMIT))
                    .determinize_size_limit(Some(8 * PATTERN_DFA_LIMIT)),
            )
            .build_from_nfa(&nfa);
        let Ok(dfa) = dfa else { continue };
        let bytes = target_bytes(&dfa);
        // Every DFA starts 8-byte aligned within the (aligned) blob.
        while blob.len() % 8 != 0 {
            blob.push(0);
        }
        index.push(serde_json::json!({
            "source": src,
            "offset": blob.len(),
            "len": bytes.len(),
            "groups": groups,
        }));
        blob.extend_from_slice(&bytes);
    }
    write_bytes(&out.join("patterns.dfa"), &blob);
    index.sort_by(|a, b| a["source"].as_str().cmp(&b["source"].as_str()));
    write_bytes(
        &out.join("patterns.bin"),
        &compact(&serde_json::Value::Array(index)),
    );
}

/// Every rule of the parsed rule files.
fn rules_of(files: &[serde_json::Value]) -> impl Iterator<Item = &serde_json::Value> {
    files.iter().flat_map(|f| {
        f.pointer("/body/rules")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
    })
}

/// A DFA serialized in the target's byte order, ready for zero-copy loading.
fn target_bytes(dfa: &regex_automata::dfa::dense::DFA<Vec<u32>>) -> Vec<u8> {
    let big = std::env::var("CARGO_CFG_TARGET_ENDIAN").as_deref() == Ok("big");
    let (bytes, pad) = if big {
        dfa.to_bytes_big_endian()
    } else {
        dfa.to_bytes_little_endian()
    };
    bytes[pad..].to_vec()
}

/// Rule keys a scan never reads.
const DOC_KEYS: &[&str] = &[
    "why",
    "fix",
    "examples",
    "negative-examples",
    "example-path",
    "example-context",
];

// `compact_encode`, shared with the decoder's tests.
include!("src/rules/compact_encode.rs");

/// A value in the compact form `src/rules/compact.rs` decodes.
fn compact(value: &serde_json::Value) -> Vec<u8> {
    let mut out = Vec::new();
    if let Err(e) = compact_encode(value, &mut out) {
        fail(&e);
    }
    out
}

fn write(path: &std::path::Path, value: &serde_json::Value) {
    write_bytes(path, value.to_string().as_bytes());
}

fn write_bytes(path: &std::path::Path, bytes: &[u8]) {
    if let Err(e) = std::fs::write(path, bytes) {
        fail(&format!("{}: {e}", path.display()));
    }
}
