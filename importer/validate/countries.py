"""Countries: names in Portuguese or English, ISO codes and Perfex ids, resolved to Perfex's country_id.

Perfex stores ``tblclients.country`` as an id into ``tblcountries``, whose stock
rows ship in ``importer/data/perfex_countries.csv``. Names come from the CLDR
data in Babel (pt_BR and English) and from pycountry (ISO 3166 names).
"""

from __future__ import annotations

import csv
import difflib
import re
from functools import cache, lru_cache
from pathlib import Path

import pycountry
from babel import Locale

from importer.textnorm import clean_text, strip_accents
from importer.validate.outcome import Outcome

BRAZIL_COUNTRY_ID = 32
PERFEX_COUNTRIES_CSV = Path(__file__).resolve().parent.parent / "data" / "perfex_countries.csv"
# Common spellings that neither CLDR nor ISO 3166 lists, to ISO alpha-2.
COUNTRY_ALIASES = {
    "EUA": "US",
    "Estados Unidos da América": "US",
    "UK": "GB",
    "Inglaterra": "GB",
}
SUGGESTION_COUNT = 3
# An id typed in a number cell and read back as text: "32.0".
_FLOAT_SUFFIX = re.compile(r"(\d+)[.,]0+")


def _fold(text: str) -> str:
    """Return the lookup key of a country name: no accents, dots or case."""
    return clean_text(strip_accents(text).replace(".", "")).casefold()


class CountryIndex:
    """Every accepted spelling of every Perfex country, folded, to its Perfex id."""

    def __init__(self, csv_path: Path) -> None:
        self.id_by_key: dict[str, int] = {}
        self.ids: set[int] = set()
        # Folded display name to the name shown in suggestions.
        self.display_names: dict[str, str] = {}
        id_by_alpha2: dict[str, int] = {}

        with csv_path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                country_id = int(row["country_id"])
                self.ids.add(country_id)
                id_by_alpha2[row["iso2"]] = country_id
                for spelling in (row["iso2"], row["iso3"], row["short_name"]):
                    self.id_by_key.setdefault(_fold(spelling), country_id)
                self.display_names.setdefault(_fold(row["short_name"]), row["short_name"])

        for locale in (Locale("pt", "BR"), Locale("en")):
            for alpha2, name in locale.territories.items():
                if alpha2 in id_by_alpha2:
                    self.id_by_key.setdefault(_fold(name), id_by_alpha2[alpha2])
                    self.display_names.setdefault(_fold(name), name)

        for country in pycountry.countries:
            if country.alpha_2 not in id_by_alpha2:
                continue
            for attribute in ("name", "official_name", "common_name"):
                name = getattr(country, attribute, None)
                if name:
                    self.id_by_key.setdefault(_fold(name), id_by_alpha2[country.alpha_2])

        for alias, alpha2 in COUNTRY_ALIASES.items():
            self.id_by_key.setdefault(_fold(alias), id_by_alpha2[alpha2])

    def resolve(self, text: str) -> int | None:
        """Return the Perfex id of a country name, ISO code or id, or None when unknown."""
        cleaned = clean_text(text)
        float_suffix = _FLOAT_SUFFIX.fullmatch(cleaned)
        if float_suffix:
            cleaned = float_suffix.group(1)
        if cleaned.isdigit():
            country_id = int(cleaned)
            return country_id if country_id in self.ids else None
        return self.id_by_key.get(_fold(cleaned))

    def suggest(self, text: str) -> list[str]:
        """Return the country names closest to ``text``, best first."""
        matches = difflib.get_close_matches(_fold(text), self.display_names, n=SUGGESTION_COUNT, cutoff=0.0)
        return [self.display_names[match] for match in matches]


@cache
def country_index() -> CountryIndex:
    """Return the country index, built on first use (it reads the CSV and CLDR data)."""
    return CountryIndex(PERFEX_COUNTRIES_CSV)


@lru_cache(maxsize=4096)
def resolve_country(text: str) -> int | None:
    """Return the Perfex country_id of a name (pt-BR or English), ISO alpha-2/alpha-3 code or id."""
    return country_index().resolve(text)


@lru_cache(maxsize=4096)
def normalize_country(text: str, default_id: int) -> Outcome:
    """Resolve a country cell; an empty cell gets ``default_id``."""
    if not clean_text(text):
        return Outcome(default_id)
    country_id = resolve_country(text)
    if country_id is None:
        suggestions = ", ".join(country_index().suggest(text))
        return Outcome(None, "country_unknown", {"suggestions": suggestions})
    return Outcome(country_id)
