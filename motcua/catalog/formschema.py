"""Application forms as data: each procedure version's e-form is a JSON Schema (lifecycle.md §1, "e-form valid").

Administrators edit the schema in the catalog admin; `schema_check` keeps it to the subset in `SUPPORTED`,
which the server can render without JavaScript (`form_fields` + catalog/partials/form_fields.html) and
validate (`form_parse` for posted strings, `form_validate` for typed answers). Validation runs the
reference `jsonschema` Draft 2020-12 validator, but its English messages are replaced with our own
translated ones, tied to the property that failed. Everything here is pure: no database, no request.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaValidationError
from jsonschema.exceptions import relevance

from .formschema_check import DRAFT, SUPPORTED, schema_check

__all__ = ["SUPPORTED", "FieldView", "Option", "default_schema", "form_fields", "form_parse", "form_validate"]
__all__ += ["schema_check", "schema_for"]

RADIO_MAX: Final = 4  # up to this many options render as radio buttons, more as a select
# Result names of procedures whose applicant chooses how many copies to receive (copies, extracts,
# certified copies). A certificate or licence is issued once, so it gets no "copies" question.
COPY_WORDS: Final = ("bản sao", "trích lục", "sao y", "chứng thực")

_DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATE_VN = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_NUMBER = re.compile(r"[+-]?([0-9]{1,18}([.,][0-9]{0,12})?|[.,][0-9]{1,12})")
_TRUE = frozenset({"on", "true", "1", "yes", "có"})


def _date_ok(value: object) -> bool:
    return not isinstance(value, str) or (_DATE_ISO.fullmatch(value) is not None and _to_date(value) == value)


def _email_ok(value: object) -> bool:
    if isinstance(value, str):
        try:
            validate_email(value)
        except ValidationError:
            return False
    return True


FORMATS: Final = FormatChecker(formats=())
FORMATS.checks("date")(_date_ok)
FORMATS.checks("email")(_email_ok)


# --- the schema of a version ---------------------------------------------------------------------


def _issues_copies(version: Any) -> bool:
    text = unicodedata.normalize("NFC", f"{version.result_name} {version.name}").casefold()
    return any(word in text for word in COPY_WORDS)


def default_schema(version: Any) -> dict[str, Any]:
    """The generic form used while a version has no schema of its own: what the applicant asks for
    and, only when the result is a copy or an extract, how many copies. Procedure-specific legal
    fields come from the official form and are added by an administrator, never invented here."""
    properties: dict[str, Any] = {
        "request": {
            "type": "string",
            "title": "Nội dung yêu cầu",
            "x-title-en": "Your request",
            "description": "Nêu rõ ông/bà đề nghị cơ quan giải quyết việc gì.",
            "x-description-en": "Say what you are asking the agency to do.",
            "maxLength": 2000,
            "x-widget": "textarea",
        }
    }
    if _issues_copies(version):
        properties["copies"] = {
            "type": "integer",
            "title": "Số bản đề nghị cấp",
            "x-title-en": "Number of copies requested",
            "minimum": 1,
            "maximum": 20,
            "default": 1,
        }
    return {
        "$schema": DRAFT,
        "type": "object",
        "properties": properties,
        "required": ["request"],
        "x-order": list(properties),
    }


def schema_for(version: Any) -> dict[str, Any]:
    """The schema in force for `version`: its own (checked by the admin on save) or the default."""
    schema = getattr(version, "form_schema", None)
    return schema if isinstance(schema, dict) and schema.get("properties") else default_schema(version)


def _properties(schema: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return {}
    return {name: prop for name, prop in properties.items() if isinstance(prop, dict)}


def _ordered(schema: Mapping[str, Any]) -> list[str]:
    """Property names in `x-order` order, then the others in the order they are written."""
    properties = _properties(schema)
    order = schema.get("x-order")
    first = [n for n in dict.fromkeys(order) if n in properties] if isinstance(order, list) else []
    return first + [n for n in properties if n not in first]


def _required(schema: Mapping[str, Any]) -> set[str]:
    required = schema.get("required")
    return {n for n in required if isinstance(n, str)} if isinstance(required, list) else set()


# --- posted strings → typed values ---------------------------------------------------------------


def _raw(data: Mapping[str, Any], key: str) -> str | None:
    """The last value posted under `key` (a QueryDict or a plain dict of strings or lists)."""
    getlist = getattr(data, "getlist", None)
    items = getlist(key) if callable(getlist) else data.get(key)
    if isinstance(items, list | tuple):
        items = items[-1] if items else None
    if items is None:
        return None
    text = items if isinstance(items, str) else str(items)
    # PostgreSQL JSON cannot hold NUL, and lone surrogates cannot be encoded: neither comes from a browser.
    text = "".join(ch for ch in text if ch != "\x00" and not "\ud800" <= ch <= "\udfff")
    return text.replace("\r\n", "\n").strip()


def _to_date(text: str) -> str | None:
    match = _DATE_ISO.fullmatch(text)
    parts = (match.group(1), match.group(2), match.group(3)) if match else None
    if parts is None and (match := _DATE_VN.fullmatch(text)):
        parts = (match.group(3), match.group(2), match.group(1))
    if parts is None:
        return None
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        return None


def _convert(prop: Mapping[str, Any], text: str) -> tuple[Any, str | None]:
    """(typed value, None), or (the text, message) when it cannot be converted."""
    kind = prop.get("type")
    if kind == "integer":
        return (int(text), None) if _INTEGER.fullmatch(text) else (text, _("Enter a whole number."))
    if kind == "number":
        return (float(text.replace(",", ".")), None) if _NUMBER.fullmatch(text) else (text, _("Enter a number."))
    if kind == "string" and prop.get("format") == "date":
        value = _to_date(text)
        return (value, None) if value else (text, _("Enter a valid date (dd/mm/yyyy)."))
    return text, None


def form_parse(
    schema: Mapping[str, Any], data: Mapping[str, Any], *, prefix: str = ""
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Posted strings (a QueryDict or a dict; keys are `prefix` + property name) → (values, errors).

    Values are typed: int, float, bool (a ticked checkbox posts "on"; an absent one is False), dates
    as ISO strings (yyyy-mm-dd or dd/mm/yyyy accepted). Blank answers and answers that cannot be
    converted (a number that is not one) are left out of `values`; to show the form again as typed,
    give `form_fields` the posted text for the fields in error. Posted keys the schema does not name
    are ignored.
    """
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, prop in _properties(schema).items():
        text = _raw(data, prefix + name)
        if prop.get("type") == "boolean":
            values[name] = (text or "").casefold() in _TRUE
            continue
        if not text:
            continue
        value, message = _convert(prop, text)
        if message:
            errors[name] = [message]
        else:
            values[name] = value
    for name, messages in form_validate(schema, values).items():
        errors.setdefault(name, messages)
    return values, errors


