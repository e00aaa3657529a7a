"""One evidence archive from the per-node staging folders: a zip with a manifest.

`manifest.json` lists every source of every node: node, source kind, path on the node, the
file in the archive, its size and sha256 (of the stored, redacted text), or why it is missing.
"""

from __future__ import annotations

import hashlib
import json
import ntpath
import re
import shutil
import zipfile
from pathlib import Path, PureWindowsPath
from typing import Any

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
# Archive members are extracted on Windows too: a name is at most this long (a member's full
# path must stay well under MAX_PATH, 260) and never a device name such as CON or LPT1.
MAX_MEMBER_NAME = 100
_MEMBER_CHARS = re.compile(r"[^A-Za-z0-9._-]")


def _reserved_on_windows(name: str) -> bool:
    """CON, PRN, AUX, NUL, COM1-9, LPT1-9 (also with an extension): the standard library's
    list (ntpath.isreserved from Python 3.13, PureWindowsPath.is_reserved before)."""
    isreserved = getattr(ntpath, "isreserved", None)
    if isreserved is not None:
        return bool(isreserved(name))
    return PureWindowsPath(name).is_reserved()


def member_name(reported: str, taken: set[str]) -> str:
    """A safe, unique file name for a file a node reported, whatever it reported (`..`, `.`,
    300 bytes, `CON`, `a?b` next to `a*b`). `taken` holds the names already used in the same
    folder (compared case-insensitively, as Windows and macOS do) and is updated."""
    base = re.split(r"[\\/]", reported)[-1]
    name = _MEMBER_CHARS.sub("-", base).strip(". -") or "unnamed"
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 16:
        stem, dot, suffix = name, "", ""
    if _reserved_on_windows(name):
        stem = f"_{stem}"
    stem = stem[: MAX_MEMBER_NAME - len(dot + suffix) - 4]
    candidate, counter = f"{stem}{dot}{suffix}", 1
    while candidate.lower() in taken:
        counter += 1
        candidate = f"{stem}-{counter}{dot}{suffix}"
    taken.add(candidate.lower())
    return candidate


def manifest_entries(staging: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for node_dir in sorted(p for p in staging.iterdir() if p.is_dir()):
        sources_file = node_dir / "sources.json"
        if not sources_file.is_file():
            continue  # this node's collection did not finish
        for source in json.loads(sources_file.read_text()):
            entry = {"node": node_dir.name, **source, "size": None, "sha256": None}
            if source.get("file"):
                data = (staging / source["file"]).read_bytes()
                entry["size"] = len(data)
                entry["sha256"] = hashlib.sha256(data).hexdigest()
            entries.append(entry)
    return entries


def write_archive(
    staging: Path, archive: Path, *, cluster: str, created: str, keep_staging: bool = False
) -> dict[str, Any]:
    """Zip the staged files with their manifest. The staging folder is removed afterwards,
    unless kept for a resumed run (it records which debug channels that run must restore)."""
    entries = manifest_entries(staging)
    manifest = {
        "format_version": MANIFEST_VERSION,
        "cluster": cluster,
        "created": created,
        "redacted": True,
        "files": entries,
    }
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(MANIFEST, json.dumps(manifest, indent=1))
        for entry in entries:
            if entry["file"]:
                bundle.write(staging / entry["file"], entry["file"])
    if not keep_staging:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest
