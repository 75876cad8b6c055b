"""Status enums for every template, so a template compares `status ==
LineStatus.CANCELLED` and never spells a status value itself. Django's
choices enums are not called by templates (`do_not_call_in_templates`)."""

from marketplace.checkout.models import PaymentMethod, PaymentStatus
from marketplace.cms.models import CampaignStatus, LivestreamStatus
from marketplace.cms.selectors import ProposalOutcome
from sellers.statuses import LineStatus, OrderStatus

STATUS_ENUMS = {
    enum.__name__: enum
    for enum in (
        CampaignStatus,
        LineStatus,
        LivestreamStatus,
        OrderStatus,
        PaymentMethod,
        PaymentStatus,
        ProposalOutcome,
    )
}


def statuses(request):
    return STATUS_ENUMS