# --- validation of typed values ------------------------------------------------------------------


def _limit(value: Any) -> str:
    return str(int(value)) if isinstance(value, int | float) and float(value).is_integer() else str(value)


def _type_message(kind: Any) -> str:
    return {
        "integer": _("Enter a whole number."),
        "number": _("Enter a number."),
        "boolean": _("Answer yes or no."),
        "string": _("Enter text."),
    }.get(kind if isinstance(kind, str) else "", _("Enter a valid value."))


def _message(error: SchemaValidationError, prop: Mapping[str, Any]) -> str:
    """Our translated message for one jsonschema error on a property."""
    keyword, limit = error.validator, error.validator_value
    if keyword == "type":
        return _type_message(prop.get("type"))
    if keyword in ("enum", "oneOf", "const"):
        return _("Choose one of the options.")
    if keyword == "maxLength":
        return ngettext("At most %(limit)d character.", "At most %(limit)d characters.", limit) % {"limit": limit}
    if keyword == "minLength":
        return ngettext("At least %(limit)d character.", "At least %(limit)d characters.", limit) % {"limit": limit}
    if keyword == "pattern":
        return _("Enter the value in the expected format.")
    if keyword == "minimum":
        return _("Enter a number no smaller than %(limit)s.") % {"limit": _limit(limit)}
    if keyword == "maximum":
        return _("Enter a number no greater than %(limit)s.") % {"limit": _limit(limit)}
    if keyword == "format" and limit == "date":
        return _("Enter a valid date (dd/mm/yyyy).")
    if keyword == "format" and limit == "email":
        return _("Enter a valid e-mail address.")
    return _("Enter a valid value.")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _errors(schema: Mapping[str, Any], values: dict[str, Any]) -> Iterator[tuple[str, str]]:
    properties = _properties(schema)
    validator = Draft202012Validator(schema, format_checker=FORMATS)
    for error in sorted(validator.iter_errors(values), key=relevance, reverse=True):
        if error.validator == "required" and not error.path:
            for name in error.validator_value:
                if name not in values and name in properties:
                    yield name, _("This field is required.")
        elif error.path and str(error.path[0]) in properties:
            name = str(error.path[0])
            yield name, _message(error, properties[name])


