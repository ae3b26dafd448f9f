"""Which files a run reads: files as given and every file under each folder, each real file once.

- Folders are walked recursively in name order, following symbolic links; a folder already
  walked (by device and inode) is not entered again, so a link loop ends.
- A file reached twice (two links to it, the same file given twice, a folder and a file in it)
  is listed once, under the first name it was reached by.
- Inside folders, hidden entries (".name"), Office lock files ("~$name.docx") and the
  pipeline's own output files (documents.jsonl, rows.csv, roadmap.xlsx, catalog.sqlite …) are
  skipped. Only regular files are read: a pipe or a device would block the run. A broken link is
  listed, so that the run reports it as unreadable.
- Names are used as the file system gives them: spaces, Cyrillic, quotes and leading dashes need
  nothing special here. On the command line a path starting with "-" may follow "--"
  (``roadmap-ingest run --out OUT -- -odd.txt``) or stand anywhere when it exists
  (``run_argv_paths_last``).
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

from ingest.output_names import OUTPUT_NAMES

SKIPPED_PREFIXES = (".", "~$")


def is_output_name(name: str) -> bool:
    """A file the pipeline writes into its --out folder (the names only: the writers are not imported)."""
    return name in OUTPUT_NAMES


def is_skipped_name(name: str) -> bool:
    return name.startswith(SKIPPED_PREFIXES) or is_output_name(name)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def path_kind(path: str) -> str:
    """"file", "dir", "broken" (a link to nothing) or "other" (pipe, device, socket)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "broken" if os.path.islink(path) else "missing"
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else "other"


def walk_folder(root: str, seen_dirs: set[tuple[int, int]]) -> Iterator[str]:
    """Every candidate file under ``root``, in name order, entering each real folder once."""
    identity = _identity(root)
    if identity is None or identity in seen_dirs:
        return
    seen_dirs.add(identity)
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return
    for name in names:
        if is_skipped_name(name):
            continue
        path = os.path.join(root, name)
        kind = path_kind(path)
        if kind == "dir":
            yield from walk_folder(path, seen_dirs)
        elif kind in ("file", "broken"):
            yield path


def iter_paths(paths: Iterable[str | os.PathLike]) -> Iterator[str]:
    """``collect_paths`` lazily (a run over a huge tree need not hold the whole list)."""
    seen_files: set[tuple[int, int] | str] = set()
    seen_dirs: set[tuple[int, int]] = set()
    for given in paths:
        given = os.fspath(given)
        kind = path_kind(given)
        candidates = walk_folder(given, seen_dirs) if kind == "dir" else iter([given]) if kind != "other" else iter(())
        for path in candidates:
            key = _identity(path) or os.path.abspath(path)
            if key in seen_files:
                continue
            seen_files.add(key)
            yield path


def collect_paths(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Files as given, and every file under each folder (see the module docstring)."""
    return list(iter_paths(paths))


def paths_last(words: list[str], options: Iterable[str], options_with_values: Iterable[str],
               optional_values: Iterable[str] = ()) -> list[str]:
    """A sub-command's words reordered as options first, then "--", then every path.

    argparse takes a ``nargs="+"`` positional in one piece and reads a word starting with "-"
    as an option, so ``run folder -odd.txt --out OUT`` and ``run folder --out OUT -- -odd.txt``
    both fail as written. Here a word is a path when it is neither a known option nor an
    option's value, or when it comes after an explicit "--"; a word starting with "-" is a path
    only when it exists (else argparse reports it as an unknown option).
    """
    known, takes_value, optional = set(options), set(options_with_values), set(optional_values)
    flags: list[str] = []
    paths: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word == "--":
            paths += words[index + 1:]
            break
        name = word.split("=", 1)[0]
        if word.startswith("-") and word != "-" and (name in known or not os.path.exists(word)):
            flags.append(word)
            following = words[index + 1] if index + 1 < len(words) else None
            if word in optional and following is not None and (following.startswith("-") or os.path.exists(following)):
                following = None  # an option whose value may be left out (--wait [SECONDS]) followed by no value
            if word in takes_value and following is not None:
                flags.append(words[index + 1])
                index += 1
        else:
            paths.append(word)
        index += 1
    return flags + (["--", *paths] if paths else [])


def run_argv_paths_last(argv: list[str], parser: "argparse.ArgumentParser") -> list[str]:
    """``argv`` for the whole command line, with the ``run`` sub-command's paths put last."""
    import argparse

    if not argv or argv[0] != "run":
        return list(argv)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices["run"]
    options = [s for a in sub._actions for s in a.option_strings]
    with_values = [s for a in sub._actions if a.nargs != 0 for s in a.option_strings]
    optional = [s for a in sub._actions if a.nargs == "?" for s in a.option_strings]
    return ["run", *paths_last(argv[1:], options, with_values, optional)]
