//! Hostile input: every scan step is linear in its input.
//!
//! Timings are never compared with absolute limits (the machine is shared and its speed
//! unknown). Each case compares, in the same run, a crafted input with a benign input of the
//! same size and the same findings or assignments, differing only in the shape an attacker
//! controls (one long line instead of many short ones...), or the crafted input with itself at
//! four times the size. A quadratic step shows as a ratio in the hundreds; a linear one stays
//! within a small factor. Times are the scanning thread's CPU time (`thread_cpu`), which other
//! jobs on the shared machine do not inflate (with wall time, `many_findings_in_one_file`
//! failed once under load). A crafted run that takes too long (in wall time) is abandoned on
//! its thread, so the old quadratic code fails these tests in seconds instead of running for
//! minutes.

use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use keepmum::allow::IgnoreFile;
use keepmum::config::Config;
use keepmum::engine::Engine;
use keepmum::rules::template::SplitMix64;
use keepmum::scan::Added;

mod common;

fn engine() -> Arc<Engine> {
    Arc::new(
        Engine::new(Config::builtin().expect("config"), IgnoreFile::default()).expect("engine"),
    )
}

/// Findings of one scan of `content` as `path`.
fn scan(engine: &Engine, path: &str, content: &[u8], added: &Added) -> usize {
    let (mut out, mut skipped) = (Vec::new(), Vec::new());
    engine.scan_content(path, content, added, None, &mut out, &mut skipped);
    assert!(skipped.is_empty(), "{path} was skipped");
    out.len()
}

/// One input: a path, its content and which lines are new.
#[derive(Clone)]
struct Input {
    path: &'static str,
    content: Arc<Vec<u8>>,
    added: Added,
}

impl Input {
    fn new(path: &'static str, content: String) -> Input {
        Input {
            path,
            content: Arc::new(content.into_bytes()),
            added: Added::All,
        }
    }
}

/// One timed scan: the scanning thread's CPU time (see [`thread_cpu`]), its wall time, and
/// its finding count.
#[derive(Debug, Clone, Copy)]
struct Timed {
    cpu: Duration,
    wall: Duration,
    findings: usize,
}

/// The fastest (in CPU time) of `runs` scans of `input`, or `None` when one scan takes longer
/// than `limit` of wall time (it is left running on its thread). Ratios are taken of CPU time,
/// which other jobs on the shared machine do not inflate as they do wall time; the cut-off
/// stays wall time, so quadratic code is abandoned as soon as before.
fn time(engine: &Arc<Engine>, input: &Input, runs: usize, limit: Duration) -> Option<Timed> {
    let mut best: Option<Timed> = None;
    for _ in 0..runs {
        let (tx, rx) = mpsc::channel();
        let (e, i) = (Arc::clone(engine), input.clone());
        std::thread::spawn(move || {
            let (t, cpu) = (Instant::now(), thread_cpu());
            let findings = scan(&e, i.path, &i.content, &i.added);
            let _ = tx.send(Timed {
                cpu: thread_cpu().saturating_sub(cpu),
                wall: t.elapsed(),
                findings,
            });
        });
        let got = rx.recv_timeout(limit).ok()?;
        if best.is_none_or(|b| got.cpu < b.cpu) {
            best = Some(got);
        }
    }
    best
}

/// Asserts that `crafted` scans within `max_ratio` times the CPU time of `benign` (same size).
fn assert_linear(name: &str, crafted: &Input, benign: &Input, max_ratio: f64) {
    assert_eq!(
        crafted.content.len(),
        benign.content.len(),
        "{name}: inputs must be the same size"
    );
    let engine = engine();
    let b = time(&engine, benign, 3, Duration::from_secs(600)).expect("benign scan");
    let limit = b
        .wall
        .max(Duration::from_millis(1))
        .mul_f64(max_ratio * 4.0)
        .max(Duration::from_secs(2));
    let Some(c) = time(&engine, crafted, 3, limit) else {
        panic!(
            "{name}: crafted input still running after {limit:?} (benign of the same size: {:?})",
            b.wall
        );
    };
    let (bc, cc) = (b.cpu.max(Duration::from_millis(1)), c.cpu);
    let ratio = cc.as_secs_f64() / bc.as_secs_f64();
    eprintln!(
        "{name}: {} bytes, crafted {cc:?} CPU ({} findings), benign {bc:?} CPU ({} findings), ratio {ratio:.2}",
        crafted.content.len(),
        c.findings,
        b.findings
    );
    assert!(
        ratio < max_ratio,
        "{name}: crafted {cc:?} vs benign {bc:?} CPU (ratio {ratio:.1}, limit {max_ratio})"
    );
}

