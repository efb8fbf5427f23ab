import hashlib

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from framing import plots
from framing.stats import keyness, load_events, term_counts

matplotlib.use("Agg")


@pytest.fixture
def series():
    periods = pd.to_datetime(["2022-01-01", "2022-02-01", "2022-03-01", "2022-04-01"])
    return pd.DataFrame({"period": list(periods) * 2, "group": ["kremlin.ru"] * 4 + ["president.gov.ua"] * 4,
                         "lexicon": "hedging", "rate": [1, 2, 3, 2, 2, 2, 4, 3.0],
                         "ci_low": [0.5, 1.5, 2.5, 1.5, 1.5, 1.5, 3.5, 2.5],
                         "ci_high": [1.5, 2.5, 3.5, 2.5, 2.5, 2.5, 4.5, 3.5]})


def test_time_series_draws_event_lines_in_range(series):
    fig = plots.plot_time_series(series, events=load_events())
    ax = fig.axes[0]
    labels = [t.get_text().strip() for t in ax.texts]
    assert "Invasion" in labels and "Istanbul talks" in labels
    assert "EU candidate status" not in labels  # June 2022 is outside the data
    assert ax.get_ylabel() == "hedging: hits per 1,000 tokens" and len(ax.lines) >= 2 + len(labels)


def test_builders_draw_into_a_given_axes():
    fig, ax = plt.subplots()
    split = pd.DataFrame({"lexicon": ["hedging", "hedging"], "voice": ["journalist", "source"],
                          "count": [3, 1], "share": [0.75, 0.25]})
    assert plots.plot_voice_split(split, ax=ax) is fig
    widths = [p.get_width() for p in ax.patches]
    assert widths == [75.0, 25.0] and ax.get_xlabel() == "Share of affirmed hits (%)"
    assert any("75% (n=3)" == t.get_text() for t in ax.texts)


def test_keyness_plot_labels_extreme_terms():
    counts = pd.DataFrame({"a": [50, 5, 10, 10], "b": [5, 50, 10, 11]}, index=["war", "peace", "and", "the"])
    fig = plots.plot_keyness(keyness(counts), "a", top=1)
    listed = fig.axes[0].texts[-1].get_text()  # the ranked lists beside the plot
    named = [t.get_text() for t in fig.axes[0].texts[:-1]]  # the circled points labelled on the plot
    assert named == ["war", "peace"]
    assert "  war  (z +" in listed and "  peace  (z -" in listed and fig.axes[0].get_xscale() == "log"
    assert listed.index("more in a") < listed.index("war") < listed.index("more in the others") < listed.index("peace")


def test_cooccurrence_heatmap_and_effects():
    table = pd.DataFrame([[4, 1], [1, 2]], index=["h:modal", "s:nato"], columns=["h:modal", "s:nato"])
    table.index.name = "lexicon:category"
    fig = plots.plot_cooccurrence(table)
    assert [t.get_text() for t in fig.axes[0].texts] == ["4", "1", "1", "2"]
    assert "Label" not in (fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel())
    assert fig.axes[0].get_ylabel() == "Lexicon: category (first)"
    effects = pd.DataFrame({"lexicon": ["hedging"], "group_a": ["a"], "group_b": ["b"], "diff": [1.0],
                            "diff_low": [0.5], "diff_high": [1.5]})
    fig = plots.plot_effects(effects)
    assert fig.axes[0].get_yticklabels()[0].get_text() == "hedging: a − b"


def test_new_figures_save_byte_identically(tmp_path, series):
    hashes = []
    for k in range(2):
        fig = plots.plot_time_series(series, events=load_events())
        hashes.append(plots.write_figure(fig, tmp_path / f"ts{k}"))
        plt.close(fig)
    assert hashes[0] == hashes[1]
    assert hashlib.sha256((tmp_path / "ts0.png").read_bytes()).hexdigest() == hashes[0]["png"]
    assert np.all([len(h) == 64 for h in hashes[0].values()])


