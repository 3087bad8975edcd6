"""Catalog administration: fields, procedures and their versions, with import, export and publishing.

Published and retired versions are read-only here (the admin shows them as "view"); changes go
through "Create a new draft from this version". Publishing, drafting and retiring call the
services, and their validation errors come back as admin messages.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import VersionStatus
from .formschema import default_schema, form_fields, schema_check, schema_for
from .importing.exchange_export import export_json, export_xlsx
from .importing.files import SUFFIXES, import_catalog_file
from .models import Component, FeeItem, Field, Procedure, ProcedureVersion, ProcessStep
from .search import filter_by_query, refresh_search_text
from .services import version_create_draft, version_publish, version_retire

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _is_draft(obj: ProcedureVersion | None) -> bool:
    return obj is None or obj.status == VersionStatus.DRAFT


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "slug"]
    search_fields = ["name", "code", "slug"]
    prepopulated_fields = {"slug": ["name"]}


VERSION_LIST_FIELDS = ("number", "status", "valid_from", "valid_to", "name", "updated_at")


class VersionListInline(admin.TabularInline):
    model = ProcedureVersion
    fields = VERSION_LIST_FIELDS
    readonly_fields = VERSION_LIST_FIELDS
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "created_at"]
    search_fields = ["code"]
    inlines = [VersionListInline]


class DraftOnlyInline(admin.TabularInline):
    """Child rows can be changed only while the parent version is a draft."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)


class ComponentInline(DraftOnlyInline):
    model = Component
    fields = ["order", "name", "case", "required", "required_is_default", "original_qty", "copy_qty", "copies_text"]


class FeeInline(DraftOnlyInline):
    model = FeeItem
    fields = ["order", "name", "kind", "amount_vnd", "applicant_type", "payable_at", "needs_review", "source_text"]


class StepInline(DraftOnlyInline):
    model = ProcessStep
    fields = ["order", "name", "role", "department_code", "budget_minutes", "parallel_group", "is_default"]


