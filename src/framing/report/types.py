"""Parameter types a report notebook can declare beyond ``str``/``int``/``float``/``bool``/``list``.

Import them in the ``parameters`` cell; the runner checks values before a kernel starts::

    from framing.report.types import Date, File
    date_from: Date = ""  # first publication date, YYYY-MM-DD (empty: no limit)
    gold: File = ""       # a CSV of human codes (empty: the bundled set)

In the kernel they are plain strings (papermill passes literals).

>>> Date("2022-02-24") == "2022-02-24"
True
"""

Date = str  #: an ISO date ``YYYY-MM-DD``, or "" for no limit
File = str  #: a path to an existing file, or "" for the notebook's default
