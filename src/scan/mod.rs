//! The scanner: keyword prefilter (Aho-Corasick), then regexes and assignment rules over the
//! added lines of one file, then per-value checks (entropy, placeholders, inline allow comments).
//!
//! Input is the *new* content of a file plus which of its lines were added; blocks of
//! consecutive added lines are scanned as slices of that content, with no copying, so a
//! multi-line private key added in one piece is seen whole.

pub mod assign;
pub mod context;
pub mod decode;
pub mod enclosing;
pub mod encoded;
pub mod entropy;
pub mod examples;
pub mod filetype;
pub mod forms;
pub mod judge;
pub mod keyname;
pub mod keywords;
pub mod lines;
pub mod placeholder;

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::Arc;

use crate::allow::inline;
use crate::deadline::Deadline;
use crate::error::Result;
use crate::finding::Finding;
use crate::rules::{AssignmentSpec, Kind, LazyGlobs, Matcher, Rule, SampleMode};
use filetype::FileType;
use lines::LineIndex;

pub use examples::{check_examples, check_examples_of};

/// Which lines of a file are new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// The whole file is new (or is scanned as a whole).
    All,
    /// 1-based inclusive line ranges, ascending and disjoint.
    Ranges(Vec<(u32, u32)>),
}

/// Path policy for debug-mode rules: which files count as production settings.
///
/// The glob lists are compiled on first use: most commits touch no file a DEBUG rule fires on,
/// and the default exclusion list is long. The globs are validated when the config is read.
#[derive(Debug, Default)]
pub struct DebugSettings {
    /// Paths that count (empty: every path).
    paths: LazyGlobs,
    /// Paths that never count (development/test settings).
    exclude: LazyGlobs,
}

impl DebugSettings {
    /// Settings from globs already checked with [`crate::rules::validate_glob`].
    pub fn new(paths: Vec<String>, exclude: Vec<String>) -> DebugSettings {
        DebugSettings {
            paths: LazyGlobs::from_validated(paths),
            exclude: LazyGlobs::from_validated(exclude),
        }
    }

    /// Whether `path` holds settings that must not enable debug mode.
    pub fn is_production(&self, path: &str) -> bool {
        !filetype::is_test_path(path)
            && self.paths.matches(path).unwrap_or(true)
            && !self.exclude.matches(path).unwrap_or(false)
    }
}

/// A compiled set of rules ready to scan text.
#[derive(Debug)]
pub struct Scanner {
    rules: Vec<Rule>,
    prefilter: Option<keywords::Keywords>,
    /// For each prefilter pattern, the rules it enables.
    pattern_rules: Vec<Vec<usize>>,
    /// Rules without keywords: they always run.
    always: Vec<usize>,
    /// For each prefilter pattern, whether it enables an assignment rule.
    pattern_assign: Vec<bool>,
    /// Keyword-less assignment rules gate lines by a run of token characters at least this
    /// long (`Some(0)`: every line; `None`: there is no such rule).
    ungated_run: Option<usize>,
    debug: DebugSettings,
    /// Whether inline allow markers let findings through (see [`Scanner::set_inline_markers`]).
    inline_markers: bool,
    /// Per rule, its pattern for binary files ([`decode::relax_for_binary`]), compiled on the
    /// first binary file (`None`: the rule's own pattern).
    binary_patterns: Vec<std::sync::OnceLock<Option<(crate::rules::Pattern, usize)>>>,
    /// Rules found by built-in checks (dependency files, pins, paths: [`crate::checks`]).
    checks: crate::checks::Checks,
    /// (rule, rule it outranks) pairs from the rules' `outranks` lists.
    outranks: Vec<(String, String)>,
}

impl Scanner {
    /// Builds a scanner over `rules`.
    pub fn new(rules: Vec<Rule>, debug: DebugSettings) -> Result<Scanner> {
        let mut keywords: Vec<String> = Vec::new();
        let mut pattern_rules: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        // Keyword -> its index in `keywords` (hundreds of distinct keywords: no linear search).
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (i, r) in rules.iter().enumerate() {
            // Checks pick their own files (crate::checks); they never run on keywords.
            if matches!(r.matcher, Matcher::Check(_)) {
                continue;
            }
            if r.keywords.is_empty() {
                always.push(i);
            }
            for k in &r.keywords {
                match seen.get(k.as_str()) {
                    Some(&p) => pattern_rules[p].push(i),
                    None => {
                        seen.insert(k, keywords.len());
                        keywords.push(k.clone());
                        pattern_rules.push(vec![i]);
                    }
                }
            }
        }
        drop(seen);
        let prefilter = if keywords.is_empty() {
            None
        } else {
            Some(keywords::Keywords::new(&keywords)?)
        };
        let is_assign = |i: &usize| matches!(rules[*i].matcher, Matcher::Assignment { .. });
        let pattern_assign = pattern_rules
            .iter()
            .map(|rs| rs.iter().any(is_assign))
            .collect();
        let ungated_run = always
            .iter()
            .filter(|i| is_assign(i))
            .map(|&i| match &rules[i].matcher {
                Matcher::Assignment { spec, .. } if spec.token_charset => {
                    spec.min_length.unwrap_or(0)
                }
                _ => 0,
            })
            .min();
        let checks = crate::checks::Checks::new(&rules);
        let outranks = rules
            .iter()
            .flat_map(|r| r.spec.outranks.iter().map(|o| (r.id.clone(), o.clone())))
            .collect();
        Ok(Scanner {
            outranks,
            prefilter,
            pattern_rules,
            always,
            pattern_assign,
            ungated_run,
            debug,
            inline_markers: true,
            binary_patterns: (0..rules.len()).map(|_| Default::default()).collect(),
            rules,
            checks,
        })
    }

