"""The workspace layout's menu: the pages the domains registered."""

from django import template

from workspace import menu

register = template.Library()


@register.simple_tag
def workspace_pages() -> list[menu.Page]:
    return menu.pages()
