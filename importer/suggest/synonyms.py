"""Header names that name each Perfex field in Brazilian (and English) spreadsheets.

Names are compared after ``normalize_header_name`` (no case, accents or
extra spaces). Within a list, an earlier name wins: "Razão Social" is the
company before "Nome Fantasia" is.
"""

from __future__ import annotations

from importer.textnorm import normalize_header_name


def _keys(*names: str) -> tuple[str, ...]:
    return tuple(normalize_header_name(name) for name in names)


FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "company": _keys(
        "Razão Social", "Razao_Social", "Nome/Razão Social", "Razão Social/Nome", "Nome Empresarial",
        "Cliente", "Nome do Cliente", "Empresa", "Nome", "Company", "Nome Fantasia", "Fantasia",
    ),
    "vat": _keys(
        "CNPJ/CPF", "CPF/CNPJ", "CPF_CNPJ", "CNPJ_CPF", "CPF ou CNPJ", "CNPJ ou CPF", "CNPJ", "CPF",
        "Documento", "Doc", "C.N.P.J.", "C.P.F.", "Inscrição Federal", "Vat", "Tax ID",
    ),
    "phonenumber": _keys(
        "Telefone", "Fone", "Tel", "Tel.", "Telefone 1", "Telefone Comercial", "Fone Comercial", "Phone",
        "Phonenumber", "Celular", "Cel", "Cel.", "Telefone Celular", "WhatsApp", "Whatsapp", "Telefone 2",
    ),
    "state": _keys("UF", "Estado", "Sigla UF", "State", "Estado (UF)"),
    "city": _keys("Cidade", "Município", "Municipio", "City", "Cidade/UF", "Cidade / UF", "Localidade"),
    "zip": _keys("CEP", "Zip", "Código Postal", "Codigo Postal", "Postal Code", "CEP/Zip"),
    "country": _keys("País", "Pais", "Country", "Nacionalidade"),
    "website": _keys("Site", "Website", "Web Site", "Home Page", "Homepage", "URL", "Página", "Site/URL"),
    "active": _keys(
        "Situação", "Situacao", "Ativo", "Status", "Sit.", "Situação do Cliente", "Situação Cadastral",
        "Sit.Pessoa/Cliente", "Active",
    ),
}

AREA_CODE_NAMES = _keys("DDD", "DDD 1", "DDD1", "Código de Área", "Prefixo")

# Parts of the address, in the order they are joined.
ADDRESS_PARTS: dict[str, tuple[str, ...]] = {
    "street_type": _keys("Tipo Logradouro", "Tipo de Logradouro", "Tipo_Logradouro"),
    "street": _keys("Logradouro", "Endereço", "Endereco", "Rua", "Address", "Endereço Completo", "Street"),
    "number": _keys("Número", "Numero", "Nº", "N°", "No", "No.", "Num", "Num.", "Nro"),
    "complement": _keys("Complemento", "Compl", "Compl."),
    "district": _keys("Bairro", "Distrito"),
}


def rank(field: str, header: str) -> int | None:
    """Return the position of ``header`` in the synonym list of ``field``, or None when it is not one."""
    key = normalize_header_name(header)
    names = FIELD_SYNONYMS[field]
    return names.index(key) if key in names else None
