from django.contrib import admin

from meervoud.pool import services
from meervoud.pool.models import Assignment, ExpertProfile, Proposal


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    """Removing an expert here sends their teams back to the matching, as on the site: a
    plain delete would leave a teammate alone on an assignment."""

    def delete_model(self, request, obj):
        services.delete_profile(obj, during_running_work=True)

    def delete_queryset(self, request, queryset):
        for profile in queryset:
            services.delete_profile(profile, during_running_work=True)


admin.site.register(Assignment)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    # each row names its expert and assignment: read with the page, not a query per row
    list_select_related = ("expert", "assignment")
