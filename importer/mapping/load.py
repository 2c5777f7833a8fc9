"""Load a mapping file: safe YAML, then the pydantic model, with the file's line in errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from importer.errors import MappingError
from importer.mapping.model import MappingFile


def load_mapping(path: str | Path) -> MappingFile:
    """Read and validate a mapping file; raise MappingError naming the line on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise MappingError("mapping_not_found", path=str(path)) from None
    except UnicodeDecodeError:
        raise MappingError("mapping_not_utf8", path=str(path)) from None
    except OSError as error:
        raise MappingError("mapping_unreadable", path=str(path), problem=error.strerror or str(error)) from None
    return parse_mapping(text, source=str(path))


def parse_mapping(text: str, *, source: str = "<mapping>") -> MappingFile:
    """Validate mapping YAML text; ``source`` names the file in errors."""
    try:
        # SafeLoader builds only plain data: a mapping file cannot create Python objects.
        data = yaml.safe_load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise MappingError(
            "mapping_yaml_syntax",
            path=source,
            line=mark.line + 1 if mark else "?",
            problem=getattr(error, "problem", None) or str(error),
        ) from None
    if not isinstance(data, dict):
        raise MappingError("mapping_not_a_dict", path=source)
    duplicate = _first_duplicate_key(root)
    if duplicate is not None:
        key, line = duplicate
        # YAML keeps the last of two equal keys, which would silently drop the first mapping.
        raise MappingError("mapping_duplicate_key", path=source, line=line, key=key)
    try:
        return MappingFile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        # Checks that span several keys name the key they are about in their context.
        context_location = (first.get("ctx") or {}).get("location")
        location = tuple(context_location.split(".")) if context_location else tuple(first["loc"])
        raise MappingError(
            "mapping_invalid",
            path=source,
            line=_line_of(root, location),
            location=".".join(str(part) for part in location) or "-",
            problem=_describe_error(first),
        ) from None


def _describe_error(error: dict[str, Any]) -> str:
    """Render one pydantic error through the catalog, keeping its parameters."""
    from importer.messages import render, templates

    code = f"mapping_{error['type']}"
    params = dict(error.get("ctx") or {})
    params.setdefault("input", error.get("input"))
    if code in templates():
        return render(code, **params)
    return render("mapping_other", problem=error["msg"], input=error.get("input"))


def _first_duplicate_key(node: yaml.Node | None) -> tuple[str, int] | None:
    """Return the first key written twice in one YAML mapping, with the line of its repeat."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.value in seen:
                return key_node.value, key_node.start_mark.line + 1
            seen.add(key_node.value)
            found = _first_duplicate_key(value_node)
            if found is not None:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found = _first_duplicate_key(item)
            if found is not None:
                return found
    return None


def _line_of(root: yaml.Node | None, location: tuple[Any, ...]) -> int | str:
    """Return the 1-based line of the deepest node on ``location`` that exists in the YAML."""
    node = root
    line: int | str = node.start_mark.line + 1 if node is not None else "?"
    for part in location:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == str(part) or (part == "in_" and key_node.value == "in"):
                    child = value_node
                    line = key_node.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line
