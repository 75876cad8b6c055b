"""StreamField blocks for campaign pages. Product and seller blocks keep only
ids; their templates read name, price and stock live from Oscar."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from catalog import selectors as catalog_selectors
from marketplace.cms.choosers import product_chooser_viewset, seller_chooser_viewset
from marketplace.cms.sanitise import validate_web_url, youtube_embed_url
from sellers import selectors as seller_selectors

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


class ChosenItemsBlock(blocks.StructBlock):
    """A heading over items an editor chose. Only their ids are stored: the page
    shows those still sold, read live; subclasses name the list and its selector."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    items_name = ""

    def chosen(self, *, ids: list[int]) -> list:
        raise NotImplementedError

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        ids = [item.pk for item in value[self.items_name] if item]
        context[self.items_name] = self.chosen(ids=ids)
        return context


class ProductGridBlock(ChosenItemsBlock):
    products = blocks.ListBlock(ProductChooserBlock(), label=_("Products"))
    items_name = "products"

    class Meta:
        template = "cms/blocks/product_grid.html"
        icon = "tag"
        label = _("Product grid")

    def chosen(self, *, ids: list[int]) -> list:
        return catalog_selectors.products_chosen(ids=ids)


class SellerCardsBlock(ChosenItemsBlock):
    sellers = blocks.ListBlock(SellerChooserBlock(), label=_("Sellers"))
    items_name = "sellers"

    class Meta:
        template = "cms/blocks/seller_cards.html"
        icon = "group"
        label = _("Seller cards")

    def chosen(self, *, ids: list[int]) -> list:
        return seller_selectors.sellers_chosen(ids=ids)


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