    /// The pattern rule `i` uses on the printable runs of a binary file.
    fn binary_regex(&self, i: usize) -> Option<(&crate::rules::Pattern, usize)> {
        let rule = &self.rules[i];
        let relaxed = self.binary_patterns.get(i).and_then(|slot| {
            slot.get_or_init(|| {
                let Matcher::Regex { source, .. } = &rule.matcher else {
                    return None;
                };
                let src = decode::relax_for_binary(source)?;
                let re = crate::rules::Pattern::new(&src).ok()?;
                let g = re.capture_names().position(|c| c == Some("secret"))?;
                Some((re, g))
            })
            .as_ref()
        });
        match relaxed {
            Some((re, g)) => Some((re, *g)),
            None => rule.regex(),
        }
    }
    /// The built-in checks and their policy (`packages:` in the config).
    pub fn checks(&self) -> &crate::checks::Checks {
        &self.checks
    }

    /// Sets the policy of the package checks (`packages:` in the config).
    pub fn set_package_policy(&mut self, policy: crate::checks::PackagePolicy) {
        self.checks.set_policy(policy);
    }

    /// Whether inline allow markers (`# keepmum:allow`...) let findings through (the default).
    /// Off, a finding under a marker is reported with [`Finding::marker_ignored`] set.
    pub fn set_inline_markers(&mut self, honour: bool) {
        self.inline_markers = honour;
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Whether `path` counts as production settings for the DEBUG rules.
    pub fn is_production(&self, path: &str) -> bool {
        self.debug.is_production(path)
    }

    /// Scans the added lines of one file and appends findings to `out`.
    ///
    /// When several rules flag the same text, only the most specific finding is kept (a
    /// provider's token over a generic high-entropy value).
    pub fn scan(&self, path: &str, content: &[u8], added: &Added, out: &mut Vec<Finding>) {
        self.scan_until(path, content, added, false, &NO_DEADLINE, out);
    }

    /// Whether inline allow markers are honoured (see [`Scanner::set_inline_markers`]).
    pub fn inline_markers(&self) -> bool {
        self.inline_markers
    }

    /// Like [`Scanner::scan`] for the printable runs of a binary file (see [`decode`]): only
    /// the rules that hold on arbitrary bytes run (provider formats, private keys, URL
    /// credentials); a password or `DEBUG = True` there is bytes that happen to read so.
    pub fn scan_binary(&self, path: &str, content: &[u8], added: &Added, out: &mut Vec<Finding>) {
        self.scan_until(path, content, added, true, &NO_DEADLINE, out);
    }

    /// [`Scanner::scan`] (or [`Scanner::scan_binary`] when `binary`) that stops early when
    /// `deadline` expires: it is checked between blocks of lines, between rules and every few
    /// hundred matches or assignments, so a huge or crafted file cannot hold a scan past its
    /// budget. A stop leaves `deadline.was_hit()` set: the findings are then partial.
    pub fn scan_until(
        &self,
        path: &str,
        content: &[u8],
        added: &Added,
        binary: bool,
        deadline: &Deadline,
        out: &mut Vec<Finding>,
    ) {
        let file = File {
            deadline,
            binary,
            path,
            ftype: filetype::classify(path),
            content,
            is_sample: filetype::is_sample_path(path),
            vetoed: Default::default(),
            lines: OnceCell::new(),
            info: RefCell::default(),
            nested: false,
            decoded_bytes: Default::default(),
        };
        let first = out.len();
        let mut enabled = vec![false; self.rules.len()];
        match added {
            Added::All => self.scan_block(&file, 0, content.len(), &mut enabled, out),
            Added::Ranges(ranges) => {
                // Each block of added lines with the context that can make it a secret (see
                // `context`); findings on context alone are dropped below.
                for span in context::spans(content, ranges) {
                    if deadline.expired() {
                        break;
                    }
                    self.scan_block(&file, span.start, span.end, &mut enabled, out);
                }
            }
        }
        // Out of time, the findings made so far are still sorted out (vetoes, overlaps), work
        // of O(n log n) in them: past the deadline only the first few are kept, so that work
        // is bounded too. The scan is incomplete either way; what it did report stays true.
        if deadline.was_hit() {
            out.truncate(first.saturating_add(MAX_FINDINGS_PAST_DEADLINE));
        }
        drop_vetoed(out, first, &file.vetoed.borrow());
        if let Added::Ranges(ranges) = added {
            context::retain_touching(out, first, ranges);
        }
        drop_outranked(out, first, &self.outranks);
        dedup_overlaps(out, first, file.index());
        if self.inline_markers {
            drop_marked(out, first);
        }
        // The practice checks (src/checks) read text files, after the rules.
        if !binary && !deadline.expired() {
            self.checks.scan_file(self, path, content, added, out);
        }
    }

    /// Scans `content[start..end]`. `enabled` is scratch space, all `false` on entry and exit.
    fn scan_block(
        &self,
        file: &File,
        start: usize,
        end: usize,
        enabled: &mut [bool],
        out: &mut Vec<Finding>,
    ) {
        let raw = &file.content[start..end];
        if raw.is_empty() {
            return;
        }
        // Notebooks hold code inside JSON strings: turn `\"` into a plain quote (keeping byte
        // offsets) so assignments inside cells read as they do in a .py file.
        let block: Cow<[u8]> = if file.ftype == FileType::Notebook {
            Cow::Owned(unescape_json_in_place(raw))
        } else {
            Cow::Borrowed(raw)
        };
        let block = block.as_ref();

        // The rules to run, each once, however often its keywords occur: a block costs the
        // rules its text enables, not every rule.
        let mut active: Vec<usize> = self.always.clone();
        for &i in &self.always {
            enabled[i] = true;
        }
        // Lines where an assignment rule could fire: assignment extraction (the costly part)
        // runs on those lines only.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let stop = || file.deadline.expired();
        let mut whole = true;
        if let Some(kw) = &self.prefilter {
            whole = kw.for_each_until(
                block,
                &mut |p, start| {
                    for &r in &self.pattern_rules[p] {
                        if !enabled[r] {
                            enabled[r] = true;
                            active.push(r);
                        }
                    }
                    if self.pattern_assign[p] {
                        push_line_span(block, start, &mut spans);
                    }
                },
                &stop,
            );
        }
        for &i in &active {
            enabled[i] = false;
        }
        if active.is_empty() || !whole {
            return;
        }
        active.sort_unstable();
        // The keyword lines come in order, and so do the token-run lines: merged, not sorted
        // (a binary's runs give a span per line, and sorting them was a pass of its own).
        let keyword_lines = spans.len();
        match self.ungated_run {
            Some(0) => spans = vec![(0, block.len())],
            Some(n) if !token_run_lines(block, n, &mut spans, &stop) => return,
            _ => {}
        }
        let mid = keyword_lines.min(spans.len());
        merge_sorted(&mut spans, mid);
        let ctx = BlockCtx { file, start };
        let mut assignments: Option<Vec<(assign::Assignment, bool)>> = None;
        // Base64 values under secret names, decoded (filled with the assignments).
        let mut decoded_values: Option<Vec<Option<Vec<u8>>>> = None;
        for &i in &active {
            if file.deadline.expired() {
                return;
            }
            let rule = &self.rules[i];
            if !rule.applies_to(file.path) {
                continue;
            }
            if file.binary && !matches!(rule.kind, Kind::Provider | Kind::PrivateKey | Kind::Url) {
                continue;
            }
            if rule.settings_only && !self.debug.is_production(file.path) {
                continue;
            }
            match &rule.matcher {
                Matcher::Regex { .. } => {
                    let found = if file.binary {
                        self.binary_regex(i)
                    } else {
                        rule.regex()
                    };
                    let Some((re, group)) = found else {
                        continue;
                    };
                    // A cheap necessary condition first (`requires`), where the rule has one.
                    if !file.binary && !rule.may_match(block) {
                        continue;
                    }
                    let mut n = 0usize;
                    let mut cut = false;
                    let whole_text = re.for_each_span(block, group, &stop, &mut |g, whole| {
                        n += 1;
                        if cut || (n % CHECK_EVERY == 0 && file.deadline.expired()) {
                            cut = true;
                            return;
                        }
                        let start = g.start;
                        ctx.consider(rule, start, &block[g], &block[whole], out);
                    });
                    if cut || !whole_text {
                        return;
                    }
                }
                Matcher::Check(_) => {}
                Matcher::Assignment { spec, .. } => {
                    let Some((key, key_exclude)) = rule.assignment_keys() else {
                        continue;
                    };
                    let list = assignments.get_or_insert_with(|| {
                        let mut v = Vec::new();
                        let mut last_end = 0;
                        let mut unchecked = 0;
                        let stop = || file.deadline.expired();
                        for &(s, e) in &spans {
                            // Spans are whole lines: skip those already covered.
                            if s < last_end {
                                continue;
                            }
                            // The clock is read every 64 KiB of lines, and inside long lines.
                            unchecked += e - s;
                            if unchecked >= 64 << 10 {
                                unchecked = 0;
                                if stop() {
                                    break;
                                }
                            }
                            assign::extract_until(block, s..e, &mut v, &stop);
                            last_end = e;
                        }
                        if stop() {
                            return Vec::new(); // out of time: the rule loop ends below
                        }
                        // Whether each sits in a line comment, worked out once per line.
                        v.into_iter()
                            .map(|a| {
                                let c = file.ftype == FileType::Code
                                    && !a.quoted
                                    && file.in_line_comment(start + a.match_start);
                                (a, c)
                            })
                            .collect()
                    });
                    let enc =
                        decoded_values.get_or_insert_with(|| encoded::decode_values(file, list));
                    for (n, (&(ref a, comment), dec)) in list.iter().zip(enc.iter()).enumerate() {
                        if n % CHECK_EVERY == CHECK_EVERY - 1 && file.deadline.expired() {
                            return;
                        }
                        // An encoded value is judged decoded, below.
                        if dec.is_some() {
                            continue;
                        }
                        // Too short or too long for the rule whatever its name: most values
                        // end here, before any name is matched (`value_fits` checks the same).
                        if !length_may_fit(trim_secret(a.value).len(), spec) {
                            continue;
                        }
                        let name = if spec.key_segments {
                            keyname::segments(a.key)
                        } else {
                            Cow::Borrowed(a.key)
                        };
                        if !key.is_match(&name)
                            || key_exclude.as_ref().is_some_and(|x| x.is_match(&name))
                            || keyname::is_data_key(&name, &spec.key_data_words)
                        {
                            continue;
                        }
                        let env_line = file.ftype == FileType::Prose
                            && !a.quoted
                            && judge::is_env_line(block, a.match_start, a.value_start);
                        if !value_fits(a, spec, file, comment, env_line) {
                            continue;
                        }
                        // Prose (`grep for password= before commit`) and the inside of a string
                        // concatenation (`'".$_POST["password"]."'`) are not literals.
                        let end = a.value_start + a.value.len();
                        let spaced = a.value_start > 0
                            && block[a.value_start - 1].is_ascii_whitespace()
                            && !block[a.match_start..].starts_with(b"--");
                        if (!a.quoted && spaced && judge::prose_after(block, end))
                            || (a.quoted && judge::is_concatenation(a.value))
                        {
                            continue;
                        }
                        let end = a.value_start + a.value.len();
                        let whole = block.get(a.match_start..end).unwrap_or(a.value);
                        ctx.consider(rule, a.value_start, a.value, whole, out);
                    }
                }
            }
        }
        // Binary runs are not decoded: only exact formats run there.
        if !file.nested && !file.binary && !file.deadline.expired() {
            let list = assignments.as_deref().unwrap_or(&[]);
            let enc = decoded_values.as_deref().unwrap_or(&[]);
            self.scan_encoded(&ctx, block, list, enc, out);
        }
    }
}

/// How many matches or assignments go between two looks at the clock.
const CHECK_EVERY: usize = 256;

/// The deadline of scans that have none.
static NO_DEADLINE: Deadline = Deadline::NONE;

/// The findings of one file kept when its scan ran out of time (see [`Scanner::scan_until`]).
pub const MAX_FINDINGS_PAST_DEADLINE: usize = 4096;

/// The file being scanned.
struct File<'a> {
    /// When to stop.
    deadline: &'a Deadline,
    path: &'a str,
    ftype: FileType,
    content: &'a [u8],
    is_sample: bool,
    /// The printable runs of a binary file: only exact formats run.
    binary: bool,
    /// Where a secret failed its rule's checksum: (line, column, length). No rule reports a
    /// value there: it is provably not the credential it looks like.
    vetoed: RefCell<Vec<(u32, u32, usize)>>,
    /// Line positions, built on first use.
    lines: OnceCell<LineIndex<'a>>,
    /// What was worked out about each line (by the offset of its start), once per line.
    info: RefCell<HashMap<usize, Rc<LineInfo>>>,
    /// Decoded text of an encoded value (see `encoded`): not decoded again.
    nested: bool,
    /// Bytes decoded so far in this file (bounded by `encoded::BUDGET`).
    decoded_bytes: std::cell::Cell<usize>,
}

