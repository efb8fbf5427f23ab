"""Who speaks: voice attribution (writer, quoted sources, institutions) with a cue lexicon as data.

>>> from framing.voices import voice_spans
>>> voice_spans("Ann Lee said the talks would fail.")["kind"].tolist()
['attribution', 'indirect']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .attribution import SPAN_COLUMNS, corpus_voice_spans, quotations, voice_spans
    from .cues import Cues, load_cues
    from .speakers import Speakers

__all__ = ["SPAN_COLUMNS", "Cues", "Speakers", "corpus_voice_spans", "load_cues", "quotations", "voice_spans"]

# Each name's module, imported when the name is first asked for: every command's parser imports
# framing.voices.cli for its options, and most commands never attribute voices (the attribution
# modules cost some 0.03 s to import; an error importing one is raised there, as it is).
_MODULE = {"SPAN_COLUMNS": "attribution", "corpus_voice_spans": "attribution", "quotations": "attribution",
           "voice_spans": "attribution", "Cues": "cues", "load_cues": "cues", "Speakers": "speakers"}


def __getattr__(name: str) -> Any:
    if name not in _MODULE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_MODULE[name]}", __name__), name)
    globals()[name] = value
    return value
