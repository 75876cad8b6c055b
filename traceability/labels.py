"""Printable A4 label sheets: a QR code and the batch's facts on each label.

fpdf2: pure Python (nothing to compile), embeds TrueType fonts for Vietnamese."""

from io import BytesIO
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF

from traceability.qr import qr_png

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 210.0, 297.0, 8.0
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
)


class LabelFontMissing(RuntimeError):
    """No TrueType font that can write Vietnamese (Debian: fonts-dejavu-core)."""


def grid(*, label_width_mm: float, label_height_mm: float) -> tuple[int, int]:
    """Columns and rows of labels that fit inside the page margins."""
    usable_width, usable_height = PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT - 2 * MARGIN
    return int(usable_width // label_width_mm), int(usable_height // label_height_mm)


def validate(*, label_width_mm: float, label_height_mm: float, copies: int) -> None:
    if not (20 <= label_width_mm <= 100 and 20 <= label_height_mm <= 100):
        raise ValueError(_("Labels must be 20 to 100 mm wide and high."))
    if not 1 <= copies <= 1000:
        raise ValueError(_("Print 1 to 1000 copies."))


def _fonts() -> tuple[Path, Path]:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return regular, bold
    raise LabelFontMissing(_("The label font is missing: install fonts-dejavu-core."))


def label_sheet_pdf(
    *,
    batch,
    url: str,
    label_width_mm: float = 40,
    label_height_mm: float = 30,
    copies: int = 1,
) -> bytes:
    validate(
        label_width_mm=label_width_mm, label_height_mm=label_height_mm, copies=copies
    )
    regular, bold = _fonts()
    columns, rows = grid(label_width_mm=label_width_mm, label_height_mm=label_height_mm)
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    qr = qr_png(url, scale=8)
    lines = _facts(batch)
    for index in range(copies):
        slot = index % (columns * rows)
        if slot == 0:
            pdf.add_page()
        x = MARGIN + (slot % columns) * label_width_mm
        y = MARGIN + (slot // columns) * label_height_mm
        _draw_label(pdf, x, y, label_width_mm, label_height_mm, qr, lines)
    return bytes(pdf.output())


def _facts(batch) -> list[tuple[str, str]]:
    """(style, text) lines beside the QR code, most important first."""
    lines = [
        ("B", batch.product.get_title()),
        ("", f"{_('Lot code')}: {batch.lot_code}"),
    ]
    lines.append(("", f"NSX: {batch.produced_on:%d/%m/%Y}"))
    if batch.expires_on:
        lines.append(("", f"HSD: {batch.expires_on:%d/%m/%Y}"))
    lines.append(("", batch.partner.name))
    return lines


def _draw_label(pdf: FPDF, x, y, width, height, qr: bytes, lines) -> None:
    """QR code on the left, facts on the right; the font shrinks until every
    fact fits whole (only the product name may be cut to two lines)."""
    pad = 1.5
    pdf.set_draw_color(200, 200, 200)
    pdf.rect(x, y, width, height)
    side = min(height - 2 * pad, width * 0.45)
    pdf.image(BytesIO(qr), x=x + pad, y=y + (height - side) / 2, w=side, h=side)
    text_x, text_width = x + side + 2 * pad, width - side - 3 * pad
    size = min(8.0, height / 4)
    while True:
        wrapped = _wrap(pdf, lines, text_width, size)
        if len(wrapped) * size * 0.42 <= height - 2 * pad or size <= 3.5:
            break
        size -= 0.25
    pdf.set_xy(text_x, y + pad)
    for style, piece in wrapped:
        pdf.set_font("DejaVu", style, size)
        pdf.set_x(text_x)
        pdf.cell(text_width, size * 0.42, piece)
        pdf.ln(size * 0.42)


def _wrap(pdf: FPDF, lines, width: float, size: float) -> list[tuple[str, str]]:
    wrapped = []
    for index, (style, text) in enumerate(lines):
        pdf.set_font("DejaVu", style, size)
        pieces = pdf.multi_cell(width, size * 0.42, text, dry_run=True, output="LINES")
        wrapped += [(style, piece) for piece in (pieces[:2] if index == 0 else pieces)]
    return wrapped
