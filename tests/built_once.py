"""Something slow to build that tests only read, built once for the whole run: the first xdist
worker to ask builds it under a file lock, the others wait and share its folder and result."""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from filelock import FileLock

T = TypeVar("T")


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], T]
) -> T:
    """``build(folder)``'s result, ``folder`` shared by every worker of this run (the tests must
    not change it); the result is kept pickled beside it for the workers that come later."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # each worker's base is a folder of the run's own
    folder = root / name
    result = root / f"{name}.pickle"
    with FileLock(str(root / f"{name}.lock")):
        if result.is_file():
            built: T = pickle.loads(result.read_bytes())  # noqa: S301 - this run wrote it
            return built
        shutil.rmtree(folder, ignore_errors=True)  # what a build stopped midway left
        folder.mkdir()
        value = build(folder)
        result.write_bytes(pickle.dumps(value))
        return value
