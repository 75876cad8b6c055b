"""Calendar feeds (.ics) for livestreams: everyone's, one seller's, one event."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from marketplace.cms import selectors
from marketplace.cms.ics import livestream_calendar
from marketplace.cms.models import LivestreamPage
from sellers import selectors as seller_selectors
from sellers.models import SellerProfile

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def calendar_response(body: bytes, *, filename: str, attachment: bool = False):
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def calendar_all(request):
    body = livestream_calendar(
        livestreams=selectors.livestreams_for_feed(),
        name=_("OCOP livestreams"),
    )
    return calendar_response(body, filename="livestreams.ics")


def calendar_seller(request, slug):
    try:
        seller = seller_selectors.seller_for_storefront(slug=slug)
    except SellerProfile.DoesNotExist:
        raise Http404(_("This shop does not exist.")) from None
    body = livestream_calendar(
        livestreams=selectors.livestreams_for_feed(seller=seller),
        name=_("Livestreams of %(seller)s") % {"seller": seller.partner.name},
    )
    return calendar_response(body, filename=f"livestreams-{seller.slug}.ics")


def calendar_event(request, pk):
    livestream = LivestreamPage.objects.published().filter(pk=pk).first()
    if livestream is None:
        raise Http404(_("This livestream does not exist."))
    body = livestream_calendar(livestreams=[livestream], name=livestream.title)
    return calendar_response(
        body, filename=f"livestream-{livestream.pk}.ics", attachment=True
    )
