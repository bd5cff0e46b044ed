"""Subtree filters on materialised paths, written so that both databases use the path index.

`path LIKE 'prefix%'` is what treebeard and Django's `startswith` emit, but SQLite cannot use
an index for a LIKE with an ESCAPE clause, and PostgreSQL only with pattern-ops indexes. A
range `prefix <= path < next(prefix)` uses the ordinary unique index on both. Paths are
made of 0-9 and A-Z only, which sort the same way under every collation we meet.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def next_prefix(prefix: str) -> str:
    """The smallest path greater than every path that starts with `prefix`."""
    chars = list(prefix)
    for i in range(len(chars) - 1, -1, -1):
        position = ALPHABET.index(chars[i])
        if position + 1 < len(ALPHABET):
            chars[i] = ALPHABET[position + 1]
            return "".join(chars[: i + 1])
    return prefix + "~"  # every character was the last one: no real path is this large


def subtree_q(prefix: str, field: str = "path") -> Q:
    """Rows whose `field` (a path) lies in the subtree rooted at `prefix`."""
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": next_prefix(prefix)})


# The length of one step of a materialised path: the register's tree (treebeard) uses it, and
# everything that slices paths reads it from here.
STEPLEN = 5


def ancestor_paths(path: str, *, include_self: bool = True) -> list[str]:
    """The paths of the organisation with this path and of each organisation above it, from the top."""
    end = len(path) + 1 if include_self else len(path)
    return [path[:n] for n in range(STEPLEN, end, STEPLEN)]


def parent_path(path: str) -> str:
    """The path of the organisation directly above ("" for the top)."""
    return path[:-STEPLEN]


# The depth convention. The statute numbers its levels from 0 (the centre); treebeard numbers
# the tree from 1 (the root). Convert here, nowhere else.
def tree_depth(level_depth: int) -> int:
    """The tree's depth of an organisation at the statute's level depth."""
    return level_depth + 1


def level_depth(depth: int) -> int:
    """The statute's level depth of an organisation at the tree's depth."""
    return depth - 1


# Whoever keeps counts up the tree (the reports' tallies) must hear when a subtree moves: the
# register's reparenting says so here, inside its transaction, after the paths have changed.
SubtreeMoved = Callable[[int, str, str], None]  # (organisation id, old path, new path)
_moved_listeners: list[SubtreeMoved] = []


def on_subtree_moved(listener: SubtreeMoved) -> None:
    """Call `listener` whenever an organisation is moved under another (from an app's ready())."""
    if listener not in _moved_listeners:
        _moved_listeners.append(listener)


def subtree_moved(org_id: int, old_path: str, new_path: str) -> None:
    """The organisation `org_id` and everything below it moved from `old_path` to `new_path`."""
    for listener in _moved_listeners:
        listener(org_id, old_path, new_path)
