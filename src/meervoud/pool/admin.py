from django.contrib import admin

from meervoud.pool.models import Assignment, ExpertProfile, Proposal

admin.site.register(ExpertProfile)
admin.site.register(Assignment)
admin.site.register(Proposal)
