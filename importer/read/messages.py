"""English message templates of the read stage, with their Brazilian Portuguese translations."""

from importer.i18n import N_

MESSAGES = {
    # InputFileError codes
    "file_not_found": N_("File not found: {path}. Check the path and the file name."),
    "unsupported_extension": N_(
        "Cannot read {path}: the extension '{extension}' is not supported. "
        "Save the spreadsheet as one of: {supported}."
    ),
    "empty_file": N_("The file {path} is empty: it has no rows to import."),
    "not_text": N_(
        "{path} is not a text file, although its extension says CSV. "
        "If it is an Excel workbook, rename it to .xlsx."
    ),
    "unknown_encoding": N_(
        "Unknown encoding '{encoding}' for {path}. "
        "Set encoding: in the mapping to a name such as utf-8 or cp1252."
    ),
    "undecodable": N_(
        "Cannot decode {path} as {encoding}: byte {byte} on line {line} (offset {offset}) "
        "is invalid in that encoding. Set encoding: in the mapping to the file's "
        "encoding (for files from Excel or Brazilian ERPs, usually cp1252)."
    ),
    "malformed_csv": N_(
        "Cannot parse {path} near line {line}: {reason}. "
        "Check for a quote that is never closed, or set delimiter: in the mapping."
    ),
    "unreadable_workbook": N_(
        "Cannot open the workbook {path}: {reason}. "
        "Check that the file is not damaged or password-protected, and save it again as .xlsx."
    ),
    "sheet_not_found": N_(
        "Sheet '{sheet}' not found in {path}. The workbook has: {sheets}. "
        "Set sheet: in the mapping to one of these names, or to its 0-based position."
    ),
    "header_not_found": N_(
        "No header row found in the first {searched_rows} rows of {path}: "
        "no row contains all of the columns {expected}. The first rows are:\n{first_rows}\n"
        "Fix the column names in the mapping, or set header_row: to the row number of the header."
    ),
    "header_row_out_of_range": N_(
        "header_row is {header_row}, but {path} has only {last_row} rows. "
        "Set header_row: in the mapping to the row number of the header."
    ),
    # Issue codes (one row)
    "too_many_fields": N_(
        "This row has {found} fields but the header has {expected}; the extra values "
        "were not imported: {value}. A separator inside an unquoted value usually causes this: "
        "fix the row in the file."
    ),
    "formula_error": N_(
        "Column '{column}', cell {cell}: the cell holds the error value {value}. "
        "Fix the formula or the value in the spreadsheet and save it again."
    ),
    "formula_without_value": N_(
        "Column '{column}', cell {cell}: the formula ={value} has no saved result, "
        "because the file was never opened in a spreadsheet program. "
        "Open it in Excel or LibreOffice, save it, and import it again."
    ),
}

# Pieces of the one-line summary built by ``describe``.
DESCRIBE_LINE = N_("Read: {details}")
DESCRIBE_ENCODING = N_("encoding {encoding}")
DESCRIBE_DELIMITER = N_("separator {delimiter}")
DESCRIBE_TAB = N_("tab")
DESCRIBE_SHEET = N_("sheet '{sheet}'")
DESCRIBE_HEADER_ROW = N_("header on row {row}")
DESCRIBE_NO_HEADER = N_("no header row")
DESCRIBE_ROWS_SINGULAR = "{count} row"
DESCRIBE_ROWS_PLURAL = "{count} rows"

PT_BR = {
    MESSAGES["file_not_found"]: "Arquivo não encontrado: {path}. Confira o caminho e o nome do arquivo.",
    MESSAGES["unsupported_extension"]: (
        "Não é possível ler {path}: a extensão '{extension}' não é suportada. "
        "Salve a planilha em um destes formatos: {supported}."
    ),
    MESSAGES["empty_file"]: "O arquivo {path} está vazio: não há linhas para importar.",
    MESSAGES["not_text"]: (
        "{path} não é um arquivo de texto, embora a extensão indique CSV. "
        "Se for uma pasta de trabalho do Excel, renomeie-a para .xlsx."
    ),
    MESSAGES["unknown_encoding"]: (
        "Codificação '{encoding}' desconhecida para {path}. "
        "Defina encoding: no mapeamento com um nome como utf-8 ou cp1252."
    ),
    MESSAGES["undecodable"]: (
        "Não é possível decodificar {path} como {encoding}: o byte {byte} na linha {line} "
        "(posição {offset}) é inválido nessa codificação. Defina encoding: no mapeamento com a "
        "codificação do arquivo (em arquivos do Excel ou de ERPs brasileiros, geralmente cp1252)."
    ),
    MESSAGES["malformed_csv"]: (
        "Não é possível interpretar {path} perto da linha {line}: {reason}. "
        "Verifique se há aspas que nunca são fechadas, ou defina delimiter: no mapeamento."
    ),
    MESSAGES["unreadable_workbook"]: (
        "Não é possível abrir a pasta de trabalho {path}: {reason}. "
        "Verifique se o arquivo não está corrompido ou protegido por senha e salve-o de novo como .xlsx."
    ),
    MESSAGES["sheet_not_found"]: (
        "Aba '{sheet}' não encontrada em {path}. A pasta de trabalho tem: {sheets}. "
        "Defina sheet: no mapeamento com um desses nomes, ou com a posição da aba contando a partir de 0."
    ),
    MESSAGES["header_not_found"]: (
        "Nenhuma linha de cabeçalho encontrada nas primeiras {searched_rows} linhas de {path}: "
        "nenhuma linha contém todas as colunas {expected}. As primeiras linhas são:\n{first_rows}\n"
        "Corrija os nomes das colunas no mapeamento, ou defina header_row: com o número da linha do cabeçalho."
    ),
    MESSAGES["header_row_out_of_range"]: (
        "header_row é {header_row}, mas {path} tem só {last_row} linhas. "
        "Defina header_row: no mapeamento com o número da linha do cabeçalho."
    ),
    MESSAGES["too_many_fields"]: (
        "Esta linha tem {found} campos, mas o cabeçalho tem {expected}; os valores a mais "
        "não foram importados: {value}. Em geral a causa é um separador dentro de um valor sem aspas: "
        "corrija a linha no arquivo."
    ),
    MESSAGES["formula_error"]: (
        "Coluna '{column}', célula {cell}: a célula contém o valor de erro {value}. "
        "Corrija a fórmula ou o valor na planilha e salve-a de novo."
    ),
    MESSAGES["formula_without_value"]: (
        "Coluna '{column}', célula {cell}: a fórmula ={value} não tem resultado salvo, "
        "porque o arquivo nunca foi aberto num programa de planilhas. "
        "Abra-o no Excel ou no LibreOffice, salve e importe de novo."
    ),
    DESCRIBE_LINE: "Lido: {details}",
    DESCRIBE_ENCODING: "codificação {encoding}",
    DESCRIBE_DELIMITER: "separador {delimiter}",
    DESCRIBE_TAB: "tabulação",
    DESCRIBE_SHEET: "aba '{sheet}'",
    DESCRIBE_HEADER_ROW: "cabeçalho na linha {row}",
    DESCRIBE_NO_HEADER: "sem linha de cabeçalho",
    DESCRIBE_ROWS_SINGULAR: "{count} linha",
    DESCRIBE_ROWS_PLURAL: "{count} linhas",
}
