"""Public seller pages: apply to sell and the sellers directory (storefronts
list products, so the catalogue serves them: catalog.views.StorefrontView)."""

from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView

from sellers import selectors, services
from sellers.forms import DirectoryFilterForm, SellerApplicationForm
from vietnam.forms import only_reshown


class SellerApplyView(FormView):
    template_name = "sellers/apply.html"
    form_class = SellerApplicationForm

    def post(self, request, *args, **kwargs):
        if only_reshown(request.POST):
            # Without JavaScript: re-show the form with that province's
            # communes, or with the 2025 units of the old address typed.
            form = self.get_form()
            form.errors.clear()
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.seller_apply(
            name=form.cleaned_data["name"],
            documents=form.documents(),
            **form.profile_fields(),
        )
        return redirect("sellers:applied")


class SellerAppliedView(TemplateView):
    template_name = "sellers/applied.html"


class SellerDirectoryView(TemplateView):
    template_name = "sellers/directory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = DirectoryFilterForm(self.request.GET or None)
        sellers = selectors.sellers_active(**form.filters())
        page = Paginator(sellers, 24).get_page(self.request.GET.get("page"))
        context.update(
            filter_form=form,
            sellers=page.object_list,
            page_obj=page,
            paginator=page.paginator,
        )
        return context
