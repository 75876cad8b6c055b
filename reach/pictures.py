"""The 1200×630 picture a shared link shows, made once from a product photo.

Facebook and Zalo crop anything else to 1.91:1, which cuts the top and bottom
off a square product photo. We fit the whole photo in the middle of a blurred,
lightened copy of itself, so nothing is cut and no bars look broken."""

import hashlib
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

SIZE = (1200, 630)
MARGIN = (80, 50)
# Part of the name: changing the drawing makes new files instead of reusing old ones.
DRAWING_VERSION = 1


def share_picture_name(source_name: str) -> str:
    """Derived from the source's storage name: a new upload gets a new name,
    so a picture is never stale and never needs deleting to be replaced."""
    digest = hashlib.sha256(f"{DRAWING_VERSION}:{source_name}".encode()).hexdigest()
    return f"share/{digest[:32]}.jpg"


def share_picture_render(source) -> bytes:
    with Image.open(source) as opened:
        photo = ImageOps.exif_transpose(opened).convert("RGB")
    background = ImageOps.fit(photo, SIZE).filter(ImageFilter.GaussianBlur(30))
    background = Image.blend(background, Image.new("RGB", SIZE, "white"), 0.45)
    inner = (SIZE[0] - 2 * MARGIN[0], SIZE[1] - 2 * MARGIN[1])
    foreground = ImageOps.contain(photo, inner, Image.Resampling.LANCZOS)
    background.paste(
        foreground,
        ((SIZE[0] - foreground.width) // 2, (SIZE[1] - foreground.height) // 2),
    )
    out = BytesIO()
    background.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()


def share_picture_store(*, source_name: str) -> str | None:
    """Draw and store the picture unless it exists; None when the source is
    gone or not a readable image (the page then shows no picture tag)."""
    name = share_picture_name(source_name)
    if default_storage.exists(name):
        return name
    try:
        with default_storage.open(source_name, "rb") as source:
            content = share_picture_render(source)
    except (FileNotFoundError, UnidentifiedImageError, OSError):
        return None
    # Storage keeps the name it is given only if free; a racing writer drew the same bytes.
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return name
