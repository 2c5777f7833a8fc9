"""English message templates of the WON API client, with their pt-BR translations."""

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

PT_BR = {
    MESSAGES["auth_failed"]: "Erro de autenticação: Token inválido ou não fornecido",
    MESSAGES["connection_failed"]: "Erro de conexão com o servidor",
    MESSAGES["invalid_data"]: "Dados inválidos: {api_message}",
    MESSAGES["http_error"]: "O servidor retornou o status HTTP {status_code}: {api_message}",
    MESSAGES["rate_limit_exceeded"]: (
        "O limite de requisições da API continuou excedido após {attempts} tentativas: {api_message}. "
        "Aguarde a renovação do limite ou reduza o número de requisições por minuto."
    ),
    MESSAGES["not_json"]: (
        "A resposta para {path} não é JSON (HTTP {status_code}, tipo de conteúdo {content_type}). "
        "Verifique se a URL base é o endereço do site do Perfex e se o módulo WON API está ativo."
    ),
    MESSAGES["redirected"]: (
        "O servidor redirecionou {path} para {location}. "
        "Use o endereço final como URL base, por exemplo https:// em vez de http://."
    ),
    MESSAGES["unexpected_response"]: "A resposta da WON API para {method} {path} tem um formato inesperado: {detail}.",
    MESSAGES["missing_client_id"]: (
        "O servidor aceitou o novo cliente (HTTP {status_code}), mas a resposta não traz o id do cliente. "
        "Verifique no Perfex se o cliente foi criado antes de enviar a linha de novo."
    ),
    MESSAGES["request_cancelled"]: "A requisição foi cancelada durante a espera.",
    MESSAGES["connection_dns"]: (
        "Não foi possível resolver o nome do servidor {host}. Verifique a URL base e a conexão de rede."
    ),
    MESSAGES["connection_refused"]: (
        "O servidor {host} recusou a conexão. Verifique a URL base e a porta, "
        "e se o servidor web está em funcionamento."
    ),
    MESSAGES["connection_timeout_connect"]: (
        "A conexão com {host} excedeu o tempo limite de {timeout} s. "
        "Verifique a URL base, a rede e o firewall."
    ),
    MESSAGES["connection_timeout_read"]: (
        "O servidor {host} não respondeu em {timeout} s. A requisição pode ter sido processada."
    ),
    MESSAGES["connection_tls"]: (
        "A conexão segura (TLS) com {host} falhou: o certificado é inválido "
        "ou o servidor não usa HTTPS nessa porta. Verifique a URL base e o certificado do servidor."
    ),
    MESSAGES["connection_reset"]: (
        "O servidor {host} fechou a conexão antes de enviar a resposta. A requisição pode ter sido processada."
    ),
    MESSAGES["connection_other"]: "A conexão com {host} falhou.",
    MESSAGES["api_base_url_invalid"]: (
        "A URL base {url} não é um endereço http:// ou https:// válido. "
        "Informe o endereço do site do Perfex, por exemplo https://crm.example.com.br."
    ),
    MESSAGES["api_base_url_credentials"]: (
        "A URL base não pode conter usuário ou senha. Informe apenas o endereço do site do Perfex."
    ),
    MESSAGES["api_token_missing"]: (
        "O token da API não foi informado. Copie-o na área administrativa do Perfex em WON API > Configurações."
    ),
    MESSAGES["api_token_malformed"]: (
        "O token da API contém espaços, quebras de linha ou caracteres fora do ASCII simples. "
        "Copie-o de novo na área administrativa do Perfex em WON API > Configurações."
    ),
}
