"""The report's lexicon table lists every language version the corpus was matched with: language,
version, documents, where its definition comes from, sources and hash."""

import html
import re

from framing import load_corpus
from framing.lexicons import load_lexicon, load_lexicons
from framing.report.data import analyse
from framing.report.html import lexicon_table


def rows(table: str) -> list[list[str]]:
    return [[html.unescape(cell) for cell in re.findall(r"<td>(.*?)</td>", row)]
            for row in re.findall(r"<tr><td>.*?</tr>", table)]


def test_one_row_per_version_used_with_its_provenance(mixed_languages):
    data = analyse(load_corpus(mixed_languages), ["concession"], "outlet")
    assert data.languages == {"en": 4, "ru": 4, "uk": 4}
    table = rows(lexicon_table(data.lexicons, data.languages))
    assert [(r[0], r[1], r[2], r[4]) for r in table] == [
        ("concession", lang, load_lexicon("concession", lang).version, f"{lang} 4") for lang in ("en", "ru", "uk")]
    ru = load_lexicon("concession", "ru")
    assert table[1][5] == " ".join(str(ru.meta["definition"]).split()).split(". ")[0] + "."  # its own definition
    assert table[1][5].startswith("Written from the codebook") and table[1][6] == "; ".join(ru.sources)
    assert table[1][7] == f"<code>{ru.sha256[:12]}</code>"


def test_a_language_without_a_version_is_scored_by_the_english_one():
    table = rows(lexicon_table(load_lexicons(["weasel"]), {"en": 2, "ru": 3}))
    assert [(r[0], r[1], r[4]) for r in table] == [("weasel", "en", "en 2, ru 3")]
    assert rows(lexicon_table(load_lexicons(["weasel"])))[0][4] == ""  # no corpus given: the lexicons as given
