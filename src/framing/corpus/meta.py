"""Document metadata (dates, agency, outlet, URL) and where each value came from.

Every metadata field ``F`` in the corpus has a companion ``F_source`` column naming its origin:

=================== ==========================================================================
``column``          a column of the input table (CSV, TSV, JSONL, Parquet, DataFrame)
``html-meta``       the page's HTML metadata, read by trafilatura
``first-line``      the first line of a plain-text page (its title)
``dateline``        the wire dateline opening the text ("KYIV, Ukraine (AP) —")
``footer``          a copyright footer ("Prime Headlines | © 2024 | News", "© 2023 Riverside Post.")
``page-title``      the site name in the page's ``<title>`` ("Headline | Riverside Post")
``url-domain``      the domain of the URL (``outlet`` only, when nothing else names it)
``page-line``       a "Published: Dec. 6, 2024" or "By Jane Doe" line of the page
``url``             a date in the URL path (``/2024/12/06/``)
``corpus-registry`` the outlet named for a bundled corpus in ``data/corpora.yaml``
``argument``        the ``outlet=`` argument / ``--outlet`` option
``<family>:<label>`` a news-archive export: family and field label or code (``nexis:Byline``,
                    ``factiva:PD``, ``proquest:Publication title``, ``mediacloud:media_name``;
                    see :mod:`framing.corpus.archives`); ``counted``: a length counted from the body
=================== ==========================================================================

Outlets map to groups (ownership, country, camp) with :func:`load_groups` / :func:`add_groups`.

>>> parse_date("Dec. 6, 2024")
Timestamp('2024-12-06 00:00:00+0000', tz='UTC')
>>> parse_date("Fri, 06 Dec 2024 14:30:00 +0100")
Timestamp('2024-12-06 13:30:00+0000', tz='UTC')
>>> parse_dateline("MOSCOW, June 3 (Reuters) - Talks.")
{'agency': 'Reuters', 'place': 'MOSCOW', 'date': 'June 3', 'text': 'MOSCOW, June 3 (Reuters) -'}
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml
from dateutil import parser as dateutil_parser
from pandas.api.typing import NaTType

from ..errors import InputError, ParameterError
from .clean import Rules, load_rules

if TYPE_CHECKING:
    from pandas.api.typing import NaTType

# Rule names in the cleaning rules -> provenance labels.
RULE_SOURCES = {"copyright_footer": "footer", "copyright": "footer", "syndication_footer": "footer", "published_line": "page-line",
                "byline": "page-line"}
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>0?[1-9]|1[0-2])[/-](?P<d>0?[1-9]|[12]\d|3[01])(?:/|$|[-_])")
_YEAR = re.compile(r"(?<!\d)(?:1[89]|2\d)\d{2}(?!\d)")
_DIGITS = re.compile(r"\d+")
_ABBREV_DOT = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.", re.IGNORECASE)
_TZINFOS = {"UTC": 0, "GMT": 0, "EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
            "PST": -8 * 3600, "PDT": -7 * 3600, "CET": 3600, "CEST": 7200, "EET": 7200, "EEST": 10800,
            "MSK": 10800, "BST": 3600}


# An all-number date: day and month in some order, then a four-digit year ("03/04/2022", "04.03.2022").
_NUMERIC_DATE = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?=$|[ T,])")


def numeric_date_order(text: str) -> str:
    """How an all-number date is read: ``"day"`` first (dotted dates, as in Russian, Ukrainian and
    German: ``04.03.2022`` is 4 March; or a first number over 12), ``"month"`` first (a second
    number over 12), ``"same"`` (both readings agree), ``"ambiguous"`` (``03/04/2022``: 3 April
    or 4 March: such a date is not guessed), or ``""`` for any other text (and ``31/31/2022``).

    >>> [numeric_date_order(t) for t in ["04.03.2022", "13/04/2022", "04/13/2022", "03/03/2022", "03/04/2022", "2022-03-04"]]
    ['day', 'day', 'month', 'same', 'ambiguous', '']
    """
    m = _NUMERIC_DATE.match(text.strip())
    if not m:
        return ""
    first, sep, second = int(m[1]), m[2], int(m[3])
    if first > 12 and second > 12:
        return ""  # no month there: not a date (31/31/2022)
    if sep == "." or (first > 12 >= second):
        return "day"
    if second > 12 >= first:
        return "month"
    return "same" if first == second else "ambiguous"


def date_problem(value: object) -> str:
    """Why :func:`parse_date` gives ``NaT`` for a value that is there, for a load-report line.

    >>> date_problem("03/04/2022")
    "'03/04/2022' could be day/month or month/day; give dates as YYYY-MM-DD"
    """
    text = str(value).strip()
    if numeric_date_order(text) == "ambiguous":
        return f"{text!r} could be day/month or month/day; give dates as YYYY-MM-DD"
    return f"{text!r} is not a date"


def source_label(rule: str) -> str:
    """Provenance label for a metadata value captured by a cleaning rule."""
    return RULE_SOURCES.get(rule, rule)


# Russian and Ukrainian month names (nominative, genitive, prepositional, abbreviated), read as the
# English month: "5 марта 2022 г." -> "5 March 2022", "5 березня 2022 р." -> "5 March 2022".
_CYRILLIC_MONTHS = {
    "January": "январь января январе янв січень січня січні січ",
    "February": "февраль февраля феврале фев февр лютий лютого лютому лют",
    "March": "март марта марте мар березень березня березні бер",
    "April": "апрель апреля апреле апр квітень квітня квітні квіт",
    "May": "май мая мае травень травня травні трав",
    "June": "июнь июня июне июн червень червня червні черв",
    "July": "июль июля июле июл липень липня липні лип",
    "August": "август августа августе авг серпень серпня серпні серп",
    "September": "сентябрь сентября сентябре сен сент вересень вересня вересні вер",
    "October": "октябрь октября октябре окт жовтень жовтня жовтні жовт",
    "November": "ноябрь ноября ноябре ноя нояб листопад листопада листопаді лист",
    "December": "декабрь декабря декабре дек грудень грудня грудні груд",
}
_CYRILLIC_MONTH = {form: month for month, forms in _CYRILLIC_MONTHS.items() for form in forms.split()}
# Words said with a date and dropped: the year's "г."/"года"/"р."/"року", weekdays, "в"/"о" before a time.
_CYRILLIC_DATE_WORDS = frozenset(
    "г год года году р рік року понедельник вторник среда среду четверг пятница пятницу суббота субботу "
    "воскресенье понеділок вівторок середа середу четвер пʼятниця пʼятницю пятниця пятницю субота суботу "
    "неділя неділю в о".split())
_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґʼ']+\.?")


def _cyrillic_month(m: re.Match[str]) -> str:
    word = m[0].rstrip(".").lower().replace("'", "ʼ")
    if word in _CYRILLIC_DATE_WORDS:
        return ""
    return _CYRILLIC_MONTH.get(word, m[0])


@lru_cache(maxsize=65536)
def parse_date(value: object) -> pd.Timestamp | NaTType:
    """Parse ISO 8601, RFC 2822 or prose dates ("Dec. 6, 2024", "6 December 2024", "5 марта 2022 г.",
    "5 березня 2022 р.") to UTC.

    Times without a zone are taken as UTC; a named zone (MSK, CET, EET, BST, EST ...) is read. Returns ``NaT`` when the value is not a date. An
    all-number date is read as :func:`numeric_date_order` says: dotted ones day first, and one whose
    day and month could be either way round (``03/04/2022``) is ``NaT``, never a guess.

    >>> parse_date("2022-03-01T10:00:00+02:00")
    Timestamp('2022-03-01 08:00:00+0000', tz='UTC')
    >>> parse_date("not a date") is pd.NaT
    True
    """
    if value is None or (isinstance(value, float) and value != value):
        return pd.NaT
    text = str(value).strip()
    if not text.isascii():  # "5 марта 2022 г.", "5 березня 2022 р.": months read as English ones
        text = " ".join(_CYRILLIC_WORD.sub(_cyrillic_month, text).split()).strip(" ,")
    # A date needs a four-digit year and a day or time: "June 3" or "2024" alone would be guessed.
    if not text or len(text) > 80 or not _YEAR.search(text) or len(_DIGITS.findall(text)) < 2:
        return pd.NaT
    order = numeric_date_order(text)
    if order == "ambiguous":
        return pd.NaT  # 03/04/2022: no guess (see date_problem)
    if not order:  # (an all-number date goes straight to dateutil, told its order)
        zone = any(word in _TZINFOS for word in text.split())  # a named zone: one these may not know (MSK)
        try:
            ts = pd.Timestamp(text)
            if ts.tzinfo is not None or not zone:
                return _utc(ts)
        except (ValueError, TypeError, OverflowError):
            pass
        try:
            ts = pd.Timestamp(parsedate_to_datetime(text))
            if ts.tzinfo is not None or not zone:
                return _utc(ts)
        except (ValueError, TypeError, IndexError, OverflowError):
            pass
    try:
        dt = dateutil_parser.parse(_ABBREV_DOT.sub(r"\1", text), dayfirst=order == "day", tzinfos=_TZINFOS)
    except (ValueError, OverflowError, dateutil_parser.ParserError):
        return pd.NaT
    return _utc(pd.Timestamp(dt))


def _utc(ts: pd.Timestamp) -> pd.Timestamp:
    """A time stamp in UTC (one without a zone is taken as UTC)."""
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


# --- outlet: the page's own name, the URL's domain ------------------------------------------------
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||[-–—]|::|·|•|»)\s+")
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//(?:[^@/]*@)?(?:www\d?\.)?(?P<host>[^/:?#]+)", re.IGNORECASE)


def site_name_from_title(page_title: str, headline: str) -> str:
    """The site's name in a page title "Headline | Site" (or "Site - Headline"), else "".

    >>> site_name_from_title("Talks resume in Istanbul | Riverside Post", "Talks resume in Istanbul")
    'Riverside Post'
    >>> site_name_from_title("Talks resume in Istanbul", "Talks resume in Istanbul")
    ''
    """
    def norm(x: str) -> str:
        return "".join(ch for ch in x.casefold() if ch.isalnum())

    parts = _TITLE_SEPARATORS.split(html.unescape(page_title).strip())
    if len(parts) < 2 or not headline.strip():
        return ""
    for site, rest in ((parts[-1], parts[:-1]), (parts[0], parts[1:])):
        if norm(" ".join(rest)) == norm(headline) and 0 < len(site.split()) <= 6:
            return site.strip()
    return ""


def page_title(markup: str) -> str:
    """The text of an HTML page's ``<title>`` ("" if none)."""
    m = _TITLE_TAG.search(markup[:200_000])
    return " ".join(html.unescape(m.group(1)).split()) if m else ""


