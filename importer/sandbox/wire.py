"""Response shapes of the WON API: the 2.x envelope and the bare 1.x responses.

The Portuguese texts here are part of the imitated server's protocol, as the
real module sends them, so they are not translated with the interface.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

API_VERSION_HEADER = "X-WON-API-Version"
# Version strings the sandbox reports for each imitated major version.
SERVER_VERSIONS = {1: "1.0.0", 2: "2.1.0"}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, X-API-TOKEN, Authorization",
    "Access-Control-Max-Age": "86400",
}

MSG_AUTH_MISSING = "Token de API não fornecido"
MSG_AUTH_INVALID = "Token de API inválido"
MSG_AUTH_V1 = "Token inválido ou não fornecido"
MSG_TOKEN_NOT_CONFIGURED = "Token da API não configurado no servidor"
MSG_INVALID_JSON = "Dados JSON inválidos"
MSG_COMPANY_REQUIRED = "Campo obrigatório: company"
MSG_CLIENT_NOT_FOUND = "Cliente não encontrado"
MSG_ROUTE_NOT_FOUND = "Rota não encontrada"
MSG_METHOD_NOT_ALLOWED = "Método não permitido"
MSG_INTERNAL_ERROR = "Erro interno do servidor"
MSG_UNAVAILABLE = "Serviço temporariamente indisponível"
MSG_RATE_LIMIT = "Rate limit excedido. Tente novamente em {seconds} segundos"
MSG_VAT_LENGTH = "CPF/CNPJ deve ter 11 ou 14 dígitos: {value}"
MSG_VAT_REPEATED = "CPF/CNPJ não pode ter todos os dígitos iguais: {value}"
MSG_BODY_TOO_LARGE = "Corpo da requisição muito grande"
MSG_LENGTH_REQUIRED = "Cabeçalho Content-Length obrigatório"
MSG_CREATED = "Registro criado"
MSG_UPDATED = "Registro atualizado"
MSG_DELETED = "Registro excluído"
MSG_LISTED = "Registros encontrados"
MSG_FOUND = "Registro encontrado"
MSG_ONLINE = "API funcionando"


@dataclass
class ApiResponse:
    """One HTTP response before it is written: status, JSON body (None for no body) and headers."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


def api_row(row: dict[str, Any]) -> dict[str, Any]:
    """Return a stored row as PHP's MySQL driver sends it: every value a string, NULL as null."""
    return {key: None if value is None else str(value) for key, value in row.items()}


def success(
    api_version: int,
    status: int,
    data: Any,
    message: str,
    meta: dict[str, int] | None = None,
    v1_body: Any = None,
) -> ApiResponse:
    """Build a success response: the 2.x envelope, or ``v1_body`` (default ``data``) for 1.x."""
    if api_version == 1:
        return ApiResponse(status, data if v1_body is None else v1_body)
    envelope: dict[str, Any] = {
        "success": True,
        "data": data,
        "message": message,
        "timestamp": int(time.time()),
    }
    if meta is not None:
        envelope["meta"] = meta
    return ApiResponse(status, envelope)


def failure(api_version: int, status: int, error_code: str, message: str) -> ApiResponse:
    """Build an error response: ``{"erro": ...}`` for 1.x, the envelope with ``error_code`` for 2.x."""
    if api_version == 1:
        return ApiResponse(status, {"erro": message})
    envelope = {
        "success": False,
        "data": None,
        "message": message,
        "error_code": error_code,
        "timestamp": int(time.time()),
    }
    return ApiResponse(status, envelope)
