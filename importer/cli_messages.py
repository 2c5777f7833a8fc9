"""Message templates of the command-line interface."""

from importer.i18n import N_

MESSAGES = {
    "url_missing": N_(
        "No API URL given. Set PERFEX_URL (or a .env file with PERFEX_URL=...), pass --url, "
        "or use --sandbox to import into a local test server."
    ),
    "token_missing": N_(
        "No API token given. Set PERFEX_TOKEN in the environment or in a .env file "
        "(Perfex admin > WON API > Settings)."
    ),
    "input_not_found": N_("Input file {path} not found. Check the path and try again."),
}
