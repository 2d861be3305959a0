"""One edit of a round at a time: an exclusive lock held for the whole read, edit, write.

Two commands editing the same round (two ``collect``s, a ``collect`` and a
``moderate --record``) would otherwise both read the old file and the second
save would lose the first one's edit. The lock is a file beside the round,
``.NAME.lock`` (the ``filelock`` package: an OS lock, released by the OS
when a process dies, so a killed command never leaves it stuck). Beside it,
``.NAME.lock.holder`` says who holds it (process id, command, machine) so that
the second command can say whom it is waiting for.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = ["LockTimeout", "round_lock", "WAIT_SECONDS"]

WAIT_SECONDS = 30.0
"""How long a second edit waits for the first before giving up (``UDC_LOCK_WAIT`` overrides it)."""


class LockTimeout(Exception):
    """Another process held the round's lock for longer than we wait."""

    def __init__(self, path: Path, holder: str, waited: float):
        super().__init__(f"{path} is being edited by {holder}")
        self.path, self.holder, self.waited = path, holder, waited


def lock_paths(path: Path | str) -> tuple[Path, Path]:
    target = Path(os.path.realpath(path))
    return (target.with_name(f".{target.name}.lock"), target.with_name(f".{target.name}.lock.holder"))


def holder_text(holder_file: Path) -> str:
    """Who holds the lock, in words, from the holder file (``another process`` if it says nothing)."""
    try:
        info = json.loads(holder_file.read_text(encoding="utf-8"))
        return (f"process {int(info['pid'])} ({str(info['command'])[:200]}) on {str(info['host'])[:100]}, "
                f"since {str(info['since'])[:40]}")
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"


def _wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("UDC_LOCK_WAIT", WAIT_SECONDS)))
    except ValueError:
        return WAIT_SECONDS


@contextlib.contextmanager
def round_lock(path: Path | str, tell: Callable[[str], None] | None = None,
               wait: float | None = None) -> Iterator[None]:
    """Hold the exclusive edit lock of the round at ``path``.

    If another process holds it, ``tell`` is told once who that is, and the
    lock is waited for up to ``wait`` seconds; then :class:`LockTimeout`.
    Raises ``OSError`` when the lock file cannot be made (a read-only folder).
    """
    from filelock import FileLock, Timeout

    lock_file, holder_file = lock_paths(path)
    wait = _wait_seconds() if wait is None else wait
    lock = FileLock(str(lock_file))
    start = time.monotonic()
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if tell is not None:
            tell(f"udc: {path} is being edited by {holder_text(holder_file)}; waiting up to {wait:.0f} s")
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise LockTimeout(Path(path), holder_text(holder_file), time.monotonic() - start) from None
    try:
        _write_holder(holder_file)
        yield
    finally:
        with contextlib.suppress(OSError):
            holder_file.unlink()
        lock.release()


def _write_holder(holder_file: Path) -> None:
    info = {"pid": os.getpid(), "command": " ".join(["udc", *sys.argv[1:]]), "host": socket.gethostname(),
            "since": time.strftime("%Y-%m-%d %H:%M:%S")}
    with contextlib.suppress(OSError):
        holder_file.write_text(json.dumps(info), encoding="utf-8")
