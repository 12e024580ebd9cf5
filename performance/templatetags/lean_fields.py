"""`{{ form.field|lean_field }}`: a field as web.lean_fields writes it, for long pages."""

from django import template

from web.lean_fields import lean_field as write_field

register = template.Library()


@register.filter
def lean_field(bound):
    return write_field(bound)
