"""Message templates of the command-line interface."""

from importer.i18n import N_

MESSAGES = {
    "url_missing": N_(
        "No API URL given. Set PERFEX_URL (or a .env file with PERFEX_URL=...), pass --url, "
        "or use --sandbox to import into a local test server."
    ),
    "check_url_missing": N_(
        "No API URL given. Set PERFEX_URL (or a .env file with PERFEX_URL=...) or pass --url, "
        "with the address of the Perfex site, such as https://crm.example.com.br."
    ),
    "token_missing": N_(
        "No API token given. Set PERFEX_TOKEN in the environment or in a .env file "
        "(Perfex admin > WON API > Settings)."
    ),
    "input_not_found": N_("Input file {path} not found. Check the path and try again."),
    "output_folder_missing": N_(
        "Cannot write {option} {path}: the folder {folder} does not exist. Create it or choose another path."
    ),
    "output_folder_not_writable": N_(
        "Cannot write {option} {path}: you have no permission to write in {folder}. Choose another folder."
    ),
    "output_is_input": N_(
        "{option} {path} is the input file itself, which would be overwritten. "
        "Give another name, such as corrigir-2.xlsx."
    ),
    "outputs_collide": N_("{option} and {other} both name {path}. Give each its own file name."),
    "output_is_folder": N_("Cannot write {option} {path}: it is a folder. Give a file name, such as relatorio.xlsx."),
}
