"""Exact and near-duplicate documents (syndicated wire copies) -> ``dup_cluster``, ``is_canonical``.

1. **Exact duplicates**: same hash of the normalised text (case-folded words, punctuation and
   spacing ignored). A document with no words is a duplicate of nothing.
2. **Near duplicates**: the word 3-gram shingles of each document get a MinHash signature (64
   datasketch ``affine32`` permutations, fixed seed 1) cut into LSH bands (tuned for recall at
   0.8 x the threshold). Documents sharing a band key are *candidates*: in each band bucket,
   ordered by a hash of the normalised text and the band, each document is paired with the :data:`WINDOW`
   documents before it (every pair, in a bucket of up to ``WINDOW + 1`` documents; a few
   neighbours per document in the huge buckets that templated documents share, so the work
   stays near-linear). A candidate pair whose signatures agree on fewer than ``threshold -
   MARGIN`` of the permutations is dropped; every other one is confirmed by the *exact* Jaccard
   similarity of the two shingle sets, which must reach ``threshold`` (default 0.6).
3. Confirmed pairs are joined transitively into clusters (union-find; a pair already in one
   cluster is not compared, which changes no cluster). The canonical document of a cluster is
   the earliest published one (unknown dates last), ties broken by the smallest ``doc_id``; its
   ``doc_id`` names the cluster. The candidate pairs depend only on the documents' texts, so the
   clusters do not depend on the input order, the chunk size, the number of workers or the run.

Columns added: ``dup_cluster`` (doc_id of the canonical document; a document's own id when it is
unique), ``is_canonical``, ``dup_kind`` ("" for canonical/unique documents, "exact" or "near"),
``dup_similarity`` (Jaccard similarity to the canonical document; 1.0 for itself).

Bounded memory: the per-document work (words, hashes, shingles, MinHash, band keys) is a pure
function of a chunk (:func:`sketch`), run in any worker (:func:`dedup_chunks`: a process pool or a
Dask cluster); the collecting :class:`Deduper` writes shingles, signatures and band keys to
temporary files (partitioned by key), groups band keys one partition at a time, writes the
candidate pairs to partition files too and confirms them one partition at a time, and keeps only
a few numbers per document in memory (about 60 bytes plus the ``doc_id``). A text of more than
:data:`LONG_TEXT` characters is hashed and shingled piece by piece (cut at whitespace, with the
same result), so one 300 MB document costs about its shingles (4 bytes a word) and its text.

>>> docs = pd.DataFrame({"doc_id": ["b", "a", "c"], "published": pd.to_datetime(["2024-01-02", "2024-01-01", None], utc=True),
...     "text": ["Kyiv and Moscow agreed to resume talks in Istanbul next week, officials said.",
...              "Kyiv and Moscow agreed to resume talks in Istanbul next week, officials said on Monday.",
...              "A different story about grain exports through the Black Sea."]})
>>> find_duplicates(docs)[["doc_id", "dup_cluster", "is_canonical", "dup_kind"]].values.tolist()
[['b', 'a', False, 'near'], ['a', 'a', True, ''], ['c', 'c', True, '']]
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from ..chars import IGNORED, INVISIBLE, WORD, char_class, codes_of, letter_runs, narrow_codes_of, word_characters, word_runs
from ..errors import OutputError, ParameterError, value_invalid_msg
from ..text import pieces_at_spaces

DEDUP_COLUMNS = ["dup_cluster", "is_canonical", "dup_kind", "dup_similarity"]
THRESHOLD = 0.6
SHINGLE_WORDS = 3
NUM_PERM = 64
SEED = 1
WINDOW = 8  # documents before it in its band bucket that a document is compared with
MARGIN = 0.2  # candidates whose MinHash estimate is below threshold - MARGIN are not confirmed
PARTITION_BITS = 4  # band keys and candidate pairs are spilled to 2**PARTITION_BITS files
ENGINES = ("local", "dask")
_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1], dtype=np.uint64)
_BAND_SEED = np.uint64(0x9E3779B97F4A7C15)
_BLOCK_ROWS = 1 << 15  # shingles hashed at once by :func:`minhash` (64 permutations: 8 MB)
LONG_TEXT = 1 << 20  # characters: longer texts are hashed and shingled in pieces (bounded memory)
# characters of short texts whose same-text keys are worked out together: the arrays of a batch stay
# in the CPU's caches (keys of 20,000 news texts: 0.26 s of CPU in batches of 1M characters, 0.15 s in 64K)
KEY_BATCH = 1 << 16
# characters of short texts read a byte a character at once: the bytes of a batch of KEY_BATCH code points
# (keys of c20k's 20,000 news texts: 0.086 s of CPU in batches of KEY_BATCH bytes, 0.080 s in these)
BYTE_BATCH = 4 * KEY_BATCH
_PAIR_BLOCK = 1 << 16  # candidate pairs filtered at once before the exact comparisons
_CONFIRM_BLOCK = 1 << 10  # candidate pairs compared at once (exact Jaccard, vectorised)
SCHEDULER_TIMEOUT = "10s"  # how long `framing dedup --scheduler ADDR` waits for the scheduler to answer
_GATHER_LIMIT = 1 << 22  # most shingles read at once for that


_P = 0x100000001B3  # odd, so invertible modulo 2**64
_P_INV = pow(_P, -1, 1 << 64)


def word_hashes(text: str) -> np.ndarray:
    """Stable 64-bit hashes of the case-folded words of ``text``, in order (vectorised).

    A word is a run of ``\\w`` characters, as in ``re.findall(r"\\w+", text.casefold())``, with
    invisible characters left out (:func:`framing.chars.letter_runs`, the letters of the text
    layer's words); its hash is a polynomial hash of its code points (the same in every run and process).

    >>> a, b = word_hashes("Talks, resumed!"), word_hashes("talks resumed")
    >>> len(a), bool((a == b).all())
    (2, True)
    """
    if len(text) > LONG_TEXT:  # in pieces: the arrays of one piece at a time, not of the whole text
        return np.concatenate([_piece_hashes(piece) for piece in pieces_at_spaces(text, LONG_TEXT)])
    return _piece_hashes(text)


def _piece_hashes(text: str) -> np.ndarray:
    cp, starts, ends = letter_runs(codes_of(text.casefold()))
    return _run_hashes(cp, starts, ends)


def _run_hashes(cp: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The polynomial hash of each run ``cp[starts[k]:ends[k]]``: it depends on the run's code
    points only, not on where the run is, so runs of many texts joined are hashed as each alone."""
    if not len(starts):
        return np.empty(0, dtype=np.uint64)
    n = len(cp)
    powers, inverse = _powers(n + 1)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    prefix[1:] = np.cumsum((cp.astype(np.uint64) + np.uint64(1)) * powers[:n])
    return (prefix[ends] - prefix[starts]) * inverse[starts]


_POWERS_KEPT = 1 << 18  # powers of _P (and of its inverse) kept for runs of up to this many characters (4 MB)
_POWERS: list[np.ndarray] = []


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``_P ** i`` and ``_P_INV ** i`` (mod 2**64) for ``i < n``: made once for the usual sizes."""
    if not _POWERS or len(_POWERS[0]) < n:
        size = _POWERS_KEPT if n <= _POWERS_KEPT else n
        made = []
        for base in (_P, _P_INV):
            power = np.ones(size, dtype=np.uint64)
            power[1:] = np.cumprod(np.full(size - 1, base, dtype=np.uint64))
            made.append(power)
        if size > _POWERS_KEPT:
            return made[0][:n], made[1][:n]
        _POWERS[:] = made
    return _POWERS[0][:n], _POWERS[1][:n]


def _visible_starts(texts: list[str], hidden: np.ndarray) -> np.ndarray:
    """Where each of ``texts`` begins (and, last, where they end) in their join by one character,
    counted among the join's visible characters: ``hidden`` are the places of the invisible ones
    in the join (:func:`framing.chars.word_characters`)."""
    first = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1, out=first[1:])
    return first - np.searchsorted(hidden, first) if len(hidden) else first


def batch_word_hashes(texts: list[str]) -> list[np.ndarray]:
    """:func:`word_hashes` of each text, worked out for the texts together (one pass of numpy over
    them joined, instead of a few numpy calls per text): for many short texts, several times
    quicker. Meant for batches of up to about :data:`LONG_TEXT` characters.

    >>> a, b, c = batch_word_hashes(["Talks, resumed!", "", "Cease\u00adfire"])
    >>> bool((a == word_hashes("talks resumed")).all()), len(b), bool((c == word_hashes("ceasefire")).all())
    (True, 0, True)
    """
    if not texts:
        return []
    folded = [t.casefold() for t in texts]
    codes = codes_of(" ".join(folded) + " ")  # a space is no word character: words never run into the next text
    cp, word, hidden = word_characters(codes)
    starts, ends = word_runs(word)
    hashes = _run_hashes(cp, starts, ends)
    first = _visible_starts(folded, hidden)
    bounds = np.searchsorted(starts, first).tolist()
    return [hashes[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def normalised_hash(text: str) -> str:
    """Hash of the text with case, punctuation and spacing ignored (exact-duplicate key).

    >>> normalised_hash("Talks  resumed.") == normalised_hash("talks resumed")
    True
    """
    return _long_sketch(text, near=False)[0].hex()


def same_text_keys(texts: list[str]) -> list[bytes]:
    """A key per text, equal for two texts exactly when their :func:`normalised_hash` is (the same
    words; case, punctuation and spacing ignored), worked out a batch at a time: short texts
    together, up to :data:`KEY_BATCH` characters at once (a text up to :data:`LONG_TEXT` alone),
    and a longer text piece by piece (cut at whitespace), so that memory stays bounded whatever
    the texts' size. Texts that Latin-1 holds (most news in English or other western European
    languages) are batched apart and read a byte a character (:func:`_byte_words`), up to
    :data:`BYTE_BATCH` at once.

    The key hashes the words themselves (:func:`_words_key`: code points, each word ended by a 0),
    not their hashes.

    >>> texts = ["Talks  resumed.", "talks resumed", "Talks resumed later", "", "Cease\u00adfire", "ceasefire"]
    >>> keys = same_text_keys(texts)
    >>> [keys[0] == keys[1], keys[0] == keys[2], keys[4] == keys[5], keys[3] == same_text_keys([" "])[0]]
    [True, False, True, True]
    """
    keys: list[bytes] = [b""] * len(texts)
    narrow: list[int] = []  # the texts read a byte a character ...
    data: list[bytes] = []  # ... as bytes
    wide: list[int] = []  # the others
    other: list[int] = []  # the non-ASCII texts, to sort
    for i, text in enumerate(texts):
        if len(text) > LONG_TEXT:
            keys[i] = _long_text_key(text)
        elif text.isascii():
            narrow.append(i)
            data.append(text.encode("ascii"))
        else:
            other.append(i)
    for lo, hi in _batches([len(texts[i]) for i in other]):
        for i, one_byte in zip(other[lo:hi], _one_byte([texts[i] for i in other[lo:hi]])):
            if one_byte is None:
                wide.append(i)
            else:
                narrow.append(i)
                data.append(one_byte)
    sha1 = hashlib.sha1
    for lo, hi in _batches([len(x) for x in data], BYTE_BATCH):
        for i, words in zip(narrow[lo:hi], _byte_words(data[lo:hi])):  # (words as _compact gives them)
            keys[i] = sha1(words).digest()
    for lo, hi in _batches([len(texts[i]) for i in wide]):
        batch = wide[lo:hi]
        for i, codes in zip(batch, _word_codes([texts[i] for i in batch])):
            keys[i] = _words_key(codes)
    return keys


def _batches(sizes: list[int], limit: int | None = None) -> list[tuple[int, int]]:
    """``(start, stop)`` of consecutive runs of ``sizes`` that sum to at most ``limit`` (default
    :data:`KEY_BATCH`; a size over it alone).

    >>> _batches([3, 3, 5, 1, 9], 6)
    [(0, 2), (2, 4), (4, 5)]
    """
    limit = KEY_BATCH if limit is None else limit
    out, start, size = [], 0, 0
    for k, n in enumerate(sizes):
        if size + n > limit and k > start:
            out.append((start, k))
            start, size = k, 0
        size += n
    if start < len(sizes):
        out.append((start, len(sizes)))
    return out


def _one_byte(texts: list[str]) -> list[bytes | None]:
    """Per text, the text a byte a character, when :func:`_byte_words` reads its words so: in
    Latin-1, each character that Latin-1 lacks made a space where it and its case fold are neither
    word characters nor invisible (a dash, a curly quote: it only parts words, as a space does);
    else ``None`` (a word character out of Latin-1, an invisible one, or ß or µ, whose case folds
    leave Latin-1). Worked out for the texts joined, as one array of code points.

    >>> _one_byte(["Café – “talks”", "Straße", "Київ", "a\u200bb", ""])
    [b'Caf\\xe9    talks ', None, None, None, b'']
    """
    codes = narrow_codes_of("".join(texts))  # (uint16 for most: half the bytes of uint32 to make and read)
    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))
    beyond = np.flatnonzero(codes > 255)
    unread: set[int] = set()  # the texts with a character beyond Latin-1 that is not only a separator
    if len(beyond):
        found = codes[beyond]
        bad = [c for c in np.unique(found).tolist() if not _only_parts_words(chr(c))]
        if bad:
            unread = set(np.searchsorted(ends, beyond[np.isin(found, bad)], side="right").tolist())
    latin1 = codes.astype(np.uint8)
    latin1[beyond] = 32  # (a space for each separator beyond Latin-1)
    data = latin1.tobytes()
    out: list[bytes | None] = []
    start = 0
    for k, end in enumerate(ends.tolist()):
        piece = None if k in unread else data[start:end]
        out.append(None if piece is None or b"\xdf" in piece or b"\xb5" in piece else piece)
        start = end
    return out


@lru_cache(maxsize=4096)  # (each batch asks again for the same few dashes and quotes)
def _only_parts_words(ch: str) -> bool:
    """Whether neither ``ch`` nor a character of its case fold is a word character or invisible.

    >>> _only_parts_words("’"), _only_parts_words("ы"), _only_parts_words("\\u0345")  # (ͅ folds to ι)
    (True, False, False)
    """
    classes = char_class()
    return not any(classes[ord(c)] & (WORD | IGNORED) for c in {ch, *ch.casefold()})


def _words_key(codes: bytes) -> bytes:
    """The same-text key of words given as :func:`_word_codes` gives them (``uint32`` code points,
    each word ended by a 0): the SHA-1 of the words a byte a character when every code point is
    below 256, else of the ``uint32`` codes after a 4 (which starts no word: the two never meet);
    the same words, the same key.

    >>> _words_key(_word_codes(["Talks, resumed!"])[0]) == hashlib.sha1(b"talks\\x00resumed\\x00").digest()
    True
    """
    return hashlib.sha1(_compact(codes)).digest()


def _compact(codes: bytes) -> bytes:
    """:func:`_words_key`'s input to SHA-1 of ``uint32`` words ``codes``."""
    array = np.frombuffer(codes, dtype=np.uint32)
    if not len(array) or array.max() < 256:
        return array.astype(np.uint8).tobytes()
    return b"\x04" + codes


