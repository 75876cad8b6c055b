"""Who may open a seller workspace page, and for which seller."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from sellers import selectors
from sellers.models import SellerProfile


class SellerWorkspaceMixin:
    """Sets `self.seller`: the shop of the acting user (403 for a user without
    one), or for staff the seller named by ?seller=<slug> (None if unnamed)."""

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
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(seller=self.seller, **kwargs)
