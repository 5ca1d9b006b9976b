//! Detection quality on a labeled corpus generated at run time.
//!
//! `tests/corpus/` holds a seeded generator of realistic project files (Django and Flask apps,
//! `.env` variants, docker-compose, Kubernetes, CI, Ansible, JSON, notebooks, Terraform,
//! JS/TS, shell, INI/properties, keys) with every positive labeled by (path, line, kind) as it is
//! written; every other line is a negative. Secrets are a public prefix plus a random body drawn
//! at run time, so no credential-shaped literal is stored in this repository.
//!
//! Each file is scanned as an added file with the built-in config (allow lists included). A
//! finding matches a label when the path matches and its lines overlap the label's (a
//! multi-line secret is labeled from its first line). Precision, recall and F1 are reported
//! overall and per kind: TP and FN by the label's kind, FP by the finding's rule kind.
//!
//! `cargo test --test corpus -- --nocapture` prints the table (it goes to stderr, so a failing
//! run shows it too); `CORPUS_ALL=1` lists every miss instead of the first 20, and
//! `CORPUS_SEED=<n>` scores another draw, `CORPUS_DUMP=<dir>` writes the files out.
//!
//! Labeling decisions:
//! - Test modules: fixture passwords (`create_user(..., "s3cret")`) are negatives; provider
//!   tokens left in tests are positives (they are live credentials wherever they sit).
//! - Docs: placeholders, `<token>` and the documented AWS example keys are negatives; a JWT
//!   pasted into a README with a real-looking signature is a positive: keepmum cannot know it
//!   expired, bearer tokens in docs get copied, and the documented examples people mean
//!   (jwt.io's) are rare in application repositories.
//! - DEBUG: on in production settings (settings.py, settings/production.py, staging, base,
//!   `.env`, `.env.production`, Dockerfile, compose, Kubernetes base, production JSON, deploy
//!   scripts) is a positive; in development/test settings, `.env.development`/`.env.local`,
//!   `.env.example`, compose overrides, dev overlays, CI workflows, test scripts and docs it is
//!   a negative.
//! - DEBUG on in development files is fine, credentials are not: a random-looking password or
//!   key in `.env.local` or `local_settings.py` is a positive (dev databases get `postgres`,
//!   `changeme`..., which are negatives).
//! - Public identifiers (Stripe publishable keys, Mapbox `pk.` tokens, reCAPTCHA site keys,
//!   VAPID public keys, OAuth client ids, Sentry DSNs, CloudFront key ids) are negatives; their
//!   secret halves are positives. So are hashes meant to be committed (lock files, SRI,
//!   `--hash=`, image digests, Terraform lock, Git LFS pointers, password hashes in seeds),
//!   ciphertext (Ansible vault, SealedSecrets), pagination cursors, trace/request ids.
//! - Kept although keepmum misses them (honest recall): a password in a code comment, a
//!   passphrase with spaces in `.env`, `wandb.login(key="<40 hex>")` (a W&B key is
//!   indistinguishable from a SHA-1 without a provider rule).

#[path = "corpus/mod.rs"]
mod corpus;

use corpus::{build, gen, score};

use keepmum::rules::Kind;

/// The seed the README numbers come from.
const SEED: u64 = 0x1ea6_6a2d;
/// A second seed: the floors must hold on other draws too, not just on one lucky corpus.
const SEED_2: u64 = 0x5eed_0002;
/// Project trees per corpus.
const PROJECTS: usize = 40;

const MIN_PRECISION: f64 = 0.95;
const MIN_RECALL: f64 = 0.95;

fn print_report(title: &str, r: &score::Report, details: bool) {
    let labels: usize = r.by_kind.values().map(|c| c.labels).sum();
    eprintln!(
        "\n== {title}: {} files, {} lines, {labels} labeled positives ==\n",
        r.files, r.lines
    );
    eprintln!("{}", r.table());
    if !details {
        return;
    }
    let limit = if std::env::var_os("CORPUS_ALL").is_some() {
        usize::MAX
    } else {
        20
    };
    eprintln!(
        "false positives by rule: {:?}",
        tally(r.fps.iter().map(|m| m.what.as_str()))
    );
    eprintln!(
        "false negatives by case: {:?}",
        tally(r.fns.iter().map(|m| m.what.as_str()))
    );
    eprintln!(
        "false positives ({}), first {}:",
        r.fps.len(),
        limit.min(r.fps.len())
    );
    for m in r.fps.iter().take(limit) {
        eprintln!("  FP {}  {}  {}", m.at, m.what, m.text);
    }
    eprintln!(
        "false negatives ({}), first {}:",
        r.fns.len(),
        limit.min(r.fns.len())
    );
    for m in r.fns.iter().take(limit) {
        eprintln!("  FN {}  {}  {}", m.at, m.what, m.text);
    }
}

