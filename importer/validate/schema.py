"""The pandera schema that runs every validation rule over a frame of client fields.

pandera checks can only accept or reject cells, while the rules also
normalize values. So the schema's parser evaluates every field once (see
``importer.validate.evaluation``) and adds three hidden columns per field:
the normalized value, the finding code and its params. One check per code
then runs on the code column. Each check is named after its issue code, so
each failure case of pandera is one issue of one row.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from importer.errors import ConfigurationError
from importer.validate.countries import resolve_country
from importer.validate.evaluation import evaluate_fields
from importer.validate.options import PERFEX_FIELDS, ValidationOptions

CODE_SUFFIX = "__code"
VALUE_SUFFIX = "__value"
PARAMS_SUFFIX = "__params"
FROM_NUMBER_SUFFIX = "__from_number"
# Fields whose from-number flags the schema reads from a hidden boolean column.
FROM_NUMBER_FIELDS = ("vat", "zip")

# Every code each field can report, errors and warnings alike.
FIELD_CODES = {
    "company": ("company_required", "too_long"),
    "vat": (
        "vat_required",
        "cpf_cnpj_scientific_notation",
        "cpf_cnpj_characters",
        "cpf_cnpj_length",
        "cpf_cnpj_repeated",
        "cpf_check_digits",
        "cnpj_check_digits",
        "cpf_cnpj_zeros_restored",
    ),
    "phonenumber": ("phone_invalid", "phone_invalid_omitted", "phone_multiple"),
    "country": ("country_unknown",),
    "city": ("too_long",),
    "zip": ("cep_invalid", "cep_zero_restored", "too_long"),
    "state": ("uf_invalid", "too_long"),
    "address": ("too_long",),
    "website": ("website_invalid", "too_long"),
    "active": ("active_invalid",),
}


def resolve_default_country(options: ValidationOptions) -> int:
    """Return the Perfex id of the default country, or raise ConfigurationError."""
    country_id = resolve_country(options.default_country)
    if country_id is None:
        raise ConfigurationError("default_country_unknown", value=options.default_country)
    return country_id


def _lacks(code: str) -> Callable[[pd.Series], pd.Series]:
    def check(codes: pd.Series) -> pd.Series:
        return codes != code

    return check


def _categorical(codes: np.ndarray) -> pd.Categorical:
    """Return the finding codes, all str, as a categorical with sorted categories.

    Factorizing the object array is several times faster than letting
    pd.Categorical convert it, and the codes of a column have few distinct values.
    """
    positions, categories = pd.factorize(codes, sort=True)
    return pd.Categorical.from_codes(positions, categories=pd.Index(categories, dtype=str))


def _outcome_parser(options: ValidationOptions, default_country_id: int) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def add_outcome_columns(frame: pd.DataFrame) -> pd.DataFrame:
        from_number = {
            field: frame[field + FROM_NUMBER_SUFFIX].to_numpy(dtype=bool)
            for field in FROM_NUMBER_FIELDS
            if field + FROM_NUMBER_SUFFIX in frame
        }
        outcomes = evaluate_fields(frame, options, default_country_id, from_number)
        hidden: dict[str, pd.Series] = {}
        for field, outcome in outcomes.items():
            # object dtype keeps None and ints as they are; pandas 3 would infer str and turn None into NaN.
            hidden[field + VALUE_SUFFIX] = pd.Series(outcome.values, index=frame.index, dtype=object)
            hidden[field + CODE_SUFFIX] = pd.Series(_categorical(outcome.codes), index=frame.index)
            hidden[field + PARAMS_SUFFIX] = pd.Series(outcome.params, index=frame.index, dtype=object)
        return pd.concat([frame, pd.DataFrame(hidden, index=frame.index)], axis=1)

    return add_outcome_columns


def build_schema(options: ValidationOptions) -> pa.DataFrameSchema:
    """Build the schema for ``options``; raise ConfigurationError for an unknown default country."""
    default_country_id = resolve_default_country(options)
    columns: dict[str, pa.Column] = {field: pa.Column(str, required=False) for field in PERFEX_FIELDS}
    for field in FROM_NUMBER_FIELDS:
        columns[field + FROM_NUMBER_SUFFIX] = pa.Column(bool, required=False)
    for field, codes in FIELD_CODES.items():
        checks = [pa.Check(_lacks(code), name=code) for code in codes]
        columns[field + CODE_SUFFIX] = pa.Column(checks=checks, required=False)
    return pa.DataFrameSchema(
        columns,
        parsers=[pa.Parser(_outcome_parser(options, default_country_id))],
        name="perfex_clients",
    )