/// What the checks need to know about one line, worked out once however many findings it
/// holds.
struct LineInfo {
    /// A code line comment (`#`, or `//` that is not a URL's) covers what starts at or after
    /// this offset (`usize::MAX`: none).
    code_comment: usize,
    /// A setting at or after this offset is commented out (the line opens with `#`, `//`,
    /// `;` or `--`, or holds ` #`; `usize::MAX`: not).
    setting_comment: usize,
    /// The line's inline allow markers.
    marks: inline::Marks,
    /// The line without its terminator, shared by every finding on it.
    text: Arc<str>,
}

impl<'a> File<'a> {
    fn index(&self) -> &LineIndex<'a> {
        self.lines.get_or_init(|| LineIndex::new(self.content))
    }

    /// What is known about the line that starts at `line_start`.
    fn info(&self, line_start: usize) -> Rc<LineInfo> {
        if let Some(i) = self.info.borrow().get(&line_start) {
            return Rc::clone(i);
        }
        let end = self.index().line_end(line_start);
        let line = &self.content[line_start..end];
        let info = Rc::new(LineInfo {
            code_comment: line_start.saturating_add(code_comment_at(line)),
            setting_comment: line_start.saturating_add(setting_comment_at(line)),
            marks: inline::Marks::of(line),
            text: String::from_utf8_lossy(trim_eol(line)).into(),
        });
        self.info.borrow_mut().insert(line_start, Rc::clone(&info));
        info
    }

    /// Whether the byte at `abs` lies in a `#` or `//` line comment.
    fn in_line_comment(&self, abs: usize) -> bool {
        let start = self.index().line_start(abs);
        self.info(start).code_comment <= abs
    }
}

