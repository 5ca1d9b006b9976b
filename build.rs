//! Converts the built-in rule files (`rules/*.yaml`) to JSON at build time: the binary embeds
//! the JSON, which parses several times faster than YAML, so start-up stays short. A rule file
//! that is not valid YAML fails the build with its position.

use std::path::PathBuf;

const RULE_FILES: &[&str] = &[
    "rules/passwords.yaml",
    "rules/generic.yaml",
    "rules/providers.yaml",
    "rules/debug.yaml",
];

fn main() {
    let mut files = Vec::new();
    for path in RULE_FILES {
        println!("cargo:rerun-if-changed={path}");
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(1);
            }
        };
        let value: serde_json::Value = match serde_saphyr::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                let at = e
                    .location()
                    .map(|l| format!("{}:{}", l.line(), l.column()))
                    .unwrap_or_default();
                eprintln!("{path}:{at}: {e}");
                std::process::exit(1);
            }
        };
        files.push(serde_json::json!({ "file": path, "body": value }));
    }
    let out = match std::env::var_os("OUT_DIR") {
        Some(d) => PathBuf::from(d).join("rules.json"),
        None => {
            eprintln!("OUT_DIR is not set");
            std::process::exit(1);
        }
    };
    if let Err(e) = std::fs::write(&out, serde_json::Value::Array(files).to_string()) {
        eprintln!("{}: {e}", out.display());
        std::process::exit(1);
    }
}
