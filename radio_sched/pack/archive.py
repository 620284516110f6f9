"""Sealing a pack: list the files in the manifest, sign it, write the zip atomically."""

from __future__ import annotations

import datetime as dt
import hashlib
import stat
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from radio_sched.atomic import atomic_open
from radio_sched.pack.manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    Manifest,
    PackFile,
    make_manifest,
)
from radio_sched.pack.sign import PackSignature, sign_manifest

# Already compressed: deflating them again costs time and saves nothing.
_STORED_SUFFIXES = (".mp3", ".docx", ".wav")
_FILE_MODE = (stat.S_IFREG | 0o644) << 16


@dataclass(frozen=True)
class Member:
    name: str
    role: str
    data: bytes
    duration_seconds: float | None = None

    def entry(self) -> PackFile:
        return PackFile(
            name=self.name,
            role=self.role,
            sha256=hashlib.sha256(self.data).hexdigest(),
            size=len(self.data),
            duration_seconds=None
            if self.duration_seconds is None
            else round(self.duration_seconds, 3),
        )


@dataclass(frozen=True)
class SealedPack:
    manifest: Manifest
    manifest_bytes: bytes
    signature: PackSignature


def seal(fields: Mapping[str, Any], members: Sequence[Member]) -> SealedPack:
    """The manifest (``fields`` plus the file list) checked and signed with the district key."""
    manifest = make_manifest({**fields, "files": [m.entry().to_dict() for m in members]})
    manifest_bytes = manifest.to_bytes()
    return SealedPack(manifest, manifest_bytes, sign_manifest(manifest_bytes))


def write_pack(
    path: Path, sealed: SealedPack, members: Sequence[Member], when: dt.datetime | None = None
) -> None:
    entries = [(m.name, m.data) for m in members]
    entries += [
        (MANIFEST_NAME, sealed.manifest_bytes),
        (SIGNATURE_NAME, sealed.signature.to_bytes()),
    ]
    write_zip(path, entries, when)


def write_zip(
    path: Path, entries: Sequence[tuple[str, bytes]], when: dt.datetime | None = None
) -> None:
    """Regular files only, Unix permissions 0644, written to a temporary file then renamed."""
    stamp = (when or dt.datetime.now()).timetuple()[:6]
    with atomic_open(path) as handle, zipfile.ZipFile(handle, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = _FILE_MODE
            stored = name.lower().endswith(_STORED_SUFFIXES)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    # The temporary file was private (0600); a pack is meant to be copied and handed on.
    path.chmod(0o644)
