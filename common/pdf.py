"""Official documents as PDF (Decree 30/2020/NĐ-CP layout), rendered by WeasyPrint.

Every PDF of the product extends `templates/documents/official.html`, which carries the
layout: A4, margins, Times-metric font (Liberation Serif 2), national motto, issuing agency
with its parent, number, place and date, title, signature block, recipients, and page numbers
from page 2."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

FONT_DIRS = ["/usr/share/fonts/truetype/liberation2"]


def render_pdf(*, template: str, context: dict, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        template, {"now": timezone.localtime(), "font_dirs": FONT_DIRS, **context}, request
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()


def pdf_response(request, *, template: str, context: dict, filename: str) -> HttpResponse:
    data = render_pdf(template=template, context=context, request=request)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