/// One block of added lines.
struct BlockCtx<'b, 'f> {
    file: &'b File<'f>,
    start: usize,
}

impl BlockCtx<'_, '_> {
    /// Applies the per-value checks and records a finding when they pass. `matched` is all
    /// the rule matched (the whole regex match, or the assignment from its name to its value).
    fn consider(
        &self,
        rule: &Rule,
        off: usize,
        secret: &[u8],
        matched: &[u8],
        out: &mut Vec<Finding>,
    ) {
        let raw_end = self.start + off + secret.len();
        let secret = trim_secret(secret);
        if secret.len() < rule.min_length {
            return;
        }
        if rule.spec.mixed && !entropy::has_letter_and_digit(secret) {
            return;
        }
        // Where the secret sits in the whole file (line questions cost a stride, not a scan).
        let abs = self.start + off;
        let index = self.file.index();
        if let Some(c) = rule
            .spec
            .checksum
            .filter(|c| c.verify(secret) == Some(false))
        {
            if !c.vetoes() {
                return;
            }
            let line = index.line_of(abs);
            let line_start = index.line_start(abs);
            let column = (abs - line_start + 1) as u32;
            self.file
                .vetoed
                .borrow_mut()
                .push((line, column, secret.len()));
            return;
        }
        if let Some(min) = rule.entropy {
            if entropy::shannon(secret) < min {
                return;
            }
        }
        // Key material is long random text: a chance `fake` or `xxxx` inside is not a stand-in
        // (its rule's pattern already rejects elided bodies).
        if rule.skip_placeholders
            && !matches!(rule.kind, Kind::Debug | Kind::PrivateKey | Kind::Setting)
            && (placeholder::is_placeholder_where(secret, || {
                // The name, and up to 120 bytes before the value on its line (bounded, so a
                // line of many `pk_test_` values costs linear time): `Courier(auth_token=`.
                let from = index.line_start(abs).max(abs.saturating_sub(120));
                placeholder::names_courier(matched)
                    || placeholder::names_courier(self.file.content.get(from..abs).unwrap_or(&[]))
            }) || judge::masked_after(self.file.content, raw_end))
        {
            return;
        }
        // Base64 `user:password`: judge the password (or a token-like user).
        let credential = if rule.spec.base64_credentials {
            let Some((user, pass)) = encoded::basic_credentials(secret) else {
                return;
            };
            let (v, real) = if pass.is_empty() {
                let real = judge::looks_real_token(&user);
                (user, real)
            } else {
                let real = pass.len() >= 3 && !placeholder::is_placeholder(&pass);
                (pass, real)
            };
            if !real {
                return;
            }
            v
        } else {
            Vec::new()
        };
        // Credentials in URLs are percent-encoded: judge the decoded text.
        let decoded;
        let secret_for_checks: &[u8] = if rule.spec.base64_credentials {
            &credential
        } else if rule.kind == Kind::Url && secret.contains(&b'%') {
            decoded = percent_decode(secret);
            if decoded.iter().any(u8::is_ascii_whitespace) || placeholder::is_placeholder(&decoded)
            {
                return;
            }
            &decoded
        } else {
            secret
        };
        if self.file.is_sample {
            // A fixture's name (`MASKED_TEST_SECRET`, `fake_token`) says what the value is.
            let named = matched.len().saturating_sub(secret.len());
            if rule.spec.in_samples.is_some() && judge::is_fixture_name(&matched[..named]) {
                return;
            }
            match rule.spec.in_samples {
                Some(SampleMode::Skip) => return,
                Some(SampleMode::Strong) if !judge::is_strong_password(secret_for_checks) => return,
                Some(SampleMode::Token) if !judge::looks_real_token(secret_for_checks) => return,
                _ => {}
            }
        }
        let text = String::from_utf8_lossy(secret);
        if rule.allows(&text) {
            return;
        }
        let line = index.line_of(abs);
        let end_line = line + count_nl(secret);
        let line_start = index.line_start(abs);
        let info = self.file.info(line_start);
        // A setting in a comment is not in effect.
        let commented = match rule.kind {
            Kind::Debug | Kind::Setting => info.setting_comment <= abs,
            // `--extra-index-url` opens with `--`, which is no comment in these files.
            Kind::Package => info.code_comment <= abs,
            _ => false,
        };
        if commented {
            return;
        }
        if let Some((require, exclude)) = rule.enclosing() {
            let indented = matches!(self.file.content.get(line_start), Some(b' ' | b'\t'));
            if indented {
                let fits = enclosing::header(self.file.content, line_start).is_some_and(|h| {
                    require.is_match(h) && !exclude.is_some_and(|x| x.is_match(h))
                });
                if !fits {
                    return;
                }
            }
        }
        let marker = info.marks.allows_here(&rule.id)
            || (line_start > 0
                && self
                    .file
                    .info(index.line_start(line_start - 1))
                    .marks
                    .allows_next(&rule.id));
        // A marker is applied once overlapping findings are resolved (`drop_marked`): the
        // finding it names must also silence the less specific ones it outranks.
        // A passphrase-protected key is useless without its passphrase: reported, not blocked.
        let (description, severity, level) =
            if rule.kind == Kind::PrivateKey && judge::is_encrypted_key(secret) {
                let level = if rule.level == crate::rules::Level::Error {
                    crate::rules::Level::Warning
                } else {
                    rule.level
                };
                let d = format!("{} (encrypted with a passphrase)", rule.description);
                (d, crate::rules::Severity::Medium, level)
            } else {
                (rule.description.clone(), rule.severity, rule.level)
            };
        out.push(Finding {
            rule_id: rule.id.clone(),
            description,
            kind: rule.kind,
            severity,
            level,
            path: self.file.path.to_string(),
            line,
            column: (abs - line_start + 1) as u32,
            end_line,
            secret: text.into_owned(),
            line_text: Arc::clone(&info.text),
            match_text: String::from_utf8_lossy(matched).into_owned(),
            commit: None,
            fingerprint: String::new(),
            marker_ignored: marker,
            binary_offset: None,
        });
    }
}

