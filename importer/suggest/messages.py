"""Message templates of suggest-mapping: its errors and the comments it writes in the YAML file."""

from importer.i18n import N_

MESSAGES = {
    "suggest_output_exists": N_(
        "{path} already exists and was left unchanged. Choose another file name with -o, "
        "or add --force to overwrite it."
    ),
    "suggest_written": N_("Mapping written to {path}. Check it, then run: perfex-import validate {input} -m {path}"),
}

# Comments of the generated YAML file.
COMMENTS = {
    "title": N_("Mapping suggested by perfex-import suggest-mapping for {file}. Check every field before importing."),
    "header_row": N_("The header is on row {row}, below title lines; it is found automatically."),
    "no_header": N_("The file has no header row: the column names below were guessed from the values."),
    "fields": N_("Each key is a Perfex client field; the value says which column fills it."),
    "unmapped": N_("Columns not imported: {columns}"),
    "note_cnpj_split": N_("the CNPJ is split over three columns (base, branch, check digits)"),
    "note_area_code": N_("area code and number; empty when either is missing"),
    "note_first_phone": N_("the first of these columns that has a value"),
    "note_city_pattern": N_('"SAO PAULO / SP" -> SAO PAULO'),
    "note_state_pattern": N_('"SAO PAULO / SP" -> SP'),
    "note_address": N_("address parts joined in this order"),
    "note_company_guessed": N_("guessed from the values: check that this column holds the client name"),
    "note_active": N_("client status: 1 active, 0 inactive"),
    "note_country_brazil": N_("the states and CEPs are Brazilian"),
}
