"""Helpers to read the account pages the way a screen reader would: the field, its error, its link."""

from __future__ import annotations

import re


def control(html: str, name: str) -> str:
    """The opening tag of the input or select named `name`."""
    match = re.search(rf'<(?:input|select)[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    assert match, f"no control named {name}"
    return match.group(0)


def field_error(html: str, name: str) -> str:
    """The error text tied to the control: it must be invalid and described by the error's id."""
    tag = control(html, name)
    assert 'aria-invalid="true"' in tag, tag
    described = re.search(r'aria-describedby="([^"]*)"', tag)
    assert described, tag
    error_id = next(i for i in described.group(1).split() if i.endswith("_error"))
    match = re.search(rf'<ul class="errorlist" id="{error_id}">(.*?)</ul>', html, re.S)
    assert match, f"no error list {error_id}"
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip()


def has_error(html: str, name: str) -> bool:
    return 'aria-invalid="true"' in control(html, name)
