"""Writing files so that a crash never leaves a half-written round behind.

A round file is the record of an award decision. Commands that edit it must
never leave it truncated or mixed (power cut, full disk, Ctrl-C in the middle
of a write): the new bytes go to a temporary file in the same directory, are
flushed to disk, and only then renamed over the target in one atomic step
(:func:`os.replace`). Readers see either the old file or the new one.

What is not a regular file is never replaced: a device or a FIFO (``-o
/dev/null``, ``-o /dev/stdout``) is written into, a folder is refused. A
read-only file is refused (as root, permissions would not stop a rename). A
file with other hard links is written in place, so every link shows the new
text (its previous bytes are in the backup when one is asked for).
Temporary files are named ``.NAME.XXXXXXXX.tmp``; a crash (``kill -9``) can
leave one behind, and :func:`clean_stale` removes them on the next edit.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["NotWritable", "clean_stale", "write_all", "write_atomic"]

_SUFFIX = ".tmp"


class NotWritable(OSError):
    """udc will not write here: ``strerror`` says why, in words for a person."""

    def __init__(self, path: Path, why: str):
        super().__init__(errno.EACCES, why, str(path))


def write_atomic(path: Path | str, data: str | bytes, *, backup: bool = False) -> Path | None:
    """Replace the file at ``path`` with ``data`` atomically.

    ``str`` data is encoded as UTF-8 and written as bytes, so ``"\\n"`` stays
    ``"\\n"`` on every platform (a round file's bytes are its fingerprint).
    The target keeps its permission bits; a new file gets the usual
    ``0o666 & ~umask``. A symbolic link is followed, so the file it points to is
    replaced and the link survives.

    With ``backup=True`` and an existing target, its current bytes are first
    copied, themselves atomically, to ``<name>.bak`` beside it (replacing an
    older backup); the backup's path is returned. Otherwise returns ``None``.

    On any failure the temporary file is removed and the exception re-raised;
    the target is then exactly as it was.
    """
    target = Path(os.path.realpath(path))
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder; expected a file to write", str(path))
        _write_into(target, payload)  # a device, a FIFO: write into it, never replace it
        return None
    old_mode = stat.S_IMODE(info.st_mode) if info is not None else None
    if old_mode is not None and not old_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise NotWritable(target, "the file is read-only; udc does not replace a read-only file (make it "
                                  "writable first if the change is meant)")
    backup_path = None
    if backup and old_mode is not None:
        backup_path = target.with_name(target.name + ".bak")
        _replace(backup_path, target.read_bytes(), _mode_of(backup_path) or old_mode)
    if info is not None and info.st_nlink > 1:
        _write_into(target, payload, truncate=True)  # keep every hard link pointing at the new text
        return backup_path
    _replace(target, payload, old_mode if old_mode is not None else _default_mode())
    return backup_path


def _write_into(target: Path, payload: bytes, truncate: bool = False) -> None:
    """Write ``payload`` into an existing file or device, in place."""
    flags = os.O_WRONLY | (os.O_TRUNC if truncate else 0)
    fd = os.open(target, flags)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
        if truncate:
            os.fsync(fd)
    finally:
        os.close(fd)


def clean_stale(path: Path | str) -> list[Path]:
    """Remove temporary files a killed write of ``path`` (or of its backup) left beside it; returns them.

    Call it only while holding the round's lock: then no other udc is writing them.
    """
    target = Path(os.path.realpath(path))
    removed = []
    for name in (target.name, target.name + ".bak"):
        for tmp in target.parent.glob(f".{glob_escape(name)}.*{_SUFFIX}"):
            if len(tmp.name) == len(name) + 2 + 8 + len(_SUFFIX) and tmp.is_file():
                try:
                    tmp.unlink()
                    removed.append(tmp)
                except OSError:
                    pass
    return removed


def glob_escape(name: str) -> str:
    import glob

    return glob.escape(name)


def _replace(target: Path, payload: bytes, mode: int) -> None:
    """Write ``payload`` to a sibling temporary file, then rename it onto ``target``."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix="." + target.name + ".", suffix=_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)  # mkstemp makes 0o600; keep the target's bits instead
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _sync_directory(target.parent)


def _mode_of(path: Path) -> int | None:
    """Permission bits of an existing file, or ``None`` when there is none."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def _default_mode() -> int:
    """The mode :func:`open` would give a new file: ``0o666`` less the umask."""
    umask = os.umask(0o022)  # the only portable way to read the umask is to set it
    os.umask(umask)
    return 0o666 & ~umask


def _sync_directory(directory: Path) -> None:
    """Flush the rename itself to disk where the platform allows it (POSIX)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows cannot open a directory
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse fsync on directories
        pass
    finally:
        os.close(fd)


def write_all(folder: Path | str, files: dict[str, bytes]) -> None:
    """Write several files into ``folder``: all of them, or (on a full disk, say) none.

    Every file is first written into a temporary folder inside ``folder`` (made
    if missing) and flushed; only then are they renamed into place, which needs
    no space. On any failure the temporary folder is removed and ``folder``
    holds nothing new (a folder made for the purpose is removed too).
    """
    import shutil

    folder = Path(folder)
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=".udc-writing-"))
    try:
        for name, payload in files.items():
            with open(staging / name, "wb") as out:
                out.write(payload)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(staging / name, _default_mode())
        for name in files:
            os.replace(staging / name, folder / name)
        _sync_directory(folder)
    except BaseException:
        if made:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
