#!/usr/bin/env python3
"""Packs the keepmum binary of a wheel as a release archive, with its SHA-256.

    package_binary.py WHEEL TARGET OUTDIR

takes `keepmum` (`keepmum.exe`) out of WHEEL (maturin's `bindings = "bin"` wheel carries it
as `keepmum-VERSION.data/scripts/keepmum`) and writes, in OUTDIR:

    keepmum-TARGET-vVERSION.tgz   (.zip for Windows targets)
        keepmum-TARGET-vVERSION/keepmum[.exe], README.md
    keepmum-TARGET-vVERSION.tgz.sha256   ("HEX  NAME", as sha256sum prints it)

These are the names `cargo binstall keepmum` looks for (Cargo.toml
[package.metadata.binstall]) and the ones the GitHub Action downloads
(scripts/action/install.sh). The release binaries are the wheels' own, so the wheel and the
archive of a target never differ. Standard library only: it runs on every runner.
"""

import hashlib
import io
import os
import re
import sys
import tarfile
import zipfile

README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")
# A fixed timestamp: the same binary gives the same archive.
MTIME = 315532800


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    wheel, target, outdir = argv[1], argv[2], argv[3]
    match = re.match(r"keepmum-([^-]+)-", os.path.basename(wheel))
    if not match:
        sys.stderr.write("not a keepmum wheel: %s\n" % wheel)
        return 2
    version = match.group(1)
    windows = "windows" in target
    exe = "keepmum.exe" if windows else "keepmum"
    with zipfile.ZipFile(wheel) as z:
        member = "keepmum-%s.data/scripts/%s" % (version, exe)
        try:
            binary = z.read(member)
        except KeyError:
            sys.stderr.write("%s has no %s\n" % (wheel, member))
            return 2
    with open(README, "rb") as f:
        readme = f.read()
    stem = "keepmum-%s-v%s" % (target, version)
    files = [(stem + "/" + exe, binary, 0o755), (stem + "/README.md", readme, 0o644)]
    os.makedirs(outdir, exist_ok=True)
    name = stem + (".zip" if windows else ".tgz")
    path = os.path.join(outdir, name)
    if windows:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for arcname, data, mode in files:
                info = zipfile.ZipInfo(arcname, date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = mode << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data)
    else:
        with tarfile.open(path, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as t:
            for arcname, data, mode in files:
                info = tarfile.TarInfo(arcname)
                info.size = len(data)
                info.mode = mode
                info.mtime = MTIME
                t.addfile(info, io.BytesIO(data))
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    with open(path + ".sha256", "w", encoding="ascii", newline="\n") as f:
        f.write("%s  %s\n" % (digest, name))
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
