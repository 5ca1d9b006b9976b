#!/usr/bin/env python3
"""Real-project histories for the history benchmark, built offline from released sources.

There is no git remote to clone here, so the history of a real project is rebuilt from its
released source distributions on PyPI: every release becomes a tagged commit whose tree is
exactly that sdist, and the changes between two releases are spread over many small commits
the way developers make them (a few hunks of one to three files at a time, new files added,
old ones deleted, moved files as renames, some work on feature branches merged back). The
file contents, sizes, languages and their evolution are the project's own; only the split of
each release's changes into commits is made up (seeded, so every build is byte-identical).

    real_history.py download PROJECT [--cache DIR] [--pip PIP]
    real_history.py build PROJECT DIR [--cache DIR] [--commits N] [--seed S] [--full-repack]

PROJECT is a PyPI name (flask, sentry-sdk, ...). `download` fetches every released sdist with
the ordinary `pip download` client (into target/bench/cache/sdist/PROJECT by default; files
already there are kept). `build` writes a repository in DIR through one `git fast-import`
stream, then repacks it and writes a commit-graph like a maintained clone. --commits is the
approximate number of commits to aim for (the release-to-release changes are split finer or
coarser to get there).

By default the repack keeps `git fast-import`'s deltas (`git repack -ad`, no `-f`): each blob
is a delta against the blob written before it, whatever its file, mostly literal bytes (the
sentry-sdk history packs into 101 MiB). --full-repack computes every delta anew (`git repack
-adf`, git's default window and depth), as a clone of a maintained repository gets them (the
same history: 11 MiB, chains of a file's versions, newest whole). The README's history figures
are on the default pack unless they say "repacked".

A few fake secrets (well-known prefixes plus random bodies, never issued by anyone) are planted
in added files, on main and on feature branches, so every scanner has something to find and
the attribution of a finding to the commit that added it is exercised.
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import random
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import gen_inputs  # noqa: E402

DEFAULT_CACHE = ROOT / "target" / "bench" / "cache" / "sdist"


# --------------------------------------------------------------------------
# download
# --------------------------------------------------------------------------

def versions(pip: list[str], project: str) -> list[str]:
    """Every released version, oldest first (pip lists them newest first)."""
    r = subprocess.run([*pip, "index", "versions", project], capture_output=True, text=True, check=True)
    for line in r.stdout.splitlines():
        if line.startswith("Available versions:"):
            vs = [v.strip() for v in line.split(":", 1)[1].split(",") if v.strip()]
            return list(reversed(vs))
    raise SystemExit(f"pip index versions {project}: no version list in its output")


def downloaded(cache: Path) -> dict[str, Path]:
    """version -> sdist file in the cache."""
    out = {}
    for f in cache.iterdir():
        m = re.match(r"^(.+?)-(\d[^-]*?)(\.tar\.gz|\.zip|\.tar\.bz2)$", f.name)
        if m:
            out[m.group(2)] = f
    return out


def download(project: str, cache: Path, pip: list[str]) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    have = downloaded(cache)
    vs = versions(pip, project)
    missing = [v for v in vs if v not in have and not (cache / f".failed-{v}").exists()]
    print(f"[real] {project}: {len(vs)} releases, {len(vs) - len(missing)} cached", flush=True)
    for v in missing:
        # --no-build-isolation: pip prepares each sdist's metadata with the build tools already
        # in the venv instead of installing them afresh for every release (15 s each).
        r = subprocess.run([*pip, "download", "--no-deps", "--no-binary", ":all:", "--no-build-isolation",
                            "-q", "-d", str(cache), f"{project}=={v}"], capture_output=True, text=True)
        if r.returncode != 0:
            r = subprocess.run([*pip, "download", "--no-deps", "--no-binary", ":all:",
                                "-q", "-d", str(cache), f"{project}=={v}"], capture_output=True, text=True)
        if r.returncode != 0:
            # No sdist for this release (or one pip cannot prepare): the history skips it.
            (cache / f".failed-{v}").write_text(r.stderr[-2000:])
            print(f"[real] {project}=={v}: no usable sdist, skipped", flush=True)


# --------------------------------------------------------------------------
# releases as trees
# --------------------------------------------------------------------------

def vkey(v: str) -> tuple:
    """A sort key for release versions (numeric parts numerically; pre-releases first)."""
    parts = re.split(r"[.\-]", v)
    key = []
    for p in parts:
        m = re.match(r"^(\d+)(.*)$", p)
        if m:
            key.append((int(m.group(1)), 1 if not m.group(2) else 0, m.group(2)))
        else:
            key.append((-1, 0, p))
    return tuple(key)


def read_tree(f: Path) -> dict[str, bytes]:
    """The files of one sdist, without its top directory."""
    files: dict[str, bytes] = {}
    if f.name.endswith(".zip"):
        with zipfile.ZipFile(f) as z:
            for i in z.infolist():
                if i.is_dir():
                    continue
                files[i.filename] = z.read(i)
    else:
        with tarfile.open(f) as t:
            for m in t.getmembers():
                if not m.isfile():
                    continue
                data = t.extractfile(m)
                if data is not None:
                    files[m.name] = data.read()
    out = {}
    for name, data in files.items():
        parts = name.split("/", 1)
        if len(parts) == 2 and parts[1]:
            out[parts[1]] = data
    return out


def release_trees(cache: Path) -> list[tuple[str, dict[str, bytes]]]:
    have = downloaded(cache)
    return [(v, read_tree(have[v])) for v in sorted(have, key=vkey)]


# --------------------------------------------------------------------------
# history
# --------------------------------------------------------------------------

def split_lines(b: bytes) -> list[bytes]:
    return b.splitlines(keepends=True)


class FileEdit:
    """The change of one file between two releases, applied hunk by hunk."""

    def __init__(self, old: bytes, new: bytes):
        self.a = split_lines(old)
        self.b = split_lines(new)
        if b"\0" in old[:8000] or b"\0" in new[:8000] or len(self.a) * len(self.b) > 4e8:
            self.ops = [("replace", 0, len(self.a), 0, len(self.b))]
        else:
            sm = difflib.SequenceMatcher(None, self.a, self.b, autojunk=False)
            self.ops = [op for op in sm.get_opcodes() if op[0] != "equal"]
        self.done = 0

    @property
    def left(self) -> int:
        return len(self.ops) - self.done

    def apply(self, n: int) -> bytes:
        """Applies the next `n` hunks; returns the file as it then is."""
        self.done = min(len(self.ops), self.done + n)
        if self.done == 0:
            return b"".join(self.a)
        _, _, i2, _, j2 = self.ops[self.done - 1]
        return b"".join(self.b[:j2] + self.a[i2:])


def count_hunks(trees: list[tuple[str, dict[str, bytes]]]) -> int:
    total = 0
    for (_, a), (_, b) in zip(trees, trees[1:]):
        for p in b:
            if p in a and a[p] != b[p]:
                total += max(1, len(FileEdit(a[p], b[p]).ops))
            elif p not in a:
                total += 1
    return total


def build(project: str, repo: str, cache: Path, commits: int, seed: int, env: dict[str, str],
          full_repack: bool = False) -> dict:
    trees = release_trees(cache)
    if len(trees) < 2:
        raise SystemExit(f"{cache}: fewer than two sdists of {project}; run `download` first")
    rng = random.Random(seed)
    hunks = count_hunks(trees)
    # Hunks per file per commit, on average: the release diffs are cut to about `commits`.
    # (a commit touches 1.67 files on average, see below).
    per = max(1.0, hunks / max(1, commits - 2 * len(trees)) / 1.67)
    Path(repo).mkdir(parents=True, exist_ok=True)
    gen_inputs.git(["init", "-q", "-b", "main", "."], repo, env)

    out: list[bytes] = []
    emit = out.append
    mark = 0
    t = 1_300_000_000
    tips: dict[str, int] = {}
    made = 0
    planted = 0

    def commit(branch: str, changes: dict[str, bytes | None], msg: str, merge_from: int | None = None,
               parent: int | None = None) -> int:
        nonlocal mark, t, made
        mark += 1
        made += 1
        t += rng.randint(60, 20000)
        name, email = rng.choice(gen_inputs.AUTHORS)
        emit(b"commit refs/heads/%s\nmark :%d\n" % (branch.encode(), mark))
        ident = f"{name} <{email}> {t} +0000\n".encode()
        emit(b"author " + ident)
        emit(b"committer " + ident)
        m = msg.encode() + b"\n"
        emit(b"data %d\n%s\n" % (len(m), m))
        if parent is not None:
            emit(b"from :%d\n" % parent)
        elif branch in tips:
            emit(b"from :%d\n" % tips[branch])
        if merge_from is not None:
            emit(b"merge :%d\n" % merge_from)
        for path, data in sorted(changes.items()):
            qp = path.encode()
            if b"\n" in qp or b'"' in qp:
                continue
            if data is None:
                emit(b"D %s\n" % qp)
            else:
                emit(b"M 100644 inline %s\ndata %d\n" % (qp, len(data)))
                emit(data)
                emit(b"\n")
        emit(b"\n")
        tips[branch] = mark
        return mark

    def fake_file(kind: int) -> tuple[str, bytes]:
        lang = ["py", "env", "yaml", "js"][kind % 4]
        line = gen_inputs.fake_secret_line(rng, kind, lang)
        path = {"py": "tests/fixtures/creds_%d.py", "env": "deploy/.env.%d", "yaml": "ci/deploy_%d.yml",
                "js": "scripts/upload_%d.js"}[lang] % kind
        return path, (f"# fixture {kind}\n{line}\n").encode()

    tag_lines: list[bytes] = []
    v0, tree0 = trees[0]
    commit("main", dict(tree0), f"Release {v0}")
    tag_lines.append(b"reset refs/tags/%s\nfrom :%d\n\n" % (v0.encode(), mark))
    n_features = 0
    secret_every = max(1, len(trees) // 6)
    for k, ((_, a), (vb, b)) in enumerate(zip(trees, trees[1:])):
        deleted = sorted(p for p in a if p not in b)
        added = sorted(p for p in b if p not in a)
        # Moved files: a deleted and an added path with the same name, moved in one commit.
        by_name: dict[str, list[str]] = {}
        for p in added:
            by_name.setdefault(p.rsplit("/", 1)[-1], []).append(p)
        moves = {}
        for p in deleted:
            cands = by_name.get(p.rsplit("/", 1)[-1], [])
            if len(cands) == 1:
                moves[p] = cands.pop()
        edits: dict[str, FileEdit] = {}
        for p in sorted(b):
            if p in a and a[p] != b[p]:
                edits[p] = FileEdit(a[p], b[p])
        for old, new in moves.items():
            if a[old] != b[new]:
                edits[new] = FileEdit(a[old], b[new])
        if moves:
            ch: dict[str, bytes | None] = {}
            for old, new in moves.items():
                ch[old] = None
                ch[new] = a[old]
            commit("main", ch, f"Move {len(moves)} files")
        plain_added = [p for p in added if p not in moves.values()]
        plain_deleted = [p for p in deleted if p not in moves]
        # Some intervals do part of their work on a feature branch, merged back at the end.
        feature = None
        branch_files: set[str] = set()
        if len(edits) >= 4 and rng.random() < 0.35:
            n_features += 1
            feature = f"feature/{gen_inputs.w(rng)}-{n_features}"
            tips[feature] = tips["main"]
            names = sorted(edits)
            branch_files = set(rng.sample(names, max(1, len(names) // 3)))
        pending_add = list(plain_added)
        rng.shuffle(pending_add)
        plant_here = k % secret_every == secret_every // 2
        plant_branch = plant_here and feature is not None and n_features % 2 == 1
        fake_path = None
        while True:
            live = [p for p in edits if edits[p].left > 0]
            if not live and not pending_add:
                break
            if feature is not None and rng.random() < 0.5 and any(p in branch_files for p in live):
                branch = feature
                pool = [p for p in live if p in branch_files]
            else:
                branch = "main"
                pool = [p for p in live if p not in branch_files]
                if not pool and not pending_add:
                    branch = feature or "main"
                    pool = [p for p in live if p in branch_files] or live
            ch = {}
            if pending_add and (not pool or rng.random() < 0.15) and branch == "main":
                for _ in range(rng.randint(1, 3)):
                    if pending_add:
                        p = pending_add.pop()
                        ch[p] = b[p]
            else:
                for p in rng.sample(pool, min(len(pool), rng.choice((1, 1, 1, 2, 2, 3)))):
                    n = max(1, int(rng.expovariate(1 / per) + 0.5))
                    ch[p] = edits[p].apply(n)
            if not ch:
                continue
            if plant_here and fake_path is None and (branch == feature) == plant_branch:
                fake_path, body = fake_file(planted)
                planted += 1
                ch[fake_path] = body
            verb = rng.choice(["Fix", "Add", "Update", "Refactor", "Tidy", "Document", "Test"])
            commit(branch, ch, f"{verb} {sorted(ch)[0].rsplit('/', 1)[-1]}")
        # Release: deletions, the fake file goes again, the branch is merged.
        ch = {p: None for p in plain_deleted}
        if fake_path and not plant_branch:
            ch[fake_path] = None
        if feature is not None:
            merge_tree = {p: b[p] for p in branch_files}
            if fake_path and plant_branch:
                merge_tree[fake_path] = None
            # The branch keeps the fake file; the merge takes the branch's side of every file
            # (equal to the release) and drops it.
            commit("main", merge_tree, f"Merge branch '{feature}'", merge_from=tips[feature])
            del tips[feature]
        if ch:
            commit("main", ch, f"Remove {len(ch)} files for {vb}")
        tag_lines.append(b"reset refs/tags/%s\nfrom :%d\n\n" % (vb.encode(), tips["main"]))
    stream = b"".join(out) + b"".join(tag_lines) + b"done\n"
    subprocess.run(["git", "fast-import", "--quiet", "--done"], input=stream, cwd=repo, env=env, check=True)
    if full_repack:
        gen_inputs.repack(repo, env, ["--no-reuse-delta", "--delta-base-offset"])
    else:
        gen_inputs.repack(repo, env, ["--window=10", "--delta-base-offset"])
    gen_inputs.git(["commit-graph", "write", "--reachable"], repo, env, capture_output=True)
    gen_inputs.git(["reset", "-q", "--hard", "main"], repo, env)
    # Sanity: the last commit's tree is the last release.
    count = int(gen_inputs.git(["rev-list", "--all", "--count"], repo, env, capture_output=True).stdout)
    co = gen_inputs.git(["count-objects", "-v"], repo, env, capture_output=True).stdout.decode()
    pack_kib = int(dict(l.split(": ", 1) for l in co.splitlines() if ": " in l).get("size-pack", 0))
    return {"repo": repo, "project": project, "releases": len(trees), "commits": count,
            "secrets": planted, "pack_kib": pack_kib, "hunks": hunks, "stream_bytes": len(stream)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("download")
    d.add_argument("project")
    d.add_argument("--cache", default=None)
    d.add_argument("--pip", default=None, help="pip to use (default: this python's)")
    b = sub.add_parser("build")
    b.add_argument("project")
    b.add_argument("dir")
    b.add_argument("--cache", default=None)
    b.add_argument("--commits", type=int, default=10000)
    b.add_argument("--seed", type=int, default=7)
    b.add_argument("--home", default=None)
    b.add_argument("--full-repack", action="store_true",
                   help="repack with `git repack -adf` (deltas computed anew, as a clone gets them)")
    a = ap.parse_args()
    cache = Path(a.cache) if a.cache else DEFAULT_CACHE / a.project
    if a.cmd == "download":
        pip = [a.pip] if a.pip else [sys.executable, "-m", "pip"]
        download(a.project, cache, [*pip, "--disable-pip-version-check"])
        return 0
    home = a.home or os.path.join(os.path.abspath(a.dir) + ".home")
    gen_inputs.make_home(home)
    env = gen_inputs.clean_env(home)
    print(build(a.project, a.dir, cache, a.commits, a.seed, env, full_repack=a.full_repack))
    return 0


if __name__ == "__main__":
    sys.exit(main())
