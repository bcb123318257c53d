"""The output set: one run at a time per output folder, and a run's files replace the previous set whole or not at all.

``run`` takes a lock beside ``--out`` (``.<out>.lock``), so a second run into
the same folder fails at once instead of mixing its tables with the first's.
It writes into a staging folder beside ``--out`` (``.<out>.staging``) that
starts as hard links to the current set, so the stages' own rules for stale
files hold unchanged, and at the end the staging folder is swapped in. Until
then readers see the previous set intact; a run killed at any point leaves it
so, and the next run clears the leftovers. Each file is still written through
a temporary file and a rename (``stages/write.py``), so the hard links shared
with the previous set are never written through.

The swap is one atomic exchange of the two folders (Linux ``renameat2``);
where the file system cannot exchange, it is two renames, and a run killed
between them leaves the previous set as ``.<out>.previous``, which the next
run (or the single-stage commands) put back before anything else.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from pipeline.errors import UsageError

RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100


def beside(out: Path, role: str) -> Path:
    """Given the output folder and a role (lock, staging, previous), return the hidden path beside it that plays it."""
    return out.parent / f".{out.name}.{role}"


def checked_out(out: Path) -> Path:
    """Given ``--out``, return it as an absolute path, or raise a UsageError when it is a file or its parent cannot be made."""
    out = Path(os.path.abspath(out))
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"--out {out}: cannot create its parent folder ({err.strerror})") from err
    return out


def inside(out: Path, path: Path) -> Path:
    """Given the output folder and a path the run is about to write, return the path, or raise a UsageError when it would land outside.

    Links are resolved: a folder in ``--out`` that links elsewhere must not carry writes out of it.
    """
    if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(out)):
        raise UsageError(f"{path} would be written outside the output folder {out}")
    return path


def acquire(lock: Path, out: Path) -> int:
    """Given the lock file's path, return an open descriptor holding its exclusive lock, or raise a UsageError when another run holds it."""
    while True:
        try:
            descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as err:
            raise UsageError(f"--out {out}: cannot write beside it ({err.strerror}); the lock and staging folder live in {out.parent}") from err
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            holder = os.read(descriptor, 32).decode(errors="replace").strip() or "unknown"
            os.close(descriptor)
            raise UsageError(f"--out {out} is in use by another run (process {holder}, lock {lock}); wait for it to end") from err
        # The holder before us removes the file as it lets go: a lock on a removed file locks nothing, so take the new one.
        if os.path.exists(lock) and os.stat(lock).st_ino == os.fstat(descriptor).st_ino:
            os.ftruncate(descriptor, 0)
            os.write(descriptor, f"{os.getpid()}\n".encode())
            return descriptor
        os.close(descriptor)


def recover(out: Path) -> None:
    """Given the output folder, put back a previous set a swap left aside and remove what a killed run left (under the lock)."""
    previous, staging = beside(out, "previous"), beside(out, "staging")
    if previous.exists() and not out.exists():
        os.rename(previous, out)
    for leftover in (previous, staging):
        if leftover.exists():
            shutil.rmtree(leftover)


@contextmanager
def locked(out: Path) -> Iterator[Path]:
    """Within the block, hold the output folder's lock (and recover from a killed run); yield the folder as an absolute path."""
    out = checked_out(out)
    lock = beside(out, "lock")
    descriptor = acquire(lock, out)
    try:
        recover(out)
        yield out
    finally:
        lock.unlink(missing_ok=True)
        os.close(descriptor)


def link_or_copy(source: str, target: str) -> None:
    """Given a file and a new name, hard-link it there, or copy it where the file system cannot link."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def exchange(first: Path, second: Path) -> bool:
    """Given two folders, swap their names atomically; return False where the system cannot (then nothing moved)."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))


class Staging:
    """A run's staging folder beside the output folder: ``path`` to write into, ``commit()`` to swap it in."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = beside(out, "staging")
        self.committed = False

    def commit(self) -> None:
        """Swap the staging folder in as the output folder; the previous set is removed."""
        if not self.out.exists():
            os.rename(self.path, self.out)
        elif exchange(self.path, self.out):
            shutil.rmtree(self.path)
        else:
            previous = beside(self.out, "previous")
            os.rename(self.out, previous)
            os.rename(self.path, self.out)
            shutil.rmtree(previous)
        self.committed = True


@contextmanager
def staged(out: Path) -> Iterator[Staging]:
    """Within the block (and the lock), yield a staging folder holding the current set; what is not committed is removed."""
    staging = Staging(out)
    if out.exists():
        shutil.copytree(out, staging.path, symlinks=True, copy_function=link_or_copy)
    else:
        staging.path.mkdir()
    try:
        yield staging
    finally:
        if not staging.committed:
            shutil.rmtree(staging.path, ignore_errors=True)
