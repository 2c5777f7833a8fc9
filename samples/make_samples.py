"""Regenerate samples/clientes.csv and samples/clientes.xlsx from the rows below.

The data is invented; CNPJ and CPF check digits are computed here, so every
document is valid except in the three rows meant to fail. The output is the
same on every run: the XLSX timestamps are fixed.

Run: python samples/make_samples.py
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
HEADER = [
    "Razão Social", "CNPJ/CPF", "Telefone", "Celular", "Logradouro", "Número",
    "Bairro", "Cidade", "UF", "CEP", "País", "Site", "Situação",
]
FIXED_TIME = datetime.datetime(2024, 1, 1, 12, 0, 0)
ZIP_TIME = (2024, 1, 1, 12, 0, 0)


def check_digit(digits: str, weights: list[int]) -> str:
    """Return a mod-11 check digit: 0 if the remainder is below 2, else 11 - remainder."""
    remainder = sum(int(digit) * weight for digit, weight in zip(digits, weights)) % 11
    return "0" if remainder < 2 else str(11 - remainder)


def cnpj(base12: str) -> str:
    """Return the masked CNPJ of a 12-digit base (8-digit root + 4-digit branch)."""
    first = check_digit(base12, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
    second = check_digit(base12 + first, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
    d = base12 + first + second
    return f"{d[:2]}.{d[2:5]}.{d[5:8]}/{d[8:12]}-{d[12:]}"


def cpf(base9: str) -> str:
    """Return the masked CPF of a 9-digit base."""
    first = check_digit(base9, list(range(10, 1, -1)))
    second = check_digit(base9 + first, list(range(11, 1, -1)))
    d = base9 + first + second
    return f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}"


def digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


# Razão Social, document, Telefone, Celular, Logradouro, Número, Bairro, Cidade, UF, CEP, País, Site, Situação
ROWS: list[list[str]] = [
    ["Padaria Pão de Ouro Ltda", cnpj("112223330001"), "(11) 3456-7890", "11 98765-4321", "Avenida Paulista", "1578", "Bela Vista", "São Paulo", "SP", "01310-100", "Brasil", "www.paodeouro.com.br", "Ativo"],
    ["Construtora Horizonte S.A.", cnpj("452187690001"), "(21) 2233-4455", "21 99876-1234", "Rua da Assembleia", "10", "Centro", "Rio de Janeiro", "RJ", "20011-000", "Brasil", "https://horizonte.com.br", "Ativo"],
    ["Mercado São Jorge Eireli", cnpj("087654320001"), "(31) 3344-5566", "", "Rua Curitiba", "832", "Centro", "Belo Horizonte", "MG", "30170-120", "Brasil", "", "Ativo"],
    ["Auto Peças Ipiranga Ltda", cnpj("230456780002"), "(51) 3222-1100", "51 98111-2233", "Avenida Ipiranga", "6681", "Partenon", "Porto Alegre", "RS", "90619-900", "Brasil", "autopecasipiranga.com.br", "Ativo"],
    ["Farmácia Vida Nova Ltda - ME", cnpj("341122990001"), "(41) 3030-4040", "41 99700-8800", "Rua XV de Novembro", "700", "Centro", "Curitiba", "PR", "80020-310", "Brasil", "", "Inativo"],
    ["Tecnologia Araucária Sistemas Ltda", cnpj("198877660001"), "(48) 3025-7788", "48 99123-4567", "Rua Bocaiúva", "2125", "Centro", "Florianópolis", "Santa Catarina", "88015-530", "Brasil", "https://araucaria.dev", "Ativo"],
    ["Distribuidora Nordeste Alimentos Ltda", cnpj("076543210001"), "(81) 3421-9090", "", "Avenida Conde da Boa Vista", "1200", "Boa Vista", "Recife", "PE", "50060-004", "Brasil", "", "Ativo"],
    ["Maria Aparecida dos Santos", cpf("123456789"), "", "(11) 97654-3210", "Rua Augusta", "455", "Consolação", "São Paulo", "SP", "01305-000", "Brasil", "", "Ativo"],
    ["Clínica Sorriso Feliz Ltda", cnpj("293847560001"), "(85) 3261-4455", "85 98877-6655", "Avenida Santos Dumont", "2828", "Aldeota", "Fortaleza", "CE", "60150-162", "Brasil", "sorrisofeliz.com.br", "Ativo"],
    ["Gráfica Expressa Ltda", cnpj("410293840001"), "(62) 3212-3434", "", "Avenida Goiás", "1020", "Setor Central", "Goiânia", "GO", "74020-100", "Brasil", "", "Inativo"],
    ["João Batista Ferreira", cpf("987654321"), "(71) 3355-6677", "71 99988-7766", "Rua Chile", "23", "Centro", "Salvador", "BA", "40020-000", "Brasil", "", "Ativo"],
    ["Transportes Rápido Sul Ltda", cnpj("557799110001"), "(47) 3433-2211", "47 99654-3322", "Rua Quinze de Novembro", "1336", "Centro", "Blumenau", "SC", "89010-003", "Brasil", "www.rapidosul.com.br", "Ativo"],
    ["Escola Pequeno Príncipe Ltda", cnpj("620011330001"), "(61) 3322-1010", "", "SCS Quadra 2", "Bloco C", "Asa Sul", "Brasília", "DF", "70302-000", "Brasil", "", "Ativo"],
]

# A blank row sits in the middle of the data, as in hand-kept sheets.
ROWS_AFTER_BLANK: list[list[str]] = [
    ["Hotel Mar Azul Ltda", cnpj("338844550001"), "(84) 3211-5566", "84 98123-9876", "Via Costeira", "4000", "Ponta Negra", "Natal", "RN", "59090-001", "Brasil", "hotelmarazul.com.br", "Ativo"],
    ["Ana Carolina Lima", cpf("045678912"), "", "11 91234-5678", "Rua Harmonia", "88", "Vila Madalena", "São Paulo", "SP", "05435-000", "Brasil", "", "Ativo"],
    ["Cooperativa Agrícola Vale Verde", cnpj("902233440001"), "(44) 3226-7788", "", "Avenida Brasil", "3500", "Zona 01", "Maringá", "PR", "87013-000", "Brasil", "valeverde.coop.br", "Ativo"],
    ["Livraria Letras & Cia Ltda", cnpj("128899770001"), "(19) 3232-4545", "19 99776-5544", "Rua Barão de Jaguara", "1000", "Centro", "Campinas", "SP", "13015-001", "Brasil", "", "Inativo"],
    ["Ótica Visão Clara Ltda", cnpj("376655440001"), "(27) 3223-8899", "", "Avenida Jerônimo Monteiro", "240", "Centro", "Vitória", "ES", "29010-002", "Brasil", "", "Ativo"],
    ["Pedro Henrique Oliveira", cpf("318293647"), "(92) 3633-1122", "92 99111-2233", "Avenida Eduardo Ribeiro", "620", "Centro", "Manaus", "AM", "69010-001", "Brasil", "", "Ativo"],
    ["Lusitana Importações Lda", "503456789", "+351 21 345 6789", "+351 912 345 678", "Rua Augusta", "100", "Baixa", "Lisboa", "", "1100-053", "Portugal", "www.lusitana.pt", "Ativo"],
    ["Metalúrgica Aço Forte Ltda", cnpj("015566770001"), "(11) 4433-2211", "", "Avenida Industrial", "900", "Jardim", "Santo André", "SP", "09080-500", "Brasil", "acoforte.ind.br", "Ativo"],
    ["Restaurante Sabor Mineiro Ltda", cnpj("264455660001"), "(31) 3281-4455", "31 98456-7788", "Rua Pernambuco", "1150", "Savassi", "Belo Horizonte", "Minas Gerais", "30130-151", "Brasil", "", "Ativo"],
    ["Carla Regina Souza", cpf("058374619"), "", "(21) 98765-1234", "Rua Voluntários da Pátria", "45", "Botafogo", "Rio de Janeiro", "RJ", "22270-000", "Brasil", "", "Inativo"],
    ["Papelaria Central do Norte Ltda", cnpj("445566770001"), "(91) 3224-5566", "", "Avenida Presidente Vargas", "550", "Campina", "Belém", "PA", "66017-000", "Brasil", "", "Ativo"],
]


def _bad_cnpj() -> str:
    """Return a masked CNPJ whose last check digit is wrong."""
    good = cnpj("771122330001")
    wrong = str((int(good[-1]) + 1) % 10)
    return good[:-1] + wrong


# Rows that validation must reject: wrong CNPJ check digits, a 10-digit CPF, no Razão Social.
BAD_ROWS: list[list[str]] = [
    ["Comercial Dígito Errado Ltda", _bad_cnpj(), "(11) 3030-1010", "", "Rua Direita", "50", "Sé", "São Paulo", "SP", "01002-000", "Brasil", "", "Ativo"],
    ["Roberto Carlos Mendes", "123.456.789-0", "", "11 98888-7777", "Rua Oscar Freire", "300", "Jardins", "São Paulo", "SP", "01426-000", "Brasil", "", "Ativo"],
    ["", cnpj("889900110001"), "(11) 3555-6666", "", "Rua Vergueiro", "2000", "Vila Mariana", "São Paulo", "SP", "04101-000", "Brasil", "", "Ativo"],
]

# XLSX only: documents stored as number cells, as Excel does when someone
# types the digits. Ana Carolina Lima's CPF starts with 0, so the number
# loses it (10 digits left).
NUMBER_DOCUMENTS = {"Construtora Horizonte S.A.", "Ana Carolina Lima", "Pedro Henrique Oliveira"}
# Mercado São Jorge's CEP 30170-120 is fine; Metalúrgica Aço Forte's 09080-500
# stored as a number becomes 9080500 (7 digits).
NUMBER_CEP = {"Metalúrgica Aço Forte Ltda"}

INSTRUCTIONS = [
    ["Instruções de preenchimento"],
    ["Preencha uma linha por cliente na aba Clientes."],
    ["CNPJ/CPF com ou sem máscara; CEP com 8 dígitos."],
]


def write_csv(path: Path) -> None:
    """Write the CSV as a Brazilian Excel would: cp1252, ';', CRLF, quotes only when needed."""
    lines = [HEADER, *ROWS, [""] * len(HEADER), *ROWS_AFTER_BLANK, *BAD_ROWS]
    text = "".join(";".join(_quote(cell) for cell in line) + "\r\n" for line in lines)
    path.write_bytes(text.encode("cp1252"))


def _quote(cell: str) -> str:
    if any(char in cell for char in ';"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _xlsx_row(row: list[str]) -> list[str | int]:
    values: list[str | int] = list(row)
    if row[0] in NUMBER_DOCUMENTS:
        values[1] = int(digits(row[1]))
    if row[0] in NUMBER_CEP:
        values[9] = int(digits(row[9]))
    return values


def write_xlsx(path: Path) -> None:
    """Write the workbook: hidden "Instruções" first, then "Clientes" with the same rows."""
    workbook = openpyxl.Workbook()
    instructions = workbook.active
    instructions.title = "Instruções"
    for line in INSTRUCTIONS:
        instructions.append(line)
    instructions.sheet_state = "hidden"
    clients = workbook.create_sheet("Clientes")
    clients.append(HEADER)
    for row in ROWS:
        clients.append(_xlsx_row(row))
    clients.append([])
    for row in [*ROWS_AFTER_BLANK, *BAD_ROWS]:
        clients.append(_xlsx_row(row))
    workbook.active = 1
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    workbook.save(path)
    _fix_zip_times(path)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the archive with fixed member times so that reruns give identical bytes."""
    with zipfile.ZipFile(path) as archive:
        members = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), data, zipfile.ZIP_DEFLATED)


def main() -> None:
    write_csv(HERE / "clientes.csv")
    write_xlsx(HERE / "clientes.xlsx")


if __name__ == "__main__":
    main()
