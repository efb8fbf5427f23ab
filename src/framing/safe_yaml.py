"""A budget on YAML alias expansion: a "billion laughs" file is refused before it is built.

YAML anchors (``&a``) and aliases (``*a``) let a few lines describe a structure of billions of
nodes. Loading shares the nodes, but anything that walks the result (validation, hashing,
writing) expands them. :func:`check_expansion` counts the nodes the document would have with
every alias expanded (from libyaml's event stream when present, so it stays fast) and raises
:class:`YAMLExpansionError` (a ``yaml.YAMLError``, so callers already name the file) beyond
``limit``. Texts without anchors are not parsed twice.

>>> check_expansion("a: &x [1, 2]\\nb: *x\\n")  # a mapping of 2 keys, a list of 2 and its copy
9
>>> bomb = "a: &a [x, x]\\n" + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}]\\n" for p, c in zip("abcdefghij", "bcdefghijk"))
>>> check_expansion(bomb, limit=10_000)
Traceback (most recent call last):
...
framing.safe_yaml.YAMLExpansionError: its aliases expand to more than 10,000 nodes (a "billion laughs" alias bomb?)
"""

from __future__ import annotations

import yaml

MAX_NODES = 1_000_000  # far above any lexicon, params or batch file; a bomb is many orders beyond
# libyaml's safe loader when PyYAML has it (the same data as yaml.safe_load, about ten times quicker),
# for every YAML file the kit reads as data (lexicons, negation settings, cleaning rules)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YAMLExpansionError(yaml.YAMLError):
    """A YAML document whose aliases expand beyond the node budget."""


def check_expansion(text: str, limit: int = MAX_NODES) -> int:
    """The number of nodes of ``text`` with every alias expanded; raises :class:`YAMLExpansionError` over ``limit``."""
    if "&" not in text or "*" not in text:  # no anchors or no aliases: nothing expands
        return -1
    sizes: dict[str, int] = {}
    stack: list[list] = [[0, None]]  # [node count, anchor] of each open collection; the root first
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            stack.append([1, event.anchor])
            continue
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            n, anchor = stack.pop()
        elif isinstance(event, yaml.ScalarEvent):
            n, anchor = 1, event.anchor
        elif isinstance(event, yaml.AliasEvent):
            n, anchor = sizes.get(event.anchor or "", 1), None
        else:
            continue
        if anchor:
            sizes[anchor] = n
        stack[-1][0] += n
        if stack[-1][0] > limit:
            raise YAMLExpansionError(f'its aliases expand to more than {limit:,} nodes (a "billion laughs" alias bomb?)')
    return int(stack[0][0])
