"""A helper's own pages (/dashboard/community/): the households it works for,
applying for a new one, and choosing whose workspace to open."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from community import access, selectors, services
from community.forms import HelperApprovalForm, HouseholdApplicationForm
from community.models import CommunityHelper
from sellers.views import SellerApplyView


class HelperRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        self.helper = selectors.helper_for_user(user=request.user)
        if self.helper is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HelperHomeView(HelperRequiredMixin, TemplateView):
    template_name = "community/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            helper=self.helper,
            grants=selectors.grants_for_helper(helper=self.helper),
            applications=selectors.applications_by_helper(helper=self.helper),
            acting=access.acting_seller_pk(self.request),
            **kwargs,
        )

    def post(self, request):
        """Open a household's workspace (or leave it with an empty value)."""
        try:
            seller_pk = int(request.POST.get("seller", ""))
        except ValueError:
            access.acting_clear(request)
            return redirect("community:home")
        grant = selectors.grant_for(helper=self.helper, seller_pk=seller_pk)
        if grant is None:
            raise PermissionDenied
        access.acting_set(request, seller_pk=seller_pk)
        messages.success(
            request,
            _("You are working for %(seller)s.")
            % {"seller": grant.seller.partner.name},
        )
        return redirect(access.first_page(grant))


class HouseholdApplyView(HelperRequiredMixin, SellerApplyView):
    """The shop's application form (with its no-JavaScript province step),
    sent through the helper's service with the household's consent."""

    template_name = "community/apply.html"
    form_class = HouseholdApplicationForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(helper=self.helper, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            seller = services.household_apply(
                helper=self.helper,
                name=data["name"],
                given_by=data["given_by"],
                method=data["consent_method"],
                given_at=data["consent_given_at"],
                documents=form.documents(),
                **form.profile_fields(),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "The application of %(seller)s was sent. Once staff approve it, "
                "the household's own account can let you help in its shop."
            )
            % {"seller": seller.partner.name},
        )
        return redirect("community:home")


class HelperReviewView(FormView):
    """Staff: approve a person as a helper of named communes, or withdraw one."""

    template_name = "community/staff_helpers.html"
    form_class = HelperApprovalForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        if not request.user.is_staff:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(helpers=selectors.helpers_all(), **kwargs)

    def post(self, request, *args, **kwargs):
        if "withdraw" in request.POST:
            pk = request.POST["withdraw"]
            if not pk.isascii() or not pk.isdigit():
                raise Http404
            helper = get_object_or_404(CommunityHelper, pk=pk)
            services.helper_withdraw(helper=helper)
            messages.success(
                request, _("%(helper)s is no longer a helper.") % {"helper": helper}
            )
            return redirect("community:staff-helpers")
        if "choose_province" in request.POST:
            form = self.get_form()
            form.errors.clear()
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        helper = services.helper_approve(
            user=form.user,
            team=data["team"],
            phone=data["phone"],
            wards=data["wards"],
            approved_by=self.request.user,
        )
        messages.success(
            self.request, _("%(helper)s is now a helper.") % {"helper": helper}
        )
        return redirect("community:staff-helpers")