def _long_text_key(text: str) -> bytes:
    """:func:`_words_key` of a text longer than :data:`LONG_TEXT`, a piece at a time: once to find
    whether a word's code point reaches 256, once to hash."""
    wide = not text.isascii() and any(
        len(a := np.frombuffer(_word_codes([piece])[0], dtype=np.uint32)) and a.max() >= 256
        for piece in pieces_at_spaces(text, LONG_TEXT))
    digest = hashlib.sha1(b"\x04" if wide else b"")
    for piece in pieces_at_spaces(text, LONG_TEXT):
        codes = _word_codes([piece])[0]
        digest.update(codes if wide else np.frombuffer(codes, dtype=np.uint32).astype(np.uint8).tobytes())
    return digest.digest()


@lru_cache(maxsize=1)
def _byte_table() -> bytes:
    """A Latin-1 byte -> its character case-folded, if that is one Latin-1 word character (``re``'s
    ``\\w``), else 0 (ß and µ fold to others: :func:`_one_byte` keeps their texts out)."""
    table = bytearray(256)
    for b in range(1, 256):
        folded = chr(b).casefold()
        if len(folded) == 1 and ord(folded) < 256 and char_class()[ord(folded)] & WORD:
            table[b] = ord(folded)
    return bytes(table)


_HIDDEN_BYTES = "".join(ch for ch in INVISIBLE if ord(ch) < 256).encode("latin-1")  # the soft hyphen


