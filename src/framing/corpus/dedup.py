"""Exact and near-duplicate documents (syndicated wire copies) -> ``dup_cluster``, ``is_canonical``.

1. **Exact duplicates**: same hash of the normalised text (case-folded words, punctuation and
   spacing ignored).
2. **Near duplicates**: word 3-gram shingles of one document per exact group go into a datasketch
   MinHash LSH index (64 permutations, fixed seed 1; tuned for recall at 0.8 x the threshold).
   Every candidate pair the index proposes is confirmed by the *exact* Jaccard similarity of the
   two shingle sets, which must reach ``threshold`` (default 0.6); unconfirmed candidates are
   discarded.
3. Confirmed pairs are joined transitively into clusters. The canonical document of a cluster is
   the earliest published one (unknown dates last), ties broken by the smallest ``doc_id``; its
   ``doc_id`` names the cluster. So the result does not depend on the input order or the run.

Columns added: ``dup_cluster`` (doc_id of the canonical document; a document's own id when it is
unique), ``is_canonical``, ``dup_kind`` ("" for canonical/unique documents, "exact" or "near"),
``dup_similarity`` (Jaccard similarity to the canonical document; 1.0 for itself).

Shingle sets are kept in a temporary file, not in memory, so streaming stays bounded.

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
import tempfile
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..chars import IGNORED, char_class, codes_of, letter_runs

DEDUP_COLUMNS = ["dup_cluster", "is_canonical", "dup_kind", "dup_similarity"]
THRESHOLD = 0.6
SHINGLE_WORDS = 3
NUM_PERM = 64
SEED = 1
BUCKET_CAP = 64  # documents kept per LSH band bucket (bounds the comparisons per document)
_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1], dtype=np.uint64)


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
    cp, starts, ends = letter_runs(codes_of(text.casefold()))
    if not len(starts):
        return np.empty(0, dtype=np.uint64)
    n = len(cp)
    powers = np.ones(n + 1, dtype=np.uint64)
    powers[1:] = np.cumprod(np.full(n, _P, dtype=np.uint64))
    inverse = np.ones(n + 1, dtype=np.uint64)
    inverse[1:] = np.cumprod(np.full(n, _P_INV, dtype=np.uint64))
    prefix = np.zeros(n + 1, dtype=np.uint64)
    prefix[1:] = np.cumsum((cp.astype(np.uint64) + np.uint64(1)) * powers[:n])
    return (prefix[ends] - prefix[starts]) * inverse[starts]


def normalised_hash(text: str) -> str:
    """Hash of the text with case, punctuation and spacing ignored (exact-duplicate key).

    >>> normalised_hash("Talks  resumed.") == normalised_hash("talks resumed")
    True
    """
    return _key(word_hashes(text)).hex()


def same_text_keys(texts: list[str]) -> list[bytes]:
    """A key per text, equal for two texts exactly when their :func:`normalised_hash` is (the same
    words; case, punctuation and spacing ignored), worked out for the whole batch at once.

    The key hashes the words themselves (code points, each word ended by a 0), not their hashes.

    >>> texts = ["Talks  resumed.", "talks resumed", "Talks resumed later", "", "Cease\u00adfire", "ceasefire"]
    >>> keys = same_text_keys(texts)
    >>> [keys[0] == keys[1], keys[0] == keys[2], keys[4] == keys[5], keys[3] == same_text_keys([" "])[0]]
    [True, False, True, True]
    """
    if not texts:
        return []
    folded = [t.casefold() for t in texts]
    codes = codes_of(" ".join(folded) + " ")  # a space is no word character: every word is followed by one
    visible, starts, ends = letter_runs(codes)
    edges = np.zeros(len(visible) + 1, dtype=np.int8)
    edges[starts], edges[ends] = 1, -1
    inside = np.cumsum(edges[:-1], dtype=np.int32) > 0
    keep = inside.copy()
    keep[1:] |= inside[:-1]  # the first character after a word marks its end
    words = np.where(inside, visible, 0)[keep]
    hidden = np.concatenate(([0], np.cumsum((char_class().take(codes) & IGNORED) != 0, dtype=np.int64)))
    first = np.cumsum([0] + [len(t) + 1 for t in folded])  # where each text begins in the joined text
    kept_before = np.concatenate(([0], np.cumsum(keep, dtype=np.int64)))
    bounds = kept_before[first - hidden[first]].tolist()
    return [hashlib.sha1(words[a:b].tobytes()).digest() for a, b in zip(bounds[:-1], bounds[1:])]


def _key(hashes: np.ndarray) -> bytes:
    return hashlib.sha1(hashes.tobytes()).digest()


def shingles(text: str | np.ndarray, k: int = SHINGLE_WORDS) -> np.ndarray:
    """Sorted unique 32-bit hashes of the word ``k``-grams of ``text`` (or of its :func:`word_hashes`).

    >>> len(shingles("a b c d")), len(shingles("a b c a b c"))
    (2, 3)
    """
    h = word_hashes(text) if isinstance(text, str) else text
    if not len(h):
        return np.empty(0, dtype=np.uint32)
    k = min(k, len(h))
    n = len(h) - k + 1
    combined = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        combined = (combined ^ h[j:j + n]) * _MIX[j % len(_MIX)]
        combined ^= combined >> np.uint64(29)
    return np.unique((combined & np.uint64(0xFFFFFFFF)).astype(np.uint32))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique arrays.

    >>> jaccard(np.array([1, 2, 3]), np.array([2, 3, 4]))
    0.5
    """
    if not len(a) and not len(b):
        return 1.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