/// Drops (from `from` on) the findings an inline marker allows. It runs after overlaps are
/// resolved: `# keepmum:allow github-pat` on a token must not let the generic rule that the
/// token's own rule outranked report it instead.
fn drop_marked(out: &mut Vec<Finding>, from: usize) {
    let mut tail = out.split_off(from);
    tail.retain(|f| !f.marker_ignored);
    out.append(&mut tail);
}

/// Records the span of the line containing `pos` (end includes the newline).
fn push_line_span(block: &[u8], pos: usize, spans: &mut Vec<(usize, usize)>) {
    if spans.last().is_some_and(|&(s, e)| s <= pos && pos < e) {
        return;
    }
    let s = memchr::memrchr(b'\n', &block[..pos]).map_or(0, |p| p + 1);
    let e = memchr::memchr(b'\n', &block[pos..]).map_or(block.len(), |p| pos + p + 1);
    spans.push((s, e));
}

/// Sorts `spans`, whose two parts `..mid` and `mid..` usually come sorted already (then in
/// one linear merge), and drops repeats.
fn merge_sorted(spans: &mut Vec<(usize, usize)>, mid: usize) {
    let (a, b) = spans.split_at(mid);
    if !a.is_sorted() || !b.is_sorted() {
        spans.sort_unstable();
        spans.dedup();
        return;
    }
    let mut out = Vec::with_capacity(spans.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let next = if j >= b.len() || (i < a.len() && a[i] <= b[j]) {
            i += 1;
            a[i - 1]
        } else {
            j += 1;
            b[j - 1]
        };
        if out.last() != Some(&next) {
            out.push(next);
        }
    }
    *spans = out;
}

