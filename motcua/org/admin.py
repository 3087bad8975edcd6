from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import (
    AdministrativeUnit,
    Agency,
    AgencyCodeAlias,
    Counter,
    Department,
    Desk,
    RoleAssignment,
    Succession,
    User,
)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "valid_to"]
    search_fields = ["code", "name", "codename"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    list_display = ["old", "new", "kind", "effective_date", "legal_basis"]
    raw_id_fields = ["old", "new"]


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


class AliasInline(admin.TabularInline):
    model = AgencyCodeAlias
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "code_is_placeholder", "valid_to"]
    list_filter = ["level", "code_is_placeholder"]
    search_fields = ["code", "name"]
    raw_id_fields = ["unit", "parent", "successor"]
    inlines = [DepartmentInline, AliasInline]


class CounterInline(admin.TabularInline):
    model = Counter
    extra = 0
    filter_horizontal = ["fields"]


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "agency", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["agency", "parent"]
    inlines = [CounterInline]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["agency", "department", "desk"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (_("motcua"), {"fields": ["full_name", "phone", "photo"]}))
    actions = ["second_factor_reset"]

    @admin.action(description=_("Reset the second factor (lost phone): they set it up again at next sign-in"))
    def second_factor_reset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        from . import second_factor

        for user in queryset:
            second_factor.reset(actor=request.user, user=user, request=request)  # type: ignore[arg-type]
        self.message_user(request, _("Second factor reset for %(n)s user(s).") % {"n": queryset.count()})

    inlines = [RoleInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "department", "desk", "valid_from", "valid_to"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "agency__name"]
    raw_id_fields = ["user", "agency", "department", "desk"]
