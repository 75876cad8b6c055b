"""Vietnam's two-level administrative units in force since 1 July 2025
(province → commune/ward), from the `vietnam-provinces` package (GPL-3.0)."""

from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from vietnam_provinces import Province, Ward


@cache
def province_choices() -> list[tuple[int, str]]:
    return sorted(
        ((int(p.code), p.name) for p in Province.iter_all()), key=lambda c: c[1]
    )


@cache
def province_names() -> dict[int, str]:
    return dict(province_choices())


@cache
def wards_by_code() -> dict[int, Ward]:
    return {int(w.code): w for w in Ward.iter_all()}


def ward_choices(province_code: int | None = None) -> list[tuple[int, str]]:
    wards = wards_by_code().values()
    if province_code is not None:
        wards = [w for w in wards if int(w.province_code) == province_code]
    return sorted(((int(w.code), w.name) for w in wards), key=lambda c: c[1])


def ward_name(code: int | None) -> str:
    ward = wards_by_code().get(code) if code else None
    return ward.name if ward else ""


def validate_ward_in_province(
    *, province_code: int | None, ward_code: int | None
) -> None:
    """A commune/ward only makes sense inside the province chosen with it."""
    if ward_code is None:
        return
    ward = wards_by_code().get(ward_code)
    if ward is None:
        raise ValidationError(_("Unknown commune or ward."), code="unknown_ward")
    if province_code is None or int(ward.province_code) != province_code:
        raise ValidationError(
            _("This commune or ward is not in the chosen province."),
            code="ward_province",
        )


def place_label(*, province_code: int | None, ward_code: int | None) -> str:
    """ "Xã Văn Miếu, Phú Thọ" (no district level since 2025)."""
    parts = [ward_name(ward_code), province_names().get(province_code or 0, "")]
    return ", ".join(p for p in parts if p)


def clean_ward_field(instance) -> None:
    """Model clean() for `province` + `ward` fields: the error lands on `ward`."""
    try:
        validate_ward_in_province(
            province_code=instance.province, ward_code=instance.ward
        )
    except ValidationError as error:
        raise ValidationError({"ward": error.messages}) from None


def province_code(name: str | None) -> int | None:
    """The code of a province stored by name (Oscar addresses keep names)."""
    return {label: code for code, label in province_choices()}.get(name or "")


def ward_code(*, province_code: int | None, name: str | None) -> int | None:
    if not province_code:
        return None
    return {label: code for code, label in ward_choices(province_code)}.get(name or "")
