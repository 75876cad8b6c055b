"""Writes about sellers: applying, the staff review, suspension."""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from oscar.apps.order.exceptions import InvalidLineStatus
from oscar.core.loading import get_model

from sellers import selectors, tasks
from sellers.models import (
    Parcel,
    ParcelStatus,
    SellerDocument,
    SellerProfile,
    SellerStatus,
    ShippingRule,
)
from vietnam.slugs import unique_slug

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()


class ReviewError(Exception):
    """A review step that does not fit the application's current status."""


@transaction.atomic
def seller_apply(*, name: str, documents: list[dict] = (), **fields) -> SellerProfile:
    """A producer's application: a partner with no users yet, status "applied"."""
    partner = Partner.objects.create(name=name)
    profile = SellerProfile(
        partner=partner,
        slug=unique_slug(
            name,
            fallback="nguoi-ban",
            taken=lambda slug: SellerProfile.objects.filter(slug=slug).exists(),
        ),
        **fields,
    )
    profile.full_clean()
    profile.save()
    for document in documents:
        item = SellerDocument(profile=profile, **document)
        item.full_clean()
        item.save()
    return profile


def _require(profile: SellerProfile, *allowed: str) -> None:
    if profile.status not in allowed:
        raise ReviewError(profile.get_status_display())


@transaction.atomic
def seller_approve(*, profile: SellerProfile) -> User:
    """Open the shop: the applicant's email becomes the seller's first user, who
    is invited to set a password and gets workspace access.

    Nobody has proven control of that email yet (accounts are not verified), so
    an existing account with it may be a stranger's: its password is made
    unusable, which also ends its sessions (their auth hash changes). Only the
    invitation link, sent to that email, opens the workspace. An account that
    already works for a seller proved its email through an earlier invitation."""
    _require(profile, SellerStatus.APPLIED, SellerStatus.CHANGES_REQUESTED)
    user = User.objects.filter(email__iexact=profile.email).first()
    if user is None:
        user = User(username=profile.email[:150], email=profile.email, is_active=True)
        user.full_clean(exclude=["password"])
    if user.pk is None or not user.partners.exists():
        user.set_unusable_password()
        user.save()
    user.user_permissions.add(
        Permission.objects.get(
            codename="dashboard_access", content_type__app_label="partner"
        )
    )
    profile.partner.users.add(user)
    profile.status = SellerStatus.ACTIVE
    profile.status_reason = ""
    profile.reviewed_at = timezone.now()
    profile.save(update_fields=["status", "status_reason", "reviewed_at"])
    transaction.on_commit(
        partial(
            tasks.seller_invitation_send.enqueue, profile_id=profile.pk, user_id=user.pk
        )
    )
    return user


def _close_review(*, profile: SellerProfile, status: str, reason: str) -> SellerProfile:
    profile.status = status
    profile.status_reason = reason
    profile.reviewed_at = timezone.now()
    profile.full_clean()
    profile.save(update_fields=["status", "status_reason", "reviewed_at"])
    transaction.on_commit(
        partial(
            tasks.seller_review_send.enqueue,
            profile_id=profile.pk,
            review=f"{status}:{profile.reviewed_at.isoformat()}",
        )
    )
    return profile


@transaction.atomic
def seller_reject(*, profile: SellerProfile, reason: str) -> SellerProfile:
    _require(profile, SellerStatus.APPLIED, SellerStatus.CHANGES_REQUESTED)
    return _close_review(profile=profile, status=SellerStatus.REJECTED, reason=reason)


@transaction.atomic
def seller_request_changes(*, profile: SellerProfile, reason: str) -> SellerProfile:
    _require(profile, SellerStatus.APPLIED)
    return _close_review(
        profile=profile, status=SellerStatus.CHANGES_REQUESTED, reason=reason
    )


@transaction.atomic
def seller_suspend(*, profile: SellerProfile, reason: str) -> SellerProfile:
    """Hide the shop and stop its sales; nothing is deleted."""
    _require(profile, SellerStatus.ACTIVE)
    return _close_review(profile=profile, status=SellerStatus.SUSPENDED, reason=reason)


@transaction.atomic
def seller_reinstate(*, profile: SellerProfile) -> SellerProfile:
    _require(profile, SellerStatus.SUSPENDED)
    return _close_review(profile=profile, status=SellerStatus.ACTIVE, reason="")


class LineStatusError(Exception):
    """The line cannot move to that status from where it is."""


@transaction.atomic
def line_status_set(*, seller: SellerProfile | None, line_pk: int, status: str):
    """Move one of the seller's own lines along the fulfilment pipeline.
    Another seller's line raises Line.DoesNotExist, as a missing one would."""
    line = (
        selectors.lines_for_seller(seller=seller)
        .select_for_update(of=("self",))
        .get(pk=line_pk)
    )
    try:
        line.set_status(status)
    except InvalidLineStatus as error:
        raise LineStatusError(str(error)) from None
    return line


def stock_release(*, lines) -> None:
    """Put cancelled lines' units back on sale: their allocations are undone
    under the same pk-ordered row locks that checkout takes."""
    stock_return(units={line: line.quantity for line in lines})


def stock_return(*, units: dict) -> None:
    """Put units of order lines ({line: units}) back on sale. Orders keep
    their units allocated (shipping consumes nothing), so undoing that
    allocation is what makes them sellable again, cancelled or returned."""
    quantities = {}
    for line, count in units.items():
        if line.stockrecord_id and count:
            quantities[line.stockrecord_id] = (
                quantities.get(line.stockrecord_id, 0) + count
            )
    records = StockRecord.objects.select_for_update().filter(pk__in=quantities)
    for record in records.order_by("pk"):
        record.cancel_allocation(quantities[record.pk])


