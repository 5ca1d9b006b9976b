#!/usr/bin/env python3
"""Benchmark harness for keepmum against peer scanners (stdlib only).

Driven by scripts/bench/run.sh, which installs the peers and builds keepmum;
this script generates the inputs (gen_inputs.py), times every command in the
same run, and prints / writes the results table.

Timing: each command is a fresh process started with subprocess.Popen and
reaped with os.wait4(), so the wall time covers the whole process (start-up,
reading the repository, scanning, exit). Peak memory comes from GNU time's %M
(max RSS of the command, including children it waited for, e.g. `git` under
gitleaks). Commands of one case are run round-robin, so background load hits
them alike; the table reports the median.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import gen_inputs  # noqa: E402
import real_history  # noqa: E402

CACHE = HERE.parent.parent / "target" / "bench" / "cache"
# Real-project histories rebuilt from released sdists (see real_history.py): case name,
# PyPI project, commits to aim for, and the target against noseyparker.
REAL = (("history-flask", "flask", 12000, 0.8), ("history-sentry", "sentry-sdk", 26000, 1.0))
# Peers of the history cases that no reachable registry (crates.io, PyPI, npm, Debian) ships.
UNAVAILABLE = ("noseyparker", "trufflehog")

OK_CODES = (0, 1)  # 0 = clean, 1 = findings, for every tool measured here but kingfisher
# kingfisher exits 200 when it reports findings (205 when one of them was validated).
TOOL_OK_CODES = {"kingfisher": (0, 200, 205)}


def ok_codes(tool: str) -> tuple[int, ...]:
    return TOOL_OK_CODES.get(tool, OK_CODES)


# --------------------------------------------------------------------------
# measurement
# --------------------------------------------------------------------------

@dataclass
class Cmd:
    tool: str                 # "keepmum", "gitleaks", ...
    argv: list[str]
    cwd: str
    role: str = "peer"        # "self" | "peer" | "floor" | "info"
    label: str = ""           # shown in the table
    times: list[float] = field(default_factory=list)   # seconds
    rss_kib: list[int] = field(default_factory=list)
    rc: int | None = None
    error: str | None = None
    verify_s: float = 0.0
    note: str = ""

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.times) * 1e3 if self.times else None

    @property
    def min_ms(self) -> float | None:
        return min(self.times) * 1e3 if self.times else None

    @property
    def max_rss_mib(self) -> float | None:
        return max(self.rss_kib) / 1024 if self.rss_kib else None


# ru_maxrss of a process started straight from this (large) Python process is
# useless: Linux carries the pre-exec address space's high-water mark into the
# child (vfork/exec shares our mm), so every child would report >= our own RSS.
# GNU time forks from its own tiny image, so its %M is the command's real peak.
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def spawn_once(argv: list[str], cwd: str, env: dict[str, str], out_path: str | None = None,
               timeout: float = 600.0, mem: bool = False) -> tuple[float, int, int | None, str]:
    """Run argv once; return (wall seconds, exit code, max RSS KiB or None, stderr tail).

    mem=True runs it under GNU time to get the peak RSS (adds ~1 ms of
    fork/exec to the wall time, so fast commands are timed separately)."""
    rss_file = None
    if mem and GNU_TIME:
        fd, rss_file = tempfile.mkstemp(prefix="rss-")
        os.close(fd)
        argv = [GNU_TIME, "-f", "%M", "-o", rss_file, *argv]
    if out_path:
        out = open(out_path + ".out", "wb")
        err = open(out_path + ".err", "wb")
    else:
        out = err = subprocess.DEVNULL
    holder: list = []
    timed_out: list = []

    def kill() -> None:
        if holder:
            timed_out.append(1)
            holder[0].kill()

    watchdog = threading.Timer(timeout, kill)  # started before the clock: no overhead inside it
    watchdog.daemon = True
    watchdog.start()
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    holder.append(p)
    _, status, ru = os.wait4(p.pid, 0)
    t1 = time.perf_counter()
    watchdog.cancel()
    rc = os.waitstatus_to_exitcode(status)
    p.returncode = rc  # already reaped; keep Popen from waiting again
    if timed_out:
        raise TimeoutError(f"{os.path.basename(argv[0])} timed out after {timeout:.0f}s")
    rss = None
    if rss_file:
        try:
            with open(rss_file) as f:
                last = [x for x in f.read().split() if x.strip()]
            rss = int(last[-1]) if last and last[-1].isdigit() else None
        finally:
            os.unlink(rss_file)
    tail = ""
    if out_path:
        out.close()
        err.close()
        with open(out_path + ".err", "rb") as f:
            tail = f.read()[-2000:].decode(errors="replace")
        if not tail.strip():
            with open(out_path + ".out", "rb") as f:
                tail = f.read()[-2000:].decode(errors="replace")
    return t1 - t0, rc, rss, tail


def sample_mem(argv: list[str], cwd: str, env: dict[str, str], timeout: float) -> tuple[int, int] | None:
    """Peak RssAnon / RssFile (KiB) of one run, sampled from /proc every ~2 ms.

    Splits the peak into heap-like anonymous memory and file-backed pages
    (mostly mmapped pack files, which grow with the repository, not with the
    scanner's own state). Sampling can miss a very short spike."""
    if not os.path.exists("/proc/self/status"):
        return None
    p = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    anon = fil = 0
    t_end = time.time() + timeout
    while p.poll() is None:
        try:
            with open(f"/proc/{p.pid}/status") as f:
                for line in f:
                    if line.startswith("RssAnon:"):
                        anon = max(anon, int(line.split()[1]))
                    elif line.startswith("RssFile:"):
                        fil = max(fil, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        if time.time() > t_end:
            p.kill()
        time.sleep(0.002)
    return (anon, fil) if anon else None


def run_case(name: str, cmds: list[Cmd], env: dict[str, str], cfg: "Config", logdir: str) -> None:
    """Verify each command once, warm up, then time all of them round-robin."""
    live: list[Cmd] = []
    for c in cmds:
        log = os.path.join(logdir, f"{name}-{c.tool}-{c.label or 'x'}".replace("/", "_").replace(" ", "_"))
        try:
            dt, rc, rss, tail = spawn_once(c.argv, c.cwd, env, out_path=log, timeout=cfg.timeout, mem=True)
        except (OSError, TimeoutError) as e:
            c.error = str(e)
            print(f"  {c.tool:<22} ERROR: {e}", flush=True)
            continue
        c.rc, c.verify_s = rc, dt
        if rc not in ok_codes(c.tool):
            c.error = f"exit {rc}: " + " ".join(tail.strip().splitlines()[-3:])[:300]
            print(f"  {c.tool:<22} ERROR {c.error}", flush=True)
            continue
        # Slow commands: the verification run is already warm enough, and
        # counts as a sample (a cold first run of a multi-second job is noise).
        if rss is not None:
            c.rss_kib.append(rss)
        if dt > 2.0:
            c.times.append(dt)
            warm = 0
        elif dt > 0.2:
            warm = 1
        else:
            warm = cfg.warmup
        for _ in range(warm):
            spawn_once(c.argv, c.cwd, env, timeout=cfg.timeout)
        live.append(c)
        print(f"  {c.tool:<22} ok (exit {rc}, first run {dt * 1e3:.0f} ms)", flush=True)

    def done(c: Cmd) -> bool:
        n = len(c.times)
        if n >= cfg.runs:
            return True
        floor = cfg.min_runs if c.verify_s < 10 else max(2, cfg.min_runs - 2)
        return n >= floor and sum(c.times) >= cfg.budget

    while True:
        todo = [c for c in live if not done(c)]
        if not todo:
            break
        for c in todo:
            # Slow commands: measure RSS on every run (GNU time's ~1 ms is noise
            # there); fast ones: time them bare, RSS comes from extra runs below.
            slow = c.verify_s > 0.5
            dt, rc, rss, _ = spawn_once(c.argv, c.cwd, env, timeout=cfg.timeout, mem=slow)
            if rc not in ok_codes(c.tool):
                c.error = f"exit {rc} on a timed run"
                live.remove(c)
                c.times.clear()
                continue
            c.times.append(dt)
            if rss is not None:
                c.rss_kib.append(rss)
    for c in live:
        while len(c.rss_kib) < cfg.mem_runs and GNU_TIME and c.verify_s <= 0.5:
            _, rc, rss, _ = spawn_once(c.argv, c.cwd, env, timeout=cfg.timeout, mem=True)
            if rss is None:
                break
            c.rss_kib.append(rss)
    for c in cmds:
        if c.times:
            print(f"  {c.tool:<22} median {c.median_ms:9.1f} ms  (n={len(c.times)}, "
                  f"min {c.min_ms:.1f})  max RSS {fmt_mib(c.max_rss_mib):>7} MiB", flush=True)


# --------------------------------------------------------------------------
# configuration / tools
# --------------------------------------------------------------------------

@dataclass
class Config:
    quick: bool
    runs: int
    min_runs: int
    warmup: int
    budget: float        # seconds of timed runs per command before stopping early
    timeout: float
    history_commits: int
    small_history_commits: int
    mem_runs: int = 3


def gitleaks_cli(gitleaks: str, env: dict[str, str]) -> str:
    """'git' for gitleaks >= 8.19 (git/dir subcommands), else 'legacy' (detect/protect)."""
    r = subprocess.run([gitleaks, "git", "--help"], env=env, capture_output=True)
    return "git" if r.returncode == 0 else "legacy"


def tool_version(argv: list[str], env: dict[str, str]) -> str:
    try:
        r = subprocess.run(argv, env=env, capture_output=True, timeout=30)
        s = (r.stdout or r.stderr).decode(errors="replace").strip().splitlines()
        return s[0][:60] if s else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


# --------------------------------------------------------------------------
# cases
# --------------------------------------------------------------------------

def staged_cmds(repo: str, names: list[str], tools: dict[str, str | None], env: dict[str, str],
                with_precommit: bool) -> list[Cmd]:
    cmds = []
    if tools.get("keepmum"):
        cmds.append(Cmd("keepmum", [tools["keepmum"], "scan", "--staged"], repo, "self",
                        "keepmum scan --staged"))
    if tools.get("ripsecrets"):
        cmds.append(Cmd("ripsecrets", [tools["ripsecrets"], "--strict-ignore", *names], repo, "peer",
                        "ripsecrets --strict-ignore FILES"))
    if tools.get("detect-secrets-hook"):
        cmds.append(Cmd("detect-secrets", [tools["detect-secrets-hook"], *names], repo, "peer",
                        "detect-secrets-hook FILES"))
    if tools.get("gitleaks"):
        if gitleaks_cli(tools["gitleaks"], env) == "git":
            argv = [tools["gitleaks"], "git", "--pre-commit", "--staged", "--redact", "--no-banner", "."]
            label = "gitleaks git --pre-commit --staged"
        else:
            argv = [tools["gitleaks"], "protect", "--staged", "--redact", "--no-banner"]
            label = "gitleaks protect --staged"
        cmds.append(Cmd("gitleaks", argv, repo, "peer", label))
    cmds.append(Cmd("git diff --cached", ["git", "diff", "--cached"], repo, "floor",
                    "git diff --cached (floor)"))
    if with_precommit and tools.get("pre-commit"):
        cmds.append(Cmd("pre-commit (no-op)", [tools["pre-commit"], "run"], repo, "info",
                        "pre-commit run, one no-op hook"))
    return cmds


def history_cmds(repo: str, tools: dict[str, str | None], env: dict[str, str],
                 floor: bool = True) -> list[Cmd]:
    cmds = []
    if tools.get("keepmum"):
        cmds.append(Cmd("keepmum", [tools["keepmum"], "scan", "--all"], repo, "self",
                        "keepmum scan --all"))
    if tools.get("gitleaks"):
        if gitleaks_cli(tools["gitleaks"], env) == "git":
            argv = [tools["gitleaks"], "git", "--redact", "--no-banner", "."]
            label = "gitleaks git"
        else:
            argv = [tools["gitleaks"], "detect", "--redact", "--no-banner", "--source", "."]
            label = "gitleaks detect"
        cmds.append(Cmd("gitleaks", argv, repo, "peer", label))
    if tools.get("kingfisher"):
        # No validation (it would call the providers' APIs), no update check.
        cmds.append(Cmd("kingfisher", [tools["kingfisher"], "scan", ".", "--no-validate", "--no-update-check",
                                       "-q"], repo, "peer", "kingfisher scan --no-validate"))
    if floor:
        cmds.append(Cmd("git log -p --all", ["git", "log", "-p", "--all"], repo, "floor",
                        "git log -p --all (floor)"))
    return cmds


# --------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------

def fmt_ms(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 1000 else f"{v:.0f}"


def fmt_mib(v: float | None) -> str:
    return "-" if v is None else f"{v:.1f}"


def case_table(title: str, cmds: list[Cmd]) -> list[str]:
    lg = next((c for c in cmds if c.role == "self"), None)
    base = lg.median_ms if lg and lg.times else None
    rows = [f"### {title}", "",
            "| command | median ms | min ms | runs | max RSS MiB | exit | ratio (this / keepmum) |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for c in cmds:
        if c.error:
            rows.append(f"| {c.label} | ERROR | | | | {c.rc if c.rc is not None else '-'} | {c.error} |")
            continue
        ratio = "-" if c.role == "self" or base is None or c.median_ms is None else f"{c.median_ms / base:.2f}x"
        rows.append(f"| {c.label} | {fmt_ms(c.median_ms)} | {fmt_ms(c.min_ms)} | {len(c.times)} | "
                    f"{fmt_mib(c.max_rss_mib)} | {c.rc} | {ratio} |")
    return rows + [""]


def get(cmds: list[Cmd], tool: str) -> Cmd | None:
    return next((c for c in cmds if c.tool == tool), None)


def verdict_ratio(lg: Cmd | None, peer: Cmd | None, need: float) -> tuple[str, str]:
    """PASS if peer_median / keepmum_median >= need."""
    if peer is None:
        return "N/A", "peer not installed"
    if peer.error or not peer.times:
        return "N/A", f"peer failed: {peer.error}"
    if lg is None or lg.error or not lg.times:
        return "FAIL", "keepmum did not run" + (f": {lg.error}" if lg and lg.error else "")
    r = peer.median_ms / lg.median_ms
    return ("PASS" if r >= need else "FAIL"), f"{r:.2f}x (need >= {need:g}x)"


def targets(cases: dict[str, list[Cmd]], hist_name: str, mem: dict) -> list[tuple[str, str, str]]:
    out = []
    s20 = cases.get("staged-20", [])
    lg = get(s20, "keepmum")
    if lg is None or lg.error or not lg.times:
        out.append(("pre-commit, 20 staged files: keepmum median <= 10 ms", "FAIL",
                    "keepmum did not run" + (f": {lg.error}" if lg and lg.error else "")))
    else:
        out.append(("pre-commit, 20 staged files: keepmum median <= 10 ms",
                    "PASS" if lg.median_ms <= 10 else "FAIL", f"{lg.median_ms:.2f} ms"))
    v, d = verdict_ratio(lg, get(s20, "ripsecrets"), 5)
    out.append(("pre-commit, 20 staged files: >= 5x faster than ripsecrets", v, d))
    v, d = verdict_ratio(lg, get(s20, "gitleaks"), 20)
    out.append(("pre-commit, 20 staged files: >= 20x faster than gitleaks", v, d))

    h = cases.get(hist_name, [])
    lgh = get(h, "keepmum")
    v, d = verdict_ratio(lgh, get(h, "gitleaks"), 1.0)
    out.append((f"history ({hist_name}): faster than gitleaks", v, d))
    floor = get(h, "git log -p --all")
    if floor is None or floor.error or not floor.times:
        out.append((f"history ({hist_name}): <= 1.5x `git log -p --all`", "N/A", "floor did not run"))
    elif lgh is None or lgh.error or not lgh.times:
        out.append((f"history ({hist_name}): <= 1.5x `git log -p --all`", "FAIL", "keepmum did not run"))
    else:
        r = lgh.median_ms / floor.median_ms
        out.append((f"history ({hist_name}): <= 1.5x `git log -p --all`", "PASS" if r <= 1.5 else "FAIL",
                    f"{r:.2f}x of git log -p ({fmt_ms(lgh.median_ms)} vs {fmt_ms(floor.median_ms)} ms)"))
    small, large, xl = mem.get("small"), mem.get("large"), mem.get("xlarge")
    # Bounded memory means a plateau: once the scanner's caches (libgit2's object and
    # delta-base caches, the mapped pack windows) are full, a longer history must not need
    # more. The small history does not fill them, so small -> large shows the caches filling;
    # large -> 2x large shows whether anything keeps growing with the history.
    label = (f"memory bounded: keepmum max RSS on {mem.get('xlarge_n')} commits "
             f"<= 1.2x its RSS on {mem.get('large_n')} commits")
    if not GNU_TIME:
        out.append((label, "N/A", "/usr/bin/time missing: RSS not measured"))
    elif large is None or xl is None:
        out.append((label, "FAIL", "keepmum history scan did not run"))
    else:
        r = xl / large
        detail = (f"{large:.1f} -> {xl:.1f} MiB ({r:.2f}x for {mem['xlarge_n'] / mem['large_n']:.0f}x the commits)")
        if small is not None:
            detail += (f"; {small:.1f} MiB on {mem['small_n']} commits, where the caches are not yet full "
                       f"({large / small:.2f}x from {mem['small_n']} to {mem['large_n']})")
        parts = []
        for k in ("small", "large", "xlarge"):
            if mem.get(k + "_anon_mib") is not None:
                parts.append(f"{mem[k + '_n']}: anonymous {mem[k + '_anon_mib']:.1f} + file-backed "
                             f"{mem[k + '_file_mib']:.1f} MiB, pack {mem[k + '_pack_mib']:.1f} MiB")
        if parts:
            detail += "; " + "; ".join(parts)
        out.append((label, "PASS" if r <= 1.2 else "FAIL", detail))
    return out


def history_targets(cases: dict[str, list[Cmd]], real: dict[str, float]) -> list[tuple[str, str, str]]:
    """keepmum against the floor and every peer on each real-project and big-pack history."""
    out = []
    for name, cmds in cases.items():
        if name not in real and name != "history-bigpack":
            continue
        lg = get(cmds, "keepmum")
        ok = lg is not None and not lg.error and lg.times
        floor = get(cmds, "git log -p --all")
        label = f"{name}: keepmum <= 1.0x `git log -p --all`"
        if not ok:
            out.append((label, "FAIL", "keepmum did not run" + (f": {lg.error}" if lg and lg.error else "")))
            continue
        if floor is None or floor.error or not floor.times:
            out.append((label, "N/A", "floor did not run"))
        else:
            r = lg.median_ms / floor.median_ms
            out.append((label, "PASS" if r <= 1.0 else "FAIL",
                        f"{r:.2f}x ({fmt_ms(lg.median_ms)} vs {fmt_ms(floor.median_ms)} ms)"))
        if name in real:
            out.append((f"{name}: keepmum <= {real[name]:g}x noseyparker", "N/A",
                        "noseyparker is not available from the reachable registries"))
        peers = [c for c in cmds if c.role == "peer"]
        for c in peers:
            if c.error or not c.times:
                out.append((f"{name}: keepmum / {c.tool}", "N/A", f"peer failed: {c.error}"))
            else:
                r = lg.median_ms / c.median_ms
                out.append((f"{name}: keepmum / {c.tool} (info)", "-", f"{r:.2f}x"))
        rss = [c for c in peers if c.rss_kib]
        if lg.rss_kib and rss:
            mine = lg.max_rss_mib
            least = min(rss, key=lambda c: c.max_rss_mib)
            out.append((f"{name}: keepmum peak memory below every peer's",
                        "PASS" if mine < least.max_rss_mib else "FAIL",
                        f"{mine:.1f} MiB; lowest peer {least.tool} {least.max_rss_mib:.1f} MiB"))
    return out


def cached_repo(key: str, build) -> tuple[str, dict]:
    """A generated repository kept in target/bench/cache/repos, rebuilt when the generator
    scripts change (their hash is part of the key)."""
    import hashlib
    h = hashlib.sha256()
    for f in ("gen_inputs.py", "real_history.py"):
        h.update((HERE / f).read_bytes())
    path = CACHE / "repos" / f"{key}-{h.hexdigest()[:12]}"
    info_file = path.with_suffix(".json")
    if path.is_dir() and info_file.exists():
        return str(path), json.loads(info_file.read_text())
    shutil.rmtree(path, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    info = build(str(path))
    info_file.write_text(json.dumps(info))
    return str(path), info


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", default="target/bench")
    ap.add_argument("--workdir", default=None, help="where inputs are generated (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the generated inputs")
    ap.add_argument("--keepmum")
    ap.add_argument("--ripsecrets")
    ap.add_argument("--detect-secrets-hook")
    ap.add_argument("--gitleaks")
    ap.add_argument("--pre-commit")
    ap.add_argument("--kingfisher")
    ap.add_argument("--pip", default=None, help="pip for downloading the real projects' sdists")
    ap.add_argument("--cases", default="", help="comma-separated case name prefixes to run (default: all)")
    ap.add_argument("--note", action="append", default=[], help="line for the notes section")
    ap.add_argument("--strict", action="store_true", help="exit 1 if any target FAILs")
    a = ap.parse_args()

    if a.quick:
        cfg = Config(True, runs=10, min_runs=3, warmup=1, budget=6.0, timeout=600,
                     history_commits=2000, small_history_commits=500)
    else:
        cfg = Config(False, runs=30, min_runs=5, warmup=3, budget=25.0, timeout=900,
                     history_commits=10000, small_history_commits=2000)

    tools = {
        "keepmum": a.keepmum, "ripsecrets": a.ripsecrets,
        "detect-secrets-hook": a.detect_secrets_hook, "gitleaks": a.gitleaks, "pre-commit": a.pre_commit,
        "kingfisher": a.kingfisher,
    }
    wanted = [c for c in a.cases.split(",") if c]

    def want(name: str) -> bool:
        return not wanted or any(name.startswith(w) for w in wanted)
    for k, v in list(tools.items()):
        if v and not (os.path.isfile(v) and os.access(v, os.X_OK)):
            print(f"[bench] {k}: {v} is not an executable file; skipping it", flush=True)
            tools[k] = None

    out_dir = Path(a.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = a.workdir or tempfile.mkdtemp(prefix="keepmum-bench-")
    os.makedirs(work, exist_ok=True)
    home = os.path.join(work, "home")
    gen_inputs.make_home(home)
    env = gen_inputs.clean_env(home)
    logdir = os.path.join(work, "logs")
    os.makedirs(logdir, exist_ok=True)
    t_start = time.time()

    versions = {}
    if tools["keepmum"]:
        versions["keepmum"] = tool_version([tools["keepmum"], "--version"], env)
    if tools["ripsecrets"]:
        versions["ripsecrets"] = tool_version([tools["ripsecrets"], "--version"], env)
    if tools["detect-secrets-hook"]:
        ds = os.path.join(os.path.dirname(tools["detect-secrets-hook"]), "detect-secrets")
        versions["detect-secrets"] = tool_version([ds, "--version"], env)
    if tools["gitleaks"]:
        versions["gitleaks"] = tool_version([tools["gitleaks"], "version"], env)
    if tools["pre-commit"]:
        versions["pre-commit"] = tool_version([tools["pre-commit"], "--version"], env)
    if tools["kingfisher"]:
        versions["kingfisher"] = tool_version([tools["kingfisher"], "--version"], env)
    versions["git"] = tool_version(["git", "--version"], env)

    cases: dict[str, list[Cmd]] = {}
    titles: dict[str, str] = {}
    inputs: dict[str, dict] = {}
    hist_name = None
    try:
        # ---- staged repositories --------------------------------------
        for name, base, n, secrets, seed, pc in (("staged-20", 100, 20, 2, 11, True),
                                                 ("staged-2000", 1000, 2000, 20, 12, False)):
            if not want(name):
                continue
            print(f"[bench] generating {name} ...", flush=True)
            repo = os.path.join(work, name)
            info = gen_inputs.gen_staged(repo, base, n, seed, secrets, env, precommit_config=pc)
            inputs[name] = info
            names = subprocess.run(["git", "diff", "--cached", "--name-only", "-z"], cwd=repo, env=env,
                                   capture_output=True, check=True).stdout.decode().split("\0")
            names = [x for x in names if x]
            titles[name] = (f"{name}: pre-commit on {len(names)} staged files "
                            f"({base} tracked before; {secrets} fake secrets planted)")
            print(f"[bench] {name}: {len(names)} staged files; timing", flush=True)
            cases[name] = staged_cmds(repo, names, tools, env, with_precommit=pc)
            run_case(name, cases[name], env, cfg, logdir)

        # ---- histories -------------------------------------------------
        mem: dict = {"small_n": cfg.small_history_commits, "large_n": cfg.history_commits,
                     "xlarge_n": 2 * cfg.history_commits}
        for size, key in ((cfg.small_history_commits, "small"), (cfg.history_commits, "large"),
                          (2 * cfg.history_commits, "xlarge")):
            name = f"history-{size // 1000}k" if size >= 1000 else f"history-{size}"
            if not want(name):
                continue
            print(f"[bench] generating {name} ({size} commits via git fast-import) ...", flush=True)
            t0 = time.time()
            repo = os.path.join(work, name)
            info = gen_inputs.gen_history(repo, size, seed=21 + size, n_secrets=6 if size >= 2000 else 3,
                                          env=env)
            inputs[name] = info
            print(f"[bench] {name}: {info['commits']} commits, {info['branches']} refs, "
                  f"generated in {time.time() - t0:.1f}s; timing", flush=True)
            titles[name] = (f"{name}: whole history, {info['commits']} commits on {info['branches']} refs "
                            f"({info['secrets']} fake secrets planted)")
            if key == "xlarge":
                # Only keepmum's memory is measured here (the memory-plateau check).
                titles[name] += "; keepmum only, for the memory check"
                cases[name] = [c for c in history_cmds(repo, tools, env, floor=False) if c.role == "self"]
                run_case(name, cases[name], env, dataclasses.replace(cfg, runs=3, min_runs=3), logdir)
            else:
                cases[name] = history_cmds(repo, tools, env, floor=True)
                run_case(name, cases[name], env, cfg, logdir)
            lg = get(cases[name], "keepmum")
            mem[key] = lg.max_rss_mib if lg and lg.times else None
            mem[key + "_pack_mib"] = info.get("pack_kib", 0) / 1024
            if lg and lg.times:
                split = [sample_mem(lg.argv, lg.cwd, env, cfg.timeout) for _ in range(3)]
                split = [x for x in split if x]
                if split:
                    mem[key + "_anon_mib"] = max(x[0] for x in split) / 1024
                    mem[key + "_file_mib"] = max(x[1] for x in split) / 1024
            if key == "large":
                hist_name = name

        # ---- real projects and a big pack --------------------------------
        pip = [a.pip] if a.pip else [sys.executable, "-m", "pip"]
        for name, project, n, _ in REAL:
            if not want(name):
                continue
            sd = CACHE / "sdist" / project
            try:
                real_history.download(project, sd, [*pip, "--disable-pip-version-check"])
                repo, info = cached_repo(f"{project}-{n}", lambda p: real_history.build(
                    project, p, sd, n, seed=7, env=env))
            except (subprocess.CalledProcessError, SystemExit, OSError) as e:
                print(f"[bench] {name}: cannot build the history ({e}); skipped", flush=True)
                a.note.append(f"{name}: not built ({e})")
                continue
            inputs[name] = info
            titles[name] = (f"{name}: whole history of {project} rebuilt from its {info['releases']} released "
                            f"sdists, {info['commits']} commits, pack {info['pack_kib'] / 1024:.0f} MiB "
                            f"({info['secrets']} fake secrets planted)")
            print(f"[bench] {titles[name]}; timing", flush=True)
            cases[name] = history_cmds(repo, tools, env, floor=True)
            run_case(name, cases[name], env, cfg, logdir)
        if want("history-bigpack"):
            n = 10000
            repo, info = cached_repo(f"bigpack-{n}", lambda p: gen_inputs.gen_history(
                p, n, seed=31, n_secrets=6, env=env, assets=True))
            name = "history-bigpack"
            inputs[name] = info
            titles[name] = (f"{name}: synthetic history of {info['commits']} commits with committed images "
                            f"and JS bundles, pack {info['pack_kib'] / 1024:.0f} MiB "
                            f"({info['secrets']} fake secrets planted)")
            print(f"[bench] {titles[name]}; timing", flush=True)
            cases[name] = history_cmds(repo, tools, env, floor=True)
            run_case(name, cases[name], env, cfg, logdir)
    finally:
        if not a.keep and not a.workdir:
            shutil.rmtree(work, ignore_errors=True)

    # ---- report ---------------------------------------------------------
    tg = targets(cases, hist_name, mem) if hist_name else []
    tg += history_targets(cases, {name: t for name, _, _, t in REAL})
    for p in UNAVAILABLE:
        a.note.append(f"{p}: not available from the reachable registries (crates.io, PyPI, npm, Debian); "
                      "its columns are N/A")
    md = ["# keepmum benchmark results", "",
          f"- mode: {'quick' if cfg.quick else 'full'}; generated {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}; "
          f"wall time {time.time() - t_start:.0f}s",
          f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}; "
          f"load average at end {os.getloadavg()[0]:.2f}",
          "- tools: " + "; ".join(f"{k} `{v}`" for k, v in versions.items()),
          "- median of N whole-process runs (fresh process each; stdout/stderr to /dev/null); "
          "commands of a case run round-robin; max RSS = peak resident set of the command "
          "(incl. children it waits for, e.g. git under gitleaks) from GNU time %M"
          + ("" if GNU_TIME else " -- /usr/bin/time missing, RSS not measured"),
          "- ratio = that command's median / keepmum's median (> 1 means keepmum is faster)",
          ]
    for n in a.note:
        md.append(f"- {n}")
    for name, cmds in cases.items():
        for c in cmds:
            if c.role in ("self", "peer") and c.rc == 0 and not c.error:
                md.append(f"- WARNING: {c.tool} exited 0 (no findings) on {name}, where fake secrets are "
                          f"planted: check that it really scanned the input")
    md += ["", "## Targets", "", "| target | result | detail |", "|---|---|---|"]
    md += [f"| {t} | **{v}** | {d} |" for t, v, d in tg]
    md += ["", "## Cases", ""]
    for name, cmds in cases.items():
        md += case_table(titles[name], cmds)
    md += ["## Memory (max RSS, MiB)", "",
           "| command | " + " | ".join(cases) + " |",
           "|---|" + "---:|" * len(cases)]
    tools_seen = []
    for cmds in cases.values():
        for c in cmds:
            if c.tool not in tools_seen:
                tools_seen.append(c.tool)
    for t in tools_seen:
        cells = []
        for cmds in cases.values():
            c = get(cmds, t)
            cells.append(fmt_mib(c.max_rss_mib) if c and c.times else "-")
        md.append(f"| {t} | " + " | ".join(cells) + " |")
    md.append("")
    text = "\n".join(md)
    (out_dir / "results.md").write_text(text)
    raw = {
        "mode": "quick" if cfg.quick else "full", "versions": versions, "inputs": inputs, "memory": mem,
        "targets": [{"target": t, "result": v, "detail": d} for t, v, d in tg],
        "cases": {name: [{"tool": c.tool, "label": c.label, "argv0": os.path.basename(c.argv[0]),
                          "times_ms": [x * 1e3 for x in c.times], "rss_kib": c.rss_kib, "exit": c.rc,
                          "error": c.error} for c in cmds] for name, cmds in cases.items()},
    }
    (out_dir / "results.json").write_text(json.dumps(raw, indent=1))
    print("\n" + text)
    print(f"[bench] wrote {out_dir / 'results.md'} and {out_dir / 'results.json'}")
    if a.strict and any(v == "FAIL" for _, v, _ in tg):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
