"""English message templates of the validation codes; translations live in the gettext catalogs.

Placeholders: ``{value}`` is the cell as read and ``{field}`` the Perfex field.
``{column}`` is the spreadsheet column, or the Perfex field when the column is
unknown. The others are the params of each issue.
"""

from importer.i18n import N_

MESSAGES = {
    # The wording of this message is fixed by the product; the value is shown beside it.
    "cpf_cnpj_length": N_("Invalid CPF/CNPJ. It must have 11 digits (CPF) or 14 digits (CNPJ)"),
    "cpf_check_digits": N_(
        "Invalid CPF {value} in column {column}: the check digits do not match. "
        "Check the number for a typing error."
    ),
    "cnpj_check_digits": N_(
        "Invalid CNPJ {value} in column {column}: the check digits do not match. "
        "Check the number for a typing error."
    ),
    "cpf_cnpj_repeated": N_(
        "Invalid CPF/CNPJ {value} in column {column}: all digits are the same. "
        "Enter the client's real document number or leave the cell empty."
    ),
    "cpf_cnpj_characters": N_(
        "Invalid CPF/CNPJ {value} in column {column}: use only digits, and letters only in the "
        "first 12 characters of a CNPJ."
    ),
    "cpf_cnpj_scientific_notation": N_(
        "The spreadsheet converted the CPF/CNPJ in column {column} to scientific notation ({value}) "
        "and lost digits. Format the column as Text in Excel, type or paste the numbers again and "
        "export the file again."
    ),
    "cpf_cnpj_zeros_restored": N_(
        "CPF/CNPJ {value} in column {column} lost its leading zeros in the spreadsheet; "
        "leading zeros restored: {restored}."
    ),
    "vat_required": N_("The CPF/CNPJ in column {column} is empty. Fill it in; this import requires it."),
    "cep_invalid": N_(
        "Invalid CEP {value} in column {column}. A CEP has 8 digits, such as 01310-100."
    ),
    "cep_zero_restored": N_(
        "CEP {value} in column {column} lost its leading zero in the spreadsheet; "
        "leading zero restored: {restored}."
    ),
    "uf_invalid": N_(
        "Invalid state {value} in column {column}. Use a UF code ({accepted}) or the full state "
        "name, such as São Paulo."
    ),
    "phone_invalid": N_(
        "Invalid phone number {value} in column {column}. Check the area code (DDD) and the "
        "number of digits."
    ),
    "phone_invalid_omitted": N_(
        "Invalid phone number {value} in column {column}; it is longer than {max_length} "
        "characters, so the phone was left out. Check the area code (DDD) and the number of digits."
    ),
    "phone_multiple": N_(
        "Column {column} has more than one phone number ({value}); only the first was kept: {kept}."
    ),
    "country_unknown": N_(
        "Unknown country {value} in column {column}. Closest names: {suggestions}. Use a country "
        "name in Portuguese or English, an ISO code such as BR, or a Perfex country id."
    ),
    "default_country_unknown": N_(
        "Unknown default country {value}. Use a country name in Portuguese or English, an ISO "
        "code such as BR, or a Perfex country id."
    ),
    "active_invalid": N_(
        "Invalid active flag {value} in column {column}. Use one of {accepted}, or leave the cell "
        "empty for active."
    ),
    "website_invalid": N_(
        "Column {column} does not contain a website address ({value}); the website was left out. "
        "Use an address such as www.example.com.br."
    ),
    "too_long": N_(
        "The value in column {column} has {length} characters, more than the {max_length} "
        "characters Perfex stores. Shorten it."
    ),
    "company_required": N_(
        "The company name in column {column} is empty. Fill it in; Perfex requires it."
    ),
    "duplicate_vat": N_(
        "CPF/CNPJ {value} repeats the one on row {first_row}; this row was not imported. "
        "Merge the two rows or correct the number."
    ),
    "duplicate_company": N_(
        "Company {value} has no CPF/CNPJ and has the same name as row {first_row}; "
        "check that it is not the same client."
    ),
}
