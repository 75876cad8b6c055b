"""The one check every upload passes, before anything decodes it: its size
first (known from the upload handler, nothing read), then its real type from
its first bytes (magic numbers via `filetype`, never the name), then for
pictures the pixel count from the header (Pillow opens lazily) and a pass over
the file's structure, which finds truncated ones."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# No GIF (a GIF can be JavaScript too, and photos never need it), no SVG
# (markup that can carry script), nothing a browser would render as a page.
IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
DOCUMENT_TYPES = {"application/pdf", "image/jpeg", "image/png"}
HEADER_BYTES = 262  # what filetype needs to recognise every type it knows


def real_type(upload) -> str | None:
    """The MIME type the file's first bytes prove, or None."""
    upload.seek(0)
    head = upload.read(HEADER_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def _check_size(upload, *, too_large: str) -> None:
    max_bytes = settings.CATALOG_IMAGE_MAX_BYTES
    size = upload.size
    if not size:
        raise ValidationError(_("The file is empty."), code="upload_empty")
    if size > max_bytes:
        raise ValidationError(
            too_large % {"mb": max_bytes // (1024 * 1024)}, code="upload_too_large"
        )


def _check_picture(upload, *, expected_format: str) -> None:
    """Header first: the pixel count is known before a single pixel is decoded."""
    max_pixels = settings.CATALOG_IMAGE_MAX_PIXELS
    unreadable = ValidationError(
        _("This picture is damaged or incomplete. Please upload it again."),
        code="upload_damaged",
    )
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    _("The image is %(mp).0f megapixels; at most %(max)d are accepted.")
                    % {"mp": width * height / 1e6, "max": max_pixels // 1_000_000},
                    code="upload_too_many_pixels",
                )
            if image.format != expected_format:
                raise unreadable
            image.verify()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise ValidationError(
            _("The image has far too many pixels."), code="upload_too_many_pixels"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise unreadable from None
    finally:
        upload.seek(0)


def validate_image_upload(upload) -> None:
    """Product pictures, logos, banners, farm-record photos, CMS images."""
    _check_size(
        upload,
        too_large=_(
            "The image is larger than %(mb)d MB. Please choose a smaller photo."
        ),
    )
    mime = real_type(upload)
    if mime not in IMAGE_TYPES:
        raise ValidationError(
            _("This file is not a photo. Please upload a JPEG, PNG or WebP picture."),
            code="upload_type",
        )
    _check_picture(upload, expected_format=IMAGE_TYPES[mime])


def validate_document_upload(upload) -> None:
    """Registrations and certificates: a PDF or a scan (JPEG, PNG)."""
    _check_size(
        upload,
        too_large=_("The file is larger than %(mb)d MB. Please upload a smaller scan."),
    )
    mime = real_type(upload)
    if mime not in DOCUMENT_TYPES:
        raise ValidationError(
            _("Please upload the document as a PDF, JPEG or PNG file."),
            code="upload_type",
        )
    if mime in IMAGE_TYPES:
        _check_picture(upload, expected_format=IMAGE_TYPES[mime])
