"""Uploaded pictures are re-encoded without their EXIF, once vietnam.uploads
has checked them."""

from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from vietnam.uploads import validate_image_upload


def strip_metadata(upload) -> ContentFile:
    """Re-encode without EXIF (phone photos carry GPS positions), keeping
    orientation. Checked first: nothing unchecked is ever decoded."""
    validate_image_upload(upload)
    upload.seek(0)
    with Image.open(upload) as image:
        fmt = image.format
        clean = ImageOps.exif_transpose(image)
        if fmt == "JPEG" and clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        out = BytesIO()
        clean.save(
            out, format=fmt, **({"quality": 90} if fmt in ("JPEG", "WEBP") else {})
        )
    name = getattr(upload, "name", "image") or "image"
    return ContentFile(out.getvalue(), name=name.rsplit("/", 1)[-1])
