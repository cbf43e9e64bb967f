"""A4 PDFs from Django templates with WeasyPrint and vendored fonts (every Vietnamese
diacritic, no system fonts needed, works offline): Noto Serif for the text, the freely licensed
serif closest to the Times New Roman that Decree 30/2020 sets for official documents
(docs/decisions/0006), and DejaVu Sans for codes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string

FONTS = Path(__file__).resolve().parent / "fonts"
FONT_CSS = "\n".join(
    f'@font-face {{ font-family: "{family}"; src: url("{(FONTS / file).as_uri()}"); font-weight: {weight}; font-style: {style}; }}'
    for family, file, weight, style in (
        ("Motcua Serif", "NotoSerif-Regular.ttf", "normal", "normal"),
        ("Motcua Serif", "NotoSerif-Bold.ttf", "bold", "normal"),
        ("Motcua Serif", "NotoSerif-Italic.ttf", "normal", "italic"),
        ("Motcua Serif", "NotoSerif-BoldItalic.ttf", "bold", "italic"),
        ("Motcua Sans", "DejaVuSans.ttf", "normal", "normal"),
        ("Motcua Sans", "DejaVuSans-Bold.ttf", "bold", "normal"),
    )
)


_local = threading.local()


def html_to_pdf(html: str) -> bytes:
    """One font configuration per thread, reused: loading the vendored fonts is most of the
    time of a one-page form. WeasyPrint is imported here, on the first PDF: it takes most of a
    second to import, which every process that never makes a PDF (the worker) is spared."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = getattr(_local, "fonts", None)
    if fonts is None:
        fonts = _local.fonts = FontConfiguration()
    return HTML(string=html, base_url=str(FONTS)).write_pdf(font_config=fonts)


@dataclass(frozen=True)
class Seal:
    """Who issues a PDF (docs/rules.md section 3.1): the agency whose signature it carries, or a
    leader signing with their own certificate, and what the document is."""

    agency: Any
    kind: str
    title: str = ""
    dossier_code: str = ""
    user: Any = None


_sealer: Callable[[bytes, Seal], bytes] | None = None


def set_sealer(sealer: Callable[[bytes, Seal], bytes]) -> None:
    """The function that signs issued PDFs (the signatures app registers it)."""
    global _sealer
    _sealer = sealer


def seal(pdf: bytes, how: Seal) -> bytes:
    if _sealer is None:
        raise ImproperlyConfigured("No PDF signer is registered: issued documents cannot be signed.")
    return _sealer(pdf, how)


def render_pdf(template, context: dict, *, request=None, sealed: Seal | None = None) -> bytes:
    """Render ``template`` (a name, or a compiled template whose source extends
    core/base_a4.html) to PDF bytes, signed for ``sealed`` when the PDF is issued."""
    context = {**context, "font_css": FONT_CSS}
    if isinstance(template, str):
        html = render_to_string(template, context, request=request)
    else:
        html = template.render(context, request)
    pdf = html_to_pdf(html)
    return seal(pdf, sealed) if sealed is not None else pdf