def outlet_from_url(url: str) -> str:
    """The host of a URL without ``www.``, as an outlet name of last resort ("" if not a URL).

    >>> outlet_from_url("https://www.kremlin.ru/events/president/news/67828")
    'kremlin.ru'
    """
    m = _HOST.match((url or "").strip())
    return m.group("host").lower().rstrip(".") if m and "." in m.group("host") else ""


# --- outlet groups ------------------------------------------------------------------------------
def load_groups(path: str | Path) -> dict[str, str]:
    """Read an outlet -> group mapping from YAML or CSV.

    YAML: a mapping ``outlet: group`` or ``group: [outlet, ...]``; CSV: columns ``outlet`` and
    ``group``. Outlet names are matched ignoring case and surrounding spaces. Raises
    :class:`~framing.errors.InputError` naming the file (and line) for a malformed entry, an
    empty name, or an outlet given two different groups.

    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "groups.yaml")
    >>> _ = open(f, "w").write("state media: [RT, TASS]\\nBBC News: public broadcaster\\n")
    >>> load_groups(f)
    {'rt': 'state media', 'tass': 'state media', 'bbc news': 'public broadcaster'}
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the group file ({exc})", fix="give a UTF-8 YAML or CSV file") from None
    pairs: list[tuple[str, str, int | None]] = []
    if path.suffix.lower() in (".csv", ".tsv"):
        reader = csv.DictReader(io.StringIO(text), delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        fields = [str(f).strip().lower() for f in reader.fieldnames or []]
        if "outlet" not in fields or "group" not in fields:
            raise InputError(path, f"the group file needs columns 'outlet' and 'group' (it has {', '.join(fields) or 'none'})",
                             fix="name the header row: outlet,group", line=1)
        for n, row in enumerate(reader, start=2):
            row = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
            pairs.append((row.get("outlet") or "", row.get("group") or "", n))
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            raise InputError(path, f"not valid YAML ({getattr(exc, 'problem', exc)})", fix="check the indentation and colons",
                             line=line) from None
        if not isinstance(data, dict):
            raise InputError(path, "the group file must be a YAML mapping (outlet: group, or group: [outlets])",
                             fix="see framing.corpus.load_groups")
        for key, value in data.items():
            if isinstance(value, list):
                pairs.extend((str(v) if isinstance(v, str) else "", str(key), None) for v in value)
                if not all(isinstance(v, str) for v in value):
                    raise InputError(path, f"group {key!r} lists something that is not an outlet name: {value!r}",
                                     fix="list outlet names as strings")
            elif isinstance(value, str) and isinstance(key, str):
                pairs.append((key, value, None))
            else:
                raise InputError(path, f"entry {key!r}: {value!r} is neither 'outlet: group' nor 'group: [outlets]'",
                                 fix="write each entry as  Outlet Name: group  or  group: [Outlet A, Outlet B]")
    groups: dict[str, str] = {}
    for outlet, group, line in pairs:
        key, group = " ".join(outlet.split()).casefold(), " ".join(group.split())
        if not key or not group:
            raise InputError(path, f"an entry has an empty outlet or group ({outlet!r} -> {group!r})",
                             fix="give every outlet a group", line=line)
        if groups.get(key, group) != group:
            raise InputError(path, f"outlet {outlet!r} is in two groups ({groups[key]!r} and {group!r})",
                             fix="give each outlet one group", line=line)
        groups[key] = group
    if not groups:
        raise InputError(path, "the group file has no entries", fix="add lines like  Outlet Name: group")
    return groups


def add_groups(corpus: pd.DataFrame, groups: str | Path | Mapping[str, str], *, unknown: str | None = None,
               column: str = "outlet") -> pd.DataFrame:
    """A copy of ``corpus`` with a ``group`` column from an outlet -> group mapping (or its file).

    Every outlet must have a group: outlets missing from the mapping raise
    :class:`~framing.errors.InputError` listing them, unless ``unknown`` names the group to give them.

    >>> df = pd.DataFrame({"outlet": ["RT", "BBC News", "rt"]})
    >>> add_groups(df, {"RT": "state media", "BBC News": "public"})["group"].tolist()
    ['state media', 'public', 'state media']
    """
    source = str(groups) if isinstance(groups, (str, Path)) else "<mapping>"
    mapping = load_groups(groups) if isinstance(groups, (str, Path)) else {
        " ".join(str(k).split()).casefold(): str(v) for k, v in groups.items()}
    if column not in corpus.columns:
        raise InputError(source, f"the corpus has no {column!r} column", fix="load it with framing.load_corpus")
    keys = corpus[column].fillna("").astype(str).map(lambda x: " ".join(x.split()).casefold())
    missing = sorted(set(corpus[column][~keys.isin(mapping.keys())].fillna("").astype(str)))
    if missing and unknown is None:
        shown = ", ".join(repr(m) for m in missing[:20]) + (f" and {len(missing) - 20} more" if len(missing) > 20 else "")
        raise InputError(source, f"{len(missing)} outlet(s) of the corpus have no group: {shown}",
                         fix="add them to the group file, or pass unknown='other'")
    out = corpus.copy()
    out["group"] = [mapping.get(k, unknown or "") for k in keys]
    return out
