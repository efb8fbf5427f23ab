"""LIWC .dic, quanteda YAML and word-list import/export, and the `framing lexicon` commands."""

import yaml

from framing.cli import main
from framing.lexicons import load_lexicon
from framing.lexicons.interchange import convert, from_liwc, read_any, to_liwc, to_txt
from framing.match import Matcher

LIWC = """\ufeff%\r
01\thedge\r
2\tboost\r
3\tconcede.refuse\r
%\r
may\t01\r
kind of\t1\r
certain*\t2\r
like\t02 134/125/464 (02 134)126\r
clearly 2\r
give up land\t3\r
maybe\t1 2\r
"""


def test_liwc_quirks_are_read(tmp_path):
    path = tmp_path / "mini.dic"
    path.write_bytes(LIWC.encode("utf-8"))
    lex, notes = read_any(path)
    assert lex.name == "mini"
    assert lex.categories == {"hedge": ("may", "kind of", "maybe"), "boost": ("certain*", "like", "clearly"),
                              "concede": ("give up land",)}
    assert [t.subcategory for t in lex.entries if t.category == "concede"] == ["refuse"]
    assert any("conditional" in n and "'like'" in n for n in notes)
    assert any("'maybe' in 2 categories" in n for n in notes)


def test_liwc_round_trip_keeps_every_term_and_category(tmp_path):
    original = load_lexicon("security")
    out = tmp_path / "security.dic"
    assert convert("security", out) == []
    back, notes = read_any(out)
    assert notes == []
    assert [(t.text, t.category, t.subcategory) for t in back.entries] == \
        [(t.text, t.category, t.subcategory) for t in original.entries]
    again = tmp_path / "again.dic"
    convert(out, again)
    assert again.read_text() == out.read_text()


def test_liwc_export_reports_what_it_cannot_hold():
    dic, notes = to_liwc(load_lexicon("hedging"))
    assert any("exclusions" in n for n in notes)
    parsed, _ = from_liwc(dic)
    assert "epistemic" in parsed["categories"]


def test_quanteda_yaml_round_trip_and_import(tmp_path):
    q = tmp_path / "dict.yml"
    q.write_text(yaml.safe_dump({"hedge": {"modal": ["may", "might"], "verbs": ["suggest*"]}, "boost": ["clearly"],
                                 "odd": ["a?b"]}))
    lex, notes = read_any(q)
    assert lex.categories == {"hedge": ("may", "might", "suggest*"), "boost": ("clearly",), "odd": ()} or \
        lex.categories == {"hedge": ("may", "might", "suggest*"), "boost": ("clearly",)}
    assert any("'a?b'" in n for n in notes)
    out = tmp_path / "back.yaml"
    convert(q, out, "quanteda")
    assert yaml.safe_load(out.read_text())["hedge"] == {"modal": ["may", "might"], "verbs": ["suggest*"]}
    kit = tmp_path / "kit.yaml"
    convert(q, kit)
    assert load_lexicon(kit).terms == lex.terms


def test_txt_export_is_exactly_what_the_matcher_uses():
    lex = load_lexicon("concession")
    assert to_txt(lex).splitlines() == Matcher([lex]).terms()


def test_lexicon_commands(tmp_path, capsys):
    assert main(["lexicon", "list"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ("hedging", "concession", "actors", "weasel"))
    assert main(["lexicon", "show", "security"]) == 0
    out = capsys.readouterr().out
    assert "definition:" in out and "limits:" in out and "guarantees" in out
    assert main(["lexicon", "export", "ceasefire", "--format", "txt"]) == 0
    assert capsys.readouterr().out.splitlines()[:3] == ["cease-fire", "ceasefire", "cease fire"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nversion: 1\ndescription: d\ncategories:\n  a:\n    terms: [foo, foo]\n")
    assert main(["lexicon", "check", str(bad)]) == 3
    assert "bad.yaml:6: duplicate term" in capsys.readouterr().err
    dic = tmp_path / "x.dic"
    assert main(["lexicon", "convert", "boosters", str(dic)]) == 0
    assert main(["lexicon", "check", str(dic)]) == 0
    assert capsys.readouterr().out.startswith("ok: x ")
