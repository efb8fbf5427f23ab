"""Near-duplicates at scale (issue 17 item 4, issue 18 item 9): `framing dedup`, the same clusters for
any --jobs, chunk size and engine, bounded work on templated documents, bounded memory."""

from __future__ import annotations

import json
import random
import tracemalloc

import numpy as np
import pandas as pd
import pytest

from framing.cli import main
from framing.corpus import dedup
from framing.corpus.dedup import Deduper, dedup_chunks, find_duplicates, jaccard, normalised_hash, shingle_sets, shingles, word_hashes

VOCAB = [f"w{i}" for i in range(5000)]


def press_releases(n: int, variable: int, seed: int = 0) -> list[str]:
    """``n`` releases of one 90-word template: 4 slots filled in and ``variable`` words of their own."""
    rnd = random.Random(seed)
    fixed = [rnd.choice(VOCAB) for _ in range(90)]
    texts = []
    for _ in range(n):
        words = list(fixed)
        for slot in (10, 30, 50, 70):
            words[slot] = f"n{rnd.randrange(10**6)}"
        texts.append(" ".join(words[:45] + [rnd.choice(VOCAB) for _ in range(variable)] + words[45:]))
    return texts


def copy_of(text: str, changes: int, rnd: random.Random) -> str:
    words = text.split()
    for _ in range(changes):
        words[rnd.randrange(len(words))] = f"c{rnd.randrange(10**6)}"
    return " ".join(words)


