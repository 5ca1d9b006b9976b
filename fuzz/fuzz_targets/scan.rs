//! Arbitrary bytes scanned as a file's content (the first byte picks the kind of file and
//! whether only some lines are new): no panic; every finding lies within the input; the human
//! and JSON reports never show a whole secret, and the human one no control character.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

use keepmum::allow::IgnoreFile;
use keepmum::config::Config;
use keepmum::engine::{Engine, Outcome};
use keepmum::report::{self, Format, Options};
use keepmum::scan::{decode, Added};

const PATHS: [&str; 8] = [
    "app/settings.py",
    "web/app.js",
    "notebook.ipynb",
    ".env",
    "config.yaml",
    "data.bin",
    "tests/test_app.py",
    "main.go",
];

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        Engine::new(Config::builtin().expect("config"), IgnoreFile::default()).expect("engine")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&head, content)) = data.split_first() else {
        return;
    };
    let path = PATHS[(head & 7) as usize];
    let lines = content.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let added = if head & 8 == 0 {
        Added::All
    } else {
        // Every other line is new.
        Added::Ranges((1..=lines).step_by(2).map(|l| (l, l)).collect())
    };
    let mut outcome = Outcome::default();
    engine().scan_content(
        path,
        content,
        &added,
        None,
        &mut outcome.findings,
        &mut outcome.skipped,
    );
    let decoded = decode::decode(content);
    let text_lines = decoded.text.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    for f in &outcome.findings {
        assert!(f.line >= 1 && f.column >= 1, "{f:?}");
        assert!(f.end_line >= f.line, "{f:?}");
        assert!(f.end_line <= lines.max(text_lines), "{f:?} of {lines} lines");
        if let Some(off) = f.binary_offset {
            assert!(off < content.len() as u64, "{f:?}");
        }
    }
    let o = Options {
        show_secrets: false,
        color: false,
        hint: Default::default(),
    };
    let mut human = Vec::new();
    report::write(&mut human, Format::Human, &outcome, o, &[]).expect("write");
    let human = String::from_utf8(human).expect("utf-8 report");
    assert!(
        !human.chars().any(|c| c.is_control() && c != '\n'),
        "control character in {human:?}"
    );
    let mut json = Vec::new();
    report::write(&mut json, Format::Json, &outcome, o, &[]).expect("write");
    let json = String::from_utf8(json).expect("utf-8 report");
    for f in &outcome.findings {
        let shown = f.redacted();
        if shown == f.secret || f.secret.chars().count() < 8 {
            continue; // a DEBUG setting shown as it is, or too short to hide a token
        }
        // The reports name the file: a "secret" equal to (part of) the path is no leak.
        let human = human.replace(path, "");
        assert!(!human.contains(&f.secret), "human report shows {:?}", f.secret);
        let in_json = serde_json::to_string(&f.secret).expect("json string");
        let json = json.replace(&serde_json::to_string(path).expect("json string"), "");
        assert!(!json.contains(&in_json), "JSON report shows {:?}", f.secret);
    }
});
