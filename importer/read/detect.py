"""Detecting the text encoding and the field separator of a CSV file.

Encoding rule, checked over the whole file so that an accent on the last row
cannot break decoding halfway through the import:

1. a UTF-8 or UTF-16 byte order mark decides;
2. else, bytes that are valid UTF-8 are UTF-8;
3. else the file is cp1252, the Windows superset of Latin-1 that Brazilian
   ERPs and Excel write.

A Latin-1 name, given or detected, is decoded as cp1252, as browsers do: the
two differ only on bytes 0x80-0x9F, which hold ’ – € in Windows files and
invisible control characters in Latin-1. The five bytes that cp1252 leaves
undefined (0x81 0x8D 0x8F 0x90 0x9D) decode to the Latin-1 control character
of the same value instead of failing.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from importer.errors import InputFileError

BLOCK_SIZE = 1 << 20
# Bytes decoded to detect the separator and to search for the header row.
SAMPLE_SIZE = 1 << 18
SAMPLE_RECORDS = 200
DELIMITERS = (",", ";", "\t", "|")
DEFAULT_DELIMITER = ","

# Signatures of the binary files most often saved under a .csv name: ZIP (XLSX, ODS) and OLE2 (XLS).
BINARY_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
# Bytes at the start of a file that ``is_binary`` checks.
BINARY_CHECK_SIZE = 1 << 16
# C0 control bytes and DEL, except NUL and those found in text: tab, line feed, vertical tab,
# form feed, carriage return, and SUB (0x1A), which DOS programs wrote as an end-of-file mark.
_CONTROL_BYTES = bytes(
    byte for byte in [*range(0x01, 0x20), 0x7F] if byte not in b"\t\n\x0b\x0c\r\x1a"
)
# Shares of the checked bytes above which a file is binary. In random or compressed data, 26 of
# the 256 byte values (10%) are such control bytes. UTF-16 text in Latin script is about half NUL bytes.
MAX_CONTROL_SHARE = 0.01
MAX_NUL_SHARE = 0.10

CP1252_ERROR_HANDLER = "perfex-import-cp1252"
_LATIN1_NAMES = {"iso8859-1", "latin-1", "cp1252"}


def _decode_c1_control(error: UnicodeError) -> tuple[str, int]:
    """Decode a byte that cp1252 leaves undefined as the Latin-1 character of the same value."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    byte = error.object[error.start]
    if 0x80 <= byte <= 0x9F:
        return chr(byte), error.start + 1
    raise error


codecs.register_error(CP1252_ERROR_HANDLER, _decode_c1_control)


@dataclass(frozen=True)
class TextEncoding:
    """A codec name and the error handler to decode with."""

    name: str
    errors: str = "strict"