@dataclass(slots=True)
class _Doc:
    doc_id: str
    published: float  # ns since epoch; +inf when unknown
    key: bytes  # normalised-text hash
    offset: int = 0
    length: int = 0


class Deduper:
    """Accumulates documents (chunk by chunk), then clusters them (:meth:`result`).

    >>> d = Deduper()
    >>> d.add(pd.DataFrame({"doc_id": ["x", "y"], "text": ["Same words here.", "same words, here"],
    ...                     "published": pd.to_datetime([None, None], utc=True)}))
    >>> d.result().set_index("doc_id")["dup_cluster"].to_dict()
    {'x': 'x', 'y': 'x'}
    """

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM, seed: int = SEED,
                 shingle_words: int = SHINGLE_WORDS) -> None:
        self.threshold, self.num_perm, self.seed, self.k = threshold, num_perm, seed, shingle_words
        self.docs: list[_Doc] = []
        self.first_of_key: dict[bytes, int] = {}
        from datasketch import MinHash

        # datasketch's 32-bit affine permutations (a odd) for this seed, applied as
        # a * h + b (mod 2**32) to a whole array of already well-mixed shingle hashes at once.
        self._template = MinHash(num_perm=num_perm, seed=seed, scheme="affine32")
        self.store = tempfile.TemporaryFile(prefix="framing-shingles-")
        self.stored = 0  # uint32 values written

    def add(self, frame: pd.DataFrame) -> None:
        """Add documents (columns ``doc_id``, ``text``, ``published``)."""
        published = frame["published"]
        ns = published.astype("int64").to_numpy(dtype="float64") if len(frame) else np.empty(0)
        ns[published.isna().to_numpy()] = np.inf
        for doc_id, text, when in zip(frame["doc_id"], frame["text"], ns):
            words = word_hashes(text)
            doc = _Doc(str(doc_id), float(when), _key(words))
            if doc.key not in self.first_of_key:  # only one document per exact group is shingled
                self.first_of_key[doc.key] = len(self.docs)
                sh = shingles(words, self.k)
                self.store.seek(self.stored * 4)
                self.store.write(sh.tobytes())
                doc.offset, doc.length = self.stored, len(sh)
                self.stored += len(sh)
            self.docs.append(doc)

    def _shingles(self, i: int) -> np.ndarray:
        doc = self.docs[i]
        if not doc.length:
            return np.empty(0, dtype=np.uint32)
        raw = os.pread(self.store.fileno(), doc.length * 4, doc.offset * 4)
        return np.frombuffer(raw, dtype=np.uint32)

    def _near_pairs(self, reps: list[int]) -> list[tuple[int, int]]:
        """Pairs of representatives that join near-duplicate clusters, proposed by MinHash LSH banding.

        The bands are datasketch's for this threshold (:func:`datasketch.lsh._optimal_param`). A
        candidate already in the document's cluster is not compared again (that changes no
        cluster), and a band bucket keeps at most :data:`BUCKET_CAP` documents, so a corpus of
        documents sharing one template costs a bounded number of comparisons per document
        (near-linear, not quadratic). Below the cap the clusters are exactly those of every
        candidate pair confirmed by exact Jaccard.
        """
        from datasketch.lsh import _optimal_param

        # Tuned for recall (lower threshold, false negatives weighted 0.7): every candidate is
        # confirmed by exact Jaccard afterwards, so extra candidates cost time, not accuracy.
        b, r = _optimal_param(self.threshold * 0.8, self.num_perm, 0.3, 0.7)
        buckets: list[dict[bytes, list[int]]] = [{} for _ in range(b)]
        parent = np.arange(len(self.docs))

        def roots(xs: np.ndarray) -> np.ndarray:
            top = parent[xs]
            while True:
                up = parent[top]
                if np.array_equal(up, top):
                    parent[xs] = top  # path compression
                    return top
                top = up
        pairs = []
        a, c = self._template.permutations
        for i in sorted(reps, key=lambda x: self.docs[x].key):  # order-independent insertion
            sh = self._shingles(i)
            if not len(sh):
                continue
            values = (sh[:, None] * a + c).min(axis=0)
            keys = [values[band * r:(band + 1) * r].tobytes() for band in range(b)]
            members = [buckets[band].setdefault(key, []) for band, key in enumerate(keys)]
            candidates = np.array(sorted(set().union(*members)), dtype=np.int64)
            root = i
            while len(candidates):
                candidates = candidates[roots(candidates) != root]
                if not len(candidates):
                    break
                j, candidates = int(candidates[0]), candidates[1:]
                if jaccard(sh, self._shingles(j)) >= self.threshold:
                    pairs.append((i, j))
                    parent[root] = int(roots(np.array([j]))[0])
                    root = int(parent[root])
            for bucket in members:
                if len(bucket) < BUCKET_CAP:
                    bucket.append(i)
        return pairs

    def result(self) -> pd.DataFrame:
        """One row per document added: ``doc_id`` and the :data:`DEDUP_COLUMNS`."""
        self.store.flush()  # shingles are read back with os.pread
        n = len(self.docs)
        parent = list(range(n))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for i, doc in enumerate(self.docs):  # exact groups
            parent[find(i)] = find(self.first_of_key[doc.key])
        for i, j in self._near_pairs(list(self.first_of_key.values())):
            parent[find(i)] = find(j)
        canon: dict[int, int] = {}
        for i, doc in enumerate(self.docs):
            root = find(i)
            best = canon.get(root)
            if best is None or (doc.published, doc.doc_id) < (self.docs[best].published, self.docs[best].doc_id):
                canon[root] = i
        rows = []
        for i, doc in enumerate(self.docs):
            c = canon[find(i)]
            cdoc = self.docs[c]
            if c == i:
                kind, sim = "", 1.0
            elif cdoc.key == doc.key:
                kind, sim = "exact", 1.0
            else:
                kind = "near"
                sim = jaccard(self._shingles(self.first_of_key[doc.key]), self._shingles(self.first_of_key[cdoc.key]))
            rows.append((doc.doc_id, cdoc.doc_id, c == i, kind, round(sim, 4)))
        return pd.DataFrame(rows, columns=["doc_id", *DEDUP_COLUMNS])

    def close(self) -> None:
        self.store.close()


def find_duplicates(corpus: pd.DataFrame, threshold: float = THRESHOLD) -> pd.DataFrame:
    """The corpus with :data:`DEDUP_COLUMNS` set (a copy; the input is not modified)."""
    deduper = Deduper(threshold=threshold)
    try:
        deduper.add(corpus)
        result = deduper.result()
    finally:
        deduper.close()
    out = corpus.drop(columns=[c for c in DEDUP_COLUMNS if c in corpus.columns])
    for col in DEDUP_COLUMNS:
        out[col] = result[col].to_numpy()
    return out
