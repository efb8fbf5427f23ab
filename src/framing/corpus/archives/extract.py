"""Text out of the containers news archives export: DOCX, RTF, HTML and plain text.

Each function returns the document as a list of lines (a DOCX paragraph is a line; table cells
are joined by a tab), so the archive parsers work the same whatever the container.

>>> rtf_lines(rb"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}HD\\tab Talks\\par Caf\\'e9 \\u8212? ok\\par}")[0]
['HD\\tTalks', 'Café — ok', '']
>>> html_lines(b"<html><body><table><tr><td>HD</td><td>Talks</td></tr></table><p>Body</p></body></html>")[0]
['HD\\tTalks', 'Body']
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from xml.etree import ElementTree

from ..formats import Limits, Problem, _bad_byte_fix, decode_text, nfc, text_encoding

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


def rtf_lines(data: bytes, source: str = "<bytes>", encoding: str | None = None,
              note: Problem | None = None) -> tuple[list[str], str]:
    """The text of an RTF file, one paragraph a line (a small extractor: text, \\\\u and \\\\'hh escapes,
    paragraph/line/tab/cell marks; font tables, pictures, headers, field instructions skipped), and
    the code page its 8-bit bytes were read in: ``encoding`` (``--encoding``) when given, else the
    file's \\\\ansicpg (cp1252 when it names none, or one Python does not know). As in any text
    input, a byte not valid in it becomes U+FFFD and ``note(source, problem, fix, line)`` is told of
    its line in the file.

    >>> said = []
    >>> rtf_lines(rb"{\\rtf1\\ansi\\ansicpg1252 it\\'81s\\par ok}", "a.rtf", note=lambda *a: said.append(a))
    (['it\ufffds', 'ok'], 'cp1252')
    >>> said
    [('a.rtf', 'not valid cp1252 text (byte 0x81)', 'save the file as UTF-8, or name its encoding with --encoding NAME', 1)]
    """
    raw = data.decode("latin-1")
    out: list[str] = []
    codepage = encoding or "cp1252"

    def decoded(chunk: str, at: int) -> str:
        """8-bit bytes (as latin-1 characters, from ``at`` in ``raw``) read in the code page."""
        try:
            return chunk.encode("latin-1").decode(codepage)
        except LookupError:
            return chunk.encode("latin-1").decode("cp1252", errors="replace")
        except UnicodeDecodeError as exc:
            if note is not None:
                note(source, f"not valid {codepage} text (byte 0x{exc.object[exc.start]:02x})",
                     _bad_byte_fix(encoding is not None), raw.count("\n", 0, at + exc.start) + 1)
            head = chunk[:exc.start].encode("latin-1").decode(codepage)
            return head + "\ufffd" + decoded(chunk[exc.end:], at + exc.end)
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
            elif word == "ansicpg" and arg and encoding is None:
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
            out.append(decoded(chr(int(hexbyte, 16)), m.start()))
        elif symbol is not None:
            out.append(_RTF_SYMBOLS.get(symbol, ""))
        elif text is not None:
            if pending:
                cut = min(pending, len(text))
                text, pending = text[cut:], pending - cut
            out.append(text if text.isascii() else decoded(text, m.end() - len(text)))
    try:
        codecs.lookup(codepage)
    except LookupError:
        codepage = "cp1252"
    return nfc("".join(out)).split("\n"), codepage


# --- HTML ------------------------------------------------------------------------------------
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
          "header", "footer", "blockquote", "pre", "ul", "ol", "dl", "dt", "dd", "hr", "title", "body"}


def html_lines(data: bytes, source: str = "<bytes>", complete: bool = True, encoding: str | None = None,
               note: Problem | None = None) -> tuple[list[str], str]:
    """The visible text of an HTML file, a line per block element, table cells joined by a tab, and
    its encoding. The bytes are decoded as any text input is (see :func:`text_lines`): in
    ``encoding`` (``--encoding``), else the one detected; a byte not valid in it becomes U+FFFD and
    ``note(source, problem, fix, line)`` is told of its line in the file.

    >>> said = []
    >>> html_lines(b"<p>it\\x92s</p><p>na\\xc3\\xafve caf\\xc3\\xa9</p>", "a.html", note=lambda *a: said.append(a))
    (['it\ufffds', 'naïve café'], 'utf-8')
    >>> said[0][:2]
    ('a.html', 'not valid utf-8 text (byte 0x92)')
    """
    import lxml.html

    forced = encoding is not None
    encoding = text_encoding(data, complete, source, Limits(encoding=encoding))
    text = decode_text(data, encoding, source, note or (lambda *_: None), forced).lstrip("\ufeff")
    root = lxml.html.fromstring(_XML_DECLARATION.sub("", text, count=1))  # lxml refuses one in a str
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
    return [line for line in lines if line.strip()], encoding
