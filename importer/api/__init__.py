"""Client of the WON API module of Perfex CRM: routes, retries, rate limits and errors."""

from importer.api.client import ApiStatus, ClientPage, WonClient, vat_lookup_supported
from importer.api.errors import (
    ApiError,
    ApiResponseError,
    AuthenticationError,
    HttpStatusError,
    InvalidDataError,
    RateLimitExceeded,
    RequestCancelled,
    ServerConnectionError,
)
from importer.api.ratelimit import RateLimiter, RateLimitInfo
from importer.api.urls import normalize_base_url

__all__ = [
    "ApiError",
    "ApiResponseError",
    "ApiStatus",
    "AuthenticationError",
    "ClientPage",
    "HttpStatusError",
    "InvalidDataError",
    "RateLimitExceeded",
    "RateLimitInfo",
    "RateLimiter",
    "RequestCancelled",
    "ServerConnectionError",
    "WonClient",
    "normalize_base_url",
    "vat_lookup_supported",
]
