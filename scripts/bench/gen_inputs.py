#!/usr/bin/env python3
"""Deterministic benchmark inputs for keepmum (stdlib only).

Builds, inside a scratch directory:

* staged repositories: a base commit of realistic project files plus N staged
  files (a mix of modified tracked files and new files), like a developer's
  index just before ``git commit``;
* synthetic histories of many small commits, written as one ``git fast-import``
  stream (feature branches merged back, a few file additions/deletions).

A handful of *fake* secrets are planted so every scanner has something to
report.  They are built at run time from a well-known prefix plus a random
body drawn from a seeded RNG: they have the shape of credentials but were never
issued by anyone.

Everything is seeded, so the same arguments give byte-identical inputs.

Usage (normally driven by bench.py):
    gen_inputs.py staged DIR --base N --staged N [--seed S] [--secrets N]
    gen_inputs.py history DIR --commits N [--seed S] [--secrets N]
"""

from __future__ import annotations

import argparse
import os
import random
import string
import subprocess
import sys
import zlib
from pathlib import Path

ALNUM = string.ascii_letters + string.digits
UPPER_NUM = string.ascii_uppercase + "234567"
B64 = string.ascii_letters + string.digits + "+/"
HEX = "0123456789abcdef"

AUTHORS = [
    ("Ada Park", "ada@example.com"),
    ("Bo Lindqvist", "bo@example.com"),
    ("Chidi Okafor", "chidi@example.com"),
    ("Dana Reyes", "dana@example.com"),
    ("Eun-ji Seo", "eunji@example.com"),
    ("Farid Haddad", "farid@example.com"),
    ("Grete Holm", "grete@example.com"),
    ("Hiro Tanaka", "hiro@example.com"),
]

WORDS = (
    "account order invoice user session payment cart product review report "
    "billing shipment customer profile token cache queue worker event audit "
    "metric search index upload export import notify schedule tenant region"
).split()


# --------------------------------------------------------------------------
# environment
# --------------------------------------------------------------------------

