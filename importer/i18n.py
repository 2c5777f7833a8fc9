"""Interface language: gettext catalogs for pt_BR (default) and English.

Every user-facing string is an English msgid marked with ``_()``, ``N_()`` or
``ngettext()``; the catalogs under ``importer/locale`` hold the translations.
pt_BR is the default whatever the system locale, because Brazilian servers
often run with an English or C locale. The language is chosen once, before
any help text is built, with ``set_language``.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "perfex_import"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "pt_BR"
# Accepted spellings of a language, folded to lower case with "-" for "_".
LANGUAGE_ALIASES = {"pt": "pt_BR", "pt-br": "pt_BR", "en": "en", "en-us": "en", "en-gb": "en"}
LANGUAGE_ENV = "PERFEX_IMPORT_LANG"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def resolve_language(requested: str | None) -> str:
    """Return the catalog name for a ``--lang`` value, else the environment, else pt_BR.

    An unknown language falls back to pt_BR rather than failing, because the
    value may come from the environment of a scheduled job.
    """
    value = requested or os.environ.get(LANGUAGE_ENV) or DEFAULT_LANGUAGE
    return LANGUAGE_ALIASES.get(value.strip().replace("_", "-").lower(), DEFAULT_LANGUAGE)


def set_language(language: str | None = None) -> str:
    """Load the catalog for ``language`` and route click's own strings to it.

    click translates "Usage:" and "Error:" through the global gettext domain,
    so the domain is bound and selected globally as well.
    """
    global _translation, _language
    _language = resolve_language(language)
    _translation = gettext.translation(
        DOMAIN, localedir=str(LOCALE_DIR), languages=[_language], fallback=True
    )
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    # The global gettext functions read the language from these variables on every call.
    os.environ["LANGUAGE"] = _language
    return _language


def current_language() -> str:
    """Return the catalog name in use ("pt_BR" or "en")."""
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message with a count, choosing the plural form of the current language."""
    return _translation.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now."""
    return message
