"""Inputs named by URL (``file://``, ``memory://``, ``s3://``, ``gcs://``, ``https://`` ...), read through fsspec.

An input argument with a protocol (``scheme://``) is resolved here, the same way a local one is
(see :func:`framing.corpus.load.resolve_inputs`): a folder is searched recursively, a glob is
expanded, a file is taken as it is. Each file becomes a :class:`RemotePath`: a :class:`pathlib.Path`
whose ``open``, ``stat`` and ``read_bytes`` go through the fsspec filesystem of its protocol, so
every reader of :mod:`framing.corpus.formats` (gzip within the expansion budget, the document-size
limit, byte ranges of big JSONL files) reads it as it reads a local file. Its ``str`` is the URL,
which is what ``source_path`` and the load report record. A protocol whose package is missing
(``s3://`` without s3fs) or a URL that cannot be read is an :class:`~framing.errors.InputError`
that names the URL and what to do.

>>> import fsspec
>>> fsspec.filesystem("memory").pipe("/doc/a.jsonl", b'{"text": "Talks may resume."}\\n')
>>> [str(p) for p in expand_url("memory://doc/*.jsonl")]
['memory:///doc/a.jsonl']
>>> expand_url("memory://doc/*.jsonl")[0].read_bytes()
b'{"text": "Talks may resume."}\\n'
"""

from __future__ import annotations

import io
import os
import re
import stat as stat_mode
from collections.abc import Callable
from pathlib import Path, PosixPath
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from ..errors import InputError

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")

#: Packages that give fsspec a protocol (installed separately: ``pip install s3fs`` ...).
PROTOCOL_PACKAGES = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "az": "adlfs", "abfs": "adlfs",
                     "abfss": "adlfs", "http": "aiohttp", "https": "aiohttp", "sftp": "paramiko", "ssh": "paramiko",
                     "hf": "huggingface_hub"}

_ONE_PROCESS = {"memory"}  # filesystems that live in one process (not seen by workers in other processes)


def is_url(name: object) -> bool:
    """Whether an input argument names a URL (``scheme://...``) rather than a local path.

    >>> is_url("s3://bucket/news/*.jsonl"), is_url("news/*.jsonl"), is_url("C:/news")
    (True, False, False)
    """
    return isinstance(name, str) and bool(_URL.match(name))


def _filesystem(url: str) -> tuple[Any, str]:
    """``(fsspec filesystem, path inside it)`` of a URL; a clear error when its protocol cannot be used."""
    from fsspec.core import url_to_fs

    protocol = url.split("://", 1)[0].lower()
    if protocol == "file" and "%" in url:  # file:///a%20b.txt (as Path.as_uri writes it) names "/a b.txt"
        url = "file://" + unquote(url.split("://", 1)[1])
    try:
        return url_to_fs(url)
    except ImportError as exc:
        package = PROTOCOL_PACKAGES.get(protocol, f"the fsspec implementation of {protocol}://")
        raise InputError(url, f"cannot read {protocol}:// URLs here ({exc})",
                         fix=f"install {package} (pip install {package}), or copy the files to a local folder") from None
    except ValueError as exc:
        raise InputError(url, f"unknown URL protocol {protocol!r} ({exc})",
                         fix="use a local path or a URL that fsspec knows (file://, s3://, gcs://, https:// ...)") from None
    except Exception as exc:  # a malformed URL, credentials the filesystem refuses, ...
        raise _unreadable(url, exc) from None


def _unreadable(url: str, exc: BaseException) -> InputError:
    if isinstance(exc, InputError):
        return exc
    protocol = url.split("://", 1)[0].lower()
    if protocol in _ONE_PROCESS and isinstance(exc, FileNotFoundError):
        return InputError(url, "no such file in this process's memory:// filesystem", fix="memory:// files live in "
                          "one process: write them before the run, and use file:// or a shared store for workers "
                          "in other processes (a Dask cluster, a spawned pool)")
    if isinstance(exc, FileNotFoundError):
        return InputError(url, "no such file or folder", fix="check the URL")
    reason = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    return InputError(url, f"cannot read the URL ({reason})",
                      fix="check the URL, the network and the credentials of its filesystem (see fsspec's docs)")


