"""Message templates of the mapping stage."""

from importer.i18n import N_

MESSAGES = {
    "mapping_not_found": N_(
        "Mapping file {path} not found. Check the path given to --mapping, "
        "or run 'perfex-import suggest-mapping FILE -o {path}' to create one."
    ),
    "mapping_not_utf8": N_("Mapping file {path} is not UTF-8 text. Save it as UTF-8 and try again."),
    "mapping_unreadable": N_("Mapping file {path} cannot be read: {problem}."),
    "mapping_yaml_syntax": N_(
        "Mapping file {path}, line {line}: invalid YAML ({problem}). "
        "Check indentation and quote values that contain ':' or '#'."
    ),
    "mapping_not_a_dict": N_(
        "Mapping file {path} must be a YAML mapping with at least a 'fields:' section."
    ),
    "mapping_invalid": N_("Mapping file {path}, line {line}, at {location}: {problem}"),
    "mapping_other": N_("{problem} (value: {input})"),
    "mapping_missing": N_("this key is required."),
    "mapping_extra_forbidden": N_("unknown key; check the spelling against the mapping reference in the README."),
    "mapping_string_type": N_("expected text, got {input!r}."),
    "mapping_int_type": N_("expected a whole number, got {input!r}."),
    "mapping_int_parsing": N_("expected a whole number, got {input!r}."),
    "mapping_greater_than_equal": N_("must be {ge} or more, got {input!r}."),
    "mapping_bool_type": N_("expected true or false, got {input!r}."),
    "mapping_bool_parsing": N_("expected true or false, got {input!r}."),
    "mapping_list_type": N_("expected a list, such as [A, B], got {input!r}."),
    "mapping_tuple_type": N_("expected a list, such as [A, B], got {input!r}."),
    "mapping_dict_type": N_("expected a mapping of keys to values, got {input!r}."),
    "mapping_model_type": N_("expected a mapping of keys to values, got {input!r}."),
    "mapping_literal_error": N_("expected one of {expected}, got {input!r}."),
    "mapping_bad_pattern": N_("invalid regular expression {pattern!r}: {problem}."),
    "mapping_pattern_without_group": N_(
        "pattern {pattern!r} has no group in parentheses; put the part to keep in one, such as '^(.*?) */'."
    ),
    "mapping_duplicate_key": N_(
        "Mapping file {path}, line {line}: the key {key!r} is written twice in the same section. "
        "Keep one of them."
    ),
    "mapping_one_source": N_("give exactly one of column, columns, join or value."),
    "mapping_pattern_on_value": N_("pattern applies to columns, not to a constant value."),
    "mapping_one_skip_test": N_("give exactly one of in, not_in, matches, empty or equals."),
    "mapping_bad_delimiter": N_("delimiter {delimiter!r} must be one character, such as ';', ',' or '\\t'."),
    "mapping_bad_encoding": N_("unknown encoding {encoding!r}; use utf-8, cp1252 or latin-1."),
    "mapping_unknown_field": N_("unknown field {name!r}. Perfex client fields are: {fields}."),
    "mapping_company_not_mapped": N_("the field 'company' must be mapped, because Perfex requires it."),
    "mapping_columns_and_header_row": N_(
        "give either 'columns' (file without a header row) or 'header_row', not both."
    ),
    "mapping_bad_format": N_("fields.{field}.format {format!r} is not accepted; use one of: {accepted}."),
    "mapping_option_not_for_field": N_("fields.{field} does not accept the option '{option}'."),
    "column_not_found": N_(
        "Column {column!r} of field '{field}' is not in {path}. Closest: {suggestions}. "
        "Columns in the file: {available}. Fix the name in the mapping ({mapping})."
    ),
    "column_ambiguous": N_(
        "Column name {column!r} of field '{field}' matches {count} columns of {path} ({matches}). "
        "Rename one of them in the spreadsheet, or use 'columns:' with distinct names."
    ),
    "columns_count_mismatch": N_(
        "The mapping names {expected} columns in 'columns:', but {path} has {actual} columns. "
        "List one name for every column, in order."
    ),
    "pattern_no_match": N_(
        "Value {value!r} of column {column} does not match the pattern {pattern!r} of field '{field}'. "
        "Fix the cell, or adjust the pattern in the mapping."
    ),
    "skipped_by_rule": N_("Skipped by the mapping rule: {rule}."),
}
