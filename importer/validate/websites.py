"""Website URLs: a bare domain gets https://, anything else that is not a URL is left out."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from importer.textnorm import clean_text
from importer.validate.options import FIELD_MAX_LENGTHS
from importer.validate.outcome import EMPTY, Outcome

_ACCEPTED_SCHEMES = ("http", "https")
# Host names made of dot-separated labels of letters, digits and hyphens (any script).
_HOST_NAME = re.compile(r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}", re.IGNORECASE)
# A URL of the commonest shape, which needs no further check: optional http(s)://, an ASCII
# host name and a path without spaces or "@". Used as a vectorized shortcut.
SIMPLE_WEBSITE = r"(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?:/[!-?A-~]*)?"
# A scheme such as "https:" or "mailto:"; a colon before digits is a port ("x.com:8080").
_SCHEME_PREFIX = re.compile(r"[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)


def normalize_website(text: str) -> Outcome:
    """Return the URL with a scheme, or leave the field out with a warning when it is not a URL."""
    cleaned = clean_text(text)
    if not cleaned:
        return EMPTY
    url = cleaned if _SCHEME_PREFIX.match(cleaned) else "https://" + cleaned
    if " " in url or "@" in url:
        return Outcome(None, "website_invalid")
    parts = urlsplit(url)
    if parts.scheme.lower() not in _ACCEPTED_SCHEMES or not _HOST_NAME.fullmatch(parts.hostname or ""):
        return Outcome(None, "website_invalid")

    max_length = FIELD_MAX_LENGTHS["website"]
    if len(url) > max_length:
        return Outcome(None, "too_long", {"length": len(url), "max_length": max_length})
    return Outcome(url)