def canonical_encoding(name: str, path: Path) -> TextEncoding:
    """Return the codec for an encoding named in the mapping; Latin-1 becomes cp1252."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise InputFileError("unknown_encoding", path=str(path), encoding=name) from None
    if codec in _LATIN1_NAMES:
        return TextEncoding("cp1252", CP1252_ERROR_HANDLER)
    if codec == "utf-8":
        with path.open("rb") as stream:
            if stream.read(3) == codecs.BOM_UTF8:
                return TextEncoding("utf-8-sig")
    return TextEncoding(codec)


def _first_bad_byte(path: Path, encoding: TextEncoding) -> tuple[int, int] | None:
    """Return (byte offset, line number) of the first byte ``encoding`` cannot decode."""
    decoder = codecs.getincrementaldecoder(encoding.name)(encoding.errors)
    offset = 0
    line = 1
    with path.open("rb") as stream:
        while block := stream.read(BLOCK_SIZE):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:
                bad = offset + error.start
                return bad, line + block[: error.start].count(b"\n")
            offset += len(block)
            line += block.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return offset, line
    return None


def detect_encoding(path: Path) -> TextEncoding:
    """Choose the encoding of ``path`` by the rule in the module docstring."""
    with path.open("rb") as stream:
        head = stream.read(4)
    if head.startswith(codecs.BOM_UTF8):
        encoding = TextEncoding("utf-8-sig")
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = TextEncoding("utf-16")
    elif _first_bad_byte(path, TextEncoding("utf-8")) is None:
        return TextEncoding("utf-8")
    else:
        return TextEncoding("cp1252", CP1252_ERROR_HANDLER)
    check_decodable(path, encoding)
    return encoding


def check_decodable(path: Path, encoding: TextEncoding) -> None:
    """Raise ``InputFileError("undecodable")`` naming the first byte ``encoding`` rejects."""
    bad = _first_bad_byte(path, encoding)
    if bad is None:
        return
    offset, line = bad
    with path.open("rb") as stream:
        stream.seek(offset)
        byte = stream.read(1)
    raise InputFileError(
        "undecodable",
        path=str(path),
        encoding=encoding.name,
        line=line,
        offset=offset,
        byte=f"0x{byte.hex().upper()}" if byte else "EOF",
    )


def is_binary(head: bytes) -> bool:
    """Return whether ``head``, the start of a file, is binary data rather than text with a few stray NULs.

    ZIP (XLSX, ODS) and OLE2 (XLS) files are recognised by their signature.
    Other binary data has many control bytes, while text rarely has any
    besides tab and line breaks, and stray NULs are a few bytes in thousands.
    """
    if head.startswith(BINARY_SIGNATURES):
        return True
    if not head:
        return False
    nul_share = head.count(b"\x00") / len(head)
    control_share = (len(head) - len(head.translate(None, _CONTROL_BYTES))) / len(head)
    return nul_share > MAX_NUL_SHARE or control_share > MAX_CONTROL_SHARE


def check_is_text(path: Path) -> None:
    """Raise ``InputFileError("not_text")`` when the file is binary data, such as a workbook saved under a .csv name."""
    with path.open("rb") as stream:
        head = stream.read(BINARY_CHECK_SIZE)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if is_binary(head):
        raise InputFileError("not_text", path=str(path))


def may_contain_nul(path: Path, encoding: TextEncoding) -> bool:
    """Return whether the decoded text of ``path`` may contain NUL characters (U+0000).

    In UTF-8 and cp1252 only a NUL byte decodes to NUL, so the file is
    scanned for one. UTF-16 has NUL bytes in most characters, so a UTF-16
    file always may.
    """
    if encoding.name.startswith("utf-16"):
        return True
    with path.open("rb") as stream:
        while block := stream.read(BLOCK_SIZE):
            if b"\x00" in block:
                return True
    return False


def read_sample(path: Path, encoding: TextEncoding) -> tuple[str, bool]:
    """Return the decoded start of the file and whether it is the whole file.

    A sample that stops before the end is cut after its last line break, so it
    ends on a complete line (though possibly inside a quoted multi-line field).
    """
    with path.open("rb") as stream:
        raw = stream.read(SAMPLE_SIZE + 1)
    complete = len(raw) <= SAMPLE_SIZE
    decoder = codecs.getincrementaldecoder(encoding.name)(encoding.errors)
    text = decoder.decode(raw[:SAMPLE_SIZE], final=complete)
    if not complete and "\n" in text:
        text = text[: text.rindex("\n") + 1]
    return text, complete


def _field_counts(sample: str, delimiter: str) -> list[int]:
    """Return the number of separators outside quotes on each non-blank record of the sample."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, strict=False)
    counts: list[int] = []
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                counts.append(len(record) - 1)
            if len(counts) >= SAMPLE_RECORDS:
                break
    except csv.Error:
        pass  # A delimiter that makes the sample unparseable simply scores what it got.
    return counts


def detect_delimiter(sample: str) -> str:
    """Return the separator whose count per record is most consistent and above zero.

    Each candidate is scored by how many records share its most common count,
    then by that count, so a title line or a footer costs a candidate only
    its own record.
    """
    best = DEFAULT_DELIMITER
    best_score = (0, 0)
    for delimiter in DELIMITERS:
        counts = Counter(count for count in _field_counts(sample, delimiter) if count > 0)
        if not counts:
            continue
        usual_count, records = counts.most_common(1)[0]
        score = (records, usual_count)
        if score > best_score:
            best, best_score = delimiter, score
    return best
