"""HTML → PDF with WeasyPrint, from plain dicts only (a form's snapshot or a live sheet's rows).

The stylesheet, font configuration and template engine are built once per process (per thread for
the WeasyPrint objects) and reused: parsing them is most of a cold render (B8).
"""

from __future__ import annotations

import atexit
import gc
import threading
from functools import cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..choices import FormKey
from .qr import qr_png_data_uri

HERE = Path(__file__).resolve().parent
TEMPLATE_DIR = HERE.parent / "templates"
RECEIPT_COPIES = ("Liên 1: Lưu", "Liên 2: Giao khách hàng")
_local = threading.local()


@cache
def engine(*extra_dirs: str) -> Engine:
    """A private engine: our filters as builtins, cached templates, autoescape on, no project context
    processors (printed documents must not depend on a request). Other apps' printed documents (receipts,
    postal slips, results) pass their own template folder first and reuse the forms' layout pieces."""
    return Engine(
        dirs=[*extra_dirs, str(TEMPLATE_DIR)],
        builtins=["motcua.dossiers.forms.fmt"],
        loaders=[("django.template.loaders.cached.Loader", ["django.template.loaders.filesystem.Loader"])],
    )


def _weasy() -> tuple[CSS, FontConfiguration]:
    """(stylesheet, font configuration), one pair per thread; WeasyPrint objects are not shared across threads."""
    pair = getattr(_local, "pair", None)
    if pair is None:
        fonts = FontConfiguration()
        pair = (CSS(filename=str(HERE / "forms.css"), font_config=fonts), fonts)
        _local.pair = pair
    return pair


def _weasy_release() -> None:
    """Drop this thread's WeasyPrint objects while their C libraries are still usable. Left to the
    interpreter's teardown, the thread-local is cleared after the libraries have shut down and
    g_object_unref crashes the process (SIGSEGV at the exit of `manage.py seed_demo`)."""
    if getattr(_local, "pair", None) is not None:
        del _local.pair
        gc.collect()


atexit.register(_weasy_release)


def html_to_pdf(html: str) -> bytes:
    stylesheet, fonts = _weasy()
    pdf = HTML(string=html, base_url=str(HERE)).write_pdf(stylesheets=[stylesheet], font_config=fonts)
    assert pdf is not None
    return bytes(pdf)


def render_html(template_name: str, context: dict[str, Any]) -> str:
    return engine().get_template(f"dossiers/forms/{template_name}.html").render(Context(context))


def render_form(snapshot: dict[str, Any]) -> bytes:
    """The PDF of an issued form, from its snapshot alone (never the live dossier)."""
    context = dict(snapshot)
    if snapshot["key"] == FormKey.RECEIPT:
        context["copies"] = RECEIPT_COPIES
        context["qr_uri"] = qr_png_data_uri(snapshot["qr_target"]) if snapshot.get("qr_target") else ""
    return html_to_pdf(render_html(snapshot["key"], context))