def mixed_corpus(n: int = 400, seed: int = 1) -> tuple[pd.DataFrame, dict[str, str]]:
    """Releases of two templates (long and short variable parts), a tenth of them copied with two words
    changed, an exact copy (the earliest), an empty document; ``published`` set for some. Returns the corpus and
    ``{copy id: original id}``."""
    rnd = random.Random(seed)
    texts = press_releases(n // 2, 60, seed) + press_releases(n // 2, 20, seed + 1)
    rnd.shuffle(texts)
    ids = [f"d{i:04d}" for i in range(len(texts))]
    planted = {}
    for k in range(n // 10):
        i = rnd.randrange(len(ids))
        planted[f"c{k:04d}"] = ids[i]
        ids.append(f"c{k:04d}")
        texts.append(copy_of(texts[i], 2, rnd))
    ids += ["exact", "empty"]
    texts += [texts[0].upper(), "  ...  "]
    published = [f"2024-01-{1 + i % 28:02d}" if i % 3 else None for i in range(len(ids))]
    published[-2] = "2000-01-01"  # the exact copy is the earliest: canonical
    return pd.DataFrame({"doc_id": ids, "text": texts, "published": pd.to_datetime(published, utc=True)}), planted


def reference_clusters(texts: list[str], threshold: float = dedup.THRESHOLD) -> list[int]:
    """The slow, obviously correct definition: components of every pair with Jaccard >= threshold."""
    sets = [shingles(t) for t in texts]
    parent = list(range(len(texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x
    for i in range(len(texts)):
        for j in range(i):
            if len(sets[i]) and len(sets[j]) and jaccard(sets[i], sets[j]) >= threshold:
                parent[find(i)] = find(j)
    return [find(i) for i in range(len(texts))]


def same_partition(a, b) -> bool:
    frame = pd.DataFrame({"a": list(a), "b": list(b)})
    return bool(frame.groupby("a")["b"].nunique().max() == 1 and frame.groupby("b")["a"].nunique().max() == 1)


def test_templated_documents_are_not_merged_and_their_copies_are():
    corpus, planted = mixed_corpus()
    got = find_duplicates(corpus).set_index("doc_id")
    for copy, original in planted.items():
        assert got.loc[copy, "dup_cluster"] == got.loc[original, "dup_cluster"], copy
        assert got.loc[copy, "dup_kind"] == "near" or got.loc[original, "dup_kind"] == "near"
    originals = got.loc[[i for i in got.index if i.startswith("d")]]
    # releases of one template differ in their variable parts (Jaccard 0.2-0.5): none is merged
    assert originals["dup_cluster"].nunique() == len(originals)
    assert got.loc["exact", "is_canonical"] and got.loc["d0000", "dup_cluster"] == "exact"
    assert got.loc["d0000", "dup_kind"] == "exact"
    assert got.loc["empty", "dup_cluster"] == "empty" and got.loc["empty", "is_canonical"]
    # the clusters are exactly those of every pair's exact Jaccard (the slow reference)
    assert same_partition(got["dup_cluster"], reference_clusters(corpus["text"].tolist()))


def test_clusters_do_not_depend_on_chunks_workers_or_input_order():
    corpus, _ = mixed_corpus(300, seed=5)
    whole = find_duplicates(corpus)[["doc_id", *dedup.DEDUP_COLUMNS]]
    for size, jobs in ((7, 1), (64, 2), (1000, 2)):
        deduper = dedup_chunks((corpus.iloc[i:i + size] for i in range(0, len(corpus), size)), jobs=jobs)
        try:
            pd.testing.assert_frame_equal(deduper.result(), whole)
        finally:
            deduper.close()
    shuffled = find_duplicates(corpus.sample(frac=1, random_state=3)).set_index("doc_id").loc[whole["doc_id"]]
    pd.testing.assert_frame_equal(shuffled.reset_index()[whole.columns], whole)


def test_templated_corpus_costs_a_bounded_number_of_comparisons_per_document():
    """Before: every release of a template was compared with up to 64 earlier ones (3.3x the
    exact-only time at 200k documents). Now at most WINDOW neighbours per band bucket, so the
    comparisons per document do not grow with the number of documents."""
    per_doc = {}
    for variable, n, expected in ((20, 1000, 1000), (20, 4000, 4000), (0, 4000, 1)):
        texts = press_releases(n, variable)  # Jaccard ~0.5: no duplicates; ~0.75: all near duplicates
        with Deduper() as deduper:
            deduper.add(pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts}))
            assert deduper.result()["dup_cluster"].nunique() == expected
            per_doc[variable, n] = deduper.compared / n
    assert per_doc[20, 4000] < 1.3 * per_doc[20, 1000] and per_doc[20, 4000] < 40, per_doc
    assert per_doc[0, 4000] < 2, per_doc  # one cluster: a pair already joined is not compared


def test_memory_per_document_is_small_and_signatures_stay_on_disk():
    """The deduper keeps a few numbers per document in memory; shingles, MinHash signatures and band
    keys go to its temporary files (the old index kept ~7 KB of MinHash LSH entries per document)."""
    texts = press_releases(4000, 30, seed=2)
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    parts = [Deduper().sketch(frame.iloc[i:i + 500]) for i in range(0, len(frame), 500)]
    with Deduper() as deduper:
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for part in parts:
                deduper.add_sketch(part)
            kept = tracemalloc.get_traced_memory()[0] - before
            tracemalloc.reset_peak()
            deduper.clusters()
            peak = tracemalloc.get_traced_memory()[1] - before
        finally:
            tracemalloc.stop()
        assert (deduper.folder / "signatures").stat().st_size == len(texts) * dedup.NUM_PERM * 4
    assert kept / len(texts) < 200, kept / len(texts)
    assert peak / len(texts) < 2000, peak / len(texts)


def test_batch_shingles_equal_one_document_at_a_time():
    rnd = random.Random(4)
    texts = ["", "one", "two words", "a b c", "Talks, resumed!"] + [
        " ".join(rnd.choice(["a", "b", "c", "d", "talks"]) for _ in range(rnd.randrange(0, 12))) for _ in range(40)]
    flat, counts = shingle_sets([word_hashes(t) for t in texts])
    bounds = np.concatenate([[0], np.cumsum(counts)])
    for i, text in enumerate(texts):
        assert flat[bounds[i]:bounds[i + 1]].tolist() == shingles(text).tolist(), text


TRICKY = ["", " ", "...", "Talks, resumed!", "Cease\u00adfire", "\u00adend", "start\u00ad", "a\u200bb c",
          "Straße STRASSE", "İstanbul ıi", "Переговоры возобновились", "ﬁne ﬂow", "x", "e\u0301t\u00e9", "9 10 11"]


def test_batch_word_hashes_equal_one_text_at_a_time():
    rnd = random.Random(5)
    texts = TRICKY + ["".join(rnd.choice(TRICKY + [" ", "-", "\n"]) for _ in range(rnd.randrange(0, 6))) for _ in range(300)]
    for i in range(0, len(texts), 37):  # batches that start and end anywhere
        batch = texts[i:i + 37]
        for text, hashes in zip(batch, dedup.batch_word_hashes(batch)):
            assert hashes.tolist() == word_hashes(text).tolist(), repr(text)


def test_sketch_equals_the_per_document_definition(monkeypatch):
    """Keys, shingles and MinHash signatures of a chunk (texts hashed in batches; signatures in
    blocks of shingles, here small ones so that documents straddle them) equal those made one
    document at a time: a per-document minimum of datasketch's affine permutations."""
    monkeypatch.setattr(dedup, "_BLOCK_ROWS", 64)
    monkeypatch.setattr(dedup, "_POWERS_KEPT", 256)  # batches of about 128 characters
    rnd = random.Random(6)
    texts = TRICKY + press_releases(30, 20, seed=3) + [
        " ".join(rnd.choice(VOCAB[:50]) for _ in range(rnd.randrange(0, 80))) for _ in range(60)]
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    got = dedup.sketch(frame)
    a, b = dedup._permutations(dedup.NUM_PERM, dedup.SEED)
    bounds = np.concatenate([[0], np.cumsum(got.counts)])
    for i, text in enumerate(texts):
        words = word_hashes(text)
        key = np.frombuffer(dedup._key(words)[:16], dtype=np.uint64) if len(words) else np.zeros(2, dtype=np.uint64)
        assert got.key[i].tolist() == key.tolist(), repr(text)
        mine = shingles(text)
        assert got.shingles[bounds[i]:bounds[i + 1]].tolist() == mine.tolist()
        values = (mine[:, None].astype(np.uint64) * a.astype(np.uint64) + b) % 2**32  # exact in 64 bits
        expected = values.min(axis=0) if len(mine) else np.full(len(a), 2**32 - 1)
        assert got.signatures[i].tolist() == expected.tolist(), repr(text)


def write_jsonl(corpus: pd.DataFrame, path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for row in corpus.itertuples():
            f.write(json.dumps({"id": row.doc_id, "text": row.text,
                                "published": row.published.isoformat() if pd.notna(row.published) else None}) + "\n")


def test_cli_writes_one_row_per_document_in_input_order_for_any_jobs(tmp_path, capsys):
    corpus, planted = mixed_corpus(200, seed=7)
    path = tmp_path / "wire.jsonl"
    write_jsonl(corpus, path)
    outs = []
    for k, extra in enumerate((["--jobs", "1"], ["--jobs", "2", "--chunksize", "37"])):
        out = tmp_path / f"clusters{k}.csv"
        assert main(["dedup", str(path), "--id-col", "id", "--out", str(out), *extra]) == 0
        outs.append(pd.read_csv(out, keep_default_na=False))
    pd.testing.assert_frame_equal(outs[0], outs[1])
    table = outs[0]
    assert table["doc_id"].tolist() == corpus["doc_id"].tolist()  # every document, the empty one too
    assert list(table.columns) == ["doc_id", *dedup.DEDUP_COLUMNS]
    cluster = table.set_index("doc_id")["dup_cluster"]
    assert all(cluster[c] == cluster[o] for c, o in planted.items())
    err = capsys.readouterr().err
    assert f"{len(corpus):,} documents: 1 exact and {len(planted)} near duplicates" in err
    assert cluster["empty"] == "empty"  # a document with no words is a duplicate of nothing

    exact = tmp_path / "exact.csv"
    assert main(["dedup", str(path), "--id-col", "id", "--exact-only", "--out", str(exact)]) == 0
    assert set(pd.read_csv(exact, keep_default_na=False)["dup_kind"]) == {"", "exact"}


def test_cli_errors_are_clear(tmp_path, capsys):
    assert main(["dedup", "example-article", "--threshold", "1.5", "--out", str(tmp_path / "x.csv")]) == 4
    assert "`threshold` got 1.5" in capsys.readouterr().err
    assert main(["dedup", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "x.csv")]) == 2
    assert "missing.jsonl" in capsys.readouterr().err
    assert main(["dedup", "example-article", "--out", str(tmp_path / "x.txt")]) == 2
    assert ".parquet or .csv" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["dedup", "example-article"])  # --out is required
    assert "--out" in capsys.readouterr().err


@pytest.mark.slow  # starts a Dask LocalCluster
def test_dask_engine_gives_the_same_clusters(tmp_path):
    corpus, _ = mixed_corpus(200, seed=9)
    path = tmp_path / "wire.jsonl"
    write_jsonl(corpus, path)
    local, dask = tmp_path / "local.parquet", tmp_path / "dask.parquet"
    assert main(["dedup", str(path), "--id-col", "id", "--out", str(local)]) == 0
    assert main(["dedup", str(path), "--id-col", "id", "--engine", "dask", "--jobs", "2", "--chunksize", "50",
                 "--out", str(dask)]) == 0
    pd.testing.assert_frame_equal(pd.read_parquet(local), pd.read_parquet(dask))


def test_long_texts_are_sketched_in_pieces_with_the_same_result(monkeypatch):
    """A text longer than LONG_TEXT characters is hashed and shingled piece by piece (cut at whitespace;
    a 300 MB document no longer needs ~30 bytes a character): same key, shingles and clusters."""
    rnd = random.Random(8)
    texts = [" ".join(rnd.choice(VOCAB) for _ in range(400)) + "\n" + "Talks\u00adresumed,  in Kyiv." for _ in range(3)]
    texts += ["... --- ...", "two words", texts[0].upper()]
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    whole, alone = dedup.sketch(frame), dedup.sketch(frame.iloc[:1])
    hashes, words = [normalised_hash(t) for t in texts], [word_hashes(t) for t in texts]
    monkeypatch.setattr(dedup, "LONG_TEXT", 50)
    pieces = dedup.sketch(frame)
    assert np.array_equal(dedup.sketch(frame.iloc[:1]).signatures, alone.signatures)  # one long document alone
    for field in ("key", "counts", "shingles", "signatures"):
        assert np.array_equal(getattr(whole, field), getattr(pieces, field)), field
    assert [normalised_hash(t) for t in texts] == hashes
    assert all(np.array_equal(word_hashes(t), w) for t, w in zip(texts, words))


@pytest.mark.slow  # waits for the connection to be refused
def test_unreachable_scheduler_is_a_clear_error(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(dedup, "SCHEDULER_TIMEOUT", "2s")  # nothing listens on port 9: no need to wait 10 s
    code = main(["dedup", "example-article", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9",
                 "--out", str(tmp_path / "x.csv")])
    err = capsys.readouterr().err
    assert code == 4 and "tcp://127.0.0.1:9" in err and "no Dask scheduler answered" in err, err
