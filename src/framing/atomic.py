"""Atomic file writes: the kit's only way to write an output file.

A reader (or a run interrupted half-way) sees either the old file or the new one, never a
half-written file: the data goes to a temporary file in the same folder, is flushed to disk
(``fsync``), then ``os.replace`` puts it in place in one step. On any error the temporary file
is removed and the old file, if any, is left as it was.

>>> import tempfile, pandas as pd
>>> folder = Path(tempfile.mkdtemp())
>>> atomic_write(folder / "note.txt", "hello\\n").read_text()
'hello\\n'
>>> atomic_write(folder / "t.csv", pd.DataFrame({"a": [1, 2]})).read_text()
'a\\n1\\n2\\n'
>>> with atomic_path(folder / "big.csv") as tmp:  # for writers that stream into a path
...     _ = tmp.write_text("x\\n")
>>> sorted(p.name for p in folder.iterdir())
['big.csv', 'note.txt', 't.csv']
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, OutputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["atomic_path", "atomic_write"]


def _new_temp(path: Path, folder: bool) -> Path:
    """Create an empty, not yet used ``.<name>.<random>.tmp`` beside ``path`` (mode 0666/0777 less the umask)."""
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            if folder:
                tmp.mkdir()
            else:
                os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return tmp


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | Path, folder: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on a clean exit it replaces ``path``, on an error it is removed.

    The body writes the whole file to the yielded path (it exists, empty; a writer may overwrite it)
    and closes its handles before the block ends. Missing parent folders are created. With
    ``folder=True`` the temporary path is an empty folder that becomes ``path``, which must not
    exist or be an empty folder.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = _new_temp(path, folder)
    except OSError as exc:
        raise _write_failed(path, exc) from exc
    try:
        yield tmp
        if not folder:
            _fsync(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise _write_failed(path, exc) from exc
    finally:
        if folder:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
    if os.name == "posix":  # the rename itself is durable once the folder is flushed
        with contextlib.suppress(OSError):
            _fsync(path.parent)


_DISK_ERRORS = {errno.ENOSPC: "free space on that disk (or write somewhere else), then run the command again",
                errno.EDQUOT: "free space within your disk quota (or write somewhere else), then run again",
                errno.EFBIG: "write somewhere that allows larger files, or split the output",
                errno.EROFS: "write somewhere writable (the disk is read-only)",
                errno.EACCES: "write somewhere you may write, or change the folder's permissions"}


def _write_failed(path: Path, exc: OSError) -> OSError | OutputError:
    """An :class:`OutputError` naming ``path`` for a full, read-only or forbidden disk; other errors unchanged."""
    code = exc.errno or (errno.ENOSPC if "No space left on device" in str(exc) else None)
    if code not in _DISK_ERRORS:
        return exc
    return OutputError(path, f"cannot write the file ({os.strerror(code)}; nothing was changed there)",
                       fix=_DISK_ERRORS[code])


def atomic_write(path: str | Path, data: str | bytes | pd.DataFrame, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically and return the path.

    ``str`` is written with ``encoding`` and no newline translation, ``bytes`` as they are, and a
    DataFrame as CSV (``index=False``, ``\\n`` line ends) or Parquet by the file's extension.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode(encoding)
    suffix = path.suffix.lower()
    if not isinstance(data, bytes) and suffix not in (".csv", ".parquet"):
        raise InputError(path, "a table is written as .csv or .parquet", fix="name the file *.csv or *.parquet")
    with atomic_path(path) as tmp:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        elif suffix == ".parquet":
            data.to_parquet(tmp, index=False)
        else:
            data.to_csv(tmp, index=False, lineterminator="\n", encoding=encoding)
    return path