def test_every_builder_takes_ax_and_returns_its_figure(series):
    import inspect

    builders = [f for name, f in vars(plots).items() if name.startswith("plot_") and callable(f)]
    assert len(builders) == 11
    for f in builders:
        param = inspect.signature(f).parameters.get("ax")
        assert param is not None and param.default is None, f"{f.__name__} must take ax=None"
    months = pd.DataFrame({"month": pd.to_datetime(["2022-01-01", "2022-02-01"]), "group": "x", "documents": [3, 0]})
    fig, ax = plt.subplots()
    assert plots.plot_documents_per_month(months, ax=ax) is fig and len(ax.lines) == 1
    terms = pd.DataFrame({"lexicon": ["h", "h", "s"], "group": "x", "term": ["may", "might", "nato"],
                          "count": [2, 1, 1], "per_1k": [2.0, 1.0, 1.0]})
    fig, axes = plt.subplots(1, 2)
    assert plots.plot_top_terms(terms, ax=axes) is fig and [a.get_title() for a in axes] == ["h", "s"]
    with pytest.raises(Exception, match="2 panels"):
        plots.plot_top_terms(terms, ax=axes[:1])
    two = pd.concat([series, series.assign(lexicon="security")])
    fig, axes = plt.subplots(2, 1)
    assert plots.plot_time_series(two, ax=axes) is fig
    assert [a.get_ylabel() for a in axes] == ["hedging: hits per 1,000 tokens", "security: hits per 1,000 tokens"]
    plt.close("all")


def test_rates_by_group_gives_each_lexicon_its_own_axis_and_n():
    table = pd.DataFrame({"group": ["a", "b"] * 2, "lexicon": ["hedging"] * 2 + ["security"] * 2,
                          "rate": [40.0, 30.0, 0.4, 0.2], "ci_low": [35, 25, 0.3, 0.1], "ci_high": [45, 35, 0.5, 0.3],
                          "count": [4000, 3000, 40, 20], "n_docs": [10, 12, 10, 12]})
    fig = plots.plot_rates_by_group(table)
    hedging, security = fig.axes
    assert hedging.get_ylim()[1] > 40 and security.get_ylim()[1] < 1  # the rare lexicon is not flattened
    assert security.get_ylabel() == "security: hits per 1,000 tokens"
    assert [t.get_text() for t in security.texts] == ["n=40\n10 docs", "n=20\n12 docs"]


def test_monthly_rates_marks_partial_months():
    table = pd.DataFrame({"month": pd.to_datetime(["2022-01-01", "2022-02-01"]), "group": "a", "lexicon": "hedging",
                          "rate": [1.0, 2.0], "ci_low": [0.5, 1.5], "ci_high": [1.5, 2.5], "days": [7, 28],
                          "partial": [True, False]})
    ax = plots.plot_monthly_rates(table).axes[0]
    assert [t.get_text() for t in ax.texts] == ["7 days"]
    assert "partial month" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_effects_panel_per_lexicon_with_n():
    effects = pd.DataFrame({"lexicon": ["hedging", "security"], "group_a": ["a", "a"], "group_b": ["b", "b"],
                            "diff": [10.0, 0.1], "diff_low": [5.0, 0.05], "diff_high": [15.0, 0.15],
                            "n_docs_a": [3, 3], "n_docs_b": [4, 4]})
    fig = plots.plot_effects(effects)
    assert len(fig.axes) == 2 and fig.axes[1].get_xlim()[1] < 1
    assert fig.axes[0].texts[0].get_text() == "n=3 / 4 docs"


def test_an_empty_table_gives_a_figure_that_says_so():
    """One group: compare_groups has no pair, and the report must still draw (not fail on 0 panels)."""
    empty = pd.DataFrame(columns=["lexicon", "group_a", "group_b", "diff", "diff_low", "diff_high"])
    fig = plots.plot_effects(empty)
    assert "Nothing to show" in fig.axes[0].texts[0].get_text()



def _glyph_warnings(fig) -> list[str]:
    """matplotlib's "Glyph ... missing from font(s)" warnings while the figure is saved in every format."""
    import io
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fmt in plots.FORMATS:
            fig.savefig(io.BytesIO(), format=fmt)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def _fonts_have(fig) -> dict[str, bool]:
    """Each non-ASCII character of the figure's text -> whether the font it is drawn in has a glyph for it."""
    from matplotlib.font_manager import findfont
    from matplotlib.ft2font import FT2Font
    from matplotlib.text import Text

    fig.canvas.draw()
    out = {}
    for text in fig.findobj(Text):
        font = FT2Font(findfont(text.get_fontproperties(), fallback_to_default=False))
        out.update({ch: font.get_char_index(ord(ch)) != 0 for ch in text.get_text() if not ch.isascii()})
    return out


