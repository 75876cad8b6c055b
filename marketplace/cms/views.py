"""Calendar feeds (.ics) for livestreams: everyone's, one seller's, one event;
and the viewers' complaint form."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.cms import selectors, services
from marketplace.cms.forms import ComplaintForm
from marketplace.cms.ics import livestream_calendar
from marketplace.cms.models import LivestreamPage
from marketplace.logins import client_address
from ops.ratelimit import over_limit
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


def complaint_create(request, pk):
    """The "Phản ánh / khiếu nại" form of a published livestream: anyone may
    send it, the page re-shows with field messages when something is wrong."""
    livestream = LivestreamPage.objects.published().filter(pk=pk).first()
    if livestream is None:
        raise Http404(_("This livestream does not exist."))
    form = ComplaintForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if complaints_over_limit(request, livestream):
            form.add_error(
                None,
                _(
                    "You have sent many reports about this livestream in a short "
                    "time. Please wait an hour before sending another; the "
                    "marketplace is reading the ones you sent."
                ),
            )
            status = 429
        else:
            services.complaint_file(livestream=livestream, **form.cleaned_data)
            return redirect("cms:complaint-sent", pk=livestream.pk)
    return render(
        request,
        "cms/complaint_form.html",
        {"form": form, "livestream": livestream},
        status=status,
    )


def complaints_over_limit(request, livestream) -> bool:
    """Complaints are anonymous, so they are counted per client address and
    livestream in the cache; a cache that is away counts nothing."""
    return over_limit(
        [f"complaint:{livestream.pk}:{client_address(request)}"],
        limit=settings.COMPLAINT_LIMIT,
        seconds=settings.COMPLAINT_LIMIT_SECONDS,
    )


def complaint_sent(request, pk):
    livestream = LivestreamPage.objects.published().filter(pk=pk).first()
    if livestream is None:
        raise Http404(_("This livestream does not exist."))
    return render(request, "cms/complaint_sent.html", {"livestream": livestream})


@require_POST
def live_voucher_apply(request, pk):
    """The live page's one-tap "use this code": into the basket, or back to
    the livestream with the reason it cannot be used."""
    item = selectors.live_voucher(pk=pk)
    if item is None:
        raise Http404(_("This discount code does not exist."))
    try:
        services.live_voucher_apply(basket=request.basket, item=item, user=request.user)
    except services.LiveVoucherRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(item.page.url)
    messages.success(
        request,
        _("Code %(code)s applied: %(percent)s%% off this livestream's products.")
        % {"code": item.code, "percent": item.percent},
    )
    return redirect("basket:summary")
