"""Generate large, realistic client spreadsheets for the benchmarks.

The rows look like the exports Brazilian companies hand over. They have
company and person names and masked CPF and CNPJ with valid check digits,
about 5% of the CNPJs alphanumeric. They also have CEP, UF, cities with
their area codes, phones in the usual formats, sites and Situação. About 2% of the rows carry exactly one
defect that ``perfex-import validate`` must report: wrong check digits, a
CPF one digit short, no Razão Social, an unknown UF or a malformed CEP.

The columns are those of ``samples/clientes.csv``, so ``mappings/exemplo.yaml``
maps them. CSV files are written as a Brazilian Excel saves them (cp1252,
``;``, CRLF); XLSX files have a "Clientes" sheet whose cells are all text.
The same seed and row count always give the same rows.

Run: python benchmarks/generate.py 100000 --format csv
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    # Lets the script run from a checkout without installing the package.
    sys.path.insert(0, str(REPO_ROOT))

from importer.validate import (  # after the sys.path change above
    format_cnpj,
    format_cpf,
    generate_cnpj,
    generate_cpf,
    is_valid_cnpj,
    is_valid_cpf,
)

DATA_DIR = REPO_ROOT / "benchmarks" / "data"
DEFAULT_SEED = 20240101
INVALID_SHARE = 0.02
FORMATS = ("csv", "xlsx")

HEADER = [
    "Razão Social", "CNPJ/CPF", "Telefone", "Celular", "Logradouro", "Número",
    "Bairro", "Cidade", "UF", "CEP", "País", "Site", "Situação",
]

# Defects of the invalid rows, given to them in turn in this order.
DEFECTS = ("check_digits", "short_cpf", "missing_company", "bad_uf", "bad_cep")

# City, UF, area code (DDD) and the first three digits of a CEP in that city.
CITIES = [
    ("São Paulo", "SP", "11", "013"), ("São Paulo", "SP", "11", "045"),
    ("Campinas", "SP", "19", "130"), ("Santo André", "SP", "11", "090"),
    ("Ribeirão Preto", "SP", "16", "140"), ("Sorocaba", "SP", "15", "180"),
    ("Rio de Janeiro", "RJ", "21", "200"), ("Niterói", "RJ", "21", "240"),
    ("Belo Horizonte", "MG", "31", "301"), ("Uberlândia", "MG", "34", "384"),
    ("Juiz de Fora", "MG", "32", "360"), ("Vitória", "ES", "27", "290"),
    ("Curitiba", "PR", "41", "800"), ("Londrina", "PR", "43", "860"),
    ("Maringá", "PR", "44", "870"), ("Florianópolis", "SC", "48", "880"),
    ("Joinville", "SC", "47", "892"), ("Blumenau", "SC", "47", "890"),
    ("Porto Alegre", "RS", "51", "900"), ("Caxias do Sul", "RS", "54", "950"),
    ("Salvador", "BA", "71", "400"), ("Feira de Santana", "BA", "75", "440"),
    ("Recife", "PE", "81", "500"), ("Fortaleza", "CE", "85", "601"),
    ("Natal", "RN", "84", "590"), ("João Pessoa", "PB", "83", "580"),
    ("Maceió", "AL", "82", "570"), ("Aracaju", "SE", "79", "490"),
    ("Teresina", "PI", "86", "640"), ("São Luís", "MA", "98", "650"),
    ("Belém", "PA", "91", "660"), ("Manaus", "AM", "92", "690"),
    ("Porto Velho", "RO", "69", "768"), ("Rio Branco", "AC", "68", "699"),
    ("Macapá", "AP", "96", "689"), ("Boa Vista", "RR", "95", "693"),
    ("Palmas", "TO", "63", "770"), ("Goiânia", "GO", "62", "740"),
    ("Brasília", "DF", "61", "703"), ("Cuiabá", "MT", "65", "780"),
    ("Campo Grande", "MS", "67", "790"),
]

STATE_NAMES = {
    "SP": "São Paulo", "RJ": "Rio de Janeiro", "MG": "Minas Gerais", "PR": "Paraná",
    "SC": "Santa Catarina", "RS": "Rio Grande do Sul", "BA": "Bahia", "PE": "Pernambuco",
    "CE": "Ceará", "GO": "Goiás", "PA": "Pará", "AM": "Amazonas",
}

BUSINESSES = [
    "Padaria", "Mercado", "Supermercado", "Auto Peças", "Farmácia", "Drogaria",
    "Construtora", "Transportes", "Clínica", "Comercial", "Distribuidora", "Oficina",
    "Restaurante", "Hotel", "Academia", "Escola", "Consultoria", "Tecnologia",
    "Gráfica", "Livraria", "Ótica", "Pet Shop", "Materiais de Construção",
    "Imobiliária", "Laboratório", "Confecções", "Metalúrgica", "Açougue",
    "Papelaria", "Sorveteria", "Lanchonete", "Contabilidade", "Serralheria",
]
BRANDS = [
    "São Jorge", "Bom Jesus", "Horizonte", "Nova Era", "Vale Verde", "Santa Luzia",
    "Boa Vista", "Primavera", "Ipiranga", "Estrela", "Aliança", "Central", "Progresso",
    "Sol Nascente", "Paulista", "do Sul", "Nordeste", "Pão de Ouro", "Mar Azul",
    "Três Irmãos", "Santa Rita", "Nossa Senhora Aparecida", "Araucária", "Cerrado",
    "Pantanal", "Litoral", "Serra Gaúcha", "Bandeirantes", "Guanabara", "Tropical",
    "Sabor Mineiro", "Vida Nova", "Bela Vista", "Pioneira", "União", "Real",
]
SUFFIXES = ["Ltda", "Ltda", "Ltda", "Ltda - ME", "S.A.", "Eireli", "ME", "EPP", "& Cia Ltda"]
FEMALE_NAMES = [
    "Maria", "Ana", "Juliana", "Márcia", "Fernanda", "Patrícia", "Aline", "Sandra", "Camila",
    "Amanda", "Bruna", "Jéssica", "Letícia", "Júlia", "Luciana", "Vanessa", "Mariana",
    "Conceição", "Beatriz", "Larissa", "Renata", "Aparecida", "Cristina", "Helena",
]
MALE_NAMES = [
    "José", "João", "Francisco", "Antônio", "Carlos", "Paulo", "Pedro", "Lucas", "Luiz",
    "Marcos", "Luís", "Gabriel", "Rafael", "Gustavo", "Felipe", "Rodrigo", "Raimundo",
    "Sebastião", "Thiago", "Henrique", "Eduardo", "Vinícius",
]
SURNAMES = [
    "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira",
    "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes",
    "Soares", "Fernandes", "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Andrade",
    "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas", "Cardoso", "Ramos",
    "Gonçalves", "Araújo", "Conceição", "Azevedo", "Brandão", "Magalhães",
]
PARTICLES = ["", "", "", "da ", "dos ", "de "]
STREETS = [
    "Rua", "Rua", "Rua", "Avenida", "Avenida", "Travessa", "Alameda", "Praça", "Rodovia",
]
STREET_NAMES = [
    "XV de Novembro", "Sete de Setembro", "Tiradentes", "Dom Pedro II", "Getúlio Vargas",
    "Marechal Deodoro", "Barão do Rio Branco", "São João", "das Flores", "Santos Dumont",
    "Presidente Vargas", "Brasil", "Independência", "José Bonifácio", "Rui Barbosa",
    "Duque de Caxias", "Castro Alves", "Voluntários da Pátria", "Bela Cintra", "Amazonas",
]
DISTRICTS = [
    "Centro", "Centro", "Jardim América", "Vila Nova", "Boa Vista", "Santa Cruz",
    "São José", "Bela Vista", "Industrial", "Aldeota", "Savassi", "Moinhos de Vento",
    "Batel", "Ponta Verde", "Vila Madalena", "Copacabana", "Zona 01", "Setor Central",
]
SITE_TEMPLATES = ["www.{slug}.com.br", "https://{slug}.com.br", "{slug}.com.br", "http://www.{slug}.com"]
BAD_UFS = ["XX", "BR", "ZZ", "S. Paulo", "Minas"]

# Modulus-11 weights of the 13 CNPJ characters. The first check digit uses the last 12.
CNPJ_WEIGHTS = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)

_SLUG_TABLE = str.maketrans("áàâãéêíóôõúüçÁÀÂÃÉÊÍÓÔÕÚÜÇ", "aaaaeeiooouucAAAAEEIOOOUUC")


@dataclass
class GeneratedFile:
    """A generated spreadsheet and how many of its data rows are meant to fail validation."""

    path: Path
    rows: int
    invalid_rows: int
    defects: dict[str, int] = field(default_factory=dict)


class RowGenerator:
    """Produce client rows from one seeded random generator; CPF and CNPJ never repeat."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.rng = random.Random(seed)
        self._documents: set[str] = set()

    def rows(self, count: int, invalid_share: float = INVALID_SHARE) -> Iterator[tuple[list[str], str | None]]:
        """Yield ``count`` rows with the defect each carries (None for a valid row)."""
        invalid_count = round(count * invalid_share)
        invalid_positions = set(self.rng.sample(range(count), invalid_count))
        defect_index = 0
        for position in range(count):
            row = self.valid_row()
            defect = None
            if position in invalid_positions:
                defect = DEFECTS[defect_index % len(DEFECTS)]
                defect_index += 1
                self.spoil(row, defect)
            yield row, defect

    def valid_row(self) -> list[str]:
        rng = self.rng
        city, uf, area_code, cep_prefix = rng.choice(CITIES)
        kind = rng.random()
        if kind < 0.35:
            company = self.person_name()
            document = format_cpf(self.unique(lambda: generate_cpf(rng)))
            website = ""
        else:
            company, trade_name = self.company_name()
            if kind > 0.95:
                document = format_cnpj(self.unique(lambda: generate_cnpj(rng, alphanumeric=True)))
            else:
                document = format_cnpj(self.unique(self.cnpj))
            website = self.website(trade_name) if rng.random() < 0.4 else ""
        if rng.random() < 0.1:
            # Some exports drop the mask.
            document = document.replace(".", "").replace("/", "").replace("-", "")
        landline = self.landline(area_code) if rng.random() < 0.7 else ""
        mobile = self.mobile(area_code) if rng.random() < 0.75 else ""
        state = STATE_NAMES[uf] if uf in STATE_NAMES and rng.random() < 0.05 else uf
        return [
            company,
            document,
            landline,
            mobile,
            f"{rng.choice(STREETS)} {rng.choice(STREET_NAMES)}",
            self.house_number(),
            rng.choice(DISTRICTS),
            city,
            state,
            self.cep(cep_prefix),
            "Brasil" if rng.random() < 0.9 else "",
            website,
            "Ativo" if rng.random() < 0.85 else "Inativo",
        ]

    def spoil(self, row: list[str], defect: str) -> None:
        """Give ``row`` the one defect named, in a form validation cannot repair."""
        rng = self.rng
        if defect == "check_digits":
            last = row[1][-1]
            row[1] = row[1][:-1] + str((int(last) + rng.randint(1, 9)) % 10)
        elif defect == "short_cpf":
            row[1] = self.short_cpf()
        elif defect == "missing_company":
            row[0] = ""
        elif defect == "bad_uf":
            row[8] = rng.choice(BAD_UFS)
        elif defect == "bad_cep":
            row[9] = rng.choice([f"{rng.randint(1000, 9999)}-{rng.randint(10, 99)}", f"CEP {rng.randint(10000, 99999)}"])
        else:
            raise ValueError(f"unknown defect {defect!r}; expected one of {', '.join(DEFECTS)}")

    def short_cpf(self) -> str:
        """Return a masked CPF missing its last digit that stays invalid when padded with a zero.

        The validator pads a 10-digit text to 11 digits, because a number cell
        loses leading zeros. It accepts the padded value when it is valid, so
        such a value would not be a defect.
        """
        while True:
            masked = format_cpf(generate_cpf(self.rng))[:-1]
            digits = masked.replace(".", "").replace("-", "")
            if not is_valid_cpf(digits.zfill(11)) and not is_valid_cnpj(digits.zfill(14)):
                return masked

    def unique(self, make) -> str:
        """Call ``make`` until it returns a document not used before, so no row is a duplicate."""
        while True:
            document = make()
            if document not in self._documents:
                self._documents.add(document)
                return document

    def person_name(self) -> str:
        rng = self.rng
        given_names = FEMALE_NAMES if rng.random() < 0.5 else MALE_NAMES
        names = [rng.choice(given_names)]
        if rng.random() < 0.3:
            names.append(rng.choice(given_names))
        names.append(rng.choice(PARTICLES) + rng.choice(SURNAMES))
        names.append(rng.choice(SURNAMES))
        return " ".join(names)

    def company_name(self) -> tuple[str, str]:
        """Return a company name and its trade name (the name without the legal suffix)."""
        rng = self.rng
        trade_name = f"{rng.choice(BUSINESSES)} {rng.choice(BRANDS)}"
        return f"{trade_name} {rng.choice(SUFFIXES)}", trade_name

    def website(self, trade_name: str) -> str:
        slug = "".join(word for word in trade_name.translate(_SLUG_TABLE).lower().split() if word.isalnum())
        return self.rng.choice(SITE_TEMPLATES).format(slug=slug)

    def cnpj(self) -> str:
        """Return a numeric CNPJ of a head office (branch 0001) or, less often, a branch office."""
        rng = self.rng
        root = f"{rng.randint(1, 99_999_999):08d}"
        branch = "0001" if rng.random() < 0.85 else f"{rng.randint(2, 30):04d}"
        return _with_check_digits(root + branch, CNPJ_WEIGHTS)

    def landline(self, area_code: str) -> str:
        rng = self.rng
        number = f"{rng.choice('2333334')}{rng.randint(0, 999):03d}-{rng.randint(0, 9999):04d}"
        return f"({area_code}) {number}" if rng.random() < 0.8 else f"{area_code} {number}"

    def mobile(self, area_code: str) -> str:
        rng = self.rng
        head = f"9{rng.randint(6, 9)}{rng.randint(0, 999):03d}"
        tail = f"{rng.randint(0, 9999):04d}"
        style = rng.random()
        if style < 0.45:
            return f"({area_code}) {head}-{tail}"
        if style < 0.8:
            return f"{area_code} {head}-{tail}"
        if style < 0.9:
            return f"+55 {area_code} {head}-{tail}"
        return f"{area_code}{head}{tail}"

    def house_number(self) -> str:
        rng = self.rng
        draw = rng.random()
        if draw < 0.05:
            return "s/n"
        if draw < 0.08:
            return f"Bloco {rng.choice('ABCD')}"
        return str(rng.randint(1, 4999))

    def cep(self, prefix: str) -> str:
        rng = self.rng
        digits = f"{prefix}{rng.randint(0, 99):02d}{rng.randint(0, 999):03d}"
        return f"{digits[:5]}-{digits[5:]}" if rng.random() < 0.85 else digits


