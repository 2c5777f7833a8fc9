"""Text helpers shared by the reader, the mapping and the validators."""

from __future__ import annotations

import re
import unicodedata

# Characters that spreadsheets and web forms leave in cells but a person cannot see.
INVISIBLE_SPACES = {
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\u2007": " ",  # figure space
    "\u200b": "",  # zero-width space
    "\u200c": "",  # zero-width non-joiner
    "\u200d": "",  # zero-width joiner
    "\u2060": "",  # word joiner
    "\ufeff": "",  # byte order mark inside a cell
}
_INVISIBLE_TABLE = str.maketrans(INVISIBLE_SPACES)
_WHITESPACE_RUN = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    """Remove combining accents: "São Paulo" becomes "Sao Paulo"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def clean_text(text: str) -> str:
    """Trim, drop invisible spaces and collapse inner whitespace; keep accents and case."""
    return _WHITESPACE_RUN.sub(" ", text.translate(_INVISIBLE_TABLE)).strip()


def normalize_header_name(name: str) -> str:
    """Return the key under which a column name is matched.

    Names match ignoring case, accents and surrounding or repeated spaces, so
    "RAZAO SOCIAL " finds "Razão Social".
    """
    return strip_accents(clean_text(str(name))).casefold()