/// Counts of each distinct string, most frequent first.
fn tally<'a>(items: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut m: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for i in items {
        *m.entry(i).or_default() += 1;
    }
    let mut v: Vec<(String, usize)> = m.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

fn assert_floors(title: &str, r: &score::Report) {
    let o = r.overall();
    assert!(
        o.precision() >= MIN_PRECISION,
        "{title}: precision {:.3} < {MIN_PRECISION}",
        o.precision()
    );
    assert!(
        o.recall() >= MIN_RECALL,
        "{title}: recall {:.3} < {MIN_RECALL}",
        o.recall()
    );
    let d = r.kind(Kind::Debug);
    assert!(
        d.fn_ == 0 && d.labels > 0,
        "{title}: DEBUG recall {:.3} must be 1.0",
        d.recall()
    );
}

#[test]
fn corpus_score() {
    // `CORPUS_SEED=<n>` scores another draw (exploration); the floors are asserted either way.
    let seed = std::env::var("CORPUS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SEED);
    let docs = build::corpus(seed, PROJECTS);
    if let Some(dir) = std::env::var_os("CORPUS_DUMP") {
        // Writes the generated files out for inspection (they hold the generated secrets).
        let dir = std::path::Path::new(&dir);
        for d in &docs {
            let p = dir.join(&d.path);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(&p, &d.text).expect("write");
        }
    }
    let r = score::score(&docs);
    print_report(&format!("keepmum corpus (seed {seed:#x})"), &r, true);
    // The corpus is big and varied enough to mean something.
    assert!(r.lines >= 5000, "only {} lines", r.lines);
    for k in score::SCORED {
        assert!(
            r.kind(k).labels >= 15,
            "too few {} positives: {}",
            k.as_str(),
            r.kind(k).labels
        );
    }
    assert_floors("seed 1", &r);
}

#[test]
fn corpus_score_second_seed() {
    let docs = build::corpus(SEED_2, PROJECTS);
    let r = score::score(&docs);
    print_report("second seed (0x5eed0002)", &r, false);
    assert_floors("seed 2", &r);
}

/// The generator is deterministic: the same seed gives the same files and labels.
#[test]
fn corpus_is_deterministic() {
    let a = build::corpus(SEED, 6);
    let b = build::corpus(SEED, 6);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.path, y.path);
        assert_eq!(x.text, y.text);
        assert_eq!(x.labels.len(), y.labels.len());
    }
    let c = build::corpus(SEED_2, 6);
    assert!(a.iter().zip(&c).any(|(x, y)| x.text != y.text));
}

/// Every labeled line really holds its secret (a generator bug would make scores lie), and no
/// file has two labels on one line.
#[test]
fn labels_point_at_their_secrets() {
    for d in build::corpus(SEED, PROJECTS) {
        let lines: Vec<&str> = d.text.lines().collect();
        for l in &d.labels {
            let text = lines[l.line as usize - 1];
            let first = l.secret.lines().next().unwrap_or("");
            let escaped = gen::Gen::json_escape(first);
            assert!(
                text.contains(first) || text.contains(&escaped) || l.end_line > l.line,
                "{}:{}: label {} does not point at its secret",
                d.path,
                l.line,
                l.case
            );
        }
    }
}

/// Every built-in provider and private-key rule catches something in the corpus: a rule
/// without a realistic case here is a rule nobody measured.
#[test]
fn corpus_exercises_every_provider_rule() {
    let docs = build::corpus(SEED, PROJECTS);
    let r = score::score(&docs);
    let config = keepmum::config::Config::builtin().unwrap_or_else(|e| panic!("{e}"));
    let missing: Vec<String> = config
        .rules
        .iter()
        .filter(|rule| matches!(rule.kind, Kind::Provider | Kind::PrivateKey))
        .filter(|rule| !r.rules_hit.contains_key(&rule.id))
        .map(|rule| rule.id.clone())
        .collect();
    assert!(
        missing.is_empty(),
        "provider rules with no true positive in the corpus: {missing:?}"
    );
}
