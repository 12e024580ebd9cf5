"""The user admin, with each user's partnerships. Registered here, by the app of
partnership memberships, and nowhere else."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from partners.admin import PortalUserAdmin
from web.admin_ids import HistoryAdmin

from .admin_two_step import ResetTwoStepMixin
from .models import Partnership, PartnershipMembership
from .policy import access_for

# --- Users and their partnerships ------------------------------------------------------------
# A plan administrator manages the users and memberships of their own partnerships only: they
# cannot reach another partnership's officers, give anyone (themselves included) a partnership
# they do not manage, superuser status, a permission of their own choosing or a group with
# more power than theirs. The IT team (superusers) manages everyone.


def manageable_partnerships(user):
    access = access_for(user)
    partnerships = Partnership.objects.all()
    if access.is_superuser:
        return partnerships
    if not access.is_administrator:
        return partnerships.none()
    return partnerships.filter(pk__in=access.partnership_ids)


def manageable_memberships(user):
    return PartnershipMembership.objects.select_related("user", "partnership").filter(
        partnership__in=manageable_partnerships(user)
    )


class MembershipScopedAdmin:
    """Memberships of the partnerships the user manages; a partnership chosen among them."""

    def get_queryset(self, request):
        return manageable_memberships(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "partnership":
            kwargs["queryset"] = manageable_partnerships(request.user)
        elif db_field.name == "user":
            kwargs["queryset"] = manageable_users(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PartnershipMembershipInline(MembershipScopedAdmin, admin.TabularInline):
    model = PartnershipMembership
    fk_name = "user"
    extra = 0
    fields = ["partnership"]
    verbose_name = "partnership"
    verbose_name_plural = "partnerships (an officer or administrator sees only these plans)"


@admin.register(PartnershipMembership)
class PartnershipMembershipAdmin(MembershipScopedAdmin, HistoryAdmin):
    list_display = ["user", "partnership"]
    list_filter = [("partnership", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "partnership__name"]
    list_select_related = ["user", "partnership"]


def manageable_users(user):
    """Everyone for the IT team. For an administrator: the users of no partnership (partner
    users, new accounts) and those whose every partnership is one the administrator manages;
    never a superuser."""
    users = get_user_model().objects.all()
    if access_for(user).is_superuser:
        return users
    if not access_for(user).is_administrator:
        return users.none()
    elsewhere = PartnershipMembership.objects.exclude(
        partnership__in=manageable_partnerships(user)
    ).values("user_id")
    return users.filter(is_superuser=False).exclude(pk__in=elsewhere)


def own_permissions(user):
    return Permission.objects.filter(Q(group__user=user) | Q(user=user))


# The user admin is registered here, the app of partnership memberships, and nowhere else:
# it replaces only Django's own (django.contrib.auth registers one first).
admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class MemberUserAdmin(ResetTwoStepMixin, PortalUserAdmin):
    inlines = [*PortalUserAdmin.inlines, PartnershipMembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=manageable_users(request.user))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not access_for(request.user).is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not access_for(request.user).is_superuser:
            # Only groups with no permission the administrator lacks.
            lacking = Permission.objects.exclude(pk__in=own_permissions(request.user))
            kwargs["queryset"] = Group.objects.exclude(permissions__in=lacking)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
