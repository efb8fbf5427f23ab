"""One reader per input format; each yields raw tables in chunks (bounded memory).

Formats are detected by extension (``.gz`` of each is read transparently), else by content:

========== ============================================= ========================================
format     extensions                                    one document is
========== ============================================= ========================================
``txt``    .txt .text .md                                a file (first line: title, if it looks like one)
``html``   .html .htm .xhtml                             a file (main text and metadata by trafilatura)
``csv``    .csv .tsv .tab (delimiter sniffed)            a row (quoted newlines allowed)
``jsonl``  .jsonl .ndjson .json (array or lines)         a line / an array element
``parquet`` .parquet .pq                                 a row
========== ============================================= ========================================

Text is decoded from UTF-8 (with or without BOM), UTF-16/32 (BOM, or BOM-less UTF-16 text), or
whatever charset-normalizer detects (cp1252, latin-1, ...), and normalised to NFC.

>>> detect_encoding("Café".encode("cp1252") + b" costs 5 \\x80 in Kyiv, said the manager.")
'cp1252'
>>> detect_encoding(b"\\xef\\xbb\\xbfhello")
'utf-8-sig'
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import itertools
import json
import re
import unicodedata
import warnings
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

import orjson
import pandas as pd

from ..errors import InputError, ParameterError, value_invalid_msg
from .remote import is_remote, local_file

SUFFIXES = {".csv": "csv", ".tsv": "csv", ".tab": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
            ".txt": "txt", ".text": "txt", ".md": "txt", ".html": "html", ".htm": "html", ".xhtml": "html",
            ".parquet": "parquet", ".pq": "parquet"}
SAMPLE_BYTES = 8 << 20  # bytes read to detect the encoding (and, a quarter of it, the CSV delimiter)
ROW_COL = "_row"  # raw tables carry the row / line number each record came from
DELIMITERS = [",", "\t", ";", "|"]

MB = 1 << 20
MAX_DOC_MB = 64  # default largest document (text) read; a larger one is refused with a clear error
MAX_EXPAND_MB = 2048  # default most bytes a compressed file may expand to ...
EXPAND_RATIO = 200  # ... and at most this many times its compressed size (beyond the first 64 MB)


@dataclass(frozen=True)
class Limits:
    """Size limits on inputs (guards against decompression bombs and documents too big to score).

    ``max_doc_mb``: the largest document (one file's text, or one record's text field), in MB of
    text; scoring takes about 10 bytes of memory per character, so 64 MB needs about 1 GB.
    ``max_expand_mb``: the most a ``.gz`` file may expand to; by default the smaller of 2048 MB and
    200 times its compressed size (at least 64 MB); given explicitly, exactly that many MB.
    ``encoding``: read every text input in this encoding (a Python codec name) instead of
    detecting it (see :func:`text_encoding`).

    >>> Limits().doc_chars, Limits(max_expand_mb=10).expand_budget(1)
    (67108864, 10485760)
    """

    max_doc_mb: float = MAX_DOC_MB
    max_expand_mb: float | None = None
    encoding: str | None = None

    @property
    def doc_chars(self) -> int:
        return int(self.max_doc_mb * MB)

    def expand_budget(self, compressed_bytes: int) -> int:
        if self.max_expand_mb is not None:
            return int(self.max_expand_mb * MB)
        return min(MAX_EXPAND_MB * MB, max(64 * MB, EXPAND_RATIO * compressed_bytes))


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Part:
    """A byte range ``[start, stop)`` of an uncompressed JSONL or CSV file that begins and ends at
    record boundaries, so that a worker can read it alone (see :func:`split_text_table`).

    ``encoding`` was detected once on the file's head; a CSV part is read with the file's
    ``header`` record (bytes) and delimiter ``sep`` put in front. Line and row numbers inside a
    part count from 1; the loader adds the lines or rows of the parts before it.
    """

    start: int
    stop: int
    encoding: str
    header: bytes = b""
    sep: str = ","


@dataclass
class Progress:
    """How far a reader got: ``units`` lines (JSONL) or data rows (CSV, Parquet) consumed."""

    units: int = 0


def doc_too_big(limits: Limits, size: int, unit: str = "characters") -> tuple[str, str]:
    """``(problem, fix)`` for a document over :attr:`Limits.max_doc_mb`."""
    return (f"a document of {size / MB:,.1f} M {unit} is over the limit of {limits.max_doc_mb:g} MB a document",
            "split it, or raise the limit with --max-doc-mb N (API: max_doc_mb=N); scoring takes about 10 bytes "
            "of memory per character")


class _BudgetedGzip(gzip.GzipFile):
    """A gzip reader that refuses to expand past a byte budget (a decompression bomb, or a limit to raise)."""

    def __init__(self, path: Path, budget: int, limits: Limits) -> None:
        fh = path.open("rb")  # a local file, or a URL's file through fsspec (framing.corpus.remote)
        super().__init__(fileobj=fh, mode="rb")
        self.myfileobj = fh  # type: ignore[assignment]  # closed with this reader
        self.path, self.budget, self.limits = path, budget, limits

    def _check(self) -> None:
        if self.tell() > self.budget:
            raise InputError(self.path, f"the compressed file expands to more than {self.budget / MB:,.0f} MB "
                             "(the expansion limit; a decompression bomb?)",
                             fix="decompress it yourself if you trust it, or raise the limit with --max-expand-mb N "
                             "(API: max_expand_mb=N)")

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            parts = []
            while chunk := self.read(8 * MB):
                parts.append(chunk)
            return b"".join(parts)
        data = super().read(min(size, self.budget + 1))
        self._check()
        return data

    def read1(self, size: int = -1) -> bytes:
        data = super().read1(8 * MB if size < 0 else size)
        self._check()
        return data

    def readinto(self, b) -> int:
        n = super().readinto(b)
        self._check()
        return n

    def readline(self, size: int | None = -1) -> bytes:
        room = self.budget - self.tell() + 1
        data = super().readline(room if size is None or size < 0 else min(size, room))
        self._check()
        return data


# problem(source, problem, fix, line): raises InputError or records a load-report line.
Problem = Callable[[str, str, str, "int | None"], None]

# Bytes that are not valid in a stream's detected encoding (the encoding is detected on the first
# SAMPLE_BYTES only) are decoded as U+10FE00 + byte (private-use characters that, unlike lone
# surrogates, pandas, Arrow and JSON carry) and counted here, so a reader can find the records
# that hold one, name them and skip them, and keep the rest.
BAD_BYTE_BASE = 0x10FE00
BAD_BYTE = re.compile("[\x00\U0010fe00-\U0010feff]")  # and NUL: no text holds one (see _NulCounting)
_bad_bytes = [0]


def _count_and_escape(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _bad_bytes[0] += 1
    return "".join(chr(BAD_BYTE_BASE + b) for b in exc.object[exc.start:exc.end]), exc.end


codecs.register_error("framing-escape", _count_and_escape)


def bad_bytes_seen() -> int:
    """How many undecodable bytes text streams of this process have met so far (see :func:`open_text`)."""
    return _bad_bytes[0]


def bad_byte(value: object) -> str:
    """``"0x92"`` for the first undecodable byte in ``value`` (a string, or a JSON record), else ``""``.

    >>> bad_byte(b"it\\x92s".decode("utf-8", "framing-escape")), bad_byte({"a": ["ok"]})
    ('0x92', '')
    """
    if isinstance(value, str):
        found = BAD_BYTE.search(value)
        return f"0x{max(ord(found.group()) - BAD_BYTE_BASE, 0):02x}" if found else ""
    if isinstance(value, dict):
        return next((b for item in value.items() for b in map(bad_byte, item) if b), "")
    if isinstance(value, (list, tuple)):
        return next((b for b in map(bad_byte, value) if b), "")
    return ""


def _bad_byte_problem(encoding: str, byte: str, forced: bool = False) -> tuple[str, str]:
    how = "named with --encoding" if forced else f"detected on the first {SAMPLE_BYTES >> 20} MiB of the file"
    return (f"not valid {encoding} text (byte {byte}; the encoding was {how})",
            "save the file as UTF-8, or repair or remove that record")


def _bad_byte_fix(forced: bool) -> str:
    """What to do about a byte not valid in a file's encoding (``forced``: one named with --encoding)."""
    return ("check the encoding named with --encoding, or save the file as UTF-8" if forced
            else "save the file as UTF-8, or name its encoding with --encoding NAME")