class DefaultsFilter(admin.SimpleListFilter):
    """Versions that still carry administrator defaults or unclear fees."""

    title = _("administrator defaults")
    parameter_name = "defaults"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("time", _("Processing time is a default")),
            ("online", _("Online level is a default")),
            ("steps", _("Process steps are defaults")),
            ("fees", _("A fee needs review")),
            ("no_time", _("No processing time")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        conditions = {
            "time": Q(time_is_default=True),
            "online": Q(online_level_is_default=True),
            "steps": Q(Exists(ProcessStep.objects.filter(version=OuterRef("pk"), is_default=True))),
            "fees": Q(Exists(FeeItem.objects.filter(version=OuterRef("pk"), needs_review=True))),
            "no_time": Q(time_value__isnull=True),
        }
        value = self.value()
        return queryset.filter(conditions[value]) if value is not None and value in conditions else None


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Catalog file"),
        help_text=_("National data (.jsonl) or the catalog exchange format (.json, .xlsx). Rows become drafts."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SUFFIXES):
            raise ValidationError(_("Use a .jsonl, .json or .xlsx file."))
        return upload


class FormSchemaField(forms.JSONField):
    """The application form as indented JSON that keeps Vietnamese readable (no \\u escapes)."""

    def prepare_value(self, value: Any) -> Any:
        if value is None or isinstance(value, forms.fields.InvalidJSONInput):
            return value or ""
        return json.dumps(value, ensure_ascii=False, indent=2)


class ProcedureVersionForm(forms.ModelForm):
    form_schema = FormSchemaField(
        label=_("Application form (JSON Schema)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100, "class": "vLargeTextField", "spellcheck": "false"}),
        help_text=_(
            "Leave empty to use the default form shown below. Supported: an object whose properties are "
            "string (format date or email, maxLength, minLength, pattern, enum or oneOf [{const, title}], "
            "x-widget textarea), integer or number (minimum, maximum) or boolean; each with a Vietnamese "
            "title, and optionally description, x-title-en, x-description-en, default; required and x-order "
            "at the top. See the administrator guide."
        ),
    )

    class Meta:
        model = ProcedureVersion
        fields = ["form_schema"]  # the admin adds the fields of its fieldsets

    def clean_form_schema(self) -> dict[str, Any] | None:
        """Empty keeps the default form; anything else must pass `schema_check`, or nothing is saved."""
        schema = self.cleaned_data.get("form_schema")
        if schema in (None, "", {}):
            return None
        problems = schema_check(schema)
        if problems:
            raise ValidationError(problems)
        return schema


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    form = ProcedureVersionForm
    list_display = ["code", "number", "short_name", "field", "status", "valid_from", "valid_to", "online_level"]
    list_display += ["time_is_default", "online_level_is_default"]
    list_filter = ["status", DefaultsFilter, "online_level", "time_is_default", "online_level_is_default", "field"]
    list_select_related = ["procedure", "field"]
    search_fields = ["procedure__code", "name"]
    autocomplete_fields = ["field"]
    raw_id_fields = ["agencies"]
    inlines = [ComponentInline, FeeInline, StepInline]
    actions = ["publish_selected", "create_draft_selected", "retire_selected", "export_json", "export_xlsx"]
    always_readonly = ["status", "valid_from", "valid_to", "published_at", "content_hash", "updated_at"]
    always_readonly += ["form_preview"]
    fieldsets = [
        (_("Administrator defaults to confirm"), {"fields": ["defaults_summary"]}),
        (None, {"fields": ["procedure", "number", "status", "valid_from", "valid_to", "published_at"]}),
        (_("Procedure"), {"fields": ["name", "field", "levels", "applicant_types", "agencies", "decision_no"]}),
        (
            _("Processing time"),
            {
                "fields": [
                    "time_value",
                    "time_unit",
                    "time_is_default",
                    "time_text",
                    "supplement_mode",
                    "supplement_limit",
                ]
            },
        ),
        (
            _("Channels and result"),
            {
                "fields": [
                    "online_level",
                    "online_level_is_default",
                    "accepts_counter",
                    "accepts_postal_intake",
                    "accepts_postal_return",
                    "channels",
                    "result_type",
                    "result_name",
                    "result_codes",
                ]
            },
        ),
        (_("Application form"), {"fields": ["form_schema", "form_preview"]}),
        (
            _("As published"),
            {
                "classes": ["collapse"],
                "fields": [
                    "implementing_agency_text",
                    "competent_authority_text",
                    "applicant_types_text",
                    "fees_text",
                    "legal_basis",
                    "legal_basis_codes",
                    "conditions",
                    "steps_text",
                    "receiving_address",
                    "publishing_body",
                    "source",
                    "content_hash",
                    "updated_at",
                ],
            },
        ),
    ]

    @admin.display(description=_("name"), ordering="name")
    def short_name(self, obj: ProcedureVersion) -> str:
        return obj.name if len(obj.name) <= 80 else obj.name[:79] + "…"

    @admin.display(description=_("defaults"))
    def defaults_summary(self, obj: ProcedureVersion) -> str:
        notes = []
        if obj.time_value is None:
            notes.append(_("No legal processing time: set one before publishing."))
        elif obj.time_is_default:
            notes.append(_("The processing time unit was assumed (working days)."))
        if obj.online_level_is_default:
            notes.append(_("The online level is derived from the channels."))
        if obj.pk and obj.components.filter(required_is_default=True).exists():
            notes.append(_("“Required” on components is a default (the data never says)."))
        if obj.pk and obj.steps.filter(is_default=True).exists():
            notes.append(_("The process steps are the default split of the legal time."))
        if obj.pk and obj.fees.filter(needs_review=True).exists():
            notes.append(_("At least one fee needs review."))
        if not notes:
            return format_html("<strong>{}</strong>", _("None: every value is confirmed."))
        return format_html(
            '<ul class="messagelist">{}</ul>',
            format_html_join("", '<li class="warning">{}</li>', ((n,) for n in notes)),
        )

    @admin.display(description=_("form preview"))
    def form_preview(self, obj: ProcedureVersion | None) -> str:
        """The form in force for this version as the applicant sees it (inputs disabled), and the default
        form's JSON to start from. An unsaved version previews the default."""
        version = obj if obj is not None and obj.pk else ProcedureVersion(name="", result_name="")
        fields = form_fields(schema_for(version), {}, {}, get_language() or "vi", prefix="preview_")
        html = render_to_string("catalog/partials/form_fields.html", {"fields": fields})
        default = json.dumps(default_schema(version), ensure_ascii=False, indent=2)
        return format_html(
            '<fieldset disabled class="form-preview" style="border:1px dashed #999;padding:.5rem 1rem">'
            "<legend>{}</legend>{}</fieldset><details><summary>{}</summary><pre>{}</pre></details>",
            _("What the applicant sees (own form if set, else the default)"),
            mark_safe(html),  # noqa: S308 - rendered by our template with autoescaping
            _("JSON of the default form"),
            default,
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        readonly = [*self.always_readonly, "defaults_summary"]
        return readonly if obj is None else [*readonly, "procedure", "number"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> tuple[QuerySet, bool]:
        """Search ignores diacritics: "khai sinh" finds "Khai sinh", "1.001193" finds the code."""
        if not search_term.strip():
            return queryset, False
        return filter_by_query(queryset, search_term), False

    def save_model(self, request: HttpRequest, obj: ProcedureVersion, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        refresh_search_text(obj)

    def _each(self, request: HttpRequest, queryset: QuerySet, run: Callable[[ProcedureVersion], Any]) -> int:
        """Run a service per version; a refusal becomes an error message, not a 500."""
        done = 0
        for version in queryset.select_related("procedure"):
            try:
                run(version)
            except ValidationError as error:
                self.message_user(request, f"{version}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        return done

    @admin.action(description=_("Publish selected drafts (valid from today)"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        today = timezone.localdate()
        done = self._each(request, queryset, lambda v: version_publish(version=v, valid_from=today, actor=request.user))
        if done:
            self.message_user(request, _("%(count)d version(s) published.") % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Create a new draft from the selected version"))
    def create_draft_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = self._each(
            request,
            queryset,
            lambda v: version_create_draft(procedure=v.procedure, from_version=v, actor=request.user),
        )
        if done:
            self.message_user(request, _("%(count)d draft(s) created.") % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Retire selected versions (valid until today)"))
    def retire_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = self._each(request, queryset, lambda v: version_retire(version=v, actor=request.user))
        if done:
            self.message_user(request, _("%(count)d version(s) retired.") % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Export selected as JSON"))
    def export_json(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return self._download(export_json(queryset), "json", "application/json")

    @admin.action(description=_("Export selected as XLSX"))
    def export_xlsx(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return self._download(export_xlsx(queryset), "xlsx", XLSX_TYPE)

    @staticmethod
    def _download(data: bytes, extension: str, content_type: str) -> HttpResponse:
        response = HttpResponse(data, content_type=content_type)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="catalog-{stamp}.{extension}"'
        return response

    def get_urls(self) -> list[URLPattern]:
        import_url = path(
            "import/", self.admin_site.admin_view(self.import_view), name="catalog_procedureversion_import"
        )
        return [import_url, *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a catalog file, import it synchronously and show the report."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = import_catalog_file(upload.file, filename=upload.name)
            except ValidationError as error:
                form.add_error("file", error)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import catalog file"),
            "form": form,
            "report": report,
            "changelist_url": reverse("admin:catalog_procedureversion_changelist"),
        }
        return TemplateResponse(request, "admin/catalog/procedureversion/import.html", context)
