#!/usr/bin/env python3
"""Hostile-input benchmark: crafted inputs against benign inputs of the same size.

    scripts/bench/hostile.py [--bin PATH] [--size MB] [--runs N] [--max-ratio R] [--cases a,b]

Each case writes two files of the same size and runs `keepmum scan --no-git FILE` on
both, round-robin, so background load hits both alike. The crafted file differs from the
benign one only in the shape an attacker controls (one long line instead of many short
ones, ...). A step that is linear in its input keeps the ratio crafted / benign near 1; a
quadratic one makes it grow with the size (the first case took 44 s against 0.1 s at 2 MB
before the comment check became linear). Exit 1 when a ratio is over --max-ratio.

A crafted run that takes longer than --timeout seconds is killed and counts as over.
"""

import argparse
import os
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def rand(rng: random.Random, n: int) -> str:
    """Random letters and digits, drawn at run time (no credential-shaped literal here)."""
    alphabet = string.ascii_letters + string.digits
    s = "".join(rng.choice(alphabet) for _ in range(n))
    return s[:-1] + rng.choice(string.digits)


def wrap(text: str, sep: str, width: int) -> str:
    """`text` with the separator after every ~`width` bytes turned into a newline."""
    out, col = [], 0
    for piece in text.split(sep):
        piece += sep
        if col + len(piece) > width and col > 0:
            out[-1] = out[-1][:-1] + "\n"
            col = 0
        out.append(piece)
        col += len(piece)
    joined = "".join(out)
    return joined[: len(text)]


def case_long_line(size: int, rng: random.Random):
    parts, n, i = [], 0, 0
    while n < size:
        p = f"secret{i % 10}=value{i % 10},"
        parts.append(p)
        n += len(p)
        i += 1
    s = "".join(parts)
    return "app.js", s, wrap(s, ",", 80)


def case_findings_one_line(size: int, rng: random.Random):
    parts, n = [], 0
    while n < size:
        p = f'DB_PASSWORD = "{rand(rng, 20)}"; '
        parts.append(p)
        n += len(p)
    s = "".join(parts)
    return "settings.py", s, wrap(s, ";", 40)


def case_debug_one_line(size: int, rng: random.Random):
    on = "True"  # assembled, so this script holds no debug setting itself
    s = f"app.run(debug={on}); " * (size // 21)
    return "app.py", s, wrap(s, ";", 40)


def case_notebook_line(size: int, rng: random.Random):
    parts, n = ['{"cells": [{"source": ["'], 0
    while n < size:
        p = f'api_key = \\"{rand(rng, 24)}\\"; '
        parts.append(p)
        n += len(p)
    s = "".join(parts) + '"]}]}\n'
    return "nb.ipynb", s, wrap(s, ";", 60)


CASES = {
    "long-line-assignments": case_long_line,
    "findings-on-one-line": case_findings_one_line,
    "debug-on-one-line": case_debug_one_line,
    "notebook-long-line": case_notebook_line,
}


def run(bin_: str, path: str, timeout: float) -> float | None:
    t = time.perf_counter()
    try:
        p = subprocess.run([bin_, "scan", "--no-git", path], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if p.returncode not in (0, 1):
        raise SystemExit(f"keepmum exited {p.returncode} on {path}")
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "keepmum"))
    ap.add_argument("--size", type=float, default=2.0, help="input size in MB (default 2)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--max-ratio", type=float, default=5.0)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--cases", default=",".join(CASES))
    a = ap.parse_args()
    size = int(a.size * 1_000_000)
    worst = 0.0
    print(f"keepmum: {a.bin}; {a.size} MB inputs; median of {a.runs} runs, round-robin")
    print(f"| case | benign (ms) | crafted (ms) | crafted / benign |")
    print(f"|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for name in a.cases.split(","):
            rng = random.Random(name)
            fname, crafted, benign = CASES[name](size, rng)
            assert len(crafted) == len(benign), name
            paths = {}
            for kind, text in (("crafted", crafted), ("benign", benign)):
                d = os.path.join(tmp, name, kind)
                os.makedirs(d)
                paths[kind] = os.path.join(d, fname)
                with open(paths[kind], "w") as f:
                    f.write(text)
            times = {"crafted": [], "benign": []}
            over = None
            for _ in range(a.runs):
                for kind in ("benign", "crafted"):
                    t = run(a.bin, paths[kind], a.timeout)
                    if t is None:
                        over = kind
                        break
                    times[kind].append(t)
                if over:
                    break
            if over:
                killed = f"> {a.timeout * 1000:.0f} (killed)"
                if over == "benign":
                    # Both shapes are slow: a step super-linear in the number of findings.
                    print(f"| {name} | {killed} | not run | - |")
                else:
                    b = statistics.median(times["benign"])
                    print(f"| {name} | {b * 1000:.0f} | {killed} | > {a.timeout / b:.0f} |")
                worst = float("inf")
                continue
            b = statistics.median(times["benign"])
            c = statistics.median(times["crafted"])
            r = c / b
            worst = max(worst, r)
            print(f"| {name} | {b * 1000:.0f} | {c * 1000:.0f} | {r:.2f} |")
    if worst > a.max_ratio:
        print(f"FAIL: a crafted input took {worst:.1f}x its benign twin (limit {a.max_ratio})")
        return 1
    print(f"PASS: every crafted input within {a.max_ratio}x its benign twin")
    return 0


if __name__ == "__main__":
    sys.exit(main())
