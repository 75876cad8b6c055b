"""Status enums for every template, so a template compares `status ==
LineStatus.CANCELLED` and never spells a status value itself. Django's
choices enums are not called by templates (`do_not_call_in_templates`)."""

from community.models import HelperStatus
from marketplace.checkout.models import PaymentMethod, PaymentStatus
from marketplace.cms.models import CampaignStatus, ComplaintStatus, LivestreamStatus
from marketplace.cms.selectors import ProposalOutcome
from sellers.models import ParcelStatus, SellerStatus
from sellers.statuses import LineStatus, OrderStatus
from traceability.models import BatchStatus, EventKind, LabelSheetStatus

STATUS_ENUMS = {
    enum.__name__: enum
    for enum in (
        BatchStatus,
        CampaignStatus,
        ComplaintStatus,
        EventKind,
        HelperStatus,
        LabelSheetStatus,
        LineStatus,
        LivestreamStatus,
        OrderStatus,
        ParcelStatus,
        PaymentMethod,
        PaymentStatus,
        ProposalOutcome,
        SellerStatus,
    )
}


def statuses(request):
    return STATUS_ENUMS