/// Records the lines holding a run of at least `n` token characters (base64/hex/url-safe).
/// Asks `stop()` every [`keywords::CHUNK`] bytes; returns `false` when it said stop.
fn token_run_lines(
    block: &[u8],
    n: usize,
    spans: &mut Vec<(usize, usize)>,
    stop: &dyn Fn() -> bool,
) -> bool {
    let mut run = 0;
    let mut i = 0;
    let mut next_look = keywords::CHUNK;
    while i < block.len() {
        if i >= next_look {
            if stop() {
                return false;
            }
            next_look = i + keywords::CHUNK;
        }
        let b = block[i];
        if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-' | b'.' | b'~')
        {
            run += 1;
            if run >= n {
                push_line_span(block, i, spans);
                // Continue after this line.
                i = spans.last().map_or(i + 1, |&(_, e)| e);
                run = 0;
                continue;
            }
        } else {
            run = 0;
        }
        i += 1;
    }
    true
}

/// Drops findings (from index `from` on) whose secret overlaps a vetoed span on its line.
/// Sorted by line and column, the vetoed spans of a line are searched in `log n`, with the
/// furthest end so far on the line.
fn drop_vetoed(out: &mut Vec<Finding>, from: usize, vetoed: &[(u32, u32, usize)]) {
    if vetoed.is_empty() {
        return;
    }
    let mut v: Vec<(u32, usize, usize)> = vetoed
        .iter()
        .map(|&(line, c, n)| (line, c as usize, c as usize + n))
        .collect();
    v.sort_unstable();
    let mut furthest = Vec::with_capacity(v.len());
    for (i, &(line, _, end)) in v.iter().enumerate() {
        let before = if i > 0 && v[i - 1].0 == line {
            furthest[i - 1]
        } else {
            0
        };
        furthest.push(end.max(before));
    }
    let vetoed = |f: &Finding| {
        let (col, len) = (f.column as usize, f.secret.len().max(1));
        // The vetoed spans of this line that start before the finding ends...
        let n = v.partition_point(|&(line, c, _)| (line, c) < (f.line, col + len));
        // ...reach into it when the furthest of them ends after its start.
        n > 0 && v[n - 1].0 == f.line && furthest[n - 1] > col
    };
    let kept: Vec<Finding> = out.drain(from..).filter(|f| !vetoed(f)).collect();
    out.extend(kept);
}

/// How specific a finding is: lower is more specific.
fn specificity(f: &Finding) -> (u8, u8) {
    let kind = match f.kind {
        Kind::Provider => 0,
        Kind::PrivateKey => 1,
        Kind::SecretKey => 2,
        Kind::Url => 3,
        Kind::Password => 4,
        Kind::Generic => 5,
        Kind::Debug => 6,
        Kind::Setting | Kind::Package | Kind::Environment | Kind::EndOfLife | Kind::SecretFile => 7,
    };
    let sev = match f.severity {
        crate::rules::Severity::High => 0,
        crate::rules::Severity::Medium => 1,
        crate::rules::Severity::Low => 2,
    };
    (kind, sev)
}

/// Where a finding's value is: line, column and the value.
type Spot = (u32, u32, String);

/// Drops findings (from index `from` on) on exactly the value of a finding whose rule
/// outranks theirs (`outranks:`): `django-insecure-secret-key` names what a
/// `django-secret-key` value is, so the value gives one finding. Only a finding that blocks
/// at least as much outranks.
fn drop_outranked(out: &mut Vec<Finding>, from: usize, outranks: &[(String, String)]) {
    if outranks.is_empty() || out.len() - from < 2 {
        return;
    }
    let spot = |f: &Finding| (f.line, f.column, f.secret.clone());
    let mut by: HashMap<Spot, Vec<(&str, crate::rules::Level)>> = HashMap::new();
    for f in &out[from..] {
        if outranks.iter().any(|(hi, _)| *hi == f.rule_id) {
            by.entry(spot(f))
                .or_default()
                .push((f.rule_id.as_str(), f.level));
        }
    }
    if by.is_empty() {
        return;
    }
    let gone: Vec<bool> = out[from..]
        .iter()
        .map(|f| {
            by.get(&spot(f)).is_some_and(|his| {
                his.iter().any(|&(hi, level)| {
                    level <= f.level && outranks.iter().any(|(h, lo)| h == hi && *lo == f.rule_id)
                })
            })
        })
        .collect();
    drop(by);
    let mut i = 0;
    out.retain(|_| {
        let keep = i < from || !gone[i - from];
        i += 1;
        keep
    });
}

