from django.contrib import admin

from meervoud.exchange.models import CodingProposal, ProposalItem


class ProposalItemInline(admin.TabularInline):
    model = ProposalItem
    extra = 0
    fields = ("kind", "theme", "name", "status", "decided_by", "decided_at")
    readonly_fields = fields
    can_delete = False


@admin.register(CodingProposal)
class CodingProposalAdmin(admin.ModelAdmin):
    # Decisions go through the review page, so that they run through curation.
    list_display = ("file_name", "uploaded_by", "uploaded_at", "status")
    list_filter = ("status",)
    readonly_fields = ("uploaded_by", "uploaded_at", "file_name", "origin", "status", "summary", "decided_at")
    inlines = [ProposalItemInline]