@pytest.fixture
def cyrillic_figures():
    """The report's figures drawn with Russian and Ukrainian labels: groups, lexicon, terms."""
    rates = pd.DataFrame({"group": ["Кремль", "Офіс президента"], "lexicon": ["хеджування"] * 2,
                          "rate": [2.0, 3.0], "ci_low": [1.5, 2.5], "ci_high": [2.5, 3.5], "n_hits": [4, 6],
                          "n_docs": [2, 2]})
    terms = pd.DataFrame({"lexicon": ["хеджування"] * 3, "group": ["Кремль", "Кремль", "Офіс президента"],
                          "term": ["возможно", "якобы", "мабуть"], "count": [3, 1, 2], "per_1k": [1.0, 0.3, 0.7]})
    words = ["возможно", "якобы", "переговоры", "мабуть", "нібито", "їхній", "ґанок", "переговори"]
    key = pd.DataFrame({"group": "Кремль", "term": words, "count": [9, 7, 5, 1, 1, 1, 0, 2],
                        "count_other": [1, 1, 2, 8, 6, 5, 4, 9], "z": [3.1, 2.5, 1.0, -2.2, -2.6, -2.0, -2.1, -3.0],
                        "q": [0.01, 0.02, 0.3, 0.03, 0.01, 0.04, 0.04, 0.001]})
    figures = [plots.plot_rates_by_group(rates, xlabel="Видання", title="Хеджування за виданням"),
               plots.plot_top_terms(terms), plots.plot_keyness(key, "Кремль")]
    yield figures
    for fig in figures:
        plt.close(fig)


def test_cyrillic_labels_render_with_a_font_that_has_their_glyphs(cyrillic_figures):
    for fig in cyrillic_figures:
        assert _glyph_warnings(fig) == []
        have = _fonts_have(fig)
        assert {"К", "ї", "ґ", "є", "і", "ы"} & set(have), "the figure should draw Cyrillic text"
        assert all(have.values()), sorted(ch for ch, ok in have.items() if not ok)
        assert plots.missing_glyphs(fig) == []


def test_a_font_without_cyrillic_is_caught():
    fig, ax = plt.subplots()
    ax.set_title("Переговори", family="cmr10")  # Computer Modern (ships with matplotlib): no Cyrillic
    assert _glyph_warnings(fig) and "П" in plots.missing_glyphs(fig)
    assert not all(_fonts_have(fig).values())
    plt.close(fig)


def test_a_report_figure_is_drawn_once_less_with_the_same_files(tmp_path, mini_corpus):
    import io

    from framing.report.figures import save_figure

    corpus = pd.read_json(mini_corpus, lines=True)
    key = keyness(term_counts(corpus, "outlet"), min_count=1)

    def make():  # keyness: its first and second PNG differ (constrained layout moves at each draw)
        return plots.plot_keyness(key, sorted(corpus["outlet"])[0])

    before = make()  # as saved before: an inline PNG drawn first, then the three files
    before.savefig(io.BytesIO(), format="png", dpi=100, metadata={"Software": None})
    expected = plots.write_figure(before, tmp_path / "before")
    shown = save_figure(make(), "keyness", "caption", tmp_path / "run")
    files = {fmt: (tmp_path / "run" / "figures" / f"keyness.{fmt}").read_bytes() for fmt in plots.FORMATS}
    assert {fmt: hashlib.sha256(b).hexdigest() for fmt, b in files.items()} == expected
    assert shown.png == files["png"]  # the figure shown is the file's PNG


def test_a_score_table_given_to_a_rates_plot_is_a_clear_error():
    import pytest

    from framing.errors import ParameterError
    from framing.plots import plot_monthly_rates, plot_rates_by_group

    scores = pd.DataFrame({"doc_id": ["a"], "outlet": ["x"], "hedging_count": [2], "n_tokens": [100]})
    with pytest.raises(ParameterError, match=r"no column\(s\) 'lexicon', 'group'.*stats\.rates_by_group"):
        plot_rates_by_group(scores)
    with pytest.raises(ParameterError, match=r"stats\.monthly_rates"):
        plot_monthly_rates(scores)