def _with_check_digits(base: str, weights: tuple[int, ...]) -> str:
    """Append the two modulus-11 check digits to a numeric base with the matching weights."""
    for _ in range(2):
        total = sum(int(digit) * weight for digit, weight in zip(base, weights[-len(base):]))
        remainder = total % 11
        base += "0" if remainder < 2 else str(11 - remainder)
    return base


def write_csv(path: Path, rows: int, seed: int = DEFAULT_SEED) -> GeneratedFile:
    """Write ``rows`` data rows as a Brazilian Excel saves CSV: cp1252, ``;``, CRLF."""
    result = GeneratedFile(path=path, rows=rows, invalid_rows=0)
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for row, defect in RowGenerator(seed).rows(rows):
            writer.writerow(row)
            _count_defect(result, defect)
    return result


def write_xlsx(path: Path, rows: int, seed: int = DEFAULT_SEED) -> GeneratedFile:
    """Write ``rows`` data rows to a "Clientes" sheet, with every cell as text, CPF, CNPJ and CEP included."""
    import openpyxl

    result = GeneratedFile(path=path, rows=rows, invalid_rows=0)
    # Write-only mode streams rows to disk instead of keeping every cell object in memory.
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Clientes")
    sheet.append(HEADER)
    for row, defect in RowGenerator(seed).rows(rows):
        sheet.append(row)
        _count_defect(result, defect)
    workbook.save(path)
    return result


