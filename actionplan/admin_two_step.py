"""The user admin's "Reset two-step sign-in" action, for a user who lost their phone."""

from django.contrib import admin, messages

from accounts.two_step.services import two_step_reset

from .policy import Ability, may


@admin.action(
    description="Reset two-step sign-in (lost phone): set it up again at next sign-in",
    permissions=["reset_two_step"],
)
def reset_two_step(model_admin, request, queryset):
    """Reaches only the users the admin's list shows the administrator: those they manage."""
    users = list(queryset)
    for user in users:
        two_step_reset(user=user, acting_user=request.user, request=request)
    names = ", ".join(user.get_username() for user in users)
    model_admin.message_user(
        request,
        f"Two-step sign-in reset for {names}. They set it up again when they next sign in.",
        messages.SUCCESS,
    )


class ResetTwoStepMixin:
    actions = [reset_two_step]

    def has_reset_two_step_permission(self, request):
        return may(request.user, Ability.MANAGE_USERS)
