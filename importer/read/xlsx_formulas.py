"""Finding XLSX cells whose value calamine cannot give: error values and formulas never computed.

python-calamine 0.9 returns "" for an error value (#REF!, #N/A, #DIV/0!...).
It also returns "" for a formula with no stored result, which a file written
by a library such as openpyxl contains until a spreadsheet program saves it.
Such a cell would pass as empty. This module scans the sheet's XML for them
instead. The scan streams the XML and runs the cell pattern only on blocks
that contain a formula or an error cell, so a sheet without them costs one
pass of decompression.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from xml.etree import ElementTree

_BLOCK_SIZE = 1 << 20
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# A cell element, self-closing or with content; writers may add a namespace prefix.
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_REF = re.compile(rb"""\br=["']([A-Z]+)(\d+)["']""")
_TYPE = re.compile(rb"""\bt=["'](\w+)["']""")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?v>)", re.DOTALL)
# Byte strings present in any block that holds a formula or an error cell.
_MARKERS = (b"<f", b":f>", b":f ", b't="e"', b"t='e'")


@dataclass(frozen=True)
class FormulaProblem:
    """A cell holding an error value, or a formula without a stored result."""

    code: str  # "formula_error" or "formula_without_value"
    cell: str  # reference such as "C3"
    value: str  # the error value, or the formula text


def column_index(letters: str) -> int:
    """Return the 0-based index of a column letter: "A" -> 0, "AB" -> 27."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """Return the archive path of the worksheet named ``sheet_name``."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relation_id = None
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        if sheet.get("name") == sheet_name:
            relation_id = sheet.get(f"{_REL_NS}id")
    if relation_id is None:
        return None
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for relation in relations.iter(f"{_PACKAGE_REL_NS}Relationship"):
        if relation.get("Id") == relation_id:
            target = relation.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return str(PurePosixPath("xl") / target)
    return None


def _problem(attributes: bytes, content: bytes | None) -> FormulaProblem | None:
    """Return the problem of one cell element, if it has one."""
    reference = _REF.search(attributes)
    if reference is None or content is None:
        return None  # NOTE: cells without an "r" reference are not checked
    cell = (reference.group(1) + reference.group(2)).decode("ascii")
    type_match = _TYPE.search(attributes)
    cell_type = type_match.group(1) if type_match else b"n"
    value_match = _VALUE.search(content)
    value = (value_match.group(1) or b"") if value_match else b""
    if cell_type == b"e":
        return FormulaProblem("formula_error", cell, value.decode("utf-8", "replace"))
    formula = _FORMULA.search(content)
    # A formula whose result is the empty string is stored as t="str" with an empty value.
    if formula is not None and not value and cell_type != b"str":
        text = (formula.group(1) or b"").decode("utf-8", "replace")
        return FormulaProblem("formula_without_value", cell, _unescape(text))
    return None


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
        .replace("&apos;", "'").replace("&amp;", "&")
    )


def _scan_block(block: bytes, problems: dict[tuple[int, int], FormulaProblem]) -> None:
    if not any(marker in block for marker in _MARKERS):
        return
    for match in _CELL.finditer(block):
        problem = _problem(match.group(1), match.group(2))
        if problem is not None:
            reference = _REF.search(match.group(1))
            assert reference is not None  # _problem returns None without one
            row = int(reference.group(2))
            problems[(row, column_index(reference.group(1).decode("ascii")))] = problem


def find_formula_problems(path: str, sheet_name: str) -> dict[tuple[int, int], FormulaProblem]:
    """Return the problem cells of a sheet, keyed by (1-based row, 0-based column)."""
    problems: dict[tuple[int, int], FormulaProblem] = {}
    with zipfile.ZipFile(path) as archive:
        part = _sheet_part(archive, sheet_name)
        if part is None or part not in archive.namelist():
            return problems
        with archive.open(part) as stream:
            pending = b""
            while block := stream.read(_BLOCK_SIZE):
                pending += block
                # Cut after the last row tag ("<row>", "</row>", "</x:row>") so that
                # no cell is split between blocks.
                cut = pending.rfind(b"row>") + len(b"row>")
                if cut < len(b"row>"):
                    continue
                _scan_block(pending[:cut], problems)
                pending = pending[cut:]
            _scan_block(pending, problems)
    return problems
