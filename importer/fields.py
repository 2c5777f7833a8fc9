"""The Perfex ``tblclients`` columns the importer fills (WON API contract)."""

# In report and issue order; country and active are int columns, the rest varchar.
PERFEX_FIELDS = (
    "company",
    "vat",
    "phonenumber",
    "country",
    "city",
    "zip",
    "state",
    "address",
    "website",
    "active",
)

# varchar lengths of the text columns; MySQL cuts or rejects a longer value depending on its SQL mode.
FIELD_MAX_LENGTHS = {
    "company": 191,
    "vat": 50,
    "phonenumber": 30,
    "city": 100,
    "zip": 15,
    "state": 50,
    "address": 191,
    "website": 150,
}