def form_validate(schema: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, list[str]]:
    """Errors by property name for already-typed answers (the API and the submission guard use it).

    Blank strings and None count as not answered; a required boolean must be true (a box to tick);
    a key the schema does not name is an error under that key.
    """
    properties = _properties(schema)
    answers = {name: value for name, value in values.items() if not _blank(value)}
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        if message not in errors.setdefault(name, []):
            errors[name].append(message)

    for name in answers:
        if name not in properties:
            add(name, _("This field is not part of the form."))
    for name in _required(schema):
        if properties.get(name, {}).get("type") == "boolean" and answers.get(name) is False:
            add(name, _("Tick this box to continue."))
    known = {name: value for name, value in answers.items() if name in properties}
    for name, value in known.items():
        if isinstance(value, str) and ("\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value)):
            add(name, _("Enter a valid value."))
    for name, message in _errors(schema, known):
        add(name, message)
    for name, messages in errors.items():  # a wrong type says it all; the other messages would only confuse
        type_message = _type_message(properties.get(name, {}).get("type"))
        if type_message in messages:
            errors[name] = [type_message]
    return errors


# --- rendering -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    id: str
    selected: bool


@dataclass(frozen=True)
class FieldView:
    """One input as the partial catalog/partials/form_fields.html renders it."""

    name: str  # the posted key (prefix + property name)
    id: str
    label: str
    help: str
    widget: str  # text, textarea, date, email, number, checkbox, select or radio
    required: bool
    value: str  # as the input shows it
    options: tuple[Option, ...] = ()
    errors: tuple[str, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()  # HTML constraint attributes: maxlength, min, max, step
    checked: bool = False

    @property
    def help_id(self) -> str:
        return f"{self.id}-help"

    @property
    def error_id(self) -> str:
        return f"{self.id}-error"

    @property
    def describedby(self) -> str:
        """Ids for aria-describedby: the help text and the errors, when present."""
        return " ".join([self.help_id] * bool(self.help) + [self.error_id] * bool(self.errors))


def _text(prop: Mapping[str, Any], key: str, english: bool) -> str:
    value = (english and prop.get(f"x-{key}-en")) or prop.get(key) or ""
    return value if isinstance(value, str) else str(value)


def _choices(prop: Mapping[str, Any], english: bool) -> list[tuple[str, str]]:
    one_of = prop.get("oneOf")
    if isinstance(one_of, list):
        items = [o for o in one_of if isinstance(o, dict) and "const" in o]
        return [(str(o["const"]), _text(o, "title", english) or str(o["const"])) for o in items]
    enum = prop.get("enum")
    return [(str(v), str(v)) for v in enum] if isinstance(enum, list) else []


def _widget(prop: Mapping[str, Any], choices: list[tuple[str, str]]) -> str:
    kind = prop.get("type")
    if kind == "boolean":
        return "checkbox"
    if kind in ("integer", "number"):
        return "number"
    if choices:
        return "radio" if len(choices) <= RADIO_MAX else "select"
    if prop.get("format") in SUPPORTED["format"]:
        return str(prop["format"])
    return "textarea" if prop.get("x-widget") == "textarea" else "text"


def _attrs(prop: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    pairs = [("maxlength", prop.get("maxLength")), ("min", prop.get("minimum")), ("max", prop.get("maximum"))]
    if prop.get("type") in ("integer", "number"):
        pairs.append(("step", "1" if prop.get("type") == "integer" else "any"))
    return tuple((key, _limit(value)) for key, value in pairs if isinstance(value, int | float | str))


def _shown(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return ""
    return _limit(value) if isinstance(value, float) else str(value)


def form_fields(
    schema: Mapping[str, Any],
    values: Mapping[str, Any],
    errors: Mapping[str, list[str]],
    language: str = "vi",
    prefix: str = "",
) -> list[FieldView]:
    """The schema's properties in form order, with the answers (or defaults) and errors, labelled in
    `language` ("en…" uses `x-title-en`/`x-description-en` where given, anything else the Vietnamese)."""
    english = language.lower().startswith("en")
    required = _required(schema)
    fields = []
    for name in _ordered(schema):
        prop = _properties(schema)[name]
        value = values[name] if name in values else prop.get("default")
        choices = _choices(prop, english)
        field_id = f"id_{prefix}{name}".replace(".", "_")
        shown = _shown(value)
        fields.append(
            FieldView(
                name=f"{prefix}{name}",
                id=field_id,
                label=_text(prop, "title", english) or name,
                help=_text(prop, "description", english),
                widget=_widget(prop, choices),
                required=name in required,
                value=shown,
                options=tuple(
                    Option(value=v, label=label, id=f"{field_id}-{i}", selected=v == shown)
                    for i, (v, label) in enumerate(choices, start=1)
                ),
                errors=tuple(errors.get(name) or ()),
                attrs=_attrs(prop),
                checked=value is True,
            )
        )
    return fields
