"""Extract every translatable string and update the pt_BR and en gettext catalogs.

Usage: python scripts/update_catalogs.py [--check]

Strings come from the importer package (keywords _, N_ and ngettext) and from
click, whose own texts ("Usage:", "Error:") share the application's catalog.
Existing translations are kept; new pt_BR entries are left empty and listed.
The .mo files are compiled next to the .po files. With --check nothing is
written and the exit status is 1 when one of the package's messages lacks
an entry or a pt_BR translation, or a .mo file does not match its .po.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "importer" / "locale"
DOMAIN = "perfex_import"
LANGUAGES = ("pt_BR", "en")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "gettext": None}


def extract(folder: Path) -> dict[str | tuple[str, str], list[tuple[str, int]]]:
    """Return every message id found under ``folder`` with the places it occurs."""
    found: dict[str | tuple[str, str], list[tuple[str, int]]] = {}
    method_map = [("**.py", "python")]
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(folder), method_map=method_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        if isinstance(message, tuple):
            message = tuple(part for part in message if part)
            message = message if len(message) > 1 else message[0]
        if not message:
            continue
        found.setdefault(message, []).append((f"{folder.name}/{filename}", lineno))
    return found


def build_catalog(language: str, messages: dict, previous: Catalog | None) -> tuple[Catalog, list[str]]:
    """Return the new catalog for ``language`` and the ids still lacking a translation."""
    catalog = Catalog(locale=language, domain=DOMAIN, project="perfex-import", fuzzy=False)
    missing: list[str] = []
    for message_id, locations in sorted(messages.items(), key=lambda item: str(item[0])):
        old = None
        if previous is not None:
            old = previous.get(message_id if isinstance(message_id, str) else message_id[0])
        if language == "en":
            translation = message_id if isinstance(message_id, str) else (message_id[0], message_id[1])
        elif old is not None and old.string and (not isinstance(old.string, tuple) or all(old.string)):
            translation = old.string
        else:
            translation = "" if isinstance(message_id, str) else ("", "")
            missing.append(message_id if isinstance(message_id, str) else message_id[0])
        catalog.add(message_id, translation, locations=[] if "click/" in locations[0][0] else locations[:3])
    return catalog, missing


def serialized(catalog: Catalog) -> tuple[bytes, bytes]:
    po_buffer, mo_buffer = io.BytesIO(), io.BytesIO()
    write_po(po_buffer, catalog, omit_header=True, sort_output=True, width=100)
    write_mo(mo_buffer, catalog)
    return po_buffer.getvalue(), mo_buffer.getvalue()


def _entries(catalog: Catalog) -> dict:
    """Return the translated entries of a catalog, without its header, for comparing .po and .mo."""
    def frozen(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {frozen(message.id): frozen(message.string) for message in catalog if message.id and message.string}


def check(messages: dict) -> list[str]:
    """Return the problems that make the committed catalogs out of date.

    Only the package's own messages count: click's texts depend on the
    installed click version, so a newer click must not fail the check.
    """
    problems: list[str] = []
    for language in LANGUAGES:
        folder = LOCALE_DIR / language / "LC_MESSAGES"
        po_path, mo_path = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
        if not po_path.exists() or not mo_path.exists():
            problems.append(f"{language}: catalog files missing")
            continue
        catalog = read_po(po_path.open("rb"), locale=language)
        for message_id in messages:
            entry = catalog.get(message_id if isinstance(message_id, str) else message_id[0])
            strings = entry.string if entry is not None else None
            if entry is None:
                problems.append(f"{language}: missing: {message_id!r}")
            elif not strings or (isinstance(strings, tuple) and not all(strings)):
                problems.append(f"{language}: untranslated: {message_id!r}")
        ours = {message_id if isinstance(message_id, str) else tuple(message_id) for message_id in messages}
        compiled = _entries(read_mo(mo_path.open("rb")))
        written = _entries(catalog)
        if any(compiled.get(key) != written.get(key) for key in ours):
            problems.append(f"{language}: {mo_path.name} does not match {po_path.name}")
    return problems


def main(arguments: list[str]) -> int:
    messages = extract(ROOT / "importer")
    if "--check" in arguments:
        problems = check(messages)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print("catalogs are out of date: run python scripts/update_catalogs.py", file=sys.stderr)
            return 1
        return 0

    click_messages = extract(Path(click.__file__).parent)
    all_messages = dict(messages)
    for message_id, places in click_messages.items():
        all_messages.setdefault(message_id, places)
    for language in LANGUAGES:
        folder = LOCALE_DIR / language / "LC_MESSAGES"
        po_path, mo_path = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
        previous = read_po(po_path.open("rb"), locale=language) if po_path.exists() else None
        catalog, missing = build_catalog(language, all_messages, previous)
        folder.mkdir(parents=True, exist_ok=True)
        po_path.write_bytes(serialized(catalog)[0])
        # Compile from the file as written, so --check compiles the same input.
        mo_path.write_bytes(serialized(read_po(po_path.open("rb"), locale=language))[1])
        for message_id in missing:
            if message_id in messages:
                print(f"{language}: untranslated: {message_id!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
