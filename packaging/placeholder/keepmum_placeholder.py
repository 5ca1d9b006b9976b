"""PEP 517 build backend of the placeholder package at the repository root.

pre-commit's `language: python` hooks run `pip install .` in the hook's repository. The root
therefore holds this placeholder distribution, `keepmum-pre-commit`: it has no code, and its
one job is to require `keepmum==VERSION`, the wheel that ships the binary (built by maturin
from packaging/pypi/pyproject.toml). Building it needs only the standard library, so
`pip install .` fetches nothing but the keepmum wheel: from the index, or from a directory
named in PIP_FIND_LINKS (offline, with PIP_NO_INDEX=1).

VERSION must equal the crate's version in Cargo.toml (tests/packaging.rs checks it).
"""

import base64
import hashlib
import io
import os
import tarfile
import zipfile

VERSION = "0.1.0"
NAME = "keepmum-pre-commit"
_DIST = "keepmum_pre_commit"
_DIST_INFO = "{}-{}.dist-info".format(_DIST, VERSION)
_TAG = "py3-none-any"
# Fixed timestamps: the same sources give byte-identical archives.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_HERE = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(os.path.dirname(_HERE))


def _metadata():
    return (
        "Metadata-Version: 2.1\n"
        "Name: {name}\n"
        "Version: {version}\n"
        "Summary: pre-commit placeholder: installs the keepmum wheel of the same version\n"
        "License: MIT OR Apache-2.0\n"
        "Requires-Python: >=3.8\n"
        "Requires-Dist: keepmum=={version}\n"
    ).format(name=NAME, version=VERSION)


def _wheel_file():
    return (
        "Wheel-Version: 1.0\n"
        "Generator: keepmum_placeholder\n"
        "Root-Is-Purelib: true\n"
        "Tag: {}\n".format(_TAG)
    )


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "{},sha256={},{}\n".format(path, digest.decode("ascii"), len(data))


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    target = os.path.join(metadata_directory, _DIST_INFO)
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "METADATA"), "w", encoding="utf-8") as f:
        f.write(_metadata())
    with open(os.path.join(target, "WHEEL"), "w", encoding="utf-8") as f:
        f.write(_wheel_file())
    return _DIST_INFO


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name = "{}-{}-{}.whl".format(_DIST, VERSION, _TAG)
    files = [
        (_DIST_INFO + "/METADATA", _metadata().encode("utf-8")),
        (_DIST_INFO + "/WHEEL", _wheel_file().encode("utf-8")),
    ]
    record_path = _DIST_INFO + "/RECORD"
    record = "".join(_record_line(p, d) for p, d in files) + record_path + ",,\n"
    files.append((record_path, record.encode("utf-8")))
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in files:
            info = zipfile.ZipInfo(path, date_time=_ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return name


def build_sdist(sdist_directory, config_settings=None):
    base = "{}-{}".format(_DIST, VERSION)
    name = base + ".tar.gz"
    members = [
        ("PKG-INFO", _metadata().encode("utf-8")),
    ]
    for rel in ("pyproject.toml", "packaging/placeholder/keepmum_placeholder.py"):
        with open(os.path.join(_ROOT, rel), "rb") as f:
            members.append((rel, f.read()))
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as t:
        for rel, data in members:
            info = tarfile.TarInfo(base + "/" + rel)
            info.size = len(data)
            info.mode = 0o644
            info.mtime = 315532800
            t.addfile(info, io.BytesIO(data))
    return name
