"""Seller workspace pages for livestream proposals (/dashboard/shop/livestreams/).
Sellers never enter the Wagtail admin: their proposal becomes a draft page in
the editors' moderation queue, and the outcome is shown here."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from marketplace.cms import selectors, services
from marketplace.cms.forms import LivestreamProposalForm
from workspace.mixins import SellerWorkspaceMixin


class RefuseOtherSellerMixin:
    """Runs after SellerWorkspaceMixin has set self.seller: a seller naming another
    seller (?seller= or a posted `seller`) is refused, not quietly served its own."""

    def dispatch(self, request, *args, **kwargs):
        named = request.POST.get("seller") or request.GET.get("seller")
        if named and not request.user.is_staff and named != self.seller.slug:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LivestreamProposalListView(
    SellerWorkspaceMixin, RefuseOtherSellerMixin, TemplateView
):
    template_name = "cms/workspace/livestreams.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            proposals=selectors.proposals_for_seller(seller=self.seller), **kwargs
        )


class LivestreamProposeView(SellerWorkspaceMixin, RefuseOtherSellerMixin, TemplateView):
    template_name = "cms/workspace/propose.html"

    def seller_or_404(self):
        if self.seller is None:
            raise Http404(_("Choose a seller first."))
        return self.seller

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", LivestreamProposalForm(seller=self.seller_or_404()))
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        seller = self.seller_or_404()
        form = LivestreamProposalForm(request.POST, seller=seller)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        services.livestream_propose(
            seller=seller, user=request.user, **form.cleaned_data
        )
        messages.success(
            request,
            _(
                "Your livestream was sent to the editors. "
                "It appears on the site once they approve it."
            ),
        )
        query = f"?seller={seller.slug}" if request.user.is_staff else ""
        return redirect(reverse("livestream-workspace:list") + query)


class ComplaintListView(SellerWorkspaceMixin, RefuseOtherSellerMixin, ListView):
    """Viewers' complaints about the seller's own livestreams, with the staff's
    handling and reply; staff handle them in the Wagtail admin."""

    template_name = "cms/workspace/complaints.html"
    context_object_name = "complaints"
    paginate_by = 30

    def get_queryset(self):
        return selectors.complaints_for_seller(seller=self.seller)
