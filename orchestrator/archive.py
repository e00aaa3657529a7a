"""One evidence archive from the per-node staging folders: a zip with a manifest.

`manifest.json` lists every source of every node: node, source kind, path on the node, the
file in the archive, its size and sha256 (of the stored, redacted text), or why it is missing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1


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
