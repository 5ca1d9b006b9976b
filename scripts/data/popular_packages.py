#!/usr/bin/env python3
"""Builds keepmum's embedded popular-package lists (data/popular-pypi.txt, data/popular-npm.txt)
from download-ranked package lists, for the typosquatting check (rules/python.yaml,
`package-typosquat`).

Input: tab-separated files with a header line naming the columns.
  PyPI: a `name` column and a `rank...` column (1 = most downloaded; empty = unranked).
  npm:  a `name` column and a `downloads...` column (downloads a month; ranked here).
Output: one name per line, the top N in rank order (line N of the list is the N-th most
downloaded package), after `#` header lines that say where the data came from and its date (`keepmum rules
--explain package-typosquat` prints them). PyPI names are normalised as PEP 503 says
(lower case, runs of `-`, `_`, `.` become `-`); npm names are kept as published (lower case).

Usage:
  scripts/data/popular_packages.py --pypi PYPI.tsv --npm NPM.tsv [--top 15000]
                                   [--date YYYY-MM-DD] [--out data]
`--date` defaults to the modification date of each input file (the day its list was made).
"""

import argparse
import datetime
import os
import re
import sys


def normalise_pypi(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            yield header, line.rstrip("\n").split("\t")


def column(header, prefix):
    for i, h in enumerate(header):
        if h.lower().startswith(prefix):
            return i
    sys.exit(f"no column starting with {prefix!r} in header {header}")


def pypi_ranked(path):
    out = {}
    for header, row in read_tsv(path):
        ni, ri = column(header, "name"), column(header, "rank")
        if len(row) <= ri or not row[ri].strip():
            continue
        try:
            rank = int(row[ri])
        except ValueError:
            continue
        name = normalise_pypi(row[ni].strip())
        if name and (name not in out or rank < out[name]):
            out[name] = rank
    return sorted(out.items(), key=lambda kv: (kv[1], kv[0]))


def npm_ranked(path):
    counts = {}
    for header, row in read_tsv(path):
        ni, di = column(header, "name"), column(header, "downloads")
        if len(row) <= di:
            continue
        try:
            n = int(row[di])
        except ValueError:
            continue
        name = row[ni].strip()
        if name and n > counts.get(name, -1):
            counts[name] = n
    by_downloads = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(name, i + 1) for i, (name, _) in enumerate(by_downloads)]


def write(out_path, ranked, top, source, date, how):
    names = [name for name, _ in ranked if "\t" not in name and "\n" not in name][:top]
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# keepmum popular-package list: built by scripts/data/popular_packages.py\n")
        f.write(f"# source: {source} ({how})\n")
        f.write(f"# date: {date}\n")
        f.write(f"# count: {len(names)}\n")
        f.write("# format: one name per line, most downloaded first (line N = rank N)\n")
        for name in names:
            f.write(f"{name}\n")
    print(f"{out_path}: {len(names)} names, data of {date}")


def file_date(path):
    return datetime.date.fromtimestamp(os.path.getmtime(path)).isoformat()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pypi", required=True)
    ap.add_argument("--npm", required=True)
    ap.add_argument("--top", type=int, default=15000)
    ap.add_argument("--date")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "..", "data"))
    a = ap.parse_args()
    write(os.path.join(a.out, "popular-pypi.txt"), pypi_ranked(a.pypi), a.top,
          "PyPI download ranking", a.date or file_date(a.pypi),
          "rank among the most downloaded packages")
    write(os.path.join(a.out, "popular-npm.txt"), npm_ranked(a.npm), a.top,
          "npm registry download counts", a.date or file_date(a.npm),
          "ranked by downloads a month")


if __name__ == "__main__":
    main()
