"""English message templates of the sandbox's error codes, with their pt_BR translations."""

from importer.i18n import N_

MESSAGES = {
    "sandbox_port_invalid": N_("Invalid sandbox port {value}: expected 0 (any free port) to 65535."),
    "sandbox_port_unavailable": N_(
        "Cannot listen on {host}:{port}: {reason}. Choose another port, or 0 for any free port."
    ),
    "sandbox_database_unusable": N_(
        "Cannot use {path} as the sandbox database: {reason}. Choose another file or delete this one."
    ),
    "sandbox_api_version_invalid": N_("Invalid WON API version {value}: expected 1 or 2."),
    "sandbox_rate_limit_invalid": N_(
        "Invalid rate limit {value}: expected at least 1 request per window."
    ),
    "sandbox_rate_window_invalid": N_(
        "Invalid rate limit window {value}: expected a number of seconds above 0."
    ),
    "sandbox_latency_invalid": N_("Invalid latency {value}: expected 0 or more milliseconds."),
    "sandbox_probability_invalid": N_(
        "Invalid probability {value} for {option}: expected a number from 0 to 1."
    ),
    "sandbox_fault_total_invalid": N_(
        "The fault probabilities add up to {total}, above 1. Lower them so that they add up to 1 at most."
    ),
}

PT_BR = {
    "Invalid sandbox port {value}: expected 0 (any free port) to 65535.": (
        "Porta do sandbox inválida: {value}. Use de 0 (qualquer porta livre) a 65535."
    ),
    "Cannot listen on {host}:{port}: {reason}. Choose another port, or 0 for any free port.": (
        "Não foi possível escutar em {host}:{port}: {reason}. Escolha outra porta, ou 0 para "
        "qualquer porta livre."
    ),
    "Cannot use {path} as the sandbox database: {reason}. Choose another file or delete this one.": (
        "Não foi possível usar {path} como banco de dados do sandbox: {reason}. Escolha outro "
        "arquivo ou apague este."
    ),
    "Invalid WON API version {value}: expected 1 or 2.": (
        "Versão da WON API inválida: {value}. Use 1 ou 2."
    ),
    "Invalid rate limit {value}: expected at least 1 request per window.": (
        "Limite de requisições inválido: {value}. Use pelo menos 1 requisição por janela."
    ),
    "Invalid rate limit window {value}: expected a number of seconds above 0.": (
        "Janela do limite de requisições inválida: {value}. Use um número de segundos maior que 0."
    ),
    "Invalid latency {value}: expected 0 or more milliseconds.": (
        "Latência inválida: {value}. Use 0 ou mais milissegundos."
    ),
    "Invalid probability {value} for {option}: expected a number from 0 to 1.": (
        "Probabilidade inválida em {option}: {value}. Use um número de 0 a 1."
    ),
    "The fault probabilities add up to {total}, above 1. Lower them so that they add up to 1 at most.": (
        "As probabilidades de falha somam {total}, mais que 1. Reduza-as para que somem no máximo 1."
    ),
}