def clean_env(home: str) -> dict[str, str]:
    """Environment for git and the scanners: no inherited GIT_* variables,
    no system git config, HOME pointing at a scratch dir with an identity."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["HOME"] = home
    env["XDG_CONFIG_HOME"] = os.path.join(home, ".config")
    env["XDG_CACHE_HOME"] = os.path.join(home, ".cache")
    env["LC_ALL"] = "C"
    env["TZ"] = "UTC"
    env.pop("PAGER", None)
    env["GIT_PAGER"] = "cat"
    env["NO_COLOR"] = "1"
    env.pop("PRE_COMMIT_HOME", None)
    return env


def make_home(home: str) -> None:
    os.makedirs(home, exist_ok=True)
    with open(os.path.join(home, ".gitconfig"), "w") as f:
        f.write(
            "[user]\n\tname = Bench User\n\temail = bench@example.com\n"
            "[init]\n\tdefaultBranch = main\n"
            "[advice]\n\tdetachedHead = false\n"
            "[gc]\n\tauto = 0\n"
            "[core]\n\tpager = cat\n"
        )


def git(args: list[str], cwd: str, env: dict[str, str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, **kw)


def repack(repo: str, env: dict[str, str], opts: list[str]) -> None:
    """`git repack -a -d` with pack-objects options `opts` (`--no-reuse-delta` for `-f`),
    without `git repack`: its `pack-objects` child reads revisions from `/dev/null`, which on
    some machines is a regular file holding whatever was last written to it ("fatal: bad
    revision"). Every object reachable from refs, reflogs and the index goes into one new
    pack; the old packs and the loose copies go."""
    objects = git(["rev-list", "--objects", "--all", "--reflog", "--indexed-objects"], repo, env,
                  capture_output=True).stdout
    packs = os.path.join(repo, git(["rev-parse", "--git-path", "objects/pack"], repo, env,
                                   capture_output=True).stdout.decode().strip())
    old = os.listdir(packs)
    name = git(["pack-objects", "-q", *opts, os.path.join(packs, "pack")], repo, env,
               input=objects, capture_output=True).stdout.decode().strip()
    for f in old:
        if not f.startswith(f"pack-{name}"):
            os.remove(os.path.join(packs, f))
    git(["prune-packed", "-q"], repo, env, input=b"")


# --------------------------------------------------------------------------
# fake secrets (shape only; random bodies)
# --------------------------------------------------------------------------

def rs(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def github_token(rng: random.Random) -> str:
    """ghp_ + 30 random characters + their CRC-32 in 6 base62 characters (GitHub's format)."""
    body = rs(rng, ALNUM, 30)
    digits = string.digits + string.ascii_uppercase + string.ascii_lowercase
    n, check = zlib.crc32(body.encode()), ""
    for _ in range(6):
        n, d = divmod(n, 62)
        check = digits[d] + check
    return "ghp_" + body + check


def fake_secret_line(rng: random.Random, kind: int, lang: str) -> str:
    kind %= 7
    if kind == 0:
        name, val = "GITHUB_TOKEN", github_token(rng)
    elif kind == 1:
        name, val = "AWS_ACCESS_KEY_ID", "AKIA" + rs(rng, UPPER_NUM, 16)
    elif kind == 2:
        name, val = "AWS_SECRET_ACCESS_KEY", rs(rng, ALNUM + "/+", 40)
    elif kind == 3:
        name, val = "SLACK_BOT_TOKEN", "xoxb-%s-%s-%s" % (
            rs(rng, string.digits, 12), rs(rng, string.digits, 13), rs(rng, ALNUM, 24))
    elif kind == 4:
        name, val = "STRIPE_SECRET_KEY", "sk_live_" + rs(rng, ALNUM, 24)
    elif kind == 5:
        name, val = "GITLAB_TOKEN", "glpat-" + rs(rng, ALNUM + "-_", 20)
    else:
        name, val = "DATABASE_PASSWORD", rs(rng, ALNUM + "!#%", 22)
    if lang == "env":
        return f"{name}={val}"
    if lang == "yaml":
        return f"  {name.lower()}: \"{val}\""
    if lang == "json":
        return f"  \"{name.lower()}\": \"{val}\","
    if lang == "js":
        return f"const {name} = \"{val}\";"
    return f"{name} = \"{val}\""


def fake_private_key(rng: random.Random) -> str:
    body = [rs(rng, B64, 64) for _ in range(25)] + [rs(rng, B64, 40) + "=="]
    return "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(body) + "\n-----END RSA PRIVATE KEY-----\n"


# --------------------------------------------------------------------------
# realistic file templates
# --------------------------------------------------------------------------

def w(rng: random.Random) -> str:
    return rng.choice(WORDS)


def py_module(rng: random.Random, name: str) -> list[str]:
    a, b = w(rng), w(rng)
    lines = [
        f'"""{a.title()} {b} helpers for the {name} service."""',
        "",
        "from __future__ import annotations",
        "",
        "import logging",
        "from dataclasses import dataclass",
        "from typing import Iterable",
        "",
        "log = logging.getLogger(__name__)",
        "",
    ]
    for i in range(rng.randint(3, 8)):
        fn = f"{w(rng)}_{w(rng)}_{i}"
        lines += [
            "",
            f"def {fn}(items: Iterable[dict], limit: int = {rng.randint(5, 500)}) -> list[dict]:",
            f'    """Return at most ``limit`` {a} records matching the {b} filter."""',
            "    out = []",
            "    for item in items:",
            f"        if item.get(\"{w(rng)}\") and item.get(\"status\") != \"{w(rng)}\":",
            "            out.append(item)",
            "        if len(out) >= limit:",
            f"            log.debug(\"{fn}: limit %s reached\", limit)",
            "            break",
            "    return out",
        ]
    lines += [
        "",
        "",
        "@dataclass",
        f"class {a.title()}{b.title()}:",
        "    id: int",
        f"    {w(rng)}: str = \"\"",
        f"    {w(rng)}_count: int = 0",
        "",
        "    def label(self) -> str:",
        f"        return f\"{a}-{{self.id}}\"",
    ]
    return lines


def django_settings(rng: random.Random, name: str, debug: bool = False) -> list[str]:
    return [
        f'"""Django settings for {name} project."""',
        "",
        "import os",
        "from pathlib import Path",
        "",
        "BASE_DIR = Path(__file__).resolve().parent.parent",
        "",
        "SECRET_KEY = os.environ.get(\"DJANGO_SECRET_KEY\", \"\")",
        "",
        f"DEBUG = {'True' if debug else 'False'}",
        "",
        f"ALLOWED_HOSTS = [\"{name}.example.com\", \"localhost\"]",
        "",
        "INSTALLED_APPS = [",
        "    \"django.contrib.admin\",",
        "    \"django.contrib.auth\",",
        "    \"django.contrib.contenttypes\",",
        "    \"django.contrib.sessions\",",
        "    \"django.contrib.messages\",",
        "    \"django.contrib.staticfiles\",",
        f"    \"{name}.{w(rng)}\",",
        f"    \"{name}.{w(rng)}\",",
        "]",
        "",
        "MIDDLEWARE = [",
        "    \"django.middleware.security.SecurityMiddleware\",",
        "    \"django.contrib.sessions.middleware.SessionMiddleware\",",
        "    \"django.middleware.common.CommonMiddleware\",",
        "    \"django.middleware.csrf.CsrfViewMiddleware\",",
        "]",
        "",
        "DATABASES = {",
        "    \"default\": {",
        "        \"ENGINE\": \"django.db.backends.postgresql\",",
        f"        \"NAME\": \"{name}\",",
        "        \"USER\": os.environ.get(\"DB_USER\", \"app\"),",
        "        \"PASSWORD\": os.environ.get(\"DB_PASSWORD\"),",
        "        \"HOST\": os.environ.get(\"DB_HOST\", \"localhost\"),",
        "        \"PORT\": 5432,",
        "    }",
        "}",
        "",
        "SESSION_COOKIE_SECURE = True",
        "CSRF_COOKIE_SECURE = True",
        f"TIME_ZONE = \"UTC\"",
        "USE_TZ = True",
        "STATIC_URL = \"/static/\"",
    ]


def dotenv(rng: random.Random, name: str) -> list[str]:
    return [
        f"# local settings for {name}; real values live in the vault",
        f"APP_NAME={name}",
        "APP_ENV=development",
        f"APP_PORT={rng.randint(3000, 9000)}",
        "LOG_LEVEL=info",
        f"DATABASE_URL=postgres://app:${{DB_PASSWORD}}@localhost:5432/{name}",
        "REDIS_URL=redis://localhost:6379/0",
        f"FEATURE_{w(rng).upper()}=true",
        f"FEATURE_{w(rng).upper()}=false",
        "SENTRY_DSN=",
        "API_KEY=changeme",
    ]


def yaml_cfg(rng: random.Random, name: str) -> list[str]:
    svc = w(rng)
    lines = [
        "version: \"3.9\"",
        "services:",
        f"  {svc}:",
        f"    image: registry.example.com/{name}/{svc}:{rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}",
        "    restart: unless-stopped",
        "    environment:",
        f"      - APP_ENV=production",
        f"      - WORKERS={rng.randint(2, 16)}",
        "      - DB_PASSWORD=${DB_PASSWORD}",
        "    ports:",
        f"      - \"{rng.randint(8000, 8999)}:8000\"",
        "    depends_on:",
        "      - db",
        "  db:",
        "    image: postgres:16",
        "    volumes:",
        "      - pgdata:/var/lib/postgresql/data",
        "volumes:",
        "  pgdata: {}",
    ]
    for i in range(rng.randint(2, 10)):
        lines += [f"# {w(rng)} {w(rng)} {i}", f"x-{w(rng)}-{i}:", f"  enabled: {rng.choice(['true', 'false'])}",
                  f"  replicas: {rng.randint(1, 5)}"]
    return lines


def json_cfg(rng: random.Random, name: str) -> list[str]:
    deps = sorted({w(rng) + "-" + w(rng) for _ in range(rng.randint(4, 14))})
    lines = [
        "{",
        f"  \"name\": \"{name}\",",
        f"  \"version\": \"{rng.randint(0, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}\",",
        "  \"private\": true,",
        "  \"scripts\": {",
        "    \"build\": \"tsc -p .\",",
        "    \"test\": \"node --test\",",
        "    \"lint\": \"eslint src\"",
        "  },",
        "  \"dependencies\": {",
    ]
    for i, d in enumerate(deps):
        comma = "," if i + 1 < len(deps) else ""
        lines.append(f"    \"{d}\": \"^{rng.randint(1, 12)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}\"{comma}")
    lines += ["  },", f"  \"integrity\": \"sha512-{rs(rng, B64, 86)}==\"", "}"]
    return lines


def js_module(rng: random.Random, name: str) -> list[str]:
    a = w(rng)
    lines = [
        "'use strict';",
        "",
        "const express = require('express');",
        f"const {{ {a}Service }} = require('./services/{a}');",
        "",
        "const router = express.Router();",
        "",
    ]
    for i in range(rng.randint(3, 8)):
        route = w(rng)
        lines += [
            f"router.get('/{route}/:id', async (req, res, next) => {{",
            "  try {",
            f"    const item = await {a}Service.find{route.title()}(req.params.id, {{ limit: {rng.randint(1, 100)} }});",
            "    if (!item) return res.status(404).json({ error: 'not found' });",
            "    res.json(item);",
            "  } catch (err) {",
            "    next(err);",
            "  }",
            "});",
            "",
        ]
    lines.append("module.exports = router;")
    return lines


def markdown_doc(rng: random.Random, name: str) -> list[str]:
    lines = [f"# {name} {w(rng)} notes", ""]
    for i in range(rng.randint(4, 12)):
        lines += [f"## {w(rng).title()} {w(rng)}", "",
                  " ".join(w(rng) for _ in range(rng.randint(10, 30))) + ".", ""]
    return lines


KINDS = [
    ("py", py_module, "py"),
    ("settings.py", django_settings, "py"),
    (".env", dotenv, "env"),
    ("yaml", yaml_cfg, "yaml"),
    ("json", json_cfg, "json"),
    ("js", js_module, "js"),
    ("md", markdown_doc, "md"),
]
KIND_WEIGHTS = [30, 3, 3, 12, 10, 30, 6]


def new_file(rng: random.Random, idx: int, project: str) -> tuple[str, list[str], str]:
    """Return (path, lines, lang) for file number idx."""
    ext, fn, lang = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
    pkg = f"{w(rng)}_{idx % 37}"
    if ext == "settings.py":
        path = f"{project}/{pkg}/settings.py"
        lines = fn(rng, pkg, debug=rng.random() < 0.3)
    elif ext == ".env":
        path = f"deploy/{pkg}/.env"
        lines = fn(rng, pkg)
    elif ext == "yaml":
        path = f"deploy/{pkg}/{w(rng)}-{idx}.yaml"
        lines = fn(rng, pkg)
    elif ext == "json":
        path = f"web/{pkg}/config-{idx}.json"
        lines = fn(rng, pkg)
    elif ext == "js":
        path = f"web/{pkg}/routes/{w(rng)}_{idx}.js"
        lines = fn(rng, pkg)
    elif ext == "md":
        path = f"docs/{w(rng)}_{idx}.md"
        lines = fn(rng, pkg)
    else:
        path = f"{project}/{pkg}/{w(rng)}_{idx}.py"
        lines = fn(rng, pkg)
    return path, lines, lang


def mutate(rng: random.Random, lines: list[str], lang: str) -> list[str]:
    """A small, plausible edit: change, insert or delete a few lines.
    Always returns content different from the input."""
    while True:
        out = _mutate(rng, lines, lang)
        if out != lines:
            return out


def _mutate(rng: random.Random, lines: list[str], lang: str) -> list[str]:
    lines = list(lines)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        pos = rng.randrange(len(lines) + 1)
        if op < 0.45 and lines:
            pos = min(pos, len(lines) - 1)
            lines[pos] = edited_line(rng, lines[pos], lang)
        elif op < 0.85 or len(lines) < 20:
            lines[pos:pos] = [new_line(rng, lang) for _ in range(rng.randint(1, 5))]
        else:
            del lines[pos:pos + rng.randint(1, 3)]
    if len(lines) > 400:
        start = rng.randrange(len(lines) - 60)
        del lines[start:start + 60]
    return lines


def new_line(rng: random.Random, lang: str) -> str:
    a, b = w(rng), w(rng)
    if lang == "py":
        return rng.choice([
            f"    {a}_{b} = {rng.randint(0, 9999)}",
            f"    log.info(\"{a} {b} updated: %s\", {a})",
            f"# TODO({rng.choice(AUTHORS)[0].split()[0].lower()}): handle {a} {b}",
            f"{a.upper()}_{b.upper()}_TIMEOUT = {rng.randint(1, 120)}",
        ])
    if lang == "js":
        return rng.choice([
            f"  const {a}{b.title()} = await {a}Service.get('{b}');",
            f"// {a} {b}: keep in sync with the API",
            f"const {a.upper()}_{b.upper()}_LIMIT = {rng.randint(1, 1000)};",
        ])
    if lang == "yaml":
        return f"# {a} {b}" if rng.random() < 0.3 else f"x-{a}-{b}: {rng.randint(0, 99)}"
    if lang == "json":
        return f"  \"_{a}_{b}\": {rng.randint(0, 999)},"
    if lang == "env":
        return f"{a.upper()}_{b.upper()}={rng.randint(0, 99)}"
    return " ".join(w(rng) for _ in range(rng.randint(6, 18))) + "."


def edited_line(rng: random.Random, line: str, lang: str) -> str:
    digits = [i for i, c in enumerate(line) if c.isdigit()]
    if digits:
        i = rng.choice(digits)
        return line[:i] + str(rng.randint(0, 9)) + line[i + 1:]
    return line + (f"  # {w(rng)}" if lang == "py" else "")


# --------------------------------------------------------------------------
# staged repositories
# --------------------------------------------------------------------------

def gen_staged(repo: str, n_base: int, n_staged: int, seed: int, n_secrets: int,
               env: dict[str, str], precommit_config: bool = False) -> dict:
    rng = random.Random(seed)
    root = Path(repo)
    root.mkdir(parents=True, exist_ok=True)
    git(["init", "-q", "-b", "main", "."], repo, env)
    files: dict[str, tuple[list[str], str]] = {}
    idx = 0
    while len(files) < n_base:
        path, lines, lang = new_file(rng, idx, "app")
        idx += 1
        files.setdefault(path, (lines, lang))
    for path, (lines, _) in files.items():
        write(root / path, lines)
    if precommit_config:
        # A no-op local hook: measures the pre-commit framework's own overhead.
        write(root / ".pre-commit-config.yaml", [
            "repos:",
            "  - repo: local",
            "    hooks:",
            "      - id: noop",
            "        name: noop",
            "        entry: \"true\"",
            "        language: system",
        ])
    git(["add", "-A"], repo, env)
    git(["commit", "-q", "-m", "initial import"], repo, env)

    # Stage: half modifications of tracked files, half new files.
    n_mod = min(n_staged // 2, len(files))
    mod_paths = rng.sample(sorted(files), n_mod)
    staged: list[str] = []
    for path in mod_paths:
        lines, lang = files[path]
        write(root / path, mutate(rng, lines, lang))
        staged.append(path)
    while len(staged) < n_staged:
        path, lines, lang = new_file(rng, idx, "app")
        idx += 1
        if path in files or (root / path).exists():
            continue
        files[path] = (lines, lang)
        write(root / path, lines)
        staged.append(path)

    # Plant fake secrets in staged files (appended lines, or a key file).
    planted = 0
    for i in range(n_secrets):
        if i % 5 == 4:
            p = f"deploy/keys/id_rsa_{i}"
            write_text(root / p, fake_private_key(rng))
            staged.append(p)
        else:
            p = staged[rng.randrange(len(staged))]
            lang = files.get(p, ([], "py"))[1]
            with open(root / p, "a") as f:
                f.write(fake_secret_line(rng, i, lang) + "\n")
        planted += 1
    git(["add", "-A"], repo, env)
    names = git(["diff", "--cached", "--name-only", "-z"], repo, env,
                capture_output=True).stdout.decode().split("\0")
    names = [n for n in names if n]
    return {"repo": repo, "staged_files": len(names), "secrets": planted}


def write(path: Path, lines: list[str]) -> None:
    write_text(path, "\n".join(lines) + "\n")


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


# --------------------------------------------------------------------------
# synthetic history via git fast-import
# --------------------------------------------------------------------------

def asset_png(rng: random.Random) -> bytes:
    """A binary image-like asset (PNG signature and header, then incompressible bytes)."""
    body = rng.randbytes(rng.randint(60_000, 600_000))
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + body


BUNDLE_WORDS = None


def asset_bundle(rng: random.Random, n_lines: int = 4000) -> bytes:
    """A committed build artifact: a minified-style JS bundle whose identifiers the minifier
    renames on every build, so nearly every line changes and deltas do not help."""
    global BUNDLE_WORDS
    if BUNDLE_WORDS is None:
        t = random.Random(99)
        BUNDLE_WORDS = [[t.choice(WORDS) for _ in range(12)] for _ in range(n_lines)]
    names = {w: "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(1, 3))) for w in WORDS}
    out = []
    for i, ws in enumerate(BUNDLE_WORDS):
        a, b, c = names[ws[0]], names[ws[1]], names[ws[2]]
        out.append(f"function {a}{i}({b},{c}){{return {b}.{ws[3]}({c},{i % 97})||{names[ws[4]]}.{ws[5]}}}"
                   f";var {names[ws[6]]}{i}={c}&&{names[ws[7]]}[{i % 13}];")
    return ("\n".join(out) + "\n").encode()


def gen_history(repo: str, n_commits: int, seed: int, n_secrets: int,
                env: dict[str, str], n_files: int = 250, assets: bool = False) -> dict:
    """A synthetic history. With `assets`, about one commit in eight also adds or replaces a
    binary image (60-600 KB, incompressible) and one in forty rebuilds a committed JS bundle
    (about 400 KB, every identifier renamed), as repositories that commit build output and
    media do: their packs are several hundred MiB."""
    rng = random.Random(seed)
    Path(repo).mkdir(parents=True, exist_ok=True)
    git(["init", "-q", "-b", "main", "."], repo, env)

    out: list[bytes] = []
    emit = out.append

    def data(b: bytes) -> None:
        emit(b"data %d\n" % len(b))
        emit(b)
        emit(b"\n")

    state = {"main": {}}  # branch -> {path: (lines, lang)}
    tips: dict[str, int] = {}
    mark = 0
    t = 1_600_000_000
    idx = 0

    # Which commits carry a planted secret (and which later commit removes some).
    secret_at = {}
    if n_secrets:
        picks = sorted(rng.sample(range(n_commits // 10, n_commits), n_secrets))
        for k, c in enumerate(picks):
            secret_at[c] = k

    def commit(branch: str, changes: dict[str, list[str] | None], msg: str,
               merge_from: int | None = None) -> None:
        nonlocal mark, t
        mark += 1
        t += rng.randint(60, 7200)
        name, email = rng.choice(AUTHORS)
        emit(b"commit refs/heads/%s\nmark :%d\n" % (branch.encode(), mark))
        ident = f"{name} <{email}> {t} +0000\n".encode()
        emit(b"author " + ident)
        emit(b"committer " + ident)
        data(msg.encode() + b"\n")
        if branch in tips:
            emit(b"from :%d\n" % tips[branch])
        if merge_from is not None:
            emit(b"merge :%d\n" % merge_from)
        for path, lines in changes.items():
            if lines is None:
                emit(b"D %s\n" % path.encode())
            elif isinstance(lines, bytes):
                emit(b"M 100644 inline %s\n" % path.encode())
                data(lines)
            else:
                emit(b"M 100644 inline %s\n" % path.encode())
                data(("\n".join(lines) + "\n").encode())
        emit(b"\n")
        tips[branch] = mark

    # initial import
    files = state["main"]
    while len(files) < n_files:
        path, lines, lang = new_file(rng, idx, "svc")
        idx += 1
        files.setdefault(path, (lines, lang))
    commit("main", {p: l for p, (l, _) in files.items()}, "Initial import")
    made = 1
    planted: list[str] = []
    feature: str | None = None
    feature_left = 0
    feature_touched: set[str] = set()
    n_features = 0

    while made < n_commits:
        # Every so often start a feature branch; merge it when done.
        if feature is None and rng.random() < 0.02 and n_commits - made > 30:
            n_features += 1
            feature = f"feature/{w(rng)}-{n_features}"
            tips[feature] = tips["main"]
            state[feature] = dict(state["main"])
            feature_left = rng.randint(3, 15)
            feature_touched = set()
        on_feature = feature is not None and rng.random() < 0.5
        branch = feature if on_feature else "main"
        files = state[branch]
        changes: dict[str, list[str] | None] = {}
        r = rng.random()
        if r < 0.04:  # add a file
            path, lines, lang = new_file(rng, idx, "svc")
            idx += 1
            if path not in files:
                files[path] = (lines, lang)
                changes[path] = lines
        elif r < 0.05 and len(files) > 50:  # delete a file
            path = rng.choice(sorted(files))
            del files[path]
            changes[path] = None
        else:
            for path in rng.sample(sorted(p for p in files if files[p][1] != "bin"), rng.randint(1, 3)):
                lines, lang = files[path]
                lines = mutate(rng, lines, lang)
                files[path] = (lines, lang)
                changes[path] = lines
        if made in secret_at and files:
            k = secret_at[made]
            path = rng.choice(sorted(p for p in files if not p.endswith(".md") and files[p][1] != "bin")
                              or sorted(files))
            lines, lang = files[path]
            if k % 4 == 3:
                kp = f"deploy/keys/id_rsa_{k}"
                klines = fake_private_key(rng).rstrip("\n").split("\n")
                files[kp] = (klines, "key")
                changes[kp] = klines
                planted.append(kp)
            else:
                lines = list(lines)
                lines.insert(rng.randrange(len(lines) + 1), fake_secret_line(rng, k, lang))
                files[path] = (lines, lang)
                changes[path] = lines
                planted.append(path)
        if assets and branch == "main":
            r = rng.random()
            if r < 0.125:
                pngs = sorted(p for p in files if p.endswith(".png"))
                if pngs and rng.random() < 0.4:
                    path = rng.choice(pngs)
                else:
                    path = f"static/img/{w(rng)}_{idx}.png"
                    idx += 1
                asset = asset_png(rng)
                files[path] = (asset, "bin")
                changes[path] = asset
            elif r < 0.15:
                asset = asset_bundle(rng)
                files["static/dist/app.min.js"] = (asset, "bin")
                changes["static/dist/app.min.js"] = asset
        if not changes:
            continue
        if branch != "main":
            feature_touched.update(changes)
        msg = f"{rng.choice(['Fix', 'Add', 'Update', 'Refactor', 'Tidy'])} {w(rng)} {w(rng)}"
        commit(branch, changes, msg)
        made += 1
        if feature is not None and branch == feature:
            feature_left -= 1
            if feature_left <= 0 and made < n_commits:
                # merge the feature into main, taking the feature's side
                main_files = state["main"]
                mchanges: dict[str, list[str] | None] = {}
                for p in sorted(feature_touched):
                    if p in state[feature]:
                        main_files[p] = state[feature][p]
                        mchanges[p] = state[feature][p][0]
                    elif p in main_files:
                        del main_files[p]
                        mchanges[p] = None
                commit("main", mchanges, f"Merge branch '{feature}'", merge_from=tips[feature])
                made += 1
                del state[feature]
                feature = None
    stream = b"".join(out)
    subprocess.run(["git", "fast-import", "--quiet", "--done"], input=stream + b"done\n",
                   cwd=repo, env=env, check=True)
    # Make it look like a normal, maintained clone: packed, with a commit-graph.
    repack(repo, env, ["--window=10", "--delta-base-offset"])
    git(["commit-graph", "write", "--reachable"], repo, env, capture_output=True)
    git(["reset", "-q", "--hard", "main"], repo, env)
    count = int(git(["rev-list", "--all", "--count"], repo, env, capture_output=True).stdout)
    co = git(["count-objects", "-v"], repo, env, capture_output=True).stdout.decode()
    pack_kib = int(dict(l.split(": ", 1) for l in co.splitlines() if ": " in l).get("size-pack", 0))
    return {"repo": repo, "commits": count, "secrets": len(planted), "stream_bytes": len(stream),
            "branches": len(tips), "pack_kib": pack_kib}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("staged")
    s.add_argument("dir")
    s.add_argument("--base", type=int, default=100)
    s.add_argument("--staged", type=int, default=20)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--secrets", type=int, default=2)
    s.add_argument("--home", default=None)
    h = sub.add_parser("history")
    h.add_argument("dir")
    h.add_argument("--commits", type=int, default=10000)
    h.add_argument("--seed", type=int, default=2)
    h.add_argument("--secrets", type=int, default=6)
    h.add_argument("--home", default=None)
    a = ap.parse_args()
    home = a.home or os.path.join(os.path.abspath(a.dir) + ".home")
    make_home(home)
    env = clean_env(home)
    if a.cmd == "staged":
        info = gen_staged(a.dir, a.base, a.staged, a.seed, a.secrets, env)
    else:
        info = gen_history(a.dir, a.commits, a.seed, a.secrets, env)
    print(info)
    return 0


if __name__ == "__main__":
    sys.exit(main())