/// Asserts that scanning `make(4n)` takes under `max_ratio` times the CPU time of scanning
/// `make(n)` (linear: about 4; quadratic: about 16). With `findings_scale`, the 4x input must
/// also report exactly four times the findings: the ratio is then a cost per finding.
fn assert_scales(
    name: &str,
    make: impl Fn(usize) -> Input,
    n: usize,
    max_ratio: f64,
    findings_scale: bool,
) {
    let engine = engine();
    let small = make(n);
    let big = make(4 * n);
    let s = time(&engine, &small, 3, Duration::from_secs(600)).expect("small scan");
    let limit = s
        .wall
        .max(Duration::from_millis(1))
        .mul_f64(max_ratio * 4.0)
        .max(Duration::from_secs(2));
    let Some(b) = time(&engine, &big, 2, limit) else {
        panic!(
            "{name}: 4x input still running after {limit:?} (1x: {:?})",
            s.wall
        );
    };
    let (sc, bc) = (s.cpu.max(Duration::from_millis(1)), b.cpu);
    let ratio = bc.as_secs_f64() / sc.as_secs_f64();
    eprintln!(
        "{name}: {} -> {} bytes, {sc:?} CPU ({} findings) -> {bc:?} CPU ({} findings), ratio {ratio:.2}",
        small.content.len(),
        big.content.len(),
        s.findings,
        b.findings
    );
    if findings_scale {
        assert!(s.findings > 0, "{name}: the 1x input has findings");
        assert_eq!(
            b.findings,
            4 * s.findings,
            "{name}: the 4x input reports four times the findings"
        );
    }
    assert!(
        ratio < max_ratio,
        "{name}: 4x the input took {ratio:.1}x the CPU time (limit {max_ratio})"
    );
}

/// `text` with a newline after every `width` bytes or so (at a separator), the same size.
fn wrap(text: &str, sep: char, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut col = 0;
    for piece in text.split_inclusive(sep) {
        if col + piece.len() > width && col > 0 {
            // The separator before becomes the newline: same length.
            out.pop();
            out.push('\n');
            col = 0;
        }
        out.push_str(piece);
        col += piece.len();
    }
    out
}

fn random(rng: &mut SplitMix64, len: usize) -> String {
    rng.string("alnum", len).expect("class")
}

/// A 512 KB line of `name=value,` pairs in a `.js` file took minutes: the comment check
/// rescanned the line for every assignment.
#[test]
fn long_line_of_assignments() {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < 1 << 19 {
        s.push_str(&format!("secret{}=value{},", i % 10, i % 10));
        i += 1;
    }
    let crafted = Input::new("app.js", s.clone());
    // The same pairs on lines of about 80 bytes.
    let benign = Input::new("app.js", wrap(&s, ',', 80));
    assert_linear("long line of assignments", &crafted, &benign, 8.0);
}

/// Many findings on one line: each finding looked up its line, copied it, searched it for
/// allow markers and compared itself with every other finding of the file.
#[test]
fn many_findings_on_one_line() {
    let mut rng = SplitMix64::new(1);
    let mut s = String::new();
    while s.len() < 1 << 17 {
        s.push_str(&format!("DB_PASSWORD = \"{}\"; ", random(&mut rng, 20)));
    }
    s.push_str("# keepmum:allow-next-line some-rule\n");
    let crafted = Input::new("settings.py", s.clone());
    let benign = Input::new("settings.py", wrap(&s, ';', 40));
    assert_linear("many findings on one line", &crafted, &benign, 8.0);
}

/// Many `DEBUG = True` settings on one line: the comment check scanned the line for each.
#[test]
fn many_debug_settings_on_one_line() {
    let s = "app.run(debug=True); ".repeat((1 << 18) / 21);
    let crafted = Input::new("app.py", s.clone());
    let benign = Input::new("app.py", wrap(&s, ';', 40));
    assert_linear("many debug settings on one line", &crafted, &benign, 8.0);
}

/// Many findings in one file: de-duplicating them compared every pair.
#[test]
fn many_findings_in_one_file() {
    assert_scales(
        "many findings in one file",
        |n| {
            let mut rng = SplitMix64::new(2);
            let mut s = String::new();
            for _ in 0..n {
                s.push_str(&format!("DB_PASSWORD = \"{}\"\n", random(&mut rng, 20)));
            }
            Input::new("settings.py", s)
        },
        4000,
        7.0,
        true,
    );
}

