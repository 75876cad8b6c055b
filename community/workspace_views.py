"""The household's side (/dashboard/shop/helpers/): let the helper who applied
for it work in its shop, with chosen rights; read what helpers did; revoke."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from community import selectors, services
from community.forms import GrantForm
from community.models import CommunityHelper, HelperGrant
from workspace.mixins import SellerWorkspaceMixin


class HelpersView(SellerWorkspaceMixin, TemplateView):
    """Never delegated (no `helper_right`): only the shop's own users decide."""

    template_name = "community/workspace/helpers.html"

    def get_context_data(self, **kwargs):
        if self.seller is None:
            raise Http404(_("Choose a seller first."))
        grants = list(selectors.grants_for_seller(seller=self.seller))
        consent = selectors.consent_for_seller(seller=self.seller)
        active = {grant.helper_id for grant in grants if grant.is_active}
        kwargs.setdefault("form", GrantForm())
        return super().get_context_data(
            consent=consent,
            may_grant=consent is not None and consent.helper_id not in active,
            grants=grants,
            actions=selectors.actions_for_seller(seller=self.seller)[:200],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if self.seller is None:
            raise Http404(_("Choose a seller first."))
        try:
            if "revoke" in request.POST:
                grant = services.helper_revoke(
                    seller=self.seller,
                    grant_pk=int(request.POST["revoke"]),
                    revoked_by=request.user,
                )
                messages.success(
                    request,
                    _("%(helper)s can no longer work in your shop.")
                    % {"helper": grant.helper},
                )
                return redirect("helpers-workspace:list")
            consent = selectors.consent_for_seller(seller=self.seller)
            form = GrantForm(request.POST)
            if consent is None or not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form))
            services.helper_grant(
                seller=self.seller,
                helper=consent.helper,
                rights=form.cleaned_data["rights"],
                granted_by=request.user,
            )
        except (ValueError, HelperGrant.DoesNotExist, CommunityHelper.DoesNotExist):
            raise Http404(_("This helper does not work in your shop.")) from None
        except PermissionDenied:
            messages.error(request, _("Only the shop's own account can decide this."))
            return redirect("helpers-workspace:list")
        messages.success(
            request,
            _("%(helper)s may now help in your shop.") % {"helper": consent.helper},
        )
        return redirect("helpers-workspace:list")
