"""The supported subset of JSON Schema for application forms, and `schema_check` that enforces it.

Split from `formschema` (which re-exports both) to keep each module short. A schema passes when it is
valid against the Draft 2020-12 meta-schema and uses only what `SUPPORTED` lists, so every schema an
administrator saves can be rendered without JavaScript and validated with our own messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, relevance

DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"
_COMMON = frozenset({"type", "title", "description", "default", "x-title-en", "x-description-en"})
SUPPORTED: Final[Mapping[str, frozenset[str]]] = {
    # Keywords allowed at the top of the schema and, per property type, on a property.
    "root": frozenset(
        {"$schema", "$id", "type", "title", "description", "properties", "required", "additionalProperties"}
        | {"x-order", "x-title-en", "x-description-en"}
    ),
    "string": _COMMON | {"format", "maxLength", "minLength", "pattern", "enum", "oneOf", "x-widget"},
    "integer": _COMMON | {"minimum", "maximum"},
    "number": _COMMON | {"minimum", "maximum"},
    "boolean": _COMMON,
    # One option of `oneOf` ({const, title}), the string formats and the `x-widget` values we render.
    "option": frozenset({"const", "title", "x-title-en"}),
    "format": frozenset({"date", "email"}),
    "x-widget": frozenset({"textarea"}),
}
PROPERTY_TYPES: Final = ("string", "integer", "number", "boolean")
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
_META = Draft202012Validator(Draft202012Validator.META_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _where(path: Any) -> str:
    return "/".join(str(part) for part in path) or "(root)"


def _meta_problems(schema: dict[str, Any], first: SchemaError) -> list[str]:
    errors = sorted(_META.iter_errors(schema), key=relevance, reverse=True)[:5] or [first]
    return [
        _("Not valid JSON Schema at %(where)s: %(error)s") % {"where": _where(e.absolute_path), "error": e.message}
        for e in errors
    ]


def _root_problems(schema: dict[str, Any]) -> Iterator[str]:
    for key in schema:
        if key not in SUPPORTED["root"]:
            yield _("The keyword “%(key)s” is not supported at the top of the form.") % {"key": key}
    if schema.get("type") != "object":
        yield _("The form must have “type”: “object”.")
    if "additionalProperties" in schema and not isinstance(schema["additionalProperties"], bool):
        yield _("“additionalProperties” must be true or false.")
    properties = schema.get("properties")
    if not isinstance(properties, dict) or not properties:
        yield _("The form needs at least one field under “properties”.")
        return
    for name in schema.get("required", []):
        if name not in properties:
            yield _("“required” names “%(name)s”, which is not a field of the form.") % {"name": name}
    order = schema.get("x-order", [])
    if not isinstance(order, list) or not all(isinstance(n, str) for n in order):
        yield _("“x-order” must be a list of field names.")
        return
    if len(set(order)) != len(order):
        yield _("“x-order” names a field twice.")
    for name in order:
        if name not in properties:
            yield _("“x-order” names “%(name)s”, which is not a field of the form.") % {"name": name}


def _option_problems(prop: dict[str, Any]) -> Iterator[str]:
    if "enum" in prop and "oneOf" in prop:
        yield _("use either “enum” or “oneOf”, not both.")
    enum = prop.get("enum")
    if enum is not None and (not enum or not all(isinstance(v, str) for v in enum)):
        yield _("“enum” must list text values.")
    one_of = prop.get("oneOf")
    if one_of is None:
        return
    for option in one_of:
        if not isinstance(option, dict) or not isinstance(option.get("const"), str):
            yield _("each option of “oneOf” needs a text “const”.")
        elif not isinstance(option.get("title"), str) or not option["title"].strip():
            yield _("the option “%(value)s” needs a “title”.") % {"value": option["const"]}
        elif set(option) - SUPPORTED["option"]:
            extra = ", ".join(sorted(set(option) - SUPPORTED["option"]))
            yield _("an option may only have “const”, “title” and “x-title-en” (found: %(keys)s).") % {"keys": extra}


def _bounds_problems(prop: dict[str, Any], low: str, high: str) -> Iterator[str]:
    if isinstance(prop.get(low), int | float) and isinstance(prop.get(high), int | float) and prop[low] > prop[high]:
        yield _("“%(low)s” is greater than “%(high)s”.") % {"low": low, "high": high}


def _property_problems(prop: Any) -> Iterator[str]:
    """Problems of one property, without its name (the caller prefixes it)."""
    if not isinstance(prop, dict):
        yield _("a field must be described by an object with a “type” and a “title”.")
        return
    kind = prop.get("type")
    if kind not in PROPERTY_TYPES:
        yield _("the type must be one of string, integer, number, boolean (found: %(type)s).") % {"type": kind}
        return
    for key in sorted(set(prop) - SUPPORTED[kind]):
        yield _("the keyword “%(key)s” is not supported for a %(type)s field.") % {"key": key, "type": kind}
    if not isinstance(prop.get("title"), str) or not prop["title"].strip():
        yield _("a “title” (the Vietnamese label) is required.")
    for key in ("x-title-en", "x-description-en"):
        if key in prop and not isinstance(prop[key], str):
            yield _("“%(key)s” must be text.") % {"key": key}
    if "format" in prop and prop["format"] not in SUPPORTED["format"]:
        yield _("the format must be “date” or “email” (found: %(format)s).") % {"format": prop["format"]}
    if "x-widget" in prop and prop["x-widget"] not in SUPPORTED["x-widget"]:
        yield _("“x-widget” can only be “textarea”.")
    if "pattern" in prop:
        try:
            re.compile(prop["pattern"])
        except re.error as error:
            yield _("the pattern is not a valid regular expression (%(error)s).") % {"error": error}
            return
    yield from _option_problems(prop)
    yield from _bounds_problems(prop, "minLength", "maxLength")
    yield from _bounds_problems(prop, "minimum", "maximum")
    if "default" in prop:
        without_default = {k: v for k, v in prop.items() if k != "default"}
        if not Draft202012Validator(without_default).is_valid(prop["default"]):
            yield _("the default value does not satisfy the field's own rules.")


def schema_check(schema: Any) -> list[str]:
    """Every reason `schema` cannot be used as an application form (empty = usable): invalid JSON
    Schema, or outside the subset we render (`SUPPORTED`). Messages name the property."""
    if not isinstance(schema, dict):
        return [_("The form must be a JSON object.")]
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        return _meta_problems(schema, error)
    problems = list(_root_problems(schema))
    properties = schema.get("properties")
    for name, prop in (properties if isinstance(properties, dict) else {}).items():
        if not NAME.fullmatch(name):
            problems.append(
                _("Field “%(name)s”: a name uses only letters a–z, digits and _, and starts with a letter.")
                % {"name": name}
            )
        problems += [
            _("Field “%(name)s”: %(problem)s") % {"name": name, "problem": problem}
            for problem in _property_problems(prop)
        ]
    return problems