/// Many tokens that fail their checksum (each vetoes the other rules' findings on it): the
/// veto list was searched for every finding, and findings removed one at a time.
#[test]
fn many_vetoed_tokens() {
    assert_scales(
        "many vetoed tokens",
        |n| {
            let mut rng = SplitMix64::new(3);
            let mut s = String::new();
            for _ in 0..n {
                // 36 random characters after the prefix: the CRC of the last 6 fails.
                s.push_str(&format!(
                    "GITHUB_TOKEN = \"ghp_{}\"\n",
                    random(&mut rng, 36)
                ));
            }
            Input::new("settings.py", s)
        },
        2000,
        7.0,
        false,
    );
}

/// Every other line added: many one-line blocks each paid for every rule.
#[test]
fn many_tiny_blocks() {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < 1 << 18 {
        s.push_str(&format!("pwd{}\n", i % 10));
        i += 1;
    }
    let lines = s.lines().count() as u32;
    let mut crafted = Input::new("notes.txt", s.clone());
    crafted.added = Added::Ranges((1..=lines).step_by(2).map(|l| (l, l)).collect());
    let benign = Input::new("notes.txt", s);
    assert_linear("many tiny blocks", &crafted, &benign, 8.0);
}

/// Many keywords on one line, and one long run of token characters.
#[test]
fn keywords_and_token_runs_on_one_line() {
    let s = "secret password token ".repeat((1 << 19) / 22);
    let crafted = Input::new("config.yaml", s.clone());
    let benign = Input::new("config.yaml", wrap(&s, ' ', 80));
    assert_linear("many keywords on one line", &crafted, &benign, 8.0);
    let mut rng = SplitMix64::new(6);
    let run = format!("key: {}", random(&mut rng, 1 << 18));
    let mut lines = String::new();
    for chunk in run.as_bytes()[5..].chunks(79) {
        lines.push_str(&format!("{}\n", String::from_utf8_lossy(chunk)));
    }
    let crafted = Input::new("config.yaml", format!("{run}\n"));
    let mut benign = format!("key: {lines}");
    benign.truncate(crafted.content.len());
    let benign = Input::new("config.yaml", benign);
    assert_linear("a long run of token characters", &crafted, &benign, 8.0);
}

/// A notebook whose one line holds many escaped assignments.
#[test]
fn notebook_long_line() {
    let mut rng = SplitMix64::new(4);
    let mut s = String::from("{\"cells\": [{\"source\": [\"");
    while s.len() < 1 << 17 {
        s.push_str(&format!("api_key = \\\"{}\\\"; ", random(&mut rng, 24)));
    }
    let crafted = Input::new("nb.ipynb", format!("{s}\"]}}]}}\n"));
    let benign = Input::new("nb.ipynb", wrap(&crafted_text(&crafted), ';', 60));
    assert_linear("notebook long line", &crafted, &benign, 8.0);
}

fn crafted_text(i: &Input) -> String {
    String::from_utf8(i.content.to_vec()).expect("utf-8")
}

/// One huge quoted value and one huge unquoted value: per-value checks (placeholder words,
/// URL or path shapes, entropy) are linear in the value.
#[test]
fn huge_values() {
    let mut rng = SplitMix64::new(5);
    let v = random(&mut rng, 1 << 17);
    let crafted = Input::new("settings.py", format!("PASSWORD = \"{v}\"\nTOKEN={v}/\n"));
    let mut s = String::new();
    while s.len() < crafted.content.len() {
        s.push_str(&format!("PASSWORD = \"{}\"\n", random(&mut rng, 30)));
    }
    s.truncate(crafted.content.len());
    let benign = Input::new("settings.py", s);
    assert_linear("huge values", &crafted, &benign, 8.0);
}

