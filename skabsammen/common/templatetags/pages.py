from django import template
from django.core.paginator import Page

register = template.Library()


@register.simple_tag
def page_numbers(page: Page) -> list[int | None]:
    """The page numbers to link to around the current page; None marks a gap.

    A fixed handful whatever the number of pages: the first and last, and the pages
    next to the current one.
    """
    ellipsis = page.paginator.ELLIPSIS
    return [
        None if number == ellipsis else number
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
