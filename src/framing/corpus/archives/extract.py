"""Text out of the containers news archives export: DOCX, RTF, HTML and plain text.

Each function returns the document as a list of lines (a DOCX paragraph is a line; table cells
are joined by a tab), so the archive parsers work the same whatever the container.

>>> rtf_lines(rb"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}HD\\tab Talks\\par Caf\\'e9 \\u8212? ok\\par}")
['HD\\tTalks', 'Café — ok', '']
>>> html_lines(b"<html><body><table><tr><td>HD</td><td>Talks</td></tr></table><p>Body</p></body></html>")
['HD\\tTalks', 'Body']
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from ..formats import Limits, Problem, decode_text, nfc, text_encoding

MAX_MEMBER_BYTES = 512 << 20  # a DOCX part or zip member larger than this is refused (zip bomb guard)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def text_lines(data: bytes, source: str = "<bytes>", complete: bool = True, encoding: str | None = None,
               note: Problem | None = None) -> tuple[list[str], str]:
    """Decode plain text as any text input is (in ``encoding``, else the one detected):
    ``(lines, encoding)``; ``complete=False`` when ``data`` is only the start of the file. A byte not
    valid in the encoding becomes U+FFFD, and ``note(source, problem, fix, line)`` is told of its line.

    >>> text_lines(b"HD Caf\\xe9\\n", encoding="cp1252")
    (['HD Café', ''], 'cp1252')
    """
    forced = encoding is not None
    encoding = text_encoding(data, complete, source, Limits(encoding=encoding))
    text = nfc(decode_text(data, encoding, source, note or (lambda *_: None), forced)).lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), encoding


def docx_lines(data: bytes) -> list[str]:
    """The paragraphs of a DOCX file (body, including tables), one line each; tabs and breaks kept."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("word/document.xml")
        if info.file_size > MAX_MEMBER_BYTES:
            raise ValueError(f"word/document.xml is {info.file_size:,} bytes uncompressed")
        root = ElementTree.fromstring(zf.read(info))
    lines: list[str] = []
    for para in root.iter(_W + "p"):
        parts = []
        for el in para.iter():
            if el.tag == _W + "t":
                parts.append(el.text or "")
            elif el.tag == _W + "tab":
                parts.append("\t")
            elif el.tag in (_W + "br", _W + "cr"):
                parts.append("\n")
        lines.extend(nfc("".join(parts)).split("\n"))
    return lines


# --- RTF -------------------------------------------------------------------------------------
_RTF_TOKEN = re.compile(r"\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([^\\{}\r\n]+)|[\r\n]+")
# Groups whose content is not document text.
_RTF_SKIP = {"fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "headerl", "headerr", "headerf",
             "footer", "footerl", "footerr", "footerf", "object", "datastore", "themedata", "colorschememapping",
             "latentstyles", "listtable", "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "mmathPr",
             "fldinst", "nonshppict", "bkmkstart", "bkmkend", "filetbl", "revtbl", "pgdsctbl", "userprops",
             "docvar", "xe", "tc", "fftitle", "formfield"}
_RTF_CHARS = {"par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n", "tab": "\t", "cell": "\t",
              "emdash": "\u2014", "endash": "\u2013", "lquote": "\u2018", "rquote": "\u2019",
              "ldblquote": "\u201c", "rdblquote": "\u201d", "bullet": "\u2022", "emspace": " ", "enspace": " "}
_RTF_SYMBOLS = {"~": "\u00a0", "-": "", "_": "\u2011", "\\": "\\", "{": "{", "}": "}", "\n": "\n", "\r": "\n"}


def rtf_lines(data: bytes) -> list[str]:
    """The text of an RTF file, one paragraph a line (a small extractor: text, \\\\u and \\\\'hh escapes,
    paragraph/line/tab/cell marks; font tables, pictures, headers, field instructions skipped)."""
    raw = data.decode("latin-1")
    out: list[str] = []
    codepage = "cp1252"
    skip, uc = False, 1
    stack: list[tuple[bool, int]] = []
    pending = 0  # characters still to skip after a \uN (its ANSI fallback)
    fresh_group = False  # right after "{": a "\*" or destination word decides whether to skip it
    for m in _RTF_TOKEN.finditer(raw):
        word, arg, hexbyte, symbol, brace, text = m.groups()
        if brace == "{":
            stack.append((skip, uc))
            fresh_group = True
            continue
        if brace == "}":
            skip, uc = stack.pop() if stack else (False, 1)
            pending = 0
            continue
        starts_group, fresh_group = fresh_group, False
        if symbol == "*" and starts_group:
            skip = True
            fresh_group = True  # the next control word is the destination name
            continue
        if word is not None:
            if word in _RTF_SKIP:
                skip = True
            elif word == "ansicpg" and arg:
                codepage = f"cp{arg}"
            elif word == "uc" and arg:
                uc = int(arg)
            elif skip:
                continue
            elif word == "u" and arg:
                out.append(chr(int(arg) % 65536))
                pending = uc
            elif word in _RTF_CHARS:
                out.append(_RTF_CHARS[word])
            continue
        if skip:
            continue
        if hexbyte is not None:
            if pending:
                pending -= 1
                continue
            try:
                out.append(bytes([int(hexbyte, 16)]).decode(codepage))
            except (UnicodeDecodeError, LookupError):
                out.append(bytes([int(hexbyte, 16)]).decode("cp1252", errors="replace"))
        elif symbol is not None:
            out.append(_RTF_SYMBOLS.get(symbol, ""))
        elif text is not None:
            if pending:
                cut = min(pending, len(text))
                text, pending = text[cut:], pending - cut
            out.append(text)
    return nfc("".join(out)).split("\n")


# --- HTML ------------------------------------------------------------------------------------
_BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
          "header", "footer", "blockquote", "pre", "ul", "ol", "dl", "dt", "dd", "hr", "title", "body"}


def html_lines(data: bytes) -> list[str]:
    """The visible text of an HTML file, a line per block element, table cells joined by a tab."""
    import lxml.html

    root = lxml.html.fromstring(data)
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style", "head", "noscript", "template"):
            if el.tail:
                parts.append(el.tail)
            return
        if tag in _BLOCK:
            parts.append("\n")
        if tag in ("td", "th") and el.getprevious() is not None:
            parts.append("\t")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    lines = (re.sub(r"[ \r\f\v\u00a0]+", " ", line).strip(" ") for line in nfc("".join(parts)).split("\n"))
    return [line for line in lines if line.strip()]