/// `config check` of a rule whose example asks for a huge template: an error naming the rule,
/// the example and the template, at once (it aborted, panicked, or took 37 s and 7.6 GB).
#[test]
fn config_check_caps_template_sizes() {
    let r = common::Repo::new();
    for len in ["99999999999", "18446744073709551615", "200000000"] {
        let cfg = format!(
            r#"rules:
  - id: acme-api-key
    description: ACME API key
    kind: provider
    why: ACME keys grant full access to the billing API.
    fix: Revoke the key in the ACME console.
    regex: '\b(?P<secret>acme_[a-z0-9]{{32}})\b'
    keywords: [acme_]
    examples: ['key = "acme_<<lalnum:32>>"', 'a = "<<lalnum:{len}>>" b = "<<lalnum:{len}>>" c = "<<lalnum:{len}>>"']
    negative-examples: ['key = "acme_<<lalnum:5>>"', 'x']
"#
        );
        r.write("bad.yaml", &cfg);
        let (code, out, err) = r.keepmum(&["config", "check", "-c", "bad.yaml"]);
        assert_eq!(code, 2, "{len}: {out}{err}");
        assert!(
            err.contains("acme-api-key")
                && err.contains("example #2")
                && err.contains(&format!("<<lalnum:{len}>>"))
                && err.contains("too large"),
            "{len}: {err}"
        );
    }
}

/// The CPU time this thread has used. A scan runs on the calling thread, so this is what the
/// scan costs, whatever else the shared machine runs: wall time also counts the time other
/// processes held the core, which made the budget test fail under load.
#[cfg(unix)]
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant libc defines.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Elsewhere: wall time since the first call (the old measure).
#[cfg(not(unix))]
fn thread_cpu() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// One scan under a deadline: the CPU time it took, whether the deadline stopped it, how many
/// times the scan looked at the deadline, and how many findings it kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Run {
    cpu: Duration,
    hit: bool,
    checks: u64,
    findings: usize,
}

/// Scans `input` under `deadline`.
fn scan_under(e: &mut Engine, input: &Input, deadline: keepmum::deadline::Deadline) -> Run {
    e.deadline = deadline;
    let (mut out, mut skipped) = (Vec::new(), Vec::new());
    let cpu = thread_cpu();
    e.scan_content(
        input.path,
        &input.content,
        &input.added,
        None,
        &mut out,
        &mut skipped,
    );
    Run {
        cpu: thread_cpu().saturating_sub(cpu),
        hit: e.deadline.was_hit(),
        checks: e.deadline.checks(),
        findings: out.len(),
    }
}

/// Scans `input` with a deadline of `budget` (wall time) from now.
fn scan_within(e: &mut Engine, input: &Input, budget: Duration) -> Run {
    scan_under(
        e,
        input,
        keepmum::deadline::Deadline::from(Instant::now(), Some(budget)),
    )
}

/// A time budget holds inside one file: one long line, many short ones, a UTF-16 file (its
/// decoding is a pass of its own), a binary's printable runs, a notebook. Each input is
/// scanned whole, then with a tenth and a third of that time as its budget: the scan must stop
/// (the deadline was hit) and within the budget plus a tenth of the whole scan's time (the
/// better of two runs). Times are the scanning thread's CPU time, not wall time, so other
/// jobs on the machine do not count against the scan; the whole scan must also have looked at
/// its deadline at least once per 256 KiB of input (a count, not a time). Before, the budget
/// was only looked at between commits, and a file always ran to its end.
#[test]
fn budget_holds_inside_one_file() {
    let mut rng = SplitMix64::new(7);
    let mut line = String::new();
    while line.len() < 2 << 20 {
        line.push_str(&format!("k{}={},", line.len() % 97, random(&mut rng, 12)));
    }
    // Many short lines of assignments, one in eight a finding: the findings a scan has made
    // when the budget runs out are still de-duplicated and checked against inline markers,
    // work in proportion to them (a file of nothing but findings overshoots more).
    let mut lines = String::new();
    let mut n = 0;
    while lines.len() < 2 << 20 {
        let key = if n % 8 == 0 { "password" } else { "name" };
        lines.push_str(&format!(
            "{key}_{} = \"{}\"\n",
            n % 97,
            random(&mut rng, 20)
        ));
        n += 1;
    }
    let mut utf16 = vec![0xFF, 0xFE];
    for u in line[..1 << 20].encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let mut binary = Vec::new();
    while binary.len() < 2 << 20 {
        binary.extend_from_slice(b"\x00\x01\x02token=");
        binary.extend_from_slice(random(&mut rng, 40).as_bytes());
    }
    let mut nb = String::from("{\"cells\": [{\"source\": [\"");
    while nb.len() < 1 << 20 {
        nb.push_str(&format!("api_key = \\\"{}\\\"; ", random(&mut rng, 24)));
    }
    nb.push_str("\"]}]}\n");
    let inputs = [
        Input::new("app.js", line),
        Input::new("settings.py", lines),
        Input {
            path: "app.js",
            content: Arc::new(utf16),
            added: Added::All,
        },
        Input {
            path: "data.bin",
            content: Arc::new(binary),
            added: Added::All,
        },
        Input::new("nb.ipynb", nb),
    ];
    // One engine: the patterns a scan compiles on first use are compiled by the whole scan,
    // so the budgeted ones measure scanning (compiling is bounded by the rules, not the input).
    let mut e =
        Engine::new(Config::builtin().expect("config"), IgnoreFile::default()).expect("engine");
    for input in &inputs {
        // A first scan compiles the patterns the input needs; the whole scan is the better of
        // the next two.
        let whole = (0..3)
            .map(|_| scan_within(&mut e, input, Duration::from_secs(3600)))
            .skip(1)
            .min()
            .expect("runs");
        assert!(!whole.hit, "{}: no deadline hit without need", input.path);
        // What the clock cannot blur: the whole scan looked at its deadline inside the file,
        // at least once per 256 KiB of input (the passes check every 256 KiB of text).
        let len = input.content.len() as u64;
        assert!(
            whole.checks >= len / (256 << 10),
            "{}: {len} bytes, deadline looked at only {} times",
            input.path,
            whole.checks
        );
        let (whole, whole_checks) = (whole.cpu, whole.checks);
        for part in [10, 3] {
            let budget = whole / part;
            // The better of two runs: a shared machine only ever makes a run slower.
            let run = (0..2)
                .map(|_| scan_within(&mut e, input, budget))
                .min()
                .expect("two runs");
            eprintln!(
                "{}: {len} bytes, whole {whole:?} CPU ({whole_checks} checks), budget {budget:?} stopped after {:?} CPU ({} checks)",
                input.path, run.cpu, run.checks
            );
            assert!(
                run.hit,
                "{}: a budget of 1/{part} of the work must stop it",
                input.path
            );
            // The deadline is wall time: before it passes the scan has used at most `budget`
            // of CPU, and what it does after (to its next check, and finishing up) must be
            // under a tenth of the whole scan's work.
            assert!(
                run.cpu < budget + whole / 10,
                "{}: budget {budget:?} overshot: stopped after {:?} CPU (whole scan {whole:?} CPU)",
                input.path,
                run.cpu
            );
        }
    }
}

