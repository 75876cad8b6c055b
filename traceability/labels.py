"""Printable A4 label sheets: the batch's QR code and facts on each label.

Library: fpdf2 (LGPL-3.0) — pure Python, nothing to compile, and it embeds a
subset of a TrueType font with a ToUnicode map, so Vietnamese prints and stays
searchable. The QR code is drawn as vector squares (one path), sharp at any size.

Layout: A4 (210 × 297 mm) with 8 mm margins leaves 194 × 281 mm; labels are
tiled left to right, top to bottom, with no gap (cut along the grey frames).
40 × 30 mm labels give 4 columns × 9 rows = 36 a page."""

from decimal import Decimal
from pathlib import Path

import segno
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.drawing import DeviceGray

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 210.0, 297.0, 8.0
MIN_LABEL, MAX_LABEL = 20.0, 100.0
MAX_COPIES = 1000
PAD = 1.5  # mm inside each label's frame
QR_BORDER = 2  # quiet zone, in modules (the frame's white margin adds to it)
PT = 25.4 / 72  # mm per point
LINE = 1.2  # line height, in font sizes
LARGEST_FONT, SMALLEST_FONT = 8.0, 4.0  # points

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu (fonts-dejavu-core)
    Path("/usr/share/fonts/dejavu"),  # Fedora
    Path("/usr/share/fonts/TTF"),  # Arch
    Path("/usr/local/share/fonts/dejavu"),  # FreeBSD
)


class LabelFontMissing(RuntimeError):
    """No TrueType font that can write Vietnamese (Debian: fonts-dejavu-core)."""


def grid(*, label_width_mm: float, label_height_mm: float) -> tuple[int, int]:
    """Columns and rows of labels that fit inside the page margins."""
    usable_width, usable_height = PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT - 2 * MARGIN
    # A hair of tolerance so 194 / 48.5 is 4 columns, not 3.
    return (
        int(usable_width / label_width_mm + 1e-9),
        int(usable_height / label_height_mm + 1e-9),
    )


def validate(*, label_width_mm: float, label_height_mm: float, copies: int) -> None:
    """ValueError, with a message a seller understands, for a sheet we cannot make."""
    sides = (
        (
            label_width_mm,
            _("The label width must be a number from %(min)s to %(max)s mm."),
        ),
        (
            label_height_mm,
            _("The label height must be a number from %(min)s to %(max)s mm."),
        ),
    )
    for value, message in sides:
        try:
            if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
                raise TypeError
            in_range = MIN_LABEL <= float(value) <= MAX_LABEL  # False for NaN
        except (TypeError, ValueError):  # not a number, or a signalling NaN
            in_range = False
        if not in_range:
            raise ValueError(message % {"min": int(MIN_LABEL), "max": int(MAX_LABEL)})
    if isinstance(copies, bool) or not isinstance(copies, int):
        raise ValueError(_("The number of labels must be a whole number."))
    if not 1 <= copies <= MAX_COPIES:
        raise ValueError(
            _("Print from 1 to %(max)s labels at a time.") % {"max": MAX_COPIES}
        )
    columns, rows = grid(
        label_width_mm=float(label_width_mm), label_height_mm=float(label_height_mm)
    )
    if columns < 1 or rows < 1:  # unreachable with the limits above; kept as a guard
        raise ValueError(_("This label size does not fit on an A4 page."))


def find_fonts() -> tuple[Path, Path]:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    raise LabelFontMissing(
        _(
            "The label font (DejaVu Sans) is missing: install the Debian package "
            "fonts-dejavu-core."
        )
    )


def facts(batch) -> list[tuple[str, str]]:
    """(style, text) lines of a label, most important first.

    Labels go on packages sold in Vietnam, so they are always in Vietnamese,
    whatever language the seller's workspace is shown in."""
    lines = [
        ("B", batch.product.get_title()),
        ("", f"Mã lô: {batch.lot_code}"),
    ]
    if batch.produced_on:
        lines.append(("", f"NSX/Thu hoạch: {batch.produced_on:%d/%m/%Y}"))
    if batch.expires_on:
        lines.append(("", f"HSD: {batch.expires_on:%d/%m/%Y}"))
    if batch.partner_id:
        lines.append(("", batch.partner.name))
    return lines