class RemotePath(PosixPath):
    """A file named by a URL, read through fsspec; ``suffix``, ``name`` ... are those of its path.

    Only reading is supported: ``open("rb")``, ``read_bytes``, ``stat`` (size), ``is_file``. It has no
    operating-system path (``os.fspath`` raises), so nothing can read a local file of the same name
    by mistake. ``size`` (from a folder listing) saves a round trip.
    """

    url: str
    size: int | None

    def __new__(cls, url: str, size: int | None = None) -> RemotePath:
        parts = urlsplit(url)
        self = super().__new__(cls, (parts.netloc + parts.path) or "/")
        self.url, self.size = url, size
        return self

    def __init__(self, url: str, size: int | None = None) -> None:  # PosixPath takes no arguments in __init__
        pass

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        return f"RemotePath({self.url!r})"

    def __fspath__(self) -> str:
        raise TypeError(f"{self.url} is a URL, not a local path: read it with RemotePath.open")

    def __reduce__(self) -> tuple[Any, ...]:
        return (RemotePath, (self.url, self.size))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RemotePath) and other.url == self.url

    def __hash__(self) -> int:
        return hash(("RemotePath", self.url))

    @property
    def protocol(self) -> str:
        return self.url.split("://", 1)[0].lower()

    def open(self, mode: str = "rb", *args: Any, **kwargs: Any) -> IO[Any]:  # type: ignore[override]
        """The file opened for reading bytes through fsspec (seekable where the filesystem allows ranged reads)."""
        if mode not in ("r", "rb"):
            raise InputError(self.url, f"cannot open a URL input in mode {mode!r}", fix="inputs are only read")
        fs, path = _filesystem(self.url)
        try:
            handle = fs.open(path, "rb")
        except Exception as exc:
            raise _unreadable(self.url, exc) from None
        stream = io.BufferedReader(_Guarded(handle), buffer_size=1 << 16)
        return stream if mode == "rb" else io.TextIOWrapper(stream, *args, **kwargs)

    def read_bytes(self) -> bytes:
        with self.open("rb") as fh:
            return fh.read()

    def read_text(self, encoding: str | None = None, errors: str | None = None) -> str:
        return self.read_bytes().decode(encoding or "utf-8", errors or "strict")

    def stat(self, *, follow_symlinks: bool = True) -> os.stat_result:
        """Size and type (file or folder) from the filesystem; other fields are 0."""
        if self.size is not None:
            return os.stat_result((stat_mode.S_IFREG | 0o444, 0, 0, 1, 0, 0, self.size, 0, 0, 0))
        fs, path = _filesystem(self.url)
        try:
            info = fs.info(path)
        except Exception as exc:
            raise _unreadable(self.url, exc) from None
        mode = stat_mode.S_IFDIR | 0o555 if info.get("type") == "directory" else stat_mode.S_IFREG | 0o444
        return os.stat_result((mode, 0, 0, 1, 0, 0, int(info.get("size") or 0), 0, 0, 0))

    def exists(self, *, follow_symlinks: bool = True) -> bool:
        try:
            self.stat()
        except InputError:
            return False
        return True

    def resolve(self, strict: bool = False) -> RemotePath:
        return self


