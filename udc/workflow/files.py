"""Writing files so that a crash never leaves a half-written round behind.

A round file is the record of an award decision. Commands that edit it must
never leave it truncated or mixed (power cut, full disk, Ctrl-C in the middle
of a write): the new bytes go to a temporary file in the same directory, are
flushed to disk, and only then renamed over the target in one atomic step
(:func:`os.replace`). Readers see either the old file or the new one.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


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
    old_mode = _mode_of(target)
    backup_path = None
    if backup and old_mode is not None:
        backup_path = target.with_name(target.name + ".bak")
        _replace(backup_path, target.read_bytes(), _mode_of(backup_path) or old_mode)
    _replace(target, payload, old_mode if old_mode is not None else _default_mode())
    return backup_path


def _replace(target: Path, payload: bytes, mode: int) -> None:
    """Write ``payload`` to a sibling temporary file, then rename it onto ``target``."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix="." + target.name + ".")
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
