from django import template

from sellers.statuses import LineStatus

register = template.Library()


@register.filter
def line_status_label(status: str) -> str:
    """Oscar keeps a line's status as a bare code; shoppers read its label."""
    return LineStatus(status).label if status in LineStatus.values else status
