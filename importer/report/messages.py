"""Message templates of the report stage."""

from importer.i18n import N_

MESSAGES = {
    "report_format_unknown": N_(
        "Report {path} has an unknown extension. Use one of: {formats}."
    ),
    "duplicate_of_row": N_("repeats row {first_row}"),
    "failed_rows_extension": N_(
        "The failed-rows file {path} must end in one of {extensions}, so that it can be imported "
        "again with the same mapping. Change the file name."
    ),
}
