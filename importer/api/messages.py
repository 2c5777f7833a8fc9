"""English message templates of the WON API client; translations live in the gettext catalogs."""

from importer.i18n import N_

MESSAGES = {
    # Errors raised by WonClient.
    "auth_failed": N_("Authentication error: invalid or missing token"),
    "connection_failed": N_("Could not connect to the server"),
    "invalid_data": N_("Invalid data: {api_message}"),
    "http_error": N_("The server returned HTTP status {status_code}: {api_message}"),
    "rate_limit_exceeded": N_(
        "The API rate limit was still exceeded after {attempts} attempts: {api_message}. "
        "Wait until the limit resets, or lower the number of requests per minute."
    ),
    "not_json": N_(
        "The response to {path} is not JSON (HTTP {status_code}, content type {content_type}). "
        "Check that the base URL is the address of the Perfex site and that the WON API module is active."
    ),
    "redirected": N_(
        "The server redirected {path} to {location}. "
        "Use the final address as the base URL, for example https:// instead of http://."
    ),
    "unexpected_response": N_("The WON API response to {method} {path} has an unexpected form: {detail}."),
    "missing_client_id": N_(
        "The server accepted the new client (HTTP {status_code}) but its response contains no client id. "
        "Check in Perfex whether the client was created before sending the row again."
    ),
    "request_cancelled": N_("The request was cancelled while waiting."),
    # Details of ServerConnectionError, one per reason, shown by the check command.
    "connection_dns": N_(
        "The server name {host} could not be resolved. Check the base URL and the network connection."
    ),
    "connection_refused": N_(
        "The server {host} refused the connection. Check the base URL and its port, "
        "and that the web server is running."
    ),
    "connection_timeout_connect": N_(
        "Connecting to {host} timed out after {timeout} s. Check the base URL, the network and any firewall."
    ),
    "connection_timeout_read": N_(
        "The server {host} did not respond within {timeout} s. The request may have been processed."
    ),
    "connection_tls": N_(
        "The secure (TLS) connection to {host} failed: the certificate is invalid "
        "or the server does not speak HTTPS on that port. Check the base URL and the server certificate."
    ),
    "connection_reset": N_(
        "The server {host} closed the connection before sending a response. The request may have been processed."
    ),
    "connection_other": N_("The connection to {host} failed."),
    # Settings checked when the client is built.
    "api_base_url_invalid": N_(
        "The base URL {url} is not a valid http:// or https:// address. "
        "Give the address of the Perfex site, for example https://crm.example.com.br."
    ),
    "api_base_url_credentials": N_(
        "The base URL must not contain a user name or password. Give only the address of the Perfex site."
    ),
    "api_token_missing": N_(
        "The API token is missing. Copy it from the Perfex admin area under WON API > Settings."
    ),
    "api_token_malformed": N_(
        "The API token contains spaces, line breaks or characters other than plain ASCII. "
        "Copy it again from the Perfex admin area under WON API > Settings."
    ),
}
