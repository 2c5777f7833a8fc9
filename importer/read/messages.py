"""English message templates of the read stage; translations live in the gettext catalogs."""

from importer.i18n import N_

MESSAGES = {
    # InputFileError codes
    "file_not_found": N_("File not found: {path}. Check the path and the file name."),
    "unsupported_extension": N_(
        "Cannot read {path}: the extension '{extension}' is not supported. "
        "Save the spreadsheet as one of: {supported}."
    ),
    "empty_file": N_("The file {path} is empty: it has no rows to import."),
    "not_text": N_(
        "{path} is not a text file, although its extension says CSV. "
        "If it is an Excel workbook, rename it to .xlsx."
    ),
    "unknown_encoding": N_(
        "Unknown encoding '{encoding}' for {path}. "
        "Set encoding: in the mapping to a name such as utf-8 or cp1252."
    ),
    "undecodable": N_(
        "Cannot decode {path} as {encoding}: byte {byte} on line {line} (offset {offset}) "
        "is invalid in that encoding. Set encoding: in the mapping to the file's "
        "encoding (for files from Excel or Brazilian ERPs, usually cp1252)."
    ),
    "malformed_csv": N_(
        "Cannot parse {path} near line {line}: {reason}. "
        "Check for a quote that is never closed, or set delimiter: in the mapping."
    ),
    "unreadable_workbook": N_(
        "Cannot open the workbook {path}: {reason}. "
        "Check that the file is not damaged or password-protected, and save it again as .xlsx."
    ),
    "sheet_not_found": N_(
        "Sheet '{sheet}' not found in {path}. The workbook has: {sheets}. "
        "Set sheet: in the mapping to one of these names, or to its 0-based position."
    ),
    "header_not_found": N_(
        "No header row found in the first {searched_rows} rows of {path}: "
        "no row contains all of the columns {expected}. The first rows are:\n{first_rows}\n"
        "Fix the column names in the mapping, or set header_row: to the row number of the header."
    ),
    "header_row_out_of_range": N_(
        "header_row is {header_row}, but {path} has only {last_row} rows. "
        "Set header_row: in the mapping to the row number of the header."
    ),
    # Issue codes (one row)
    "too_many_fields": N_(
        "This row has {found} fields but the file has {expected} columns; the extra values "
        "were not imported: {value}. A separator inside an unquoted value usually causes this: "
        "fix the row in the file."
    ),
    "nul_removed": N_(
        "Column '{column}': the cell contained NUL characters (byte 0x00), which were removed. "
        "Check that the value read, '{value}', is complete."
    ),
    "formula_error": N_(
        "Column '{column}', cell {cell}: the cell holds the error value {value}. "
        "Fix the formula or the value in the spreadsheet and save it again."
    ),
    "formula_without_value": N_(
        "Column '{column}', cell {cell}: the formula ={value} has no saved result, "
        "because the file was never opened in a spreadsheet program. "
        "Open it in Excel or LibreOffice, save it, and import it again."
    ),
}

# Pieces of the one-line summary built by ``describe``.
DESCRIBE_LINE = N_("Read: {details}")
DESCRIBE_ENCODING = N_("encoding {encoding}")
DESCRIBE_DELIMITER = N_("separator {delimiter}")
DESCRIBE_TAB = N_("tab")
DESCRIBE_SHEET = N_("sheet '{sheet}'")
DESCRIBE_HEADER_ROW = N_("header on row {row}")
DESCRIBE_NO_HEADER = N_("no header row")
DESCRIBE_ROWS_SINGULAR = "{count} row"
DESCRIBE_ROWS_PLURAL = "{count} rows"
