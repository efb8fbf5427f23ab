"""match.batches cuts texts into batches as the step-by-step rule does."""

from hypothesis import given, settings
from hypothesis import strategies as st

from framing.chars import encode
from framing.match import batches
from framing.match.table import text_windows


def _batches_step_by_step(texts, max_chars, cut, paragraphs):
    first, size = 0, 0
    for i, text in enumerate(texts):
        if i > first and size + len(text) > max_chars:
            yield first, encode(texts[first:i])
            first, size = i, 0
        if cut and len(text) > max_chars:
            windows = text_windows(text, max_chars, cut, paragraphs)
            if len(windows) > 1:
                yield from ((i, encode([text], w)) for w in windows)
                first, size = i + 1, 0
                continue
        size += len(text) + 1
    if first < len(texts) or not texts:
        yield first, encode(texts[first:])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab. \n", max_size=30), max_size=12), st.integers(1, 25), st.sampled_from(["", "."]),
       st.booleans())
def test_batches_as_step_by_step(texts, max_chars, cut, paragraphs):
    got = [(i, b.texts, b.window, b.offsets.tolist()) for i, b in batches(texts, max_chars, cut, paragraphs)]
    want = [(i, b.texts, b.window, b.offsets.tolist())
            for i, b in _batches_step_by_step(texts, max_chars, cut, paragraphs)]
    assert got == want
