"""Application forms as data: parsing, validation, schema checks and accessible rendering (no database)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.http import QueryDict
from django.template.loader import render_to_string
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.catalog.formschema import (
    default_schema,
    form_fields,
    form_parse,
    form_validate,
    schema_check,
    schema_for,
)

PROPERTY = settings(max_examples=300, deadline=None)

# A form using every supported construct, as an administrator would write it.
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "full_name": {"type": "string", "title": "Họ và tên", "x-title-en": "Full name", "maxLength": 10},
        "birth_date": {"type": "string", "format": "date", "title": "Ngày sinh", "x-title-en": "Date of birth"},
        "email": {"type": "string", "format": "email", "title": "Thư điện tử"},
        "gender": {
            "type": "string",
            "title": "Giới tính",
            "oneOf": [{"const": "nam", "title": "Nam", "x-title-en": "Male"}, {"const": "nu", "title": "Nữ"}],
        },
        "ethnicity": {"type": "string", "title": "Dân tộc", "enum": ["Kinh", "Tày", "Thái", "Mường", "Khmer"]},
        "household_code": {"type": "string", "title": "Mã hộ", "pattern": "^[0-9]{6}$"},
        "copies": {"type": "integer", "title": "Số bản", "minimum": 1, "maximum": 20, "default": 1},
        "area": {"type": "number", "title": "Diện tích (m²)", "minimum": 0},
        "agree": {"type": "boolean", "title": "Tôi cam đoan", "x-title-en": "I declare the above is true"},
        "note": {
            "type": "string",
            "title": "Ghi chú",
            "description": "Không bắt buộc.",
            "x-description-en": "Optional.",
            "x-widget": "textarea",
        },
    },
    "required": ["full_name", "birth_date", "gender", "agree"],
    "x-order": ["gender", "full_name"],
}
GOOD = {"full_name": "Lê Văn A", "birth_date": "01/02/2020", "gender": "nam", "agree": "on"}


def version(name: str = "Thủ tục đăng ký khai sinh", result_name: str = "Giấy khai sinh", form_schema=None):
    return SimpleNamespace(name=name, result_name=result_name, form_schema=form_schema)


# --- default schema and schema_for ---------------------------------------------------------------


def test_default_form_asks_for_the_request_only_when_the_result_is_not_a_copy() -> None:
    schema = default_schema(version())

    assert list(schema["properties"]) == ["request"]
    request = schema["properties"]["request"]
    assert (request["title"], request["x-widget"], request["maxLength"]) == ("Nội dung yêu cầu", "textarea", 2000)
    assert schema["required"] == ["request"]
    assert schema_check(schema) == []


@pytest.mark.parametrize(
    ("name", "result_name"),
    [
        ("Thủ tục cấp bản sao từ sổ gốc", "Bản sao được cấp từ sổ gốc"),
        ("Thủ tục đăng ký khai tử", "Trích lục khai tử"),
        ("Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Bản sao được chứng thực từ bản chính"),
    ],
)
def test_default_form_asks_how_many_copies_when_the_result_is_a_copy(name: str, result_name: str) -> None:
    schema = default_schema(version(name, result_name))

    assert schema["properties"]["copies"] == {
        "type": "integer",
        "title": "Số bản đề nghị cấp",
        "x-title-en": "Number of copies requested",
        "minimum": 1,
        "maximum": 20,
        "default": 1,
    }
    assert "copies" not in schema["required"] and schema_check(schema) == []


def test_schema_for_prefers_the_versions_own_form() -> None:
    assert schema_for(version(form_schema=SCHEMA)) is SCHEMA
    assert schema_for(version(form_schema=None))["required"] == ["request"]
    assert schema_for(version(form_schema={}))["required"] == ["request"]


# --- form_parse: posted strings → typed values ---------------------------------------------------


def test_parse_converts_each_type() -> None:
    data = QueryDict(mutable=True)
    data.update(GOOD)
    data.update({"email": "a@b.vn", "ethnicity": "Tày", "household_code": "012345", "copies": " 3 "})
    data.update({"area": "12,5", "note": "dòng 1\r\ndòng 2"})

    values, errors = form_parse(SCHEMA, data)

    assert errors == {}
    assert values == {
        "full_name": "Lê Văn A",
        "birth_date": "2020-02-01",
        "gender": "nam",
        "agree": True,
        "email": "a@b.vn",
        "ethnicity": "Tày",
        "household_code": "012345",
        "copies": 3,
        "area": 12.5,
        "note": "dòng 1\ndòng 2",
    }


def test_parse_accepts_iso_dates_lists_and_leaves_blank_answers_out() -> None:
    values, errors = form_parse(SCHEMA, {**GOOD, "birth_date": ["x", "2020-02-29"], "note": "   ", "copies": ""})

    assert errors == {}
    assert values["birth_date"] == "2020-02-29"
    assert "note" not in values and "copies" not in values


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"full_name": "Nguyễn Thị Minh Khai"}, "full_name", "At most 10 characters."),
        ({"gender": "khac"}, "gender", "Choose one of the options."),
        ({"ethnicity": "Hoa"}, "ethnicity", "Choose one of the options."),
        ({"birth_date": "31/02/2020"}, "birth_date", "Enter a valid date (dd/mm/yyyy)."),
        ({"birth_date": "hôm qua"}, "birth_date", "Enter a valid date (dd/mm/yyyy)."),
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"agree": ""}, "agree", "Tick this box to continue."),
        ({"copies": "hai"}, "copies", "Enter a whole number."),
        ({"copies": "2.5"}, "copies", "Enter a whole number."),
        ({"copies": "21"}, "copies", "Enter a number no greater than 20."),
        ({"copies": "0"}, "copies", "Enter a number no smaller than 1."),
        ({"area": "nan"}, "area", "Enter a number."),
        ({"area": "1e9"}, "area", "Enter a number."),
        ({"email": "a@"}, "email", "Enter a valid e-mail address."),
        ({"household_code": "12ab"}, "household_code", "Enter the value in the expected format."),
    ],
)
def test_parse_reports_bad_input_on_the_field(changes: dict[str, str], field: str, message: str) -> None:
    values, errors = form_parse(SCHEMA, {**GOOD, **changes})

    assert errors == {field: [message]}


def test_errors_are_in_vietnamese(vietnamese) -> None:
    bad = {**GOOD, "full_name": "Nguyễn Thị Minh Khai", "birth_date": "", "copies": "hai", "gender": "x"}

    _values, errors = form_parse(SCHEMA, bad)

    assert errors == {
        "full_name": ["Tối đa 10 ký tự."],
        "birth_date": ["Trường này là bắt buộc."],
        "copies": ["Nhập một số nguyên."],
        "gender": ["Chọn một trong các lựa chọn."],
    }


def test_posted_keys_with_a_prefix_and_unknown_keys() -> None:
    values, errors = form_parse(SCHEMA, {f"form.{k}": v for k, v in GOOD.items()} | {"form.evil": "x"}, prefix="form.")

    assert errors == {} and "evil" not in values and values["gender"] == "nam"


# --- form_validate: typed answers (API, submission guard) ----------------------------------------


def test_validate_typed_answers() -> None:
    good = {"full_name": "A", "birth_date": "2020-02-01", "gender": "nu", "agree": True, "copies": 2, "area": 1}

    assert form_validate(SCHEMA, good) == {}
    assert form_validate(SCHEMA, {**good, "copies": "2", "agree": False, "extra": 1, "birth_date": "1/2/2020"}) == {
        "copies": ["Enter a whole number."],
        "agree": ["Tick this box to continue."],
        "extra": ["This field is not part of the form."],
        "birth_date": ["Enter a valid date (dd/mm/yyyy)."],
    }
    assert form_validate(SCHEMA, {**good, "full_name": "  ", "note": None}) == {
        "full_name": ["This field is required."]
    }
    assert form_validate(SCHEMA, {**good, "copies": True}) == {"copies": ["Enter a whole number."]}


# --- schema_check -------------------------------------------------------------------------------


def test_schema_check_accepts_the_full_subset() -> None:
    assert schema_check(SCHEMA) == []


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ([], "The form must be a JSON object."),
        ({"type": "object", "properties": {"x": {"type": "strng"}}}, "Not valid JSON Schema at properties/x/type"),
        ({"type": "object", "properties": {"x": {"type": "string", "pattern": "("}}}, "properties/x/pattern"),
        ({"type": "object", "properties": {"x": {"type": "string", "maxLength": -1}}}, "Not valid JSON Schema"),
        ({"type": "object", "properties": {"files": {"type": "array", "title": "T"}}}, "Field “files”: the type must"),
        ({"type": "object", "properties": {"x": {"type": ["string", "null"], "title": "X"}}}, "Field “x”: the type"),
        ({"type": "object", "properties": {"x": True}}, "Field “x”: a field must be described by an object"),
        ({"type": "object", "properties": {"x": {"type": "string"}}}, "Field “x”: a “title” (the Vietnamese"),
        (
            {"type": "object", "properties": {"x": {"type": "string", "title": "X", "format": "uri"}}},
            "Field “x”: the format must be “date” or “email” (found: uri).",
        ),
        (
            {"type": "object", "properties": {"x": {"type": "integer", "title": "X", "maxLength": 3}}},
            "Field “x”: the keyword “maxLength” is not supported for a integer field.",
        ),
        (
            {"type": "object", "properties": {"x": {"type": "string", "title": "X", "$ref": "#/a"}}},
            "Field “x”: the keyword “$ref” is not supported",
        ),
        (
            {"type": "object", "properties": {"x": {"type": "string", "title": "X", "oneOf": [{"const": "a"}]}}},
            "Field “x”: the option “a” needs a “title”.",
        ),
        (
            {"type": "object", "properties": {"x": {"type": "integer", "title": "X", "default": 0, "minimum": 1}}},
            "Field “x”: the default value does not satisfy",
        ),
        ({"type": "object", "properties": {"họ_tên": {"type": "string", "title": "X"}}}, "Field “họ_tên”: a name"),
        ({"type": "object", "properties": {"x": {"type": "string", "title": "X"}}, "allOf": [{}]}, "“allOf” is not"),
        ({"type": "object", "properties": {"x": {"type": "string", "title": "X"}}, "required": ["y"]}, "names “y”"),
        ({"type": "object", "properties": {"x": {"type": "string", "title": "X"}}, "x-order": ["y"]}, "names “y”"),
        ({"type": "object", "properties": {}}, "at least one field"),
        ({"type": "array", "properties": {"x": {"type": "string", "title": "X"}}}, "“type”: “object”"),
    ],
)
def test_schema_check_rejects_what_we_cannot_render(schema: object, expected: str) -> None:
    problems = schema_check(schema)

    assert any(expected in problem for problem in problems), problems


def test_the_example_of_the_administrator_guide_is_a_valid_form() -> None:
    guide = (Path(django_settings.BASE_DIR) / "docs/guide/administrator.md").read_text(encoding="utf-8")
    example = json.loads(guide.split("## Application forms (JSON Schema)")[1].split("```json")[1].split("```")[0])

    assert schema_check(example) == []


def test_schema_check_messages_in_vietnamese(vietnamese) -> None:
    problems = schema_check({"type": "object", "properties": {"x": {"type": "string"}}})

    assert problems == ["Trường “x”: cần có “title” (nhãn tiếng Việt)."]


# --- rendering ----------------------------------------------------------------------------------


def render(values: dict, errors: dict, language: str = "en") -> str:
    return render_to_string(
        "catalog/partials/form_fields.html", {"fields": form_fields(SCHEMA, values, errors, language)}
    )


def test_fields_follow_x_order_then_property_order_with_labels_in_the_language() -> None:
    fields = form_fields(SCHEMA, {}, {}, "en")

    assert [f.name for f in fields][:4] == ["gender", "full_name", "birth_date", "email"]
    by_name = {f.name: f for f in fields}
    assert by_name["full_name"].label == "Full name" and by_name["email"].label == "Thư điện tử"
    assert form_fields(SCHEMA, {}, {}, "vi")[1].label == "Họ và tên"
    widgets = {f.name: f.widget for f in fields}
    assert widgets == {
        "gender": "radio",
        "full_name": "text",
        "birth_date": "date",
        "email": "email",
        "ethnicity": "select",
        "household_code": "text",
        "copies": "number",
        "area": "number",
        "agree": "checkbox",
        "note": "textarea",
    }
    assert by_name["copies"].value == "1"  # the default
    assert by_name["copies"].attrs == (("min", "1"), ("max", "20"), ("step", "1"))


def test_every_input_has_a_label_and_native_type() -> None:
    html = render({}, {})

    ids = re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', html)
    assert len(ids) == 11  # 9 single inputs + 2 radio buttons
    for input_id in ids:
        assert f'<label for="{input_id}"' in html or f'<label class="check" for="{input_id}"' in html
    assert '<legend>Giới tính <span class="form-required req">(required)</span></legend>' in html
    assert 'type="date" id="id_birth_date"' in html and 'type="email" id="id_email"' in html
    assert 'type="number" id="id_copies" name="copies" value="1" min="1" max="20" step="1"' in html
    assert '<textarea id="id_note" name="note" rows="5" aria-describedby="id_note-help">' in html
    assert '<p class="helptext" id="id_note-help">Optional.</p>' in html
    assert "aria-invalid" not in html


def test_errors_are_tied_to_their_input() -> None:
    posted = {**GOOD, "full_name": "Nguyễn Thị Minh Khai", "gender": "", "copies": "hai"}
    values, errors = form_parse(SCHEMA, posted)

    html = render({**values, "copies": "hai"}, errors)  # the text that could not be converted, as typed

    assert re.search(
        r'<input type="text" id="id_full_name" name="full_name" value="Nguyễn Thị Minh Khai" maxlength="10"'
        r' aria-required="true" aria-describedby="id_full_name-error" aria-invalid="true">',
        html,
    )
    assert '<ul class="errorlist" id="id_full_name-error"><li>At most 10 characters.</li></ul>' in html
    assert '<fieldset aria-describedby="id_gender-error">' in html
    assert html.count('name="gender" value="nam" aria-invalid="true"') == 1
    assert 'name="agree" checked aria-required="true">' in html
    assert "copies" not in values
    assert (
        'id="id_copies" name="copies" value="hai" min="1" max="20" step="1" aria-describedby="id_copies-error"' in html
    )


def test_rendering_in_vietnamese(vietnamese) -> None:
    html = render({}, {}, "vi")

    assert 'Họ và tên <span class="form-required req">(bắt buộc)</span>' in html
    assert '<option value="">Chọn một mục</option>' in html


# --- property: form_parse never raises ------------------------------------------------------------

answers = st.one_of(st.text(max_size=50), st.lists(st.text(max_size=20), max_size=3))


@PROPERTY
@given(st.dictionaries(st.sampled_from([*SCHEMA["properties"], "other"]), answers))
def test_form_parse_never_raises_on_any_input(data: dict) -> None:
    values, errors = form_parse(SCHEMA, data)

    assert set(values) <= set(SCHEMA["properties"]) and set(errors) <= set(SCHEMA["properties"])
    if not errors:
        assert form_validate(SCHEMA, values) == {}
