"""Corpus loading: files or DataFrames -> one corpus DataFrame (see :func:`load_corpus`)."""

from .clean import clean_page
from .load import CORPUS_COLUMNS, load_corpus, resolve_inputs

__all__ = ["CORPUS_COLUMNS", "clean_page", "load_corpus", "resolve_inputs"]
