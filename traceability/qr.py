"""QR codes for batches, through segno (the library django-qr-code renders with)."""

from io import BytesIO

import segno


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """A print-sharp PNG: error correction M survives scuffed labels."""
    buffer = BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