@transaction.atomic
def seller_profile_update(*, seller: SellerProfile, form) -> SellerProfile:
    """Save a validated SellerProfileForm bound to this seller's own profile."""
    if form.instance.pk != seller.pk:
        raise ValueError("A seller edits only its own profile.")
    return form.save()


@transaction.atomic
def shipping_rule_save(*, seller: SellerProfile, form, bands) -> ShippingRule:
    """Save a validated ShippingRuleForm and its WeightBandFormSet for this
    seller's own rule."""
    if form.instance.partner_id != seller.partner_id:
        raise ValueError("A seller edits only its own shipping rule.")
    rule = form.save()
    bands.instance = rule
    bands.save()
    return rule


@transaction.atomic
def seller_document_add(*, seller: SellerProfile, **fields) -> SellerDocument:
    document = SellerDocument(profile=seller, **fields)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def stock_set(*, seller: SellerProfile, record_pk: int, num_in_stock: int):
    """Set the units on hand of one of the seller's stock records; returns the
    record and the count before, for the workspace's message and audit log."""
    record = (
        StockRecord.objects.select_for_update()
        .select_related("product")
        .get(pk=record_pk, partner=seller.partner)
    )
    before = record.num_in_stock
    record.num_in_stock = num_in_stock
    record.save(update_fields=["num_in_stock", "date_updated"])
    return record, before


class ParcelError(Exception):
    """This parcel cannot change that way; the message says why."""


@transaction.atomic
def parcel_collect(*, parcel_pk: int, seller=None) -> Parcel:
    """The courier handed over one parcel's cash. A seller may say so only for
    its own parcel (another's is "does not exist"); staff (None) for any."""
    parcels = Parcel.objects.select_for_update().select_related("order")
    if seller is not None:
        parcels = parcels.filter(partner=seller.partner)
    parcel = parcels.get(pk=parcel_pk)
    if parcel.status != ParcelStatus.AWAITING:
        raise ParcelError(
            gettext("The parcel of order %(number)s is already %(status)s.")
            % {"number": parcel.order.number, "status": parcel.get_status_display()}
        )
    parcel.status, parcel.collected_at = ParcelStatus.COLLECTED, timezone.now()
    parcel.save(update_fields=["status", "collected_at"])
    return parcel


@transaction.atomic
def parcel_settle(*, parcel_pk: int) -> Parcel:
    """Staff paid the seller its collected cash (less commission, in the
    statement): settled parcel by parcel, whatever the order's other parcels."""
    parcel = (
        Parcel.objects.select_for_update().select_related("order").get(pk=parcel_pk)
    )
    if parcel.status != ParcelStatus.COLLECTED:
        raise ParcelError(
            gettext("Only collected cash can be settled (order %(number)s).")
            % {"number": parcel.order.number}
        )
    parcel.status, parcel.settled_at = ParcelStatus.SETTLED, timezone.now()
    parcel.save(update_fields=["status", "settled_at"])
    return parcel


@transaction.atomic
def stock_receive(
    *, seller: SellerProfile | None, stockrecord_pk: int, units: int, price=None
):
    """Add units that arrived (and optionally set the price) on one of the
    seller's own stock records; another seller's raises DoesNotExist."""
    record = (
        selectors.stock_for_seller(seller=seller)
        .select_for_update(of=("self",))
        .get(pk=stockrecord_pk)
    )
    record.num_in_stock = (record.num_in_stock or 0) + units
    if price is not None:
        record.price = price
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def product_details_update(
    *, seller: SellerProfile | None, product_pk: int, title: str, description: str
):
    """A seller edits the words of a product it sells (prices and stock live on
    its stock record); a product it does not sell raises DoesNotExist."""
    record = (
        selectors.stock_for_seller(seller=seller).filter(product__pk=product_pk).first()
    )
    if record is None:
        raise get_model("catalogue", "Product").DoesNotExist
    product = record.product
    product.title, product.description = title, description
    # Only what the seller changed is checked: the rest (UPC, structure…) is
    # the catalogue's, and legacy rows must not block a corrected name.
    changed = ("title", "description")
    product.clean_fields(
        exclude=[f.name for f in product._meta.fields if f.name not in changed]
    )
    product.save(update_fields=[*changed, "date_updated"])
    return product


@transaction.atomic
def product_create(
    *,
    seller: SellerProfile,
    title: str,
    product_class,
    category,
    price,
    num_in_stock: int,
    description: str = "",
    unit: str = "",
    net_weight_grams: int | None = None,
    image=None,
):
    """A seller puts a new product on sale: the product, its category, its
    picture and the seller's own stock record, all or nothing. The stock record
    is always the acting seller's: no partner is taken from the caller."""
    if seller is None:
        raise ValueError("A product is created for one seller.")
    if price is None or price <= 0 or price != int(price):
        raise ValidationError(
            {"price": gettext("Enter the price in whole đồng, e.g. 150000.")}
        )
    Product = get_model("catalogue", "Product")
    product = Product(
        title=title,
        description=description,
        structure=Product.STANDALONE,
        product_class=product_class,
        is_public=True,
        unit=unit,
        net_weight_grams=net_weight_grams,
    )
    product.full_clean(exclude=["slug"])
    product.save()
    get_model("catalogue", "ProductCategory").objects.create(
        product=product, category=category
    )
    record = StockRecord(
        product=product,
        partner=seller.partner,
        partner_sku=f"SP-{product.pk}",
        price=price,
        price_currency=settings.OSCAR_DEFAULT_CURRENCY,
        num_in_stock=num_in_stock,
    )
    record.full_clean()
    record.save()
    if image is not None:
        picture = get_model("catalogue", "ProductImage")(
            product=product, original=image, caption=title, display_order=0
        )
        picture.full_clean()  # the upload check again, for callers without a form
        picture.save()
    return product
