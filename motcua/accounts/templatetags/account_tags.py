from django import template

from motcua.accounts.selectors import is_citizen as _is_citizen

register = template.Library()


@register.filter
def is_citizen(user: object) -> bool:
    """`{% if user|is_citizen %}`: signed in as an applicant (a citizen profile and no staff role)."""
    return _is_citizen(user)
