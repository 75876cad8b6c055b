"""Uploaded product images: prove they are images, bound their size, drop EXIF."""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_image_upload(upload) -> None:
    """Reject non-images, files over 10 MB and pictures over 25 megapixels."""
    max_bytes = settings.CATALOG_IMAGE_MAX_BYTES
    max_pixels = settings.CATALOG_IMAGE_MAX_PIXELS
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The image is larger than %(mb)d MB. Please choose a smaller photo.")
            % {"mb": max_bytes // (1024 * 1024)},
            code="image_too_large",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
            fmt = image.format
            if width * height > max_pixels:
                raise ValidationError(
                    _("The image is %(mp).0f megapixels; at most %(max)d are accepted.")
                    % {"mp": width * height / 1e6, "max": max_pixels // 1_000_000},
                    code="image_too_many_pixels",
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise ValidationError(
            _(
                "This file is not an image we can read. Please upload a JPEG, PNG or WebP photo."
            ),
            code="not_an_image",
        ) from None
    finally:
        upload.seek(0)
    if fmt not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("Please upload a JPEG, PNG or WebP photo."), code="image_format"
        )


def strip_metadata(upload) -> ContentFile:
    """Re-encode without EXIF (phone photos carry GPS positions), keeping orientation."""
    upload.seek(0)
    with Image.open(upload) as image:
        fmt = image.format if image.format in ACCEPTED_FORMATS else "JPEG"
        clean = ImageOps.exif_transpose(image)
        if fmt == "JPEG" and clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        out = BytesIO()
        clean.save(
            out, format=fmt, **({"quality": 90} if fmt in ("JPEG", "WEBP") else {})
        )
    name = getattr(upload, "name", "image") or "image"
    return ContentFile(out.getvalue(), name=name.rsplit("/", 1)[-1])
