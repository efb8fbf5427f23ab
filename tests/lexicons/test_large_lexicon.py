"""A large user lexicon (issue 22, item 9): read and compiled correctly, each term on its own line.

Reading a lexicon used to look up every term's line by scanning the file's lines from its
category's start: quadratic in the lexicon's size (20,000 terms took about a minute). These tests
check the result on a generated lexicon of thousands of terms, not the time it takes.
"""

import random

import pandas as pd

from framing import find_matches, load_lexicon
from framing.lexicons.format import _Lines


def _words(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    seen: set[str] = set()
    out = []
    while len(out) < n:
        term = " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))
                        for _ in range(rng.choice([1, 1, 2, 3])))
        if term not in seen:
            seen.add(term)
            out.append(term)
    return out


def test_a_large_generated_lexicon_is_read_and_matched_exactly(tmp_path):
    terms = _words(6000, seed=7)
    lines = ["name: big", "version: 1.0.0", "description: generated", "categories:"]
    where = {}
    for c in range(3):
        lines += [f"  cat{c}:", "    terms:"]
        for t in terms[c::3]:
            lines.append(f'      - "{t}"')
            where[t] = len(lines)
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    lex = load_lexicon(path)
    assert [t.text for t in lex.entries] == [t for c in range(3) for t in terms[c::3]]
    assert lex.categories == {f"cat{c}": tuple(terms[c::3]) for c in range(3)}
    assert all(t.line == where[t.text] for t in lex.entries)

    chosen = terms[::97]
    text = ". ".join(t.upper() for t in chosen) + "."
    found = find_matches(pd.DataFrame({"doc_id": ["d"], "text": [text]}), [lex])
    assert found["term"].tolist() == chosen
    assert all(text[s:e].lower() == t for s, e, t in zip(found["start"], found["end"], found["term"]))


def test_a_term_is_placed_on_its_own_line_not_on_an_earlier_line_that_contains_it(tmp_path):
    path = tmp_path / "lex.yaml"
    path.write_text("name: t\nversion: 1\ndescription: d\ncategories:\n  talks:\n    description: peace talks.\n"
                    "    terms:\n      - peace talks\n      - talks\n      - {term: talk, negation: false}\n",
                    encoding="utf-8")
    lines = {t.text: t.line for t in load_lexicon(path).entries}
    assert lines == {"peace talks": 8, "talks": 9, "talk": 10}


def test_lines_find_matches_a_scan_of_splitlines():
    text = "a: 1\r\nb: x\x0bb: y\n\nc: b:\u2028tail"
    rows = text.splitlines()
    for needle in ["a:", "b:", "c:", "tail", "", "x\x0bb", "zz", ": "]:
        for start in range(0, len(rows) + 2):
            want = next((i for i, row in enumerate(rows, 1) if i >= start and needle in row), None)
            assert _Lines(text).find(needle, start)[0] == want, (needle, start)
