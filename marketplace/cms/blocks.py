"""StreamField blocks for campaign pages. Product and seller blocks keep only
ids; their templates read name, price and stock live from Oscar."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from marketplace.cms import selectors
from marketplace.cms.choosers import product_chooser_viewset, seller_chooser_viewset
from marketplace.cms.sanitise import validate_web_url, youtube_embed_url

ProductChooserBlock = product_chooser_viewset.get_block_class(
    name="ProductChooserBlock", module_path="marketplace.cms.blocks"
)
SellerChooserBlock = seller_chooser_viewset.get_block_class(
    name="SellerChooserBlock", module_path="marketplace.cms.blocks"
)

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr"]


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        template = "cms/blocks/rich_text.html"
        label = _("Rich text")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        template = "cms/blocks/image.html"
        icon = "image"
        label = _("Image")


class ProductGridBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    products = blocks.ListBlock(ProductChooserBlock(), label=_("Products"))

    class Meta:
        template = "cms/blocks/product_grid.html"
        icon = "tag"
        label = _("Product grid")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["products"] = selectors.products_chosen(
            ids=[product.pk for product in value["products"] if product]
        )
        return context


class SellerCardsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    sellers = blocks.ListBlock(SellerChooserBlock(), label=_("Sellers"))

    class Meta:
        template = "cms/blocks/seller_cards.html"
        icon = "group"
        label = _("Seller cards")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["sellers"] = selectors.sellers_chosen(
            ids=[seller.pk for seller in value["sellers"] if seller]
        )
        return context


class VideoBlock(blocks.StructBlock):
    """A YouTube link plays in a privacy-friendly player we write ourselves; other
    sites (TikTok, Facebook) get a link. No provider HTML reaches the page."""

    url = blocks.URLBlock(label=_("Video address"), validators=[validate_web_url])
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        template = "cms/blocks/video.html"
        icon = "media"
        label = _("Video")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["player_url"] = youtube_embed_url(value["url"])
        return context


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.TextBlock(label=_("Answer"))


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), required=False, max_length=120, default=""
    )
    items = blocks.ListBlock(FaqItemBlock(), label=_("Questions"))

    class Meta:
        template = "cms/blocks/faq.html"
        icon = "help"
        label = _("Frequently asked questions")


class CampaignBodyBlock(blocks.StreamBlock):
    rich_text = RichTextBlock()
    image = ImageBlock()
    product_grid = ProductGridBlock()
    seller_cards = SellerCardsBlock()
    video = VideoBlock()
    faq = FaqBlock()