def _count_defect(result: GeneratedFile, defect: str | None) -> None:
    if defect is not None:
        result.invalid_rows += 1
        result.defects[defect] = result.defects.get(defect, 0) + 1


def generate(path: Path, rows: int, file_format: str, seed: int = DEFAULT_SEED) -> GeneratedFile:
    """Write a file of ``rows`` data rows under a temporary name, then rename it, so no half file is left."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}; expected one of {', '.join(FORMATS)}")
    if rows < 0:
        raise ValueError(f"row count must be 0 or more, got {rows}")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.stem}.partial{path.suffix}")
    writer = write_csv if file_format == "csv" else write_xlsx
    result = writer(partial, rows, seed)
    os.replace(partial, path)
    result.path = path
    return result


def cached_file(rows: int, file_format: str, seed: int = DEFAULT_SEED, data_dir: Path = DATA_DIR) -> Path:
    """Return the path of a generated file of this size, format and seed, generating it if missing."""
    path = data_dir / f"clientes-{rows}-seed{seed}.{file_format}"
    if not path.exists():
        generate(path, rows, file_format, seed)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a client spreadsheet for the benchmarks.")
    parser.add_argument("rows", type=int, help="number of data rows")
    parser.add_argument("--format", choices=FORMATS, default="csv", help="file format (default csv)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--output", type=Path, help="file to write (default: a cached file in benchmarks/data/)")
    options = parser.parse_args(argv)

    if options.output is None:
        path = cached_file(options.rows, options.format, options.seed)
        print(path)
        return 0
    result = generate(options.output, options.rows, options.format, options.seed)
    print(f"{result.path}: {result.rows} rows, {result.invalid_rows} invalid {result.defects}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
