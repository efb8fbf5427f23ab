

def test_layout_gives_each_entry_its_lexicon_and_category_columns():
    from framing.lexicons import load_lexicons
    from framing.match import compile_lexicons
    from framing.metrics import _layout
    matcher = compile_lexicons(tuple(load_lexicons(["sovereignty", "weasel", "ceasefire"])))
    cols, entry_cols, _ = _layout(matcher)
    assert entry_cols.shape == (3, len(matcher.entries))
    for e, (count, negated, category) in zip(matcher.entries, entry_cols.T.tolist()):
        assert (cols[count], cols[negated], cols[category]) == (f"{e.lexicon}_count", f"{e.lexicon}_negated",
                                                                f"{e.lexicon}.{e.category}_count")
