"""Who may open a seller workspace page, and for which seller."""

from django.db import transaction
from django.http.request import HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from sellers import selectors
from sellers.models import SellerProfile
from workspace import delegation
from workspace.access import refuse_changes_while_suspended

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class SellerWorkspaceMixin:
    """Sets `self.seller`: the shop of the acting user (403 for a user without
    one), or for staff the seller named by ?seller=<slug> (None if unnamed).
    A suspended seller's users may read but not change (workspace.access).

    Someone with no shop of its own who acts for one (a community helper, see
    workspace/delegation.py) opens only pages whose `helper_right` the shop
    granted it (None: never delegated); each change it makes is logged in the
    same transaction, with the grant locked, so a revocation either waits for
    it or refuses it."""

    helper_right: str | None = None
    helper_grant = None
    # Set by a view while it handles a helper's change: the log's sentence.
    audit_summary = ""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        if user.is_staff:
            slug = request.GET.get("seller")
            self.seller = (
                SellerProfile.objects.filter(slug=slug).first() if slug else None
            )
        else:
            self.seller = selectors.seller_for_user(user=user)
            if self.seller is None:
                return self._dispatch_as_helper(request, *args, **kwargs)
            refusal = refuse_changes_while_suspended(request, self.seller)
            if refusal is not None:
                return refusal
        return super().dispatch(request, *args, **kwargs)

    def _dispatch_as_helper(self, request: HttpRequest, *args, **kwargs):
        if request.method in SAFE_METHODS:
            self.helper_grant = delegation.grant_for(request, right=self.helper_right)
            self.seller = self.helper_grant.seller
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            self.helper_grant = delegation.grant_for(
                request, right=self.helper_right, lock=True
            )
            self.seller = self.helper_grant.seller
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                return response
            delegation.record(
                grant=self.helper_grant,
                right=self.helper_right,
                request=request,
                summary=self.audit_summary
                or _("Changed %(page)s") % {"page": request.path},
            )
        return response

    def get_context_data(self, **kwargs):
        if self.helper_grant is not None:
            kwargs.setdefault("helper_grant", self.helper_grant)
        return super().get_context_data(seller=self.seller, **kwargs)
