"""Staff's review queue: applications and shops, with approve / reject / ask for
changes / suspend. Each decision is a service call; the reason is emailed."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from sellers import selectors, services
from sellers.forms import ReviewForm
from sellers.models import SellerProfile, SellerStatus


class StaffOnlyMixin(PermissionRequiredMixin):
    permission_required = "partner.change_sellerprofile"

    def has_permission(self):
        return self.request.user.is_staff and super().has_permission()


class SellerQueueView(StaffOnlyMixin, ListView):
    template_name = "sellers/dashboard/queue.html"
    context_object_name = "profiles"
    paginate_by = 50

    def get_queryset(self):
        status = self.request.GET.get("status")
        if status in SellerStatus.values:
            return SellerProfile.objects.filter(status=status).select_related("partner")
        return selectors.applications_to_review()

    def get_context_data(self, **kwargs):
        return super().get_context_data(statuses=SellerStatus.choices, **kwargs)


class SellerReviewView(StaffOnlyMixin, FormView):
    template_name = "sellers/dashboard/review.html"
    form_class = ReviewForm
    needs_reason = {
        "request_changes": services.seller_request_changes,
        "reject": services.seller_reject,
        "suspend": services.seller_suspend,
    }

    @cached_property
    def profile(self) -> SellerProfile:
        """Fetched after the permission check, so outsiders learn nothing of ids."""
        profiles = SellerProfile.objects.select_related("partner").prefetch_related(
            "documents"
        )
        return get_object_or_404(profiles, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, **kwargs)

    def form_valid(self, form):
        action = form.cleaned_data["action"]
        try:
            if action == "approve":
                services.seller_approve(profile=self.profile)
            elif action == "reinstate":
                services.seller_reinstate(profile=self.profile)
            else:
                self.needs_reason[action](
                    profile=self.profile, reason=form.cleaned_data["reason"]
                )
        except services.ReviewError as error:
            messages.error(
                self.request,
                _("This is not possible while the seller's status is “%(status)s”.")
                % {"status": error},
            )
            return redirect("sellers-dashboard:review", pk=self.profile.pk)
        messages.success(
            self.request,
            _("Saved: %(name)s is now “%(status)s”.")
            % {
                "name": self.profile.partner.name,
                "status": self.profile.get_status_display(),
            },
        )
        return redirect("sellers-dashboard:queue")