class _Guarded(io.RawIOBase):
    """An fsspec file whose failures while reading (a dropped connection, an expired token: each
    filesystem has its own exception types) are :class:`OSError` s, which the loader reports as
    "cannot read the file" naming the URL."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return bool(self._call(self.handle.seekable))

    def readinto(self, buffer: Any) -> int:
        data = self._call(self.handle.read, len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def readall(self) -> bytes:
        return bytes(self._call(self.handle.read))

    def seek(self, offset: int, whence: int = 0) -> int:
        return int(self._call(self.handle.seek, offset, whence))

    def tell(self) -> int:
        return int(self._call(self.handle.tell))

    def close(self) -> None:
        if not self.closed:
            try:
                self.handle.close()
            except Exception:  # nothing was written: a failure to close loses nothing
                pass
        super().close()

    @staticmethod
    def _call(method: Callable[..., Any], *args: Any) -> Any:
        try:
            return method(*args)
        except OSError:
            raise
        except Exception as exc:
            raise OSError(f"{type(exc).__name__}: {exc}") from None


def local_file(path: object) -> Path | None:
    """The local path a ``file://`` :class:`RemotePath` names (``None`` for other URLs and for local paths).

    >>> local_file(RemotePath("file:///data/a%20b.csv")), local_file(RemotePath("s3://bucket/a.csv"))
    (PosixPath('/data/a b.csv'), None)
    """
    if not isinstance(path, RemotePath) or path.protocol not in ("file", "local"):
        return None
    return Path(unquote(path.url.split("://", 1)[1]))


def is_remote(path: object) -> bool:
    """Whether a resolved input file is a :class:`RemotePath` (read through fsspec)."""
    return isinstance(path, RemotePath)


def expand_url(url: str, keep: Callable[[RemotePath], bool] | None = None) -> list[RemotePath]:
    """The files a URL names, in sorted order: a folder's files (recursively, hidden ones left
    out, and those ``keep`` refuses: the loader keeps files of a readable type), the files a glob
    (``*``, ``?``, ``[``, ``**``) matches, or the file itself.
    """
    paths, folder = _listing(url)
    return [p for p in paths if not folder or keep is None or keep(p)]


def ignored_in_folder(url: str, keep: Callable[[RemotePath], bool]) -> list[RemotePath]:
    """The files of a folder URL that :func:`expand_url` leaves out because ``keep`` refuses them
    (none for a file or a glob, or a URL that cannot be listed: :func:`expand_url` says why)."""
    try:
        paths, folder = _listing(url)
    except InputError:
        return []
    return [p for p in paths if folder and not keep(p)]


def _listing(url: str) -> tuple[list[RemotePath], bool]:
    """The files a URL names (hidden ones left out) and whether it names a folder."""
    fs, path = _filesystem(url)
    folder = False
    try:
        if any(ch in path for ch in "*?["):
            found = fs.glob(path, detail=True)
            fixed = path[:min(path.find(ch) for ch in "*?[" if ch in path)].rsplit("/", 1)[0]
            dots = "/." in path[len(fixed):] or path[len(fixed):].startswith(".")
            files = {p: info for p, info in found.items() if info.get("type") == "file"  # hidden: as glob.glob
                     and (dots or not any(part.startswith(".") for part in p[len(fixed):].split("/") if part))}
        elif fs.isdir(path):
            folder, root = True, path.rstrip("/")
            files = {p: info for p, info in fs.find(path, detail=True).items()
                     if not any(part.startswith(".") for part in p[len(root):].split("/") if part)}
        else:
            info = fs.info(path)
            if info.get("type") != "file":
                raise InputError(url, "not a regular file", fix="give a file, a folder or a glob")
            files = {path: info}
    except Exception as exc:
        raise _unreadable(url, exc) from None
    return [RemotePath(_same_protocol(url, fs.unstrip_protocol(p)), _size(info)) for p, info in sorted(files.items())], folder


def _same_protocol(url: str, found: str) -> str:
    """A listed file's URL written with the protocol the user gave (``gcs://`` stays ``gcs://``, not ``gs://``)."""
    given, listed = url.split("://", 1)[0], found.split("://", 1)[0]
    return given + found[len(listed):] if given.lower() != listed.lower() and "://" in found else found


def _size(info: dict) -> int | None:
    size = info.get("size")
    return int(size) if isinstance(size, (int, float)) else None


def one_process_urls(paths: list) -> list[str]:
    """The URLs among ``paths`` whose filesystem lives in this process only (``memory://``)."""
    return [str(p) for p in paths if is_remote(p) and p.protocol in _ONE_PROCESS]
