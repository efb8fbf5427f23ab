"""Who speaks: voice attribution (writer, quoted sources, institutions) with a cue lexicon as data.

>>> from framing.voices import voice_spans
>>> voice_spans("Ann Lee said the talks would fail.")["kind"].tolist()
['attribution', 'indirect']
"""

from .attribution import SPAN_COLUMNS, corpus_voice_spans, quotations, voice_spans
from .cues import Cues, load_cues
from .speakers import Speakers

__all__ = ["SPAN_COLUMNS", "Cues", "Speakers", "corpus_voice_spans", "load_cues", "quotations", "voice_spans"]
