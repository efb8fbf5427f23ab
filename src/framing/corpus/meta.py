"""Document metadata (dates, agency, outlet, URL) and where each value came from.

Every metadata field ``F`` in the corpus has a companion ``F_source`` column naming its origin:

=================== ==========================================================================
``column``          a column of the input table (CSV, TSV, JSONL, Parquet, DataFrame)
``html-meta``       the page's HTML metadata, read by trafilatura
``first-line``      the first line of a plain-text page (its title)
``dateline``        the wire dateline opening the text ("KYIV, Ukraine (AP) —")
``footer``          a copyright footer ("Prime Headlines | © 2024 | News")
``page-line``       a "Published: Dec. 6, 2024" or "By Jane Doe" line of the page
``url``             a date in the URL path (``/2024/12/06/``)
``corpus-registry`` the outlet named for a bundled corpus in ``data/corpora.yaml``
``argument``        the ``outlet=`` argument / ``--outlet`` option
=================== ==========================================================================

>>> parse_date("Dec. 6, 2024")
Timestamp('2024-12-06 00:00:00+0000', tz='UTC')
>>> parse_date("Fri, 06 Dec 2024 14:30:00 +0100")
Timestamp('2024-12-06 13:30:00+0000', tz='UTC')
>>> parse_dateline("MOSCOW, June 3 (Reuters) - Talks.")
{'agency': 'Reuters', 'place': 'MOSCOW', 'date': 'June 3', 'text': 'MOSCOW, June 3 (Reuters) -'}
"""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pandas as pd
from dateutil import parser as dateutil_parser

from ..errors import ParameterError
from .clean import Rules, load_rules

if TYPE_CHECKING:
    from pandas.api.typing import NaTType

# Rule names in the cleaning rules -> provenance labels.
RULE_SOURCES = {"copyright_footer": "footer", "syndication_footer": "footer", "published_line": "page-line",
                "byline": "page-line"}
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>0?[1-9]|1[0-2])[/-](?P<d>0?[1-9]|[12]\d|3[01])(?:/|$|[-_])")
_YEAR = re.compile(r"(?<!\d)(?:1[89]|2\d)\d{2}(?!\d)")
_DIGITS = re.compile(r"\d+")
_ABBREV_DOT = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.", re.IGNORECASE)
_TZINFOS = {"UTC": 0, "GMT": 0, "EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
            "PST": -8 * 3600, "PDT": -7 * 3600, "CET": 3600, "CEST": 7200, "EET": 7200, "EEST": 10800,
            "MSK": 10800, "BST": 3600}


def source_label(rule: str) -> str:
    """Provenance label for a metadata value captured by a cleaning rule."""
    return RULE_SOURCES.get(rule, rule)


@lru_cache(maxsize=65536)
def parse_date(value: object) -> pd.Timestamp | NaTType:
    """Parse ISO 8601, RFC 2822 or prose dates ("Dec. 6, 2024", "6 December 2024") to UTC.

    Times without a zone are taken as UTC. Returns ``NaT`` when the value is not a date.

    >>> parse_date("2022-03-01T10:00:00+02:00")
    Timestamp('2022-03-01 08:00:00+0000', tz='UTC')
    >>> parse_date("not a date") is pd.NaT
    True
    """
    if value is None or (isinstance(value, float) and value != value):
        return pd.NaT
    text = str(value).strip()
    # A date needs a four-digit year and a day or time: "June 3" or "2024" alone would be guessed.
    if not text or len(text) > 80 or not _YEAR.search(text) or len(_DIGITS.findall(text)) < 2:
        return pd.NaT
    try:
        ts = pd.Timestamp(text)
        return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    except (ValueError, TypeError, OverflowError):
        pass
    try:
        dt = parsedate_to_datetime(text)
        ts = pd.Timestamp(dt)
        return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    except (ValueError, TypeError, IndexError, OverflowError):
        pass
    try:
        dt = dateutil_parser.parse(_ABBREV_DOT.sub(r"\1", text), tzinfos=_TZINFOS)
    except (ValueError, OverflowError, dateutil_parser.ParserError):
        return pd.NaT
    ts = pd.Timestamp(dt)
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def date_bound(value: str, name: str, end: bool = False) -> pd.Timestamp:
    """A filter bound (``date_from``/``date_to``) in UTC; ``end=True`` makes a bare date
    (``YYYY-MM-DD``) include its whole day. Raises :class:`ParameterError` naming ``name``.

    >>> date_bound("2022-02-24", "date_to", end=True)
    Timestamp('2022-02-24 23:59:59.999999+0000', tz='UTC')
    """
    try:
        bound = pd.Timestamp(value)
    except ValueError:
        raise ParameterError(f"parameter {name!r} = {value!r}: not a date; use YYYY-MM-DD") from None
    bound = bound.tz_localize("UTC") if bound.tzinfo is None else bound
    if end and len(str(value)) <= 10:
        bound = bound + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
    return bound


def parse_dates(values: pd.Series) -> pd.Series:
    """Vectorised :func:`parse_date`: fast ISO 8601 path, per-value fallback for the rest.

    >>> parse_dates(pd.Series(["2024-12-06", "Dec. 7, 2024", ""])).dt.day.tolist()
    [6.0, 7.0, nan]
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC")
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.tz_localize("UTC")
    text = values.astype("string").fillna("").str.strip()
    out = pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601")
    todo = out.isna() & (text != "")
    if todo.any():
        out = out.copy()
        # utc=True: a list of only NaT (no date parsed) must still fit the tz-aware column
        parsed: list[Any] = [parse_date(v) for v in text[todo]]  # Timestamps and NaT
        out[todo] = pd.to_datetime(parsed, utc=True).as_unit(out.dt.unit)
    return out.astype("datetime64[ns, UTC]")


def date_from_url(url: str) -> pd.Timestamp | NaTType:
    """A ``/YYYY/MM/DD/`` date in a URL path, else ``NaT``.

    >>> date_from_url("https://news.example/2024/12/06/zelenskiy-nato")
    Timestamp('2024-12-06 00:00:00+0000', tz='UTC')
    """
    m = _URL_DATE.search(url or "")
    if not m:
        return pd.NaT
    try:
        return pd.Timestamp(int(m["y"]), int(m["m"]), int(m["d"]), tz="UTC")
    except ValueError:
        return pd.NaT


def parse_dateline(text: str, rules: Rules | None = None) -> dict[str, str] | None:
    """The wire dateline opening ``text`` (agency, place, date, the dateline itself), or ``None``.

    >>> parse_dateline("KYIV, Ukraine (AP) — Ukraine's president said...")["agency"]
    'AP'
    >>> parse_dateline("(Bloomberg) — Ukraine President...")["place"]
    ''
    """
    rx = (rules or load_rules()).dateline
    m = rx.match(text) if rx is not None else None
    if not m:
        return None
    groups = m.groupdict()
    return {"agency": groups["agency"].strip(), "place": (groups.get("place") or "").strip(),
            "date": (groups.get("date") or "").strip(), "text": m.group().strip()}