/// A local scan that runs out of its `--time-budget` fails closed (exit 1, saying what ran out
/// and what to do); a budget that is not a duration is a usage error (exit 2).
#[test]
fn local_budget_fails_closed() {
    let r = common::Repo::new();
    let mut rng = SplitMix64::new(12);
    let mut line = String::new();
    while line.len() < 4 << 20 {
        line.push_str(&format!("k{}={},", line.len() % 89, random(&mut rng, 12)));
    }
    r.stage("app.js", format!("{line}\n"));
    let (code, out, err) = r.keepmum(&["scan", "--staged", "--time-budget", "200ms"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("time budget of 200ms ran out") && err.contains("--time-budget"),
        "{out}{err}"
    );
    let (code, out, err) = r.keepmum(&["scan", "--staged", "--time-budget", "2m"]);
    assert_eq!(code, 0, "a budget that holds: {out}{err}");
    let (code, _, err) = r.keepmum(&["scan", "--time-budget", "soon"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a duration"), "{err}");
}

/// Asserts that `err` holds no raw control character and is the one line of one message.
fn assert_inert(what: &str, err: &str) {
    assert!(
        !err.chars()
            .any(|c| c.is_control() && c != '\n' || matches!(c, '\u{202E}')),
        "{what}: raw control character in {err:?}"
    );
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "{what}: one line: {err:?}"
    );
}

/// Errors name what the repository controls (a path, a ref name, a config value): a control
/// character in one reaches stderr escaped, and a newline cannot start a line of its own
/// (before, `keepmum: error: {e}` printed them raw).
#[test]
fn error_messages_escape_outside_text() {
    let r = common::Repo::new();
    r.stage("a.py", "X = 1\n");
    r.commit("one");
    let evil = "x\u{1b}]0;pwned\u{7}\u{1b}[8m\nkeepmum: push accepted\r\u{202E}";
    // A config file that does not parse, with a control character in its name.
    let bad = format!("bad{evil}.yaml");
    r.write(&bad, "rules: [\n");
    let (code, _, err) = r.keepmum(&["scan", "-c", &bad]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("\\033]0;pwned\\a"), "{err}");
    assert_inert("config path", &err);
    // A config value: an unknown rule id to disable.
    r.write(
        "c.yaml",
        format!("disable: [\"{}\"]\n", evil.replace('\n', "\\n")),
    );
    let (code, _, err) = r.keepmum(&["scan", "-c", "c.yaml"]);
    assert!(code == 2 || code == 0, "{err}");
    assert_inert("config value", &err);
    // A revision (a ref name as the user or a hook passes it).
    let (code, _, err) = r.keepmum(&["scan", "--range", &format!("{evil}..HEAD")]);
    assert_eq!(code, 2, "{err}");
    assert_inert("revision", &err);
    // A file that cannot be read.
    let (code, _, err) = r.keepmum(&["scan", "--no-git", &format!("missing{evil}.py")]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("\\n"), "{err}");
    assert_inert("missing file", &err);
}

/// `keepmum baseline` writes a file it can read back whatever the paths hold: a space, a `#`,
/// a tab, a newline, a quote, a backslash, an ESC, a name that is not UTF-8. Before, a space
/// made every later scan exit 2 and a `#` made the entry do nothing.
#[test]
fn baseline_round_trips_any_path() {
    use std::os::unix::ffi::OsStrExt;
    let r = common::Repo::new();
    let names: Vec<Vec<u8>> = vec![
        b"my settings.py".to_vec(),
        b"c#/app.py".to_vec(),
        b"tab\there.py".to_vec(),
        b"new\nline.py".to_vec(),
        b"quote\"back\\slash.py".to_vec(),
        b"esc\x1b[8m.py".to_vec(),
        b"caf\xe9.py".to_vec(),
    ];
    std::fs::create_dir(r.path().join("c#")).expect("mkdir");
    for (i, name) in names.iter().enumerate() {
        let secret = common::fixture("Pw7<<alnum:13>>", &format!("baseline-path-{i}"));
        std::fs::write(
            r.path().join(std::ffi::OsStr::from_bytes(name)),
            format!("DB_PASSWORD = \"{secret}\"\n"),
        )
        .expect("write");
    }
    r.git(&["add", "-A"]);
    r.commit("legacy secrets");
    let (code, out, err) = r.keepmum(&["scan", "--tracked"]);
    assert_eq!(code, 1, "{out}{err}");
    let (code, _, err) = r.keepmum(&["baseline"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("wrote {} fingerprint(s)", names.len())),
        "{err}"
    );
    let text = std::fs::read_to_string(r.path().join(".keepmumignore")).expect("ignore file");
    assert_eq!(
        text.lines().filter(|l| !l.starts_with('#')).count(),
        names.len(),
        "one line per entry:\n{text}"
    );
    let (code, out, err) = r.keepmum(&["scan", "--tracked", "--report-unused-ignores"]);
    assert_eq!(code, 0, "every entry applies:\n{text}\n{out}{err}");
}

/// Once a file's scan is out of time, what it found is still sorted out (vetoes, overlaps):
/// work of O(n log n) in the findings, with nothing to bound n but the time already spent.
/// Past the deadline a file keeps at most `MAX_FINDINGS_PAST_DEADLINE` findings, so that work
/// is bounded. Deterministic: the deadline expires after a number of looks at it, not a time.
#[test]
fn findings_past_the_deadline_are_capped_per_file() {
    let mut rng = SplitMix64::new(21);
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 3 << 20 {
        text.push_str(&format!("DB_PASSWORD_{n} = \"{}\"\n", random(&mut rng, 20)));
        n += 1;
    }
    let input = Input::new("settings.py", text);
    let mut e =
        Engine::new(Config::builtin().expect("config"), IgnoreFile::default()).expect("engine");
    // Counted, never expiring: how many findings and looks the whole file takes.
    let whole = scan_under(
        &mut e,
        &input,
        keepmum::deadline::Deadline::after_checks(u64::MAX),
    );
    let (all, looks) = (whole.findings, whole.checks);
    assert!(!whole.hit);
    let cap = keepmum::scan::MAX_FINDINGS_PAST_DEADLINE;
    assert!(
        all > 4 * cap,
        "{all} findings: the input must exceed the cap"
    );
    // Out of time three quarters of the way through its looks at the deadline.
    let cut = scan_under(
        &mut e,
        &input,
        keepmum::deadline::Deadline::after_checks(looks * 3 / 4),
    );
    let found = cut.findings;
    eprintln!("{n} lines: {all} findings whole ({looks} looks), {found} past the deadline");
    assert!(cut.hit, "the deadline stopped it");
    assert!(found > 0, "what the scan reached is still reported");
    assert!(found <= cap, "{found} findings kept past the deadline");
}