/// Drops findings (from index `from` on) whose secret overlaps a more specific finding's.
///
/// A finding covers bytes from its start for its secret's length, up to the end of its line;
/// a multi-line secret covers every line it reaches, to their ends. The findings kept are
/// disjoint, so each new one is checked against its two neighbours in an ordered map rather
/// than against every finding kept.
fn dedup_overlaps(out: &mut Vec<Finding>, from: usize, index: &LineIndex) {
    if out.len() - from < 2 {
        return;
    }
    let span = |f: &Finding| {
        let line_end = |line: u32| index.line_offset(line + 1).unwrap_or(usize::MAX);
        let s = index
            .line_offset(f.line)
            .unwrap_or(usize::MAX)
            .saturating_add(f.column as usize - 1);
        let e = s.saturating_add(f.secret.len().max(1));
        if f.end_line > f.line {
            (s, e.max(line_end(f.end_line)))
        } else {
            (s, e.min(line_end(f.line)).max(s.saturating_add(1)))
        }
    };
    let mut new: Vec<Finding> = out.drain(from..).collect();
    new.sort_by_key(specificity);
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut kept: Vec<Finding> = Vec::with_capacity(new.len());
    // A setting finding is about the setting, not the value: it neither hides nor is hidden
    // by a finding on the same value (`SECRET_KEY = 'django-insecure-...'` is a literal key
    // and the development key startproject wrote).
    let (settings, new): (Vec<Finding>, Vec<Finding>) =
        new.into_iter().partition(|f| f.kind == Kind::Setting);
    kept.extend(settings);
    for f in new {
        let (s, e) = span(&f);
        let before = taken
            .range(..=s)
            .next_back()
            .is_some_and(|(_, &end)| end > s);
        if before || taken.range(s..e).next().is_some() {
            continue;
        }
        taken.insert(s, e);
        kept.push(f);
    }
    kept.sort_by_key(|f| (f.line, f.column));
    out.extend(kept);
}

/// Whether an assignment's value meets a rule's value constraints.
///
/// `comment`: the assignment sits in a line comment of a code file (`# prod password: X`).
/// There an unquoted value is text someone wrote down, taken when it looks like a credential
/// (8+ characters with letters and digits, not words, or a passphrase of joined words ending
/// in digits: `ember-river-stone-42`), not prose (`# password: must be 8+ chars`,
/// `# password: see-the-wiki-2`).
///
/// `env_line`: in a doc, the assignment is a shell environment line (`export API_KEY=...` in
/// a README's code block), whose unquoted value is a literal.
fn value_fits(
    a: &assign::Assignment,
    spec: &AssignmentSpec,
    file: &File,
    comment: bool,
    env_line: bool,
) -> bool {
    let v = trim_secret(a.value);
    if a.interpolated {
        return false;
    }
    if comment {
        if v.len() < 8
            || !entropy::has_letter_and_digit(v)
            || (entropy::looks_like_words(v) && !judge::is_joined_passphrase(v))
            || judge::is_joined_text(v)
        {
            return false;
        }
    } else if !(a.quoted
        || file.ftype == FileType::Config
        || spec.unquoted_in_code
        || (file.ftype == FileType::Prose && env_line))
    {
        return false;
    }
    if is_password_hash(v) || is_url_or_path(v) || is_call(v) || is_dunder_name(v) {
        return false;
    }
    if spec.reject_words && entropy::looks_like_words(v) {
        return false;
    }
    if placeholder::is_env_var_name(v) {
        return false;
    }
    let hex = entropy::is_hex(v);
    let min_len = if hex {
        spec.hex_min_length.or(spec.min_length)
    } else {
        spec.min_length
    };
    if v.len() < min_len.unwrap_or(1) || spec.max_length.is_some_and(|m| v.len() > m) {
        return false;
    }
    if !spec.allow_spaces
        && v.iter().any(u8::is_ascii_whitespace)
        && !(spec.spaced_values && a.quoted && judge::is_spaced_secret(v))
    {
        return false;
    }
    if spec.token_charset && (!entropy::is_token_charset(v) || entropy::looks_like_words(v)) {
        return false;
    }
    if spec.mixed_case
        && !(v.iter().any(u8::is_ascii_uppercase) && v.iter().any(u8::is_ascii_lowercase))
    {
        return false;
    }
    if spec.mixed && !entropy::has_letter_and_digit(v) {
        return false;
    }
    if entropy::is_uuid(v) && spec.token_charset {
        return false;
    }
    let min_entropy = if hex {
        spec.hex_entropy.or(spec.entropy)
    } else {
        spec.entropy
    };
    if let Some(min) = min_entropy {
        if entropy::shannon(v) < min {
            return false;
        }
    }
    // Base64 of prose, a script or a JSON document under a neutral name
    // (`NextMarker: "eyJNYXJrZXIiOiBudWxs..."`) is data, not a random key.
    if spec.token_charset && encoded::is_encoded_prose(v) {
        return false;
    }
    true
}

/// Whether a value of `len` bytes can pass the length checks of `value_fits` (hex or not).
fn length_may_fit(len: usize, spec: &AssignmentSpec) -> bool {
    let min = spec
        .min_length
        .unwrap_or(1)
        .min(spec.hex_min_length.or(spec.min_length).unwrap_or(1));
    len >= min && spec.max_length.is_none_or(|m| len <= m)
}