def _byte_words(texts: list[bytes]) -> list[memoryview]:
    """Per text given in Latin-1 (:func:`_one_byte`), what :func:`_compact` makes of its
    :func:`_word_codes`: its case-folded words a byte a character, each ended by a 0 (its invisible
    characters, the soft hyphen, taken out first, as :func:`_word_codes` does); views of one buffer.

    >>> [bytes(w) for w in _byte_words([b"Talks, resumed!", b"", b"x_1 Caf\\xc9", b"cease\\xadfire"])]
    [b'talks\\x00resumed\\x00', b'', b'x_1\\x00caf\\xe9\\x00', b'ceasefire\\x00']
    """
    if not texts:
        return []
    joined = b"\x00".join([*texts, b""])  # (a 0 ends each text, the last too)
    if any(byte in joined for byte in _HIDDEN_BYTES):  # (rare) taken out text by text: their lengths change
        texts = [t.translate(None, _HIDDEN_BYTES) for t in texts]
        joined = b"\x00".join([*texts, b""])
    # one translate of the batch (not one a text: a call each, and a copy of each to join)
    codes = np.frombuffer(joined.translate(_byte_table()), dtype=np.uint8)
    word = codes != 0
    keep = word.copy()
    keep[1:] |= word[:-1]  # the first character after a word marks its end (it is a 0)
    words = memoryview(codes[keep])  # (its slices are hashed as they are: no copy to bytes)
    first = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1, out=first[1:])
    # (summed as bytes into int32, half the time of bools into int64; a text's count fits: LONG_TEXT)
    counts = np.add.reduceat(keep.view(np.uint8), first[:-1], dtype=np.int32)
    bounds = np.concatenate(([0], np.cumsum(counts, dtype=np.int64))).tolist()
    return [words[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def _word_codes(texts: list[str]) -> list[bytes]:
    """Per text, the code points (int32) of its case-folded words, each word followed by a 0."""
    if not texts:
        return []
    folded = [t.casefold() for t in texts]
    codes = codes_of(" ".join(folded) + " ")  # a space is no word character: every word is followed by one
    visible, word, hidden = word_characters(codes)
    first = _visible_starts(folded, hidden)  # each text has 1+ visible character: its space
    keep = word.copy()
    keep[1:] |= word[:-1]  # the first character after a word marks its end
    words = (visible * word)[keep]  # that character as a 0
    bounds = np.concatenate(([0], np.cumsum(np.add.reduceat(keep, first[:-1], dtype=np.int64)))).tolist()
    return [words[a:b].tobytes() for a, b in zip(bounds[:-1], bounds[1:])]


def _key(hashes: np.ndarray) -> bytes:
    return hashlib.sha1(hashes.tobytes()).digest()


def _long_sketch(text: str, near: bool = True, k: int = SHINGLE_WORDS) -> tuple[bytes, np.ndarray, int]:
    """``(_key(word_hashes(text)), shingles(text, k), number of words)`` (empty shingles unless
    ``near``), one piece of the text at a time: a 300 MB text costs its shingles' memory, not ~30
    bytes a character."""
    sha = hashlib.sha1()
    carry = np.empty(0, dtype=np.uint64)  # the last k - 1 words of the pieces so far
    parts, total = [], 0
    for piece in pieces_at_spaces(text, LONG_TEXT):
        words = _piece_hashes(piece)
        sha.update(words.tobytes())
        total += len(words)
        if near:
            both = np.concatenate([carry, words])
            if len(both) >= k:
                parts.append(_unique(_gram_hashes(both, k)))
            carry = both[-(k - 1):] if k > 1 else both[:0]
    if near and 0 < total < k:  # fewer words than k: one shingle of them all
        return sha.digest(), shingles(word_hashes(text), k), total
    every = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint32)
    del parts
    return sha.digest(), _unique(every, in_place=True), total


def _gram_hashes(h: np.ndarray, k: int) -> np.ndarray:
    """32-bit hashes of the ``k``-grams of the word hashes ``h`` (``len(h) >= k``), in order."""
    n = len(h) - k + 1
    combined = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        combined ^= h[j:j + n]
        combined *= _MIX[j % len(_MIX)]
        combined ^= combined >> np.uint64(29)
    return (combined & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def shingles(text: str | np.ndarray, k: int = SHINGLE_WORDS) -> np.ndarray:
    """Sorted unique 32-bit hashes of the word ``k``-grams of ``text`` (or of its :func:`word_hashes`).

    >>> len(shingles("a b c d")), len(shingles("a b c a b c"))
    (2, 3)
    """
    h = word_hashes(text) if isinstance(text, str) else text
    if not len(h):
        return np.empty(0, dtype=np.uint32)
    return _unique(_gram_hashes(h, min(k, len(h))))


def _unique(values: np.ndarray, in_place: bool = False) -> np.ndarray:
    """Sorted unique values (a plain sort: numpy's hash-based ``unique`` is slower on these);
    ``in_place`` sorts ``values`` itself instead of a copy."""
    if in_place:
        values.sort()
    else:
        values = np.sort(values)
    if len(values) < 2:
        return values
    return values[np.concatenate([[True], values[1:] != values[:-1]])]


def shingle_sets(words: list[np.ndarray], k: int = SHINGLE_WORDS) -> tuple[np.ndarray, np.ndarray]:
    """:func:`shingles` of many documents at once (their :func:`word_hashes`): ``(flat, counts)``,
    the sorted unique shingles of each document one after another, and how many each has.

    >>> flat, counts = shingle_sets([word_hashes("a b c d"), word_hashes(""), word_hashes("a b")])
    >>> counts.tolist(), bool((flat[:2] == shingles("a b c d")).all()), bool(flat[2] == shingles("a b")[0])
    ([2, 0, 1], True, True)
    """
    lengths = np.array([len(w) for w in words], dtype=np.int64)
    keys = []
    for d in np.flatnonzero((lengths > 0) & (lengths < k)).tolist():  # fewer words than k: one shingle of all
        keys.append((np.uint64(d) << np.uint64(32)) | shingles(words[d], k).astype(np.uint64))
    long = np.flatnonzero(lengths >= k)
    if len(long):
        h = np.concatenate([words[d] for d in long.tolist()])
        n = len(h) - k + 1
        combined = _gram_hashes(h, k).astype(np.uint64)
        owner = np.repeat(long.astype(np.uint64), lengths[long])  # document of each word
        inside = owner[:n] == owner[k - 1:]  # k-grams that do not cross into the next document
        keys.append((owner[:n][inside] << np.uint64(32)) | combined[inside])
    if not keys:
        return np.empty(0, dtype=np.uint32), np.zeros(len(words), dtype=np.int64)
    unique = _unique(np.concatenate(keys))
    counts = np.bincount((unique >> np.uint64(32)).astype(np.int64), minlength=len(words))
    return (unique & np.uint64(0xFFFFFFFF)).astype(np.uint32), counts.astype(np.int64)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique arrays.

    >>> jaccard(np.array([1, 2, 3]), np.array([2, 3, 4]))
    0.5
    """
    if not len(a) and not len(b):
        return 1.0
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return 0.0
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    inter = int(np.count_nonzero(b[at] == a))
    return inter / (len(a) + len(b) - inter)


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's 32-bit affine permutations ``a * h + b (mod 2**32)`` for this seed (``a`` odd)."""
    from datasketch import MinHash

    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    return np.ascontiguousarray(a, dtype=np.uint32), np.ascontiguousarray(b, dtype=np.uint32)


def minhash(flat: np.ndarray, counts: np.ndarray, num_perm: int = NUM_PERM, seed: int = SEED) -> np.ndarray:
    """MinHash signatures of many shingle sets at once: ``flat`` holds them one after another,
    ``counts`` their sizes. Returns a ``(len(counts), num_perm)`` uint32 array (all ``2**32 - 1``
    for an empty set). Works in blocks of shingles, so one huge document costs no more memory.

    >>> sig = minhash(np.array([5, 9, 5], dtype=np.uint32), np.array([2, 0, 1]), num_perm=4)
    >>> sig.shape, bool((sig[1] == 2**32 - 1).all()), bool((sig[0] <= sig[2]).all())
    ((3, 4), True, True)
    """
    a, b = _permutations(num_perm, seed)
    counts = np.asarray(counts, dtype=np.int64)
    sig = np.full((len(counts), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    bounds = np.concatenate([[0], np.cumsum(counts)])
    filled = np.flatnonzero(counts > 0)
    for start in range(0, int(bounds[-1]), _BLOCK_ROWS):
        end = min(start + _BLOCK_ROWS, int(bounds[-1]))
        # the non-empty documents overlapping [start, end)
        lo = np.searchsorted(bounds[filled + 1], start, side="right")
        hi = np.searchsorted(bounds[filled], end, side="left")
        docs = filled[lo:hi]
        values = np.multiply(a[:, None], flat[None, start:end])  # (num_perm, shingles), uint32: wraps modulo 2**32
        values += b[:, None]
        firsts = np.maximum(bounds[docs], start) - start
        sig[docs] = np.minimum(sig[docs], np.minimum.reduceat(values, firsts, axis=1).T)  # along rows: quick
    return sig


@lru_cache(maxsize=8)
def band_shape(threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """``(bands, rows)`` of the LSH index: datasketch's optimum for ``0.8 * threshold``, weighting
    false negatives 0.7 (every candidate is confirmed afterwards, so extra ones cost time only).

    >>> band_shape(0.6, 64)
    (16, 4)
    """
    from datasketch.lsh import _optimal_param

    bands, rows = _optimal_param(threshold * 0.8, num_perm, 0.3, 0.7)
    return int(bands), int(rows)


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per band of each signature, ``(n, bands)``; the band's number is part of
    the key, so keys of different bands never meet.

    >>> sig = np.array([[1, 2, 3, 4], [1, 2, 9, 4]], dtype=np.uint32)
    >>> k = band_keys(sig, 2, 2)
    >>> bool(k[0, 0] == k[1, 0]), bool(k[0, 1] == k[1, 1]), bool(k[0, 0] == k[0, 1])
    (True, False, False)
    """
    n = len(signatures)
    values = signatures[:, :bands * rows].reshape(n, bands, rows).astype(np.uint64)
    h = np.broadcast_to((np.arange(1, bands + 1, dtype=np.uint64) * _BAND_SEED), (n, bands)).copy()
    for j in range(rows):
        h = (h ^ values[:, :, j]) * _MIX[j % len(_MIX)]
        h ^= h >> np.uint64(31)
    return h


@dataclass(frozen=True)
class Sketch:
    """What :class:`Deduper` needs of a chunk of documents (made by :func:`sketch`, in any worker).

    ``key``: ``(n, 2)`` uint64 normalised-text hash (zeros for a document with no words);
    ``counts``: shingles per document, stored one after another in ``shingles``; ``signatures``:
    ``(n, num_perm)`` MinHash values (``(n, 0)`` when near-duplicates are off).
    """

    doc_id: np.ndarray
    published: np.ndarray  # ns since the epoch as float; +inf when unknown
    key: np.ndarray
    counts: np.ndarray
    shingles: np.ndarray
    signatures: np.ndarray

    def __len__(self) -> int:
        return len(self.doc_id)


def _published_ns(frame: pd.DataFrame) -> np.ndarray:
    if "published" not in frame.columns or not len(frame):
        return np.full(len(frame), np.inf)
    published = pd.to_datetime(frame["published"], utc=True, errors="coerce")
    ns = published.astype("int64").to_numpy(dtype="float64")
    ns[published.isna().to_numpy()] = np.inf
    return ns


def sketch(frame: pd.DataFrame, near: bool = True, shingle_words: int = SHINGLE_WORDS, num_perm: int = NUM_PERM,
           seed: int = SEED) -> Sketch:
    """The :class:`Sketch` of a chunk of documents (columns ``doc_id``, ``text``, optional
    ``published``): a pure function, so it runs in any process.

    >>> s = sketch(pd.DataFrame({"doc_id": ["x", "y"], "text": ["Same words here.", ""]}))
    >>> s.counts.tolist(), s.signatures.shape, bool(s.key[1].any())
    ([1, 0], (2, 64), False)
    """
    n = len(frame)
    keys = np.zeros((n, 2), dtype=np.uint64)
    words: list[np.ndarray] = [np.empty(0, dtype=np.uint64)] * n
    long = {}
    batch: list[int] = []  # texts hashed together, up to LONG_TEXT characters in all
    size = 0
    texts = [text if isinstance(text, str) else "" for text in frame["text"]]

    def flush() -> None:
        for i, hashes in zip(batch, batch_word_hashes([texts[i] for i in batch])):
            words[i] = hashes
            if len(hashes):
                keys[i] = np.frombuffer(_key(hashes)[:16], dtype=np.uint64)
        batch.clear()

    for i, text in enumerate(texts):
        if len(text) > LONG_TEXT:  # hashed and shingled piece by piece
            key, long[i], total = _long_sketch(text, near, shingle_words)
            if total:
                keys[i] = np.frombuffer(key[:16], dtype=np.uint64)
            continue
        if size + len(text) > _POWERS_KEPT // 2 and batch:  # a batch's runs are hashed with the powers kept
            flush()
            size = 0
        batch.append(i)
        size += len(text) + 1
    flush()
    if near:
        flat, counts = shingle_sets(words, shingle_words)
        if long and not counts.any() and len(long) == 1:  # one long document alone: its shingles, not a copy
            (i, flat), = long.items()
            counts[i] = len(flat)
        elif long:
            sets = np.split(flat, np.cumsum(counts)[:-1]) if n else []
            for i, sh in long.items():
                sets[i], counts[i] = sh, len(sh)
            flat = np.concatenate(sets)
        long.clear()
        signatures = minhash(flat, counts, num_perm, seed)
    else:
        flat, counts = np.empty(0, dtype=np.uint32), np.zeros(n, dtype=np.int64)
        signatures = np.empty((n, 0), dtype=np.uint32)
    return Sketch(frame["doc_id"].astype(str).to_numpy(dtype=object), _published_ns(frame), keys, counts, flat,
                  signatures)


def _roots(parent: np.ndarray, xs: np.ndarray) -> np.ndarray:
    """The union-find roots of ``xs`` (vectorised pointer jumping; ``xs`` then point at them)."""
    top = parent[xs]
    while True:
        up = parent[top]
        if np.array_equal(up, top):
            parent[xs] = top  # path compression: changes no root
            return top
        top = up


_RECORD = np.dtype([("key", "<u8"), ("doc", "<i8")])


class Deduper:
    """Collects documents chunk by chunk (:meth:`add`, or :meth:`add_sketch` for a :class:`Sketch`
    made elsewhere), then clusters them (:meth:`result`). Call :meth:`close` to remove its files.

    ``near=False`` finds exact duplicates only.

    >>> d = Deduper()
    >>> d.add(pd.DataFrame({"doc_id": ["x", "y"], "text": ["Same words here.", "same words, here"],
    ...                     "published": pd.to_datetime([None, None], utc=True)}))
    >>> d.result().set_index("doc_id")["dup_cluster"].to_dict()
    {'x': 'x', 'y': 'x'}
    >>> d.close()
    """

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM, seed: int = SEED,
                 shingle_words: int = SHINGLE_WORDS, near: bool = True, window: int = WINDOW) -> None:
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
            raise ParameterError(value_invalid_msg("threshold", threshold, "a number in (0, 1], e.g. 0.6"))
        self.threshold, self.num_perm, self.seed, self.k = float(threshold), num_perm, seed, shingle_words
        self.near, self.window = near, window
        self.bands, self.rows = band_shape(self.threshold, num_perm)
        self.folder = Path(tempfile.mkdtemp(prefix="framing-dedup-"))
        self._shingle_file = open(self.folder / "shingles", "wb+")
        self._signature_file = open(self.folder / "signatures", "wb+")
        self._band_files: list[BinaryIO] = [open(self.folder / f"bands-{p:02d}", "wb+")
                                            for p in range(1 << PARTITION_BITS)] if near else []
        self._doc_ids: list[np.ndarray] = []
        self._published: list[np.ndarray] = []
        self._keys: list[np.ndarray] = []
        self._counts: list[np.ndarray] = []
        self._clusters: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.n = 0
        self.compared = 0  # candidate pairs compared by exact Jaccard
        self._offsets = np.zeros(1, dtype=np.int64)  # shingles of document i: _offsets[i]:_offsets[i + 1]
        self._shingle_map: np.ndarray = np.empty(0, dtype=np.uint32)

    def sketch(self, frame: pd.DataFrame) -> Sketch:
        """:func:`sketch` with this deduper's settings."""
        return sketch(frame, self.near, self.k, self.num_perm, self.seed)

    def add(self, frame: pd.DataFrame) -> None:
        """Add documents (columns ``doc_id``, ``text``, optional ``published``)."""
        self.add_sketch(self.sketch(frame))

    def add_sketch(self, part: Sketch) -> None:
        """Add the documents of a :class:`Sketch` (made with the same settings), after those added before."""
        with self._spill_errors():
            self._add_sketch(part)

    @contextmanager
    def _spill_errors(self) -> Iterator[None]:
        """An OS error writing the temporary files (disk full, file size limit) as an :class:`OutputError`
        naming the folder, not as a failure of the input being read."""
        try:
            yield
        except OSError as exc:
            raise OutputError(self.folder, f"cannot write the near-duplicate detector's temporary files "
                                           f"({exc.strerror or exc})",
                              fix="free space there, or set TMPDIR to a folder with room (about 1 KB per "
                                  "document); exact-only deduplication needs none") from None

    def _add_sketch(self, part: Sketch) -> None:
        n = len(part)
        if part.signatures.shape[1] != (self.num_perm if self.near else 0):
            raise ParameterError(f"a sketch with {part.signatures.shape[1]} MinHash values per document was added "
                                 f"to a deduper that expects {self.num_perm if self.near else 0}; make both with the "
                                 "same settings")
        self._doc_ids.append(part.doc_id)
        self._published.append(part.published)
        self._keys.append(part.key)
        self._counts.append(part.counts)
        self._clusters = None
        if self.near:
            self._shingle_file.write(part.shingles.tobytes())
            self._signature_file.write(np.ascontiguousarray(part.signatures).tobytes())
            filled = np.flatnonzero(part.counts > 0)
            keys = band_keys(part.signatures[filled], self.bands, self.rows)
            records = np.empty(keys.size, dtype=_RECORD)
            records["key"] = keys.ravel()
            records["doc"] = np.repeat(filled + self.n, self.bands)
            self._spill(records, records["key"], self._band_files)
        self.n += n

    @staticmethod
    def _spill(records: np.ndarray, keys: np.ndarray, files: list[BinaryIO]) -> None:
        """Append ``records`` to the partition file that the top bits of their ``keys`` name."""
        part = (keys >> np.uint64(64 - PARTITION_BITS)).astype(np.int64)
        order = np.argsort(part, kind="stable")
        bounds = np.searchsorted(part[order], np.arange(len(files) + 1))
        for p, handle in enumerate(files):
            if bounds[p + 1] > bounds[p]:
                handle.write(records[order[bounds[p]:bounds[p + 1]]].tobytes())

    def _shingles_of(self, i: int) -> np.ndarray:
        start, end = int(self._offsets[i]), int(self._offsets[i + 1])
        if end == start:
            return np.empty(0, dtype=np.uint32)
        raw = os.pread(self._shingle_file.fileno(), (end - start) * 4, start * 4)
        return np.frombuffer(raw, dtype=np.uint32)

    def _gather(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The shingles of ``docs`` one after another (read from the spill file), and their counts."""
        starts, counts = self._offsets[docs], self._offsets[docs + 1] - self._offsets[docs]
        total = int(counts.sum())
        if not total:
            return np.empty(0, dtype=np.uint32), counts
        before = np.concatenate([[0], np.cumsum(counts)[:-1]])
        index = np.repeat(starts - before, counts) + np.arange(total)
        return np.asarray(self._shingle_map[index]), counts

    def _jaccards(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The exact Jaccard similarity of each pair ``(a[k], b[k])``, as :func:`jaccard` computes it;
        vectorised (shingles tagged with their pair number, then one sorted search) for pairs of
        ordinary documents, one pair at a time for very long ones."""
        size = self._offsets[a + 1] - self._offsets[a] + self._offsets[b + 1] - self._offsets[b]
        if size.sum() > _GATHER_LIMIT:
            return np.array([jaccard(self._shingles_of(i), self._shingles_of(j)) for i, j in zip(a.tolist(), b.tolist())])
        va, la = self._gather(a)
        vb, lb = self._gather(b)
        pair = np.arange(len(a), dtype=np.uint64)
        ta = (np.repeat(pair, la) << np.uint64(32)) | va.astype(np.uint64)
        tb = (np.repeat(pair, lb) << np.uint64(32)) | vb.astype(np.uint64)
        inter = np.zeros(len(a), dtype=np.int64)
        if len(ta) and len(tb):
            at = np.searchsorted(tb, ta)
            at[at == len(tb)] = 0
            hit = tb[at] == ta
            inter = np.bincount((ta[hit] >> np.uint64(32)).astype(np.int64), minlength=len(a))
        union = la + lb - inter
        return np.where(union > 0, inter / np.maximum(union, 1), 1.0)

    def _candidates(self, keys: np.ndarray, is_rep: np.ndarray) -> list[BinaryIO]:
        """Spill the candidate pairs (``lo * n + hi`` codes) of every band bucket, partitioned."""
        n = self.n
        files: list[BinaryIO] = [open(self.folder / f"pairs-{p:02d}", "wb+") for p in range(1 << PARTITION_BITS)]
        for handle in self._band_files:
            handle.flush()
            handle.seek(0)
            records = np.fromfile(handle, dtype=_RECORD)
            records = records[is_rep[records["doc"]]]
            if len(records) < 2:
                continue
            docs = records["doc"]
            # within a bucket: an order of the texts' hashes that differs from band to band, so a
            # document meets other neighbours in each of the huge buckets templated documents share
            shuffled = (keys[docs, 0] ^ records["key"]) * _MIX[0]
            shuffled ^= shuffled >> np.uint64(29)
            order = np.lexsort((keys[docs, 1], shuffled, records["key"]))
            bucket, docs = records["key"][order], docs[order]
            for d in range(1, self.window + 1):
                same = np.flatnonzero(bucket[d:] == bucket[:-d])
                if not len(same):
                    break
                a, b = docs[same], docs[same + d]
                codes = (np.minimum(a, b).astype(np.uint64) * np.uint64(n) + np.maximum(a, b).astype(np.uint64))
                self._spill(codes, codes * _BAND_SEED, files)
        return files

    def _join_near(self, parent: np.ndarray, keys: np.ndarray, counts: np.ndarray) -> None:
        """Union the confirmed near-duplicate pairs into ``parent`` (the union-find forest)."""
        n = self.n
        is_rep = (parent == np.arange(n)) & (counts > 0)
        self._signature_file.flush()
        signatures = (np.memmap(self._signature_file, dtype=np.uint32, mode="r", shape=(n, self.num_perm))
                      if n and counts.any() else np.empty((0, self.num_perm), dtype=np.uint32))
        enough = (self.threshold - MARGIN) * self.num_perm

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = int(parent[x])
            return x

        for handle in self._candidates(keys, is_rep):
            handle.flush()
            handle.seek(0)
            codes = _unique(np.fromfile(handle, dtype=np.uint64))
            handle.close()
            for start in range(0, len(codes), _PAIR_BLOCK):
                block = codes[start:start + _PAIR_BLOCK]
                a, b = (block // np.uint64(n)).astype(np.int64), (block % np.uint64(n)).astype(np.int64)
                apart = _roots(parent, a) != _roots(parent, b)
                a, b = a[apart], b[apart]
                likely = np.count_nonzero(signatures[a] == signatures[b], axis=1) >= enough
                a, b = a[likely], b[likely]
                for part in range(0, len(a), _CONFIRM_BLOCK):  # small blocks: merged pairs are skipped sooner
                    x, y = a[part:part + _CONFIRM_BLOCK], b[part:part + _CONFIRM_BLOCK]
                    apart = _roots(parent, x) != _roots(parent, y)
                    x, y = x[apart], y[apart]
                    similar = self._jaccards(x, y) >= self.threshold
                    self.compared += len(x)
                    for i, j in zip(x[similar].tolist(), y[similar].tolist()):
                        ri, rj = find(i), find(j)
                        if ri != rj:
                            parent[max(ri, rj)] = min(ri, rj)
        del signatures

    def clusters(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(canonical, kind, similarity)`` of every document added, in order: the index of its
        cluster's canonical document, 0/1/2 for canonical/exact/near, the Jaccard similarity to it."""
        if self._clusters is None:
            with self._spill_errors():
                self._clusters = self._cluster()
        return self._clusters

    def _cluster(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n = self.n
        if not n:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int8), np.empty(0)
        keys = np.ascontiguousarray(np.concatenate(self._keys))
        counts = np.concatenate(self._counts)
        self._offsets = np.concatenate([[0], np.cumsum(counts)])
        published = np.concatenate(self._published)
        doc_ids = np.concatenate(self._doc_ids)
        empty = ~keys.any(axis=1)
        # exact groups: every document points at the first one with the same key
        order = np.lexsort((np.arange(n), keys[:, 1], keys[:, 0]))  # by key, then input order
        ordered = keys[order]
        starts = np.concatenate([[True], (ordered[1:] != ordered[:-1]).any(axis=1)])
        parent = np.empty(n, dtype=np.int64)
        parent[order] = order[np.flatnonzero(starts)][np.cumsum(starts) - 1]  # the first with the same key
        parent[empty] = np.flatnonzero(empty)
        self._shingle_file.flush()
        self._shingle_map = (np.memmap(self._shingle_file, dtype=np.uint32, mode="r")
                             if self._offsets[-1] else np.empty(0, dtype=np.uint32))
        try:
            return self._canonical(parent, keys, counts, published, doc_ids)
        finally:
            self._shingle_map = np.empty(0, dtype=np.uint32)

    def _canonical(self, parent: np.ndarray, keys: np.ndarray, counts: np.ndarray, published: np.ndarray,
                   doc_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n = self.n
        if self.near:
            self._join_near(parent, keys, counts)
        root = _roots(parent, np.arange(n))
        canonical = np.arange(n)
        shared = np.flatnonzero(np.bincount(root, minlength=n)[root] > 1)
        if len(shared):
            members = pd.DataFrame({"root": root[shared], "published": published[shared], "doc_id": doc_ids[shared],
                                    "i": shared}).sort_values(["root", "published", "doc_id"], kind="stable")
            first_of = members.drop_duplicates("root").set_index("root")["i"]
            canonical[shared] = first_of.loc[root[shared]].to_numpy()
        kind = np.zeros(n, dtype=np.int8)
        copies = np.flatnonzero(canonical != np.arange(n))
        same = (keys[copies] == keys[canonical[copies]]).all(axis=1)
        kind[copies] = np.where(same, 1, 2)
        similarity = np.ones(n)
        near = np.flatnonzero(kind == 2)
        for start in range(0, len(near), _CONFIRM_BLOCK):
            part = near[start:start + _CONFIRM_BLOCK]
            similarity[part] = [round(v, 4) for v in self._jaccards(part, canonical[part]).tolist()]
        return canonical, kind, similarity

    def iter_result(self, chunksize: int = 100_000) -> Iterator[pd.DataFrame]:
        """:meth:`result` in tables of at most ``chunksize`` rows (to write a large result as it goes)."""
        canonical, kind, similarity = self.clusters()
        doc_ids = np.concatenate(self._doc_ids) if self._doc_ids else np.empty(0, dtype=object)
        names = np.array(["", "exact", "near"], dtype=object)
        for start in range(0, max(self.n, 1), chunksize):
            part = slice(start, start + chunksize)
            yield pd.DataFrame({"doc_id": doc_ids[part], "dup_cluster": doc_ids[canonical[part]],
                                "is_canonical": canonical[part] == np.arange(start, start + len(canonical[part])),
                                "dup_kind": names[kind[part]], "dup_similarity": similarity[part]})

    def result(self) -> pd.DataFrame:
        """One row per document added: ``doc_id`` and the :data:`DEDUP_COLUMNS`."""
        frames = list(self.iter_result(max(self.n, 1)))
        return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)

    def close(self) -> None:
        """Remove the temporary files."""
        for handle in [self._shingle_file, self._signature_file, *self._band_files]:
            handle.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Deduper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def find_duplicates(corpus: pd.DataFrame, threshold: float = THRESHOLD) -> pd.DataFrame:
    """The corpus with :data:`DEDUP_COLUMNS` set (a copy; the input is not modified)."""
    with Deduper(threshold=threshold) as deduper:
        deduper.add(corpus)
        result = deduper.result()
    out = corpus.drop(columns=[c for c in DEDUP_COLUMNS if c in corpus.columns])
    for col in DEDUP_COLUMNS:
        out[col] = result[col].to_numpy()
    return out


def _slim(chunks: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for chunk in chunks:
        yield chunk[[c for c in ("doc_id", "text", "published") if c in chunk.columns]]


def _sketches(chunks: Iterable[pd.DataFrame], deduper: Deduper, jobs: int, engine: str,
              scheduler: str | None) -> Iterator[Sketch]:
    from ..pool import dask_client, in_order, process_pool, resolve_jobs

    args = (deduper.near, deduper.k, deduper.num_perm, deduper.seed)
    if engine == "dask":
        workers = resolve_jobs(jobs, "jobs")
        with dask_client(scheduler, workers, SCHEDULER_TIMEOUT) as client:
            yield from in_order(lambda c: client.submit(sketch, c, *args, pure=False), chunks, 2 * workers)
        return
    jobs = resolve_jobs(jobs)
    if jobs == 1:
        for chunk in chunks:
            yield sketch(chunk, *args)
        return
    with process_pool(jobs) as pool:
        yield from in_order(lambda c: pool.submit(sketch, c, *args), chunks, 2 * jobs)


def dedup_chunks(chunks: Iterable[pd.DataFrame], *, jobs: int = 1, engine: str = "local",
                 scheduler: str | None = None, threshold: float = THRESHOLD, near: bool = True,
                 on_chunk: Callable[[int], object] | None = None) -> Deduper:
    """Sketch every chunk (columns ``doc_id``, ``text``, optional ``published``) in workers and
    collect the sketches, in input order, into a :class:`Deduper` (returned; call its
    :meth:`~Deduper.iter_result` or :meth:`~Deduper.result`, then :meth:`~Deduper.close`).

    ``engine="local"``: ``jobs`` processes (``1``: this process; ``0``: one per CPU);
    ``engine="dask"``: a Dask cluster at ``scheduler``, or a LocalCluster of ``jobs`` workers.
    The clusters are the same for any engine, ``jobs`` and chunk size. ``on_chunk(n)`` is called
    with each chunk's document count (progress).

    >>> chunks = [pd.DataFrame({"doc_id": ["a"], "text": ["Talks may resume."]}),
    ...           pd.DataFrame({"doc_id": ["b"], "text": ["talks MAY resume"]})]
    >>> deduper = dedup_chunks(chunks)
    >>> deduper.result()[["doc_id", "dup_cluster", "dup_kind"]].values.tolist()
    [['a', 'a', ''], ['b', 'a', 'exact']]
    >>> deduper.close()
    """
    if engine not in ENGINES:
        raise ParameterError(value_invalid_msg("engine", engine, list(ENGINES)))
    deduper = Deduper(threshold=threshold, near=near)
    try:
        for part in _sketches(_slim(chunks), deduper, jobs, engine, scheduler):
            deduper.add_sketch(part)
            if on_chunk is not None:
                on_chunk(len(part))
    except BaseException:
        deduper.close()
        raise
    return deduper


def summary_line(deduper: Deduper) -> str:
    """One line on what :meth:`Deduper.clusters` found (for the command's stderr).

    >>> with Deduper() as d:
    ...     d.add(pd.DataFrame({"doc_id": ["x", "y", "z"], "text": ["Same words.", "same words", "Other."]}))
    ...     summary_line(d)
    '3 documents: 1 exact and 0 near duplicates in 1 clusters; 2 canonical (is_canonical), every row kept'
    """
    canonical, kind, _ = deduper.clusters()
    copies = canonical[kind > 0]
    return (f"{deduper.n:,} documents: {int((kind == 1).sum()):,} exact and {int((kind == 2).sum()):,} near "
            f"duplicates in {len(np.unique(copies)):,} clusters; {int((kind == 0).sum()):,} canonical (is_canonical), "
            "every row kept")
