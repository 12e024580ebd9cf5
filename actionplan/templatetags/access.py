"""Templates ask the access policy, never permission strings:

    {% load access %}
    {% may "enter_figures" plan as may_enter_figures %}
    {% if may_enter_figures %}<a href="...">Enter figures</a>{% endif %}

The abilities are those of actionplan.policy.Ability; without a plan, the question is about
any of the user's partnerships ({% may "review_updates" as may_review %}).
"""

from django import template

from actionplan import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, ability: str, plan=None) -> bool:
    return policy.may(context.get("user"), ability, plan)