def label_sheet_pdf(
    *,
    batch,
    url: str,
    label_width_mm: float = 40,
    label_height_mm: float = 30,
    copies: int = 1,
) -> bytes:
    """An A4 PDF of `copies` labels of `batch`, each with the QR code of `url`."""
    validate(
        label_width_mm=label_width_mm, label_height_mm=label_height_mm, copies=copies
    )
    label_width_mm, label_height_mm = float(label_width_mm), float(label_height_mm)
    if not url:
        raise ValueError(_("The label needs the address its QR code points to."))
    regular, bold = find_fonts()
    columns, rows = grid(label_width_mm=label_width_mm, label_height_mm=label_height_mm)
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_title(f"Tem {batch.lot_code}")
    pdf.set_creator("OCOP marketplace")
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    matrix = segno.make(url, error="m").matrix
    label = None
    for index in range(copies):
        slot = index % (columns * rows)
        if slot == 0:
            pdf.add_page()
        if label is None:  # fpdf2 measures text on a page
            label = Label(pdf, label_width_mm, label_height_mm, facts(batch))
        label.draw(
            x=MARGIN + (slot % columns) * label_width_mm,
            y=MARGIN + (slot // columns) * label_height_mm,
            matrix=matrix,
        )
    return bytes(pdf.output())


class Label:
    """One label's layout, worked out once and drawn at every slot.

    Two layouts are tried — QR code on the left with the facts beside it, or
    QR code on top with the facts below — and the one that holds every fact
    in the largest type wins. The type shrinks from 8 to 4 pt, words wrapping.
    On a label too small even at 4 pt, the product name is cut short (…) and
    facts that do not fit whole are left out, the later ones first."""

    def __init__(self, pdf: FPDF, width: float, height: float, lines):
        self.pdf, self.width, self.height = pdf, width, height
        options = [self.layout(tall, lines) for tall in (False, True)]
        best = max(options, key=lambda option: option["score"])
        self.__dict__.update(best)

    def layout(self, tall: bool, lines) -> dict:
        width, height = self.width, self.height
        inner_width, inner_height = width - 2 * PAD, height - 2 * PAD
        if tall:
            side = min(inner_width, inner_height * 0.55)
            geometry = {
                "tall": True,
                "side": side,
                "qr_at": ((width - side) / 2, PAD),
                "text_at": (PAD, PAD + side + PAD),
                "text_width": inner_width,
                "text_height": inner_height - side - PAD,
            }
        else:
            side = min(inner_height, width * 0.45)
            geometry = {
                "tall": False,
                "side": side,
                "qr_at": (PAD, (height - side) / 2),
                "text_at": (PAD + side + PAD, PAD),
                "text_width": width - side - 3 * PAD,
                "text_height": inner_height,
            }
        size, wrapped, kept = self.fit(lines, **geometry)
        complete = kept == len(lines)
        # Every fact first, then the largest type, then the larger QR code.
        geometry["score"] = (complete, size if complete else 0, kept, side)
        return {**geometry, "size": size, "wrapped": wrapped}

    def fit(self, lines, *, text_width, text_height, **geometry):
        size = LARGEST_FONT
        while size >= SMALLEST_FONT:
            wrapped = self.wrap(lines, size, text_width)
            if len(wrapped) * size * PT * LINE <= text_height and self.words_fit(
                lines, size, text_width
            ):
                return size, wrapped, len(lines)
            size -= 0.25
        size = SMALLEST_FONT
        budget = int(text_height // (size * PT * LINE))
        if budget < 1:
            return size, [], 0
        name = self.wrap(lines[:1], size, text_width)
        facts, used, kept = [], 1, 0
        for line in lines[1:]:
            pieces = self.wrap([line], size, text_width)
            if used + len(pieces) <= budget:
                facts += pieces
                used += len(pieces)
                kept += 1
        shown = name[: 1 + budget - used]
        if len(shown) < len(name):
            style, text = shown[-1]
            shown[-1] = (style, self.shorten(text, style, size, text_width))
        return size, shown + facts, kept

    def wrap(self, lines, size: float, width: float) -> list[tuple[str, str]]:
        wrapped = []
        for style, text in lines:
            self.pdf.set_font("DejaVu", style, size)
            pieces = self.pdf.multi_cell(
                width, size * PT * LINE, text, dry_run=True, output="LINES"
            )
            wrapped += [(style, piece.strip()) for piece in pieces]
        return wrapped

    def words_fit(self, lines, size: float, width: float) -> bool:
        """No word so long that it has to be broken in the middle."""
        for style, text in lines:
            self.pdf.set_font("DejaVu", style, size)
            room = width - 2 * self.pdf.c_margin  # multi_cell's own padding
            if any(self.pdf.get_string_width(word) > room for word in text.split()):
                return False
        return True

    def shorten(self, text: str, style: str, size: float, width: float) -> str:
        """`text` with an ellipsis, cut until it fits `width`."""
        self.pdf.set_font("DejaVu", style, size)
        text = text.rstrip() + "…"
        while len(text) > 1 and self.pdf.get_string_width(text) > width:
            text = text[:-2].rstrip() + "…"
        return text

    def draw(self, *, x: float, y: float, matrix) -> None:
        pdf = self.pdf
        pdf.set_draw_color(190)
        pdf.set_line_width(0.1)
        pdf.rect(x, y, self.width, self.height)
        draw_qr(pdf, matrix, x + self.qr_at[0], y + self.qr_at[1], self.side)
        pdf.set_text_color(0)
        line_height = self.size * PT * LINE
        top = y + self.text_at[1]
        if not self.tall:  # centre the facts beside the code
            top += max(0, (self.text_height - len(self.wrapped) * line_height) / 2)
        for number, (style, piece) in enumerate(self.wrapped):
            pdf.set_font("DejaVu", style, self.size)
            pdf.set_xy(x + self.text_at[0], top + number * line_height)
            pdf.cell(
                self.text_width, line_height, piece, align="C" if self.tall else "L"
            )


def draw_qr(pdf: FPDF, matrix, x: float, y: float, side: float) -> None:
    """The code's dark modules as one vector path: no seams, no resampling."""
    count = len(matrix) + 2 * QR_BORDER
    module = side / count
    with pdf.new_path() as path:
        path.style.fill_color = DeviceGray(0)
        path.style.stroke_color = None
        for row, cells in enumerate(matrix):
            top = y + (row + QR_BORDER) * module
            column = 0
            while column < len(cells):
                if not cells[column]:
                    column += 1
                    continue
                start = column
                while column < len(cells) and cells[column]:
                    column += 1
                path.rectangle(
                    x + (start + QR_BORDER) * module,
                    top,
                    (column - start) * module,
                    module,
                )