def format_of(path: Path) -> str | None:
    """Format by extension (``.gz`` stripped), or ``None`` when the extension is not known.

    >>> format_of(Path("a/b.csv.gz")), format_of(Path("x.HTML")), format_of(Path("x.bin"))
    ('csv', 'html', None)
    """
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return SUFFIXES.get(suffixes[-1]) if suffixes else None


def is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


@contextmanager
def open_binary(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[BinaryIO]:
    """Open a file for reading bytes, decompressing gzip (detected by its magic bytes) within
    :meth:`Limits.expand_budget`."""
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "the file is empty", fix="remove it or re-export it")
    if is_gzip(path):
        with _BudgetedGzip(path, limits.expand_budget(size), limits) as gz:
            yield cast(BinaryIO, gz)
    else:
        with path.open("rb") as fh:
            yield fh


def _gzip_problem(path: Path, exc: BaseException) -> InputError:
    return InputError(path, f"truncated or corrupt gzip data ({exc})", fix="re-create or re-download the file")


GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


def sniff_format(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """Format of a file with an unknown extension, from its first bytes."""
    try:
        with open_binary(path, limits) as fh:
            head = fh.read(4096)
    except GZIP_ERRORS as exc:
        raise _gzip_problem(path, exc) from None
    if head.startswith(b"PAR1"):
        return "parquet"
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n").lower()
    if text.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in text[:2048]:
        return "html"
    if text.startswith(("{", "[")):
        return "jsonl"
    return "txt"


def _reads_as_text(head: bytes, encoding: str) -> bool:
    """BOM-less UTF-16 only if it decodes to mostly printable text (binary data has NULs too)."""
    text = head[: len(head) // 2 * 2].decode(encoding, errors="replace")
    return sum(c.isprintable() or c.isspace() for c in text) >= 0.95 * max(len(text), 1)


def _stray_nuls(sample: bytes) -> bool:
    """A few NUL bytes in what is otherwise text (a damaged record), not binary data: at most 1 % of
    the bytes (or one) are NULs, at most 1 % other control characters (binary data has many of
    both), and at least 16 other bytes."""
    controls = sum(sample.count(b) for b in (*range(1, 9), 11, 14, 15, *range(16, 27), *range(28, 32), 127))
    nuls = sample.count(0)
    return nuls <= max(1, len(sample) / 100) and controls <= len(sample) / 100 and len(sample) - nuls >= 16


def _mostly_utf8(sample: bytes, complete: bool) -> bool:
    """UTF-8 with a few bytes that are not (damaged records): at least twice as many bytes of valid
    multi-byte characters past their first as invalid bytes. Text in a single-byte code page has
    almost no valid multi-byte sequences, so it never passes."""
    if not complete:
        sample = sample[:-3] if len(sample) > 3 else sample  # a character cut at the end of the sample
    for part in (sample[:CYRILLIC_BYTES], sample):  # the start first: most text in a code page stops there
        text = part.decode("utf-8", errors="surrogateescape")
        bad = len(LONE_SURROGATE.findall(text))  # one a byte
        good = len(part) - len(text)  # the 2nd, 3rd and 4th bytes of valid characters
        if bad > 2 * good + 16 or len(part) == len(sample):
            break
    return 0 < bad and 2 * bad <= good


# Legacy Cyrillic code pages tried for Russian and Ukrainian text before charset-normalizer (which,
# on short samples, often names a Latin code page for them, e.g. cp1250 for cp1251).
CYRILLIC_ENCODINGS = ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866")
CYRILLIC_BYTES = 1 << 16  # the start of a sample that _cyrillic_encoding reads
RU_UK_VOWELS = frozenset("аеёиоуыэюяєіїАЕЁИОУЫЭЮЯЄІЇ")
RU_UK_LETTERS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґ" "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЄІЇҐ")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019\u02bc][^\W\d_]+)*")


def _cyrillic_score(text: str) -> tuple[float, int]:
    """How plausible ``text`` is as Russian or Ukrainian: ``(score, Cyrillic letters)``.

    Each word holding a non-ASCII letter scores 1 when it is all Russian/Ukrainian letters, has a
    vowel (or is one letter) and is lower case or capitalised, or is an upper-case acronym of at most
    4 letters; 0.5 when a longer word is all upper case; else 0 (a wrong code page mixes scripts,
    inverts case, yields letters of other alphabets or words without vowels). Each non-ASCII symbol
    other than punctuation, spaces and ``№`` (box drawing, currency, maths signs) scores 0 too; the
    score is the mean; "Cyrillic letters" counts those of the words that scored 1.
    """
    symbols = sum(1 for c in text if c > "\x7f" and c != "№" and not c.isalpha()
                  and unicodedata.category(c)[0] not in "PZ")
    total, points = float(symbols), 0.0
    letters = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        total += 1
        core = word.replace("'", "").replace("\u2019", "").replace("\u02bc", "")
        if not all(c in RU_UK_LETTERS for c in core):
            continue
        if core.isupper() and len(core) > 1:
            points += 1 if len(core) <= 4 else 0.5
            letters += len(core) if len(core) <= 4 else 0
        elif (core.islower() or core[0].isupper() and core[1:].islower()) and (
                len(core) == 1 or not RU_UK_VOWELS.isdisjoint(core)):
            points += 1
            letters += len(core)
    return (points / total if total else 0.0), letters


def _cyrillic_encoding(sample: bytes) -> str | None:
    """The legacy Cyrillic code page that reads ``sample`` as the most plausible Russian or Ukrainian
    text (see :func:`_cyrillic_score`), if one reads it so well (at least 85 % plausible words and 3
    letters in them) that a Latin code page is unlikely; else ``None``."""
    best, best_score = None, 0.85
    for name in CYRILLIC_ENCODINGS:
        try:
            text = sample.decode(name)
        except UnicodeDecodeError:
            continue
        score, letters = _cyrillic_score(text)
        if letters >= 3 and score > best_score:
            best, best_score = name, score
    return best


# Bytes that cp1250 reads as letters (Polish ł ą ż Ż Ł Ą, Slovak ľ Ľ) and cp1252 as symbols (³ ¹ ¿ ¯ £ ¥ ¾ ¼).
_CP1250_LETTER_CP1252_SYMBOL = re.compile("(?<=[^\\W\\d_])[\u00b3\u00b9\u00bf\u00af\u00a3\u00a5\u00be\u00bc](?=[^\\W\\d_])")


def _central_european(sample: bytes) -> bool:
    """Whether ``sample``, read as cp1252, has symbols inside words that cp1250 reads as letters (at
    least one, and one for every 100 non-ASCII characters): "powiedzia³", "mo¿e", "bêd¹" are Polish in
    cp1250. A word that ends in such a letter ("by³") or begins with one ("¿e") is no evidence (cp1252
    has "m³", "¿Qué"); Polish with none inside a word, and Czech (whose letters cp1252 reads as letters,
    "rozpoètu"), stay cp1252 unless named with ``--encoding cp1250``.

    >>> _central_european("Może w przyszłym tygodniu.".encode("cp1250")), _central_european("¿Qué? 5 m³".encode("cp1252"))
    (True, False)
    """
    try:
        text = sample.decode("cp1252")
        sample.decode("cp1250")
    except UnicodeDecodeError:
        return False
    inside = len(_CP1250_LETTER_CP1252_SYMBOL.findall(text))
    return inside > 0 and 100 * inside >= sum(not c.isascii() for c in text)


def detect_encoding(sample: bytes, complete: bool = True, source: str | Path = "<bytes>") -> str:
    """Name the encoding of ``sample`` (the whole file when ``complete``, else its first bytes).

    UTF-8 with a few invalid bytes stays UTF-8 (the readers skip and name the records that hold
    them); Russian or Ukrainian text in a legacy code page is named by :func:`_cyrillic_encoding`.
    Raises :class:`InputError` for binary data (NUL bytes that are not UTF-16/32 text, nor a few
    stray ones in text).

    >>> detect_encoding("Привет из Киева, сказал он.".encode("koi8_r"))
    'koi8_r'
    """
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if sample.startswith(bom):
            return name
    if b"\x00" in sample:
        head = sample[:4096]
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > 0.3 * len(head) / 2 and even == 0 and _reads_as_text(head, "utf-16-le"):
            return "utf-16-le"
        if even > 0.3 * len(head) / 2 and odd == 0 and _reads_as_text(head, "utf-16-be"):
            return "utf-16-be"
        if not _stray_nuls(sample):
            raise InputError(source, "binary data, not text (NUL bytes)",
                             fix="give a text, HTML, CSV, JSONL or Parquet file")
        sample = sample.replace(b"\x00", b"")  # the readers skip and name the records that hold one
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(sample, complete):
        return "utf-8"
    cyrillic = _cyrillic_encoding(sample[:CYRILLIC_BYTES])
    if cyrillic:
        return cyrillic
    from charset_normalizer import from_bytes

    results = from_bytes(sample, cp_isolation=["cp1252", "latin_1", "cp1251", "koi8_r", "cp1250", "iso8859_15",
                                               "mac_roman", "cp1253", "cp1254", "cp1257"])
    best = results.best()
    if best is None:
        raise InputError(source, "cannot tell the text encoding",
                         fix="save the file as UTF-8, or name its encoding with --encoding NAME (API: encoding=NAME)")
    # Short samples are often ambiguous between single-byte code pages. cp1252 (the most common
    # one in Western news exports) wins a tie, and wherever it reads the bytes as the same text,
    # unless it reads letters of Polish text in cp1250 as symbols inside words.
    cp1252 = any(m.encoding == "cp1252" and m.chaos <= best.chaos + 0.01 for m in results)
    try:
        cp1252 = cp1252 or sample.decode("cp1252") == str(best) or best.encoding == "cp1252"
    except UnicodeDecodeError:
        pass
    if cp1252:
        return "cp1250" if _central_european(sample[:CYRILLIC_BYTES]) else "cp1252"
    return best.encoding


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> tuple[str, int]:
    """``text`` with lone surrogates (``\\ud800`` in JSON; not encodable) replaced by U+FFFD, and how many.

    >>> without_surrogates("a" + chr(0xD800) + "b")
    ('a\ufffdb', 1)
    """
    try:  # a surrogate is the one code point UTF-8 cannot encode: encoding tests for one at C speed
        text.encode("utf-8")  # (about three times quicker than searching the text with LONE_SURROGATE)
    except UnicodeEncodeError:
        return LONE_SURROGATE.subn("\ufffd", text)
    return text, 0


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_surrogates = [0]


def surrogates_replaced() -> int:
    """How many lone surrogates JSON readers of this process have replaced by U+FFFD so far."""
    return _surrogates[0]


def _json_without_surrogates(value: object) -> object:
    """A parsed JSON value with lone surrogates in its strings replaced (counted in :func:`surrogates_replaced`)."""
    if isinstance(value, str):
        text, n = without_surrogates(value)
        _surrogates[0] += n
        return text
    if isinstance(value, dict):
        return {_json_without_surrogates(k): _json_without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_without_surrogates(v) for v in value]
    return value


_COMBINING_ACCENT = re.compile("[\u0300-\u036f]")  # (the combining accents of decomposed é, й, ...)
_ACCENT_SPACING = 64  # characters of a text per accent (a few more in any text) normalised in pieces, more: whole


def nfc(text: str, utf8: bytes | None = None) -> str:
    """Unicode NFC normalisation (cheap when the text is already NFC: ``normalize`` runs the quick
    check first and returns ``text`` itself; ``is_normalized`` before it would normalise a text that
    the quick check cannot settle twice).

    A text with a few combining accents (a decomposed é) is normalised in pieces (:func:`_nfc_cuts`):
    each accent with the characters around it normalised alone, the long pieces between them only
    checked (the whole text normalised costs some 16 ns a character, its quick check 1-2).
    ``utf8``: the text's UTF-8 bytes, where the caller has them: they tell at C speed whether it
    may have an accent (a search of the text for one costs about twice the quick check).

    >>> nfc("Cafe\u0301") == nfc("Cafe\u0301", "Cafe\u0301".encode()) == "Caf\u00e9"
    True
    """
    if utf8 is None:
        accent = _COMBINING_ACCENT.search(text) is not None
    else:  # (U+0300-U+037F in UTF-8 begin with these bytes)
        accent = b"\xcc" in utf8 or b"\xcd" in utf8
    cuts = _nfc_cuts(text) if accent else None
    if cuts is None:
        return unicodedata.normalize("NFC", text)
    return "".join([unicodedata.normalize("NFC", text[a:b]) for a, b in zip(cuts[:-1], cuts[1:])])


def plain_text(text: str) -> tuple[str, int]:
    """``text`` NFC with lone surrogates replaced by U+FFFD (:func:`without_surrogates`), and how
    many were: the one UTF-8 encoding serves both.

    >>> plain_text("Cafe\u0301" + chr(0xD800))
    ('Café\ufffd', 1)
    """
    try:
        utf8 = text.encode("utf-8")
    except UnicodeEncodeError:
        text, n = without_surrogates(text)
        return nfc(text), n
    return nfc(text, utf8), 0


def _nfc_cuts(text: str) -> list[int] | None:
    """Where to cut ``text`` so that each combining accent, the run of non-ASCII characters it is in
    and the ASCII character before that run are in a piece of their own; ``None`` when the accents
    are many (a piece each would cost more than normalising the whole text).

    Every cut is before an ASCII character, so NFC of the text is NFC of each piece joined: an ASCII
    character has combining class 0 (no mark is reordered across it) and is the second character
    of no composition (nothing after it joins with anything before it).

    >>> _nfc_cuts("Cafe\u0301 au lait, re\u0301sume\u0301 \u0448\u0438\u0306ka"), _nfc_cuts("\u0301x")
    ([0, 3, 5, 16, 18, 21, 23, 23, 27, 29], [0, 0, 1, 2])
    """
    cuts = [0]
    most = 4 + len(text) // _ACCENT_SPACING  # pieces of accents
    for accent in _COMBINING_ACCENT.finditer(text):
        at = accent.start()
        if at < cuts[-1]:  # (in the piece before)
            continue
        if len(cuts) > 2 * most:
            return None
        start = at
        while start and not text[start - 1].isascii():
            start -= 1
        end = at + 1
        while end < len(text) and not text[end].isascii():
            end += 1
        cuts += [max(start - 1, cuts[-1]), end]
    cuts.append(len(text))
    return cuts


def check_encoding(name: str) -> str:
    """``name`` if Python has a codec of that name (``cp1251``, ``koi8-r``, ``latin-1``, ...), else
    :class:`ParameterError` naming the option.

    >>> check_encoding("KOI8-R")
    'KOI8-R'
    """
    try:
        b"x".decode(name, errors="replace")  # a text encoding (not a bytes-to-bytes codec such as base64)
    except (LookupError, TypeError, ValueError):
        raise ParameterError(value_invalid_msg("encoding", name, "a Python codec name such as utf-8, cp1251, "
                                               "koi8-r, koi8-u, iso8859-5, cp866, cp1252 or latin-1")) from None
    return name


def text_encoding(sample: bytes, complete: bool, source: str | Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The encoding to read a file in: :attr:`Limits.encoding` when given (UTF-8 with a byte order
    mark as ``utf-8-sig``; binary data is still refused), else :func:`detect_encoding` of its first
    bytes ``sample``."""
    if limits.encoding is None:
        return detect_encoding(sample, complete=complete, source=source)
    if b"\x00" in sample and _ascii_nul(limits.encoding) and not _stray_nuls(sample):
        raise InputError(source, "binary data, not text (NUL bytes)", fix="give a text, HTML, CSV, JSONL or Parquet file")
    if codecs.lookup(limits.encoding).name == "utf-8" and sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return limits.encoding


def _ascii_nul(encoding: str) -> bool:
    """Whether a NUL byte is a NUL character in ``encoding`` (not part of a UTF-16/32 character)."""
    return b"\x00x".decode(encoding, errors="replace") == "\x00x"


class _NulCounting(io.RawIOBase):
    """A byte stream that counts NUL bytes as undecodable ones (:func:`bad_bytes_seen`): no text holds
    a NUL, so a reader skips and names the record with one (:data:`BAD_BYTE` matches it)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self.raw.seekable()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def readinto(self, b) -> int:
        data = self.raw.read(len(b))
        n = len(data)
        b[:n] = data
        if b"\x00" in data:
            _bad_bytes[0] += data.count(0)
        return n


def _text_stream(raw: BinaryIO, encoding: str, nuls: bool) -> io.TextIOWrapper:
    """A text stream over ``raw`` that escapes undecodable bytes, and with ``nuls`` counts NULs (see
    :data:`BAD_BYTE`; CSV only: JSON refuses a raw NUL itself)."""
    if nuls and _ascii_nul(encoding):
        raw = cast(BinaryIO, io.BufferedReader(_NulCounting(raw), buffer_size=1 << 20))
    return io.TextIOWrapper(raw, encoding=encoding, errors="framing-escape", newline="")


def read_whole_text(path: Path, limits: Limits = DEFAULT_LIMITS, note: Problem | None = None) -> tuple[str, str]:
    """Decode a whole (possibly gzipped) file: ``(NFC text, encoding)``; a file over
    :attr:`Limits.max_doc_mb` raises :class:`InputError`.

    A byte that is not valid in the encoding, or a NUL, becomes U+FFFD and the rest of the text is
    kept; ``note(source, problem, fix, line)`` is told of each line that held one (without
    ``note``, the first raises :class:`InputError` naming its line).
    """
    try:
        with open_binary(path, limits) as fh:
            raw = fh.read(limits.doc_chars + 1)
    except GZIP_ERRORS as exc:
        raise _gzip_problem(path, exc) from None
    if len(raw) > limits.doc_chars:
        gz = is_gzip(path)
        raise InputError(path, *doc_too_big(limits, len(raw) if gz else path.stat().st_size,
                                            "bytes (expanded, or more)" if gz else "bytes"))
    encoding = text_encoding(raw, True, path, limits)
    return nfc(decode_text(raw, encoding, path, note, forced=limits.encoding is not None)), encoding


def decode_text(raw: bytes, encoding: str, source: str | Path, note: Problem | None = None,
                forced: bool = False) -> str:
    """``raw`` decoded in ``encoding``, each byte not valid in it (and each NUL) as U+FFFD;
    ``note(source, problem, fix, line)`` is told of each line that held one (without ``note``, the
    first raises :class:`InputError` naming its line); ``forced``: the encoding was named, not detected.

    >>> said = []
    >>> decode_text(b"ok\\nit\\x92s", "utf-8", "a.txt", lambda *a: said.append(a))
    'ok\\nit\\ufffds'
    >>> said
    [('a.txt', 'not valid utf-8 text (byte 0x92)', 'save the file as UTF-8, or name its encoding with --encoding NAME', 2)]
    """
    seen = bad_bytes_seen()
    text = raw.decode(encoding, errors="framing-escape")
    if bad_bytes_seen() == seen and not (_ascii_nul(encoding) and "\x00" in text):
        return text
    for lineno, line in enumerate(text.split("\n"), start=1):
        if byte := bad_byte(line):
            what = "a NUL byte" if byte == "0x00" else f"not valid {encoding} text (byte {byte})"
            fix = _bad_byte_fix(forced)
            if note is None:
                raise InputError(source, what, fix=fix, line=lineno)
            note(str(source), what, fix, lineno)
    return BAD_BYTE.sub("\ufffd", text)


@contextmanager
def open_bytes(path: Path, limits: Limits = DEFAULT_LIMITS, part: Part | None = None) -> Iterator[tuple[BinaryIO, str]]:
    """Open a (possibly gzipped) file as a byte stream, with the encoding detected on its first
    8 MiB; or one :class:`Part` of it (with the CSV header in front), in the part's encoding. A part,
    and a file no bigger than those first 8 MiB, are read from memory (an :class:`io.BytesIO`)."""
    if part is not None:
        with path.open("rb") as fh:
            fh.seek(part.start)
            data = fh.read(part.stop - part.start)
        yield io.BytesIO(part.header + data if part.start else data), part.encoding
        return
    try:
        with open_binary(path, limits) as fh:
            sample = fh.read(SAMPLE_BYTES)
            complete = len(sample) < SAMPLE_BYTES
            encoding = text_encoding(sample, complete, path, limits)
            if complete:
                yield io.BytesIO(sample), encoding
            else:
                fh.seek(0)
                yield fh, encoding
    except GZIP_ERRORS as exc:
        raise _gzip_problem(path, exc) from None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not valid {exc.encoding} further into the file ({exc.reason})",
                         fix="save it as UTF-8") from None


@contextmanager
def open_text(path: Path, limits: Limits = DEFAULT_LIMITS, nuls: bool = False,
              part: Part | None = None) -> Iterator[tuple[io.TextIOBase, str]]:
    """Open a (possibly gzipped) file, or one :class:`Part` of it, as a text stream (see :func:`open_bytes`).

    A later byte that is not valid in that encoding does not stop the stream: it is decoded as a
    private-use character (see :data:`BAD_BYTE`) and counted in :func:`bad_bytes_seen`, so the
    reader can skip and name the record that holds it; with ``nuls``, so is a NUL byte.
    """
    with open_bytes(path, limits, part) as (raw, encoding):
        yield _text_stream(raw, encoding, nuls), encoding


SPLIT_BLOCK = 16 * MB  # bytes scanned at a time when splitting a file into parts


def _splittable(encoding: str) -> bool:
    """UTF-8, or a single-byte code page: a newline byte is a newline character, never part of one."""
    if codecs.lookup(encoding).name in ("utf-8", "utf-8-sig"):
        return True
    try:
        return len(bytes(range(256)).decode(encoding, errors="replace")) == 256
    except LookupError:
        return False


PROBE_BYTES = 1 << 16  # read at each cut of a JSONL file to find the next line end


def jsonl_ranges(path: Path, size: int, part_bytes: int) -> list[tuple[int, int]] | None:
    """Byte ranges ``[start, stop)`` of a JSONL file (local or remote) of ``size`` bytes that end at
    line ends, about ``part_bytes`` each: a cut is the first line end at or after ``previous cut +
    part_bytes``, found by reading :data:`PROBE_BYTES` at a time from there, so only a little of the
    file is read. ``None``: the file cannot be read or seeked, or one part is all there is.
    """
    cuts: list[int] = []
    want = part_bytes
    try:
        with path.open("rb") as fh:
            while want < size:
                at = want - 1  # a line end at ``at`` makes a cut at ``want``
                end = None
                while at < size:
                    fh.seek(at)
                    block = fh.read(PROBE_BYTES)
                    if not block:
                        break
                    found = block.find(b"\n")
                    if found >= 0:
                        end = at + found + 1
                        break
                    at += len(block)
                if end is None or end >= size:
                    break
                cuts.append(end)
                want = end + part_bytes
    except (OSError, ValueError, NotImplementedError):
        return None
    if not cuts:
        return None
    starts = [0, *cuts]
    return list(zip(starts, [*cuts, size]))


def split_text_table(path: Path, kind: str, part_bytes: int, limits: Limits = DEFAULT_LIMITS) -> list[Part] | None:
    """Cut a JSONL or CSV file into :class:`Part` s of about ``part_bytes`` at record boundaries,
    or ``None`` when the file is to be read whole: small, gzipped, a JSON array, an encoding where
    a newline byte may be part of a character (UTF-16/32), or a CSV file whose quoting cannot be
    followed safely from its bytes (a quote inside an unquoted field, lone ``\r`` line ends).

    In CSV a newline ends a record only outside quotes: an even number of quote characters
    before it (doubled quotes inside a field keep the count even), so quoted newlines are safe.
    """
    import numpy as np

    size = path.stat().st_size
    if size <= part_bytes or kind not in ("jsonl", "csv") or is_gzip(path):
        return None
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    try:
        encoding = text_encoding(sample, len(sample) < SAMPLE_BYTES, path, limits)
    except InputError:
        return None  # the reader of the whole file says what is wrong
    if not _splittable(encoding):
        return None
    head = sample.decode(encoding, errors="replace")
    if kind == "jsonl" and is_json_array(path, head[:1024].lstrip("\ufeff \t\r\n")):
        return None
    if kind == "jsonl":
        ranges = jsonl_ranges(local_file(path) or path, size, part_bytes)
        return [Part(a, b, encoding) for a, b in ranges] if ranges else None
    if is_remote(path) and local_file(path) is None:  # CSV quoting needs a scan of the whole file: read it whole
        return None
    sep = sniff_delimiter(path, head[:SAMPLE_BYTES // 4])
    data = np.memmap(local_file(path) or path, dtype=np.uint8, mode="r")
    cuts: list[int] = []
    header_end = -1
    parity = 0
    want = part_bytes
    quote, bounds = ord('"'), np.array([ord(sep), 10, 13, ord('"')], dtype=np.uint8)
    for off in range(0, size, SPLIT_BLOCK):
        block = np.asarray(data[off:off + SPLIT_BLOCK])
        newlines = np.flatnonzero(block == 10)
        carriage = np.flatnonzero(block == 13) + off
        if len(carriage) and not (data[np.minimum(carriage + 1, size - 1)] == 10).all():
            return None  # lone CR line ends: pandas splits records there too
        quotes = np.flatnonzero(block == quote)
        at = quotes + off
        before, after = data[np.maximum(at - 1, 0)], data[np.minimum(at + 1, size - 1)]
        framed = np.isin(before, bounds) | np.isin(after, bounds) | (at == 0) | (at == size - 1)
        if not framed.all():
            return None  # a quote inside an unquoted field: leave the quoting to the CSV parser
        outside = (parity + np.searchsorted(quotes, newlines)) % 2 == 0
        ends = newlines[outside] + off + 1
        parity = (parity + len(quotes)) % 2
        if header_end < 0 and len(ends):
            header_end = int(ends[0])
            want = max(want, header_end)
        while True:
            i = int(np.searchsorted(ends, want))
            if i >= len(ends):
                break
            cuts.append(int(ends[i]))
            want = cuts[-1] + part_bytes
    cuts = [c for c in cuts if 0 < c < size and c > header_end]
    if not cuts:
        return None
    header = bytes(data[:header_end])
    del data
    starts = [0, *cuts]
    return [Part(a, b, encoding, header, sep) for a, b in zip(starts, [*cuts, size])]


def parquet_row_groups(path: Path, rows_per_part: int) -> list[range] | None:
    """Row groups of a Parquet file, gathered into ranges of about ``rows_per_part`` rows (``None``:
    one row group, gzipped, or unreadable: read the file whole)."""
    import pyarrow.parquet as pq

    if is_gzip(path):
        return None
    try:
        with path.open("rb") as fh:
            meta = pq.ParquetFile(fh).metadata
    except Exception:  # the reader of the whole file says what is wrong
        return None
    if meta.num_row_groups < 2:
        return None
    parts, first, rows = [], 0, 0
    for g in range(meta.num_row_groups):
        rows += meta.row_group(g).num_rows
        if rows >= rows_per_part:
            parts.append(range(first, g + 1))
            first, rows = g + 1, 0
    if first < meta.num_row_groups:
        parts.append(range(first, meta.num_row_groups))
    return parts if len(parts) > 1 else None


def sniff_delimiter(path: Path, head: str) -> str:
    """The delimiter of a CSV/TSV file: ``.tsv``/``.tab`` -> tab, else sniffed from the first lines."""
    if format_of(path) == "csv" and any(s.lower() in (".tsv", ".tab") for s in path.suffixes):
        return "\t"
    try:
        return csv.Sniffer().sniff(head[:65536], delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        first = head.split("\n", 1)[0]
        return max(DELIMITERS, key=first.count)


def read_csv(path: Path, chunksize: int, problem: Problem | None = None,
             limits: Limits = DEFAULT_LIMITS, part: Part | None = None,
             progress: Progress | None = None) -> Iterator[tuple[pd.DataFrame, str]]:
    """CSV/TSV rows as string columns, in chunks: ``(frame, encoding)``; only the rows of ``part``
    when given (see :class:`Part`), ``progress.units`` the data rows read so far.

    A row holding a byte that is not valid in the detected encoding (or a NUL), and a row with more
    fields than the header, goes to ``problem`` (named by its data row) and is left out; the other
    rows are kept. Without ``problem`` it raises :class:`InputError`.
    """
    seen = bad_bytes_seen()
    progress = progress if progress is not None else Progress()
    with open_bytes(path, limits, part) as (raw, encoding):
        stream = _text_stream(raw, encoding, nuls=True)  # (the head to sniff; the rows of a ragged file)
        if part:
            sep = part.sep
        else:
            head = stream.read(SAMPLE_BYTES // 4)
            stream.seek(0)
            sep = sniff_delimiter(path, head)
        row = 1  # the next data row, counting the ragged rows left out
        ragged: set[int] = set()
        try:
            # index_col=False: a first row with extra fields is not an index (pandas warns: an error here)
            # text as Python strings (as records_frame makes it): the loader reads it as a list, and a
            # str column would copy every text into Arrow and out again
            text_as_objects = defaultdict(lambda: str, text=object)
            reader: Iterator[pd.DataFrame] = pd.read_csv(_utf8_bytes(raw, encoding) or stream, sep=sep,
                                                         dtype=text_as_objects, keep_default_na=False,
                                                         chunksize=chunksize, index_col=False, on_bad_lines="warn")
            by_pandas = True
            while True:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", pd.errors.ParserWarning)
                    frame = next(reader, None)
                long_rows = [w for w in caught if issubclass(w.category, pd.errors.ParserWarning)]
                for warning in caught:
                    if warning not in long_rows:
                        warnings.showwarning(warning.message, warning.category, warning.filename, warning.lineno)
                if by_pandas and long_rows:
                    # a row with more fields than the header: pandas leaves it out without its data row
                    # (its line numbers count blank lines), or, if it is the first, cuts every long row
                    # short (index_col=False). The csv module reads the rest of the file and names each.
                    stream.seek(0)
                    reader = _csv_frames(stream, sep, chunksize, row - 1, lambda r, e, n: ragged.add(
                        _ragged_row(path, r, e, n, sep, problem)))
                    by_pandas = False
                    continue
                if frame is None:
                    progress.units = max(row - 1, max(ragged, default=0))  # ragged rows at the end count too
                    break
                # the frame's data rows: the next len(frame) not left out as ragged (not a loop a row: 5 ms a 10,000)
                numbers = list(itertools.islice(itertools.filterfalse(ragged.__contains__, itertools.count(row)),
                                                len(frame)))
                row = numbers[-1] + 1 if numbers else row
                frame[ROW_COL] = numbers
                progress.units = row - 1
                if bad_bytes_seen() != seen:
                    frame = _without_bad_rows(path, frame, encoding, problem, limits.encoding is not None)
                yield frame, encoding
        except pd.errors.EmptyDataError:
            raise InputError(path, "no header line and no rows", fix="export the table with a header row") from None
        except (pd.errors.ParserError, pd.errors.ParserWarning, csv.Error) as exc:
            long_row = "Expected" in str(exc) or isinstance(exc, pd.errors.ParserWarning)
            raise InputError(path, "malformed CSV at or after this data row ("
                             + ("a row has more fields than the header: " if long_row else "") + f"{str(exc).strip()})",
                             line=row,
                             fix="give every row as many fields as the header, and quote fields that contain "
                             f"{sep!r} or newlines" if long_row else
                             "check quoting; a field with newlines must be in double quotes") from None


def _utf8_bytes(raw: BinaryIO, encoding: str) -> io.BytesIO | None:
    """The bytes of an in-memory CSV file or part (see :func:`open_bytes`) for pandas to decode as it
    parses them, when they are valid UTF-8 (a byte order mark left out, as the text stream leaves it
    out); their NULs are counted as the text stream counts them (see :class:`_NulCounting`). Else
    ``None``: the text stream, which pandas encodes back to UTF-8 (about 40 % slower), is read.

    Only valid UTF-8: the text stream escapes each byte not valid in the encoding on its own, where
    pandas would decode the bytes of a field after it removed its quotes (``"x\\xe2"\\x80\\xa6`` would
    be ``x…``, not a record with bad bytes)."""
    if not isinstance(raw, io.BytesIO) or codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig"):
        return None
    data = raw.getvalue()
    if not _valid_utf8(data):
        return None
    _bad_bytes[0] += data.count(0)
    return io.BytesIO(data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data)


def _valid_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8 (decoded a MiB at a time: a whole part decoded at once would
    take up to 4 bytes of memory a byte)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for at in range(0, len(data), MB):
            decoder.decode(data[at:at + MB])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _csv_frames(stream: io.TextIOBase, sep: str, chunksize: int, skip: int,
                on_ragged: Callable[[int, int, int], None]) -> Iterator[pd.DataFrame]:
    """The data rows after the first ``skip`` of a CSV stream, read by the csv module as pandas reads
    them (blank lines passed over, short rows filled with ""); a row with more fields than the
    header is told to ``on_ragged(data row, expected, seen)`` and left out."""
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    records = csv.reader(stream, delimiter=sep)
    header = next((r for r in records if r), None)
    if header is None:
        raise pd.errors.EmptyDataError("no header")
    names: list[str] = []
    for i, name in enumerate(header):  # the column names pandas gives
        name = name or f"Unnamed: {i}"
        names.append(name if name not in names else f"{name}.{sum(n.split('.')[0] == name for n in names)}")
    rows: list[list[str]] = []
    n = 0
    for record in records:
        if not record:
            continue
        n += 1
        if n <= skip:
            continue
        if len(record) > len(names):
            on_ragged(n, len(names), len(record))
            continue
        rows.append(record + [""] * (len(names) - len(record)))
        if len(rows) >= chunksize:
            yield pd.DataFrame(rows, columns=names, dtype=str)
            rows = []
    if rows:
        yield pd.DataFrame(rows, columns=names, dtype=str)


def _ragged_row(path: Path, row: int, expected: int, seen: int, sep: str, problem: Problem | None) -> int:
    """``row``, a data row with more fields than the header, told to ``problem`` (without ``problem``:
    an :class:`InputError` naming it)."""
    what = f"a row with more fields than the header ({seen}, not {expected})"
    fix = f"give every row as many fields as the header, and quote fields that contain {sep!r} or newlines"
    if problem is None:
        raise InputError(path, what, fix=fix, line=row)
    problem(str(path), what, fix, row)
    return row


def _without_bad_rows(path: Path, frame: pd.DataFrame, encoding: str, problem: Problem | None,
                      forced: bool = False) -> pd.DataFrame:
    """``frame`` less the rows that hold an undecodable byte, each reported (or raised) by its row."""
    bad = pd.Series(False, index=frame.index)
    for col in frame.columns:
        if col != ROW_COL and pd.api.types.is_string_dtype(frame[col]):
            bad |= frame[col].str.contains(BAD_BYTE.pattern, regex=True, na=False).astype(bool)
    for _, record in frame[bad].iterrows():
        what, fix = _bad_byte_problem(encoding, bad_byte(list(map(str, record.tolist()))), forced)
        if problem is None:
            raise InputError(path, what, fix=fix, line=int(record[ROW_COL]))
        problem(str(path), what, fix, int(record[ROW_COL]))
    return frame[~bad].reset_index(drop=True) if bad.any() else frame


def read_jsonl(path: Path, chunksize: int, problem: Problem, limits: Limits = DEFAULT_LIMITS,
               part: Part | None = None, progress: Progress | None = None) -> Iterator[tuple[pd.DataFrame, str]]:
    """JSON Lines (or a JSON array of objects) in chunks; a broken line goes to ``problem``, and so
    does a record holding a byte that is not valid in the detected encoding. Only the lines of
    ``part`` when given (see :class:`Part`); ``progress.units`` is the lines read so far."""
    seen = bad_bytes_seen()
    progress = progress if progress is not None else Progress()
    with open_text(path, limits, part=part) as (stream, encoding):
        first = stream.read(1024).lstrip("\ufeff \t\r\n")
        stream.seek(0)
        # a JSON array of objects only in .json files (or unknown extensions); .jsonl is line by line
        if not part and is_json_array(path, first):
            try:
                whole = stream.read().lstrip("\ufeff")
                items = json.loads(whole)
                if _SURROGATE_ESCAPE.search(whole):
                    items = _json_without_surrogates(items)
            except json.JSONDecodeError as exc:
                raise InputError(path, f"broken JSON ({exc.msg})", fix="repair the file", line=exc.lineno) from None
            except RecursionError:
                raise InputError(path, "JSON nested too deeply", fix="flatten the records: one object of text and "
                                 "metadata fields each", line=1) from None
            lines: Iterator[tuple[int, object]] = ((i, obj) for i, obj in enumerate(items, start=1))
        else:
            lines = _json_lines(path, stream, problem, limits, progress, encoding)
        rows: list[dict] = []
        for lineno, obj in lines:
            if not isinstance(obj, dict):
                problem(str(path), f"record is a JSON {type(obj).__name__}, not an object", "make each line a "
                        "JSON object with a text field", lineno)
                continue
            if _bad_bytes[0] != seen and (byte := bad_byte(obj)):
                problem(str(path), *_bad_byte_problem(encoding, byte, limits.encoding is not None), lineno)
                continue
            obj[ROW_COL] = lineno
            rows.append(obj)
            if len(rows) >= chunksize:
                yield records_frame(rows), encoding
                rows = []
        if rows:
            yield records_frame(rows), encoding


def records_frame(rows: list[dict]) -> pd.DataFrame:
    """``pd.DataFrame(rows)``, the same columns in the same order, but a ``text`` that every record
    gives as a string is a column of those very Python strings (dtype object): the loader reads it
    back as a list (``_strings``), and a pandas string column would copy every text into Arrow and
    out again. ``rows`` lose their ``text`` key then.

    >>> frame = records_frame([{"id": 1, "text": "Talks."}, {"id": 2, "text": "Again.", "x": 3}])
    >>> frame.columns.tolist(), frame["text"].dtype, frame["x"].tolist()
    (['id', 'text', 'x'], dtype('O'), [nan, 3.0])
    """
    texts = [row.get("text") for row in rows]
    if not rows or set(map(type, texts)) != {str}:  # (a text missing or not a string: pandas' own inference)
        return pd.DataFrame(rows)
    at = list(rows[0]).index("text")  # every record has it: first seen in the first, after its keys before it
    for row in rows:
        del row["text"]
    frame = pd.DataFrame(rows, index=pd.RangeIndex(len(rows)))  # (an index: records of nothing but a text)
    frame.insert(at, "text", pd.Series(texts, index=frame.index, dtype=object))
    return frame


def is_json_array(path: Path, first: str) -> bool:
    """Whether a ``.json`` file (or one of unknown type) starting with ``first`` holds one JSON array."""
    return first.startswith("[") and format_of(path) in ("jsonl", None) and not any(
        s.lower() in (".jsonl", ".ndjson") for s in path.suffixes)


LINE_BYTES = 1 << 22  # bytes of a JSONL file read at a time
_LINE_END = re.compile(b"\r\n|\r|\n")


def byte_lines(stream: BinaryIO, size: int = LINE_BYTES) -> Iterator[bytes]:
    """The lines of a UTF-8 (or single-byte code page) byte stream, without their ends: the lines of
    a text stream opened with ``newline=""`` over it (a line ends at LF, CR LF or CR), read ``size``
    bytes at a time and split at C speed.

    >>> list(byte_lines(io.BytesIO(b"a\\r\\nb\\rc\\n\\nd"), size=3))
    [b'a', b'b', b'c', b'', b'd']
    """
    pending: list[bytes] = []  # the start of a line not ended yet (a long line: many chunks, joined once)
    while chunk := stream.read(size):
        if b"\n" not in chunk and b"\r" not in chunk:
            pending.append(chunk)
            continue
        data = b"".join([*pending, chunk]) if pending else chunk
        ends_cr = data.endswith(b"\r")  # the next chunk may start with the LF of this CR LF
        body = data[:-1] if ends_cr else data
        lines = _LINE_END.split(body) if b"\r" in body else body.split(b"\n")
        last = lines.pop() + (b"\r" if ends_cr else b"")
        pending = [last] if last else []
        yield from lines
    if pending:
        lines = _LINE_END.split(b"".join(pending))
        yield from lines[:-1] if not lines[-1] else lines


_BIG_INT = re.compile(b"[0-9]{19}")  # an integer orjson cannot hold in 64 bits has 19 digits or more
_DEEP = 64  # a record with this many brackets may be nested deeper than json's recursion allows
_FLAT = frozenset((str, int, bool, type(None)))  # JSON values orjson decodes exactly as json does


def _orjson_exact(value: object, line: str | bytes) -> bool:
    """Whether orjson's ``value`` of ``line`` is what json makes of it: a value holding only strings,
    integers, booleans and nulls is; one holding a float, list or object is unless its line has 19
    digits in a row (orjson turns a bigger integer into a float) or many brackets (json's nesting
    limit is lower)."""
    if _FLAT.issuperset(map(type, value.values())) if type(value) is dict else type(value) in _FLAT:
        return True
    data = line.encode("utf-8", "surrogatepass") if isinstance(line, str) else line
    return not _BIG_INT.search(data) and data.count(b"[") + data.count(b"{") < _DEEP


def decode_json_line(line: str) -> object:
    """One JSON value as :func:`json.loads` decodes it (same values, same errors), with lone
    surrogates (``\\ud800``) replaced as :func:`_json_without_surrogates` does; decoded by orjson,
    about twice as fast, wherever the two agree (see :func:`_orjson_exact`). orjson refuses what
    json accepts beyond the standard (``NaN``, ``Infinity``, ``1e400``, lone surrogate escapes) and
    every broken line: json then decodes it (or refuses it with its own message).

    >>> decode_json_line('{"a": 1, "a": [2.5]}'), decode_json_line('{"n": NaN, "big": 123456789012345678901}')
    ({'a': [2.5]}, {'n': nan, 'big': 123456789012345678901})
    """
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        value = json.loads(line)
        return _json_without_surrogates(value) if _SURROGATE_ESCAPE.search(line) else value
    return value if _orjson_exact(value, line) else json.loads(line)  # orjson refused lone surrogates


def _json_lines(path: Path, stream: io.TextIOBase, problem: Problem, limits: Limits = DEFAULT_LIMITS,
                progress: Progress | None = None, encoding: str = "") -> Iterator[tuple[int, object]]:
    """The records of a JSON Lines stream as ``(line number, value)``. A UTF-8 stream is read as
    bytes and each line given to orjson as it is; a line it refuses or cannot decode exactly (see
    :func:`_orjson_exact`: blank or padded lines, a byte order mark, bytes not valid UTF-8, NaN,
    ...) is decoded as text and read as every line of a stream in another encoding is."""
    max_chars = limits.doc_chars
    as_bytes = isinstance(stream, io.TextIOWrapper) and codecs.lookup(encoding or "ascii").name in ("utf-8", "utf-8-sig")
    lines: Iterator[str | bytes] = byte_lines(cast(BinaryIO, cast(io.TextIOWrapper, stream).buffer)) if as_bytes else iter(stream)
    for lineno, line in enumerate(lines, start=1):
        if progress is not None:
            progress.units = lineno
        if isinstance(line, bytes):
            if len(line) <= max_chars:  # no more characters than bytes
                try:
                    value = orjson.loads(line)
                    if _orjson_exact(value, line):
                        yield lineno, value
                        continue
                except orjson.JSONDecodeError:
                    pass
            line = line.decode("utf-8", errors="framing-escape")  # a BOM: "\ufeff", stripped below
        line = line.lstrip("\ufeff").strip()
        if not line:
            continue
        if len(line) > max_chars:
            problem(str(path), *doc_too_big(limits, len(line)), lineno)
            continue
        try:
            yield lineno, decode_json_line(line)
        except json.JSONDecodeError as exc:
            problem(str(path), f"broken JSON ({exc.msg})", "repair or remove that line", lineno)
        except RecursionError:
            problem(str(path), "JSON nested too deeply", "flatten the record: one object of text and metadata fields",
                    lineno)


def read_parquet(path: Path, chunksize: int, limits: Limits = DEFAULT_LIMITS, row_groups: range | None = None,
                 progress: Progress | None = None) -> Iterator[tuple[pd.DataFrame, str]]:
    """Parquet row groups (all, or those in ``row_groups``) in batches of ``chunksize`` rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    progress = progress if progress is not None else Progress()
    try:
        with open_binary(path, limits) as fh:
            source = io.BytesIO(fh.read()) if is_gzip(path) else (fh if is_remote(path) else path)
            pf = pq.ParquetFile(source)
            row = 1
            groups = list(row_groups) if row_groups is not None else None
            for batch in pf.iter_batches(batch_size=chunksize, row_groups=groups):
                frame = batch.to_pandas()
                frame[ROW_COL] = range(row, row + len(frame))
                row += len(frame)
                progress.units = row - 1
                yield frame, "parquet"
    except GZIP_ERRORS as exc:
        raise _gzip_problem(path, exc) from None
    except (pa.ArrowException, OSError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(path, f"not a readable Parquet file ({exc})", fix="re-export it") from None


def read_txt(path: Path, limits: Limits = DEFAULT_LIMITS, note: Problem | None = None) -> tuple[pd.DataFrame, str]:
    """A plain-text page: one document (title and cleaning happen in the loader); ``note`` as in
    :func:`read_whole_text`."""
    text, encoding = read_whole_text(path, limits, note)
    return pd.DataFrame([{"text": text, ROW_COL: None}]), encoding


def read_html(path: Path, limits: Limits = DEFAULT_LIMITS, note: Problem | None = None) -> tuple[pd.DataFrame, str]:
    """An HTML page: main text and metadata (title, sitename, date, author, url) by trafilatura;
    ``note`` as in :func:`read_whole_text`."""
    import trafilatura

    html, encoding = read_whole_text(path, limits, note)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                      favor_precision=True, deduplicate=False)
    if doc is None:
        return pd.DataFrame([{"text": "", ROW_COL: None}]), encoding
    get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
    record = {"text": get("text") or "", "title": get("title") or "", "outlet": get("sitename") or "",
              "published": get("date") or "", "url": get("url") or "", "author": get("author") or "",
              ROW_COL: None}
    return pd.DataFrame([record]), encoding