/// Decodes `%XX` escapes (invalid escapes are kept as they are).
fn percent_decode(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        if v[i] == b'%' && i + 2 < v.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(v[i + 1]), hex(v[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(v[i]);
        i += 1;
    }
    out
}

/// Whether a value is a password *hash* (Django, passlib, crypt formats), not a password.
fn is_password_hash(v: &[u8]) -> bool {
    const PREFIXES: &[&[u8]] = &[
        b"pbkdf2_",
        b"argon2",
        b"bcrypt",
        b"scrypt",
        b"sha1$",
        b"md5$",
        b"crypt$",
        b"unsalted_",
        b"$2a$",
        b"$2b$",
        b"$2y$",
        b"$argon2",
        b"$5$",
        b"$6$",
        b"$pbkdf2",
        b"{SSHA}",
        b"{SHA}",
        // A Windows DPAPI blob (`ProtectedData.Protect`, .NET config sections, PowerShell
        // `ConvertFrom-SecureString`): encrypted for one machine or user, not the password.
        b"AQAAANCMnd8BFdERjHoAwE",
        b"01000000d08c9ddf0115d1118c7a00c04fc297eb",
    ];
    PREFIXES.iter().any(|p| v.starts_with(p))
}

/// Whether a value is a name that opens with `__`: Python's dunders and the generated type
/// names of API models (`__stringMin1Max256PatternAZaZ09` in botocore's data). A generated
/// token opens so once in thousands.
fn is_dunder_name(v: &[u8]) -> bool {
    v.starts_with(b"__") && v.len() > 2 && v.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// Whether a value is a function call written as code, not a literal: `get_password()`,
/// `set_password("X")`, `os.getenv(NAME)`, `getPassword(cfg)` (in a doc's backticks, a
/// comment, a template). The callee is a dotted name with a `_`, a `.` or a camelCase hump;
/// the argument is empty, a quoted string or a name.
fn is_call(v: &[u8]) -> bool {
    let Some(open) = memchr::memchr(b'(', v) else {
        return false;
    };
    let (callee, rest) = (&v[..open], &v[open + 1..]);
    let Some(args) = rest.strip_suffix(b")") else {
        return false;
    };
    let named = callee.len() >= 3
        && callee[0].is_ascii_alphabetic()
        && callee
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
        && (callee.iter().any(|b| matches!(b, b'_' | b'.'))
            || callee
                .windows(2)
                .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase()));
    let args = args.trim_ascii();
    named
        && (args.is_empty()
            || matches!(args[0], b'"' | b'\'')
            || args
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.')))
}

/// Whether a value is a URL, a protocol-relative link, a reST role target or a file path
/// (`//host/x`, `~pkg.mod.attr`, `src/app/views/index.py`) rather than a token.
fn is_url_or_path(v: &[u8]) -> bool {
    if v.starts_with(b"//") || v.starts_with(b"~") || v.windows(3).any(|w| w == b"://") {
        return true;
    }
    // An absolute path (`/en/enterprise-server@3.0/auth`).
    if v.starts_with(b"/")
        && v.iter().filter(|&&b| b == b'/').count() >= 3
        && !v.iter().any(u8::is_ascii_whitespace)
    {
        return true;
    }
    let segments: Vec<&[u8]> = v.split(|&b| b == b'/').collect();
    segments.len() >= 3
        && segments
            .iter()
            .filter(|s| {
                s.len() >= 4
                    && s.iter()
                        .all(|b| b.is_ascii_lowercase() || *b == b'_' || *b == b'-' || *b == b'.')
            })
            .count()
            >= 2
}

/// Strips surrounding whitespace and a trailing `\r`.
fn trim_secret(s: &[u8]) -> &[u8] {
    let start = s
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &s[start..end]
}

fn trim_eol(s: &[u8]) -> &[u8] {
    let mut e = s.len();
    while e > 0 && (s[e - 1] == b'\n' || s[e - 1] == b'\r') {
        e -= 1;
    }
    &s[..e]
}

/// Where a `#` or `//` line comment of `line` covers from: one past the first `#`, or past the
/// first `//` that is not a URL's `://` (`usize::MAX`: no comment). Something at offset `p` of
/// the line is in the comment when this is `<= p`.
fn code_comment_at(line: &[u8]) -> usize {
    let hash = memchr::memchr(b'#', line).map_or(usize::MAX, |h| h + 1);
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&line[from..], b"//") {
        let i = from + p;
        if i == 0 || line[i - 1] != b':' {
            return hash.min(i + 2);
        }
        from = i + 1;
    }
    hash
}

/// Where a setting on `line` counts as commented out from: the line opens with `#`, `//`, `;`
/// or `--` (past the marker), or holds ` #` (past it); `usize::MAX`: never.
fn setting_comment_at(line: &[u8]) -> usize {
    let opens = match line.iter().position(|b| !b.is_ascii_whitespace()) {
        Some(p) => {
            let t = &line[p..];
            if t.starts_with(b"#") || t.starts_with(b";") {
                p + 1
            } else if t.starts_with(b"//") || t.starts_with(b"--") {
                p + 2
            } else {
                usize::MAX
            }
        }
        None => usize::MAX,
    };
    let hash = memchr::memmem::find(line, b" #").map_or(usize::MAX, |i| i + 2);
    opens.min(hash)
}

fn count_nl(s: &[u8]) -> u32 {
    s.iter().filter(|&&b| b == b'\n').count() as u32
}

/// Replaces JSON escapes inside notebook lines without moving any byte: `\"` becomes ` "` when
/// it opens a string and `" ` when it closes one, `\n`/`\t` become two spaces.
fn unescape_json_in_place(raw: &[u8]) -> Vec<u8> {
    let mut v = raw.to_vec();
    let mut i = 0;
    while i + 1 < v.len() {
        if v[i] == b'\\' {
            match v[i + 1] {
                b'"' => {
                    let next = v.get(i + 2).copied().unwrap_or(b' ');
                    let closes = !(next.is_ascii_alphanumeric()
                        || matches!(next, b'$' | b'{' | b'<' | b'%' | b'_' | b'-' | b'/' | b'+'));
                    if closes {
                        v[i] = b'"';
                        v[i + 1] = b' ';
                    } else {
                        v[i] = b' ';
                    }
                    i += 2;
                    continue;
                }
                b'n' | b't' | b'r' => {
                    v[i] = b' ';
                    v[i + 1] = b' ';
                    i += 2;
                    continue;
                }
                b'\\' => {
                    i += 2;
                    continue;
                }
                _ => {}
            }
        }
        i += 1;
    }
    v
}

#[cfg(test)]
mod tests;
