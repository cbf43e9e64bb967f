from django.contrib import admin

from .models import ApplicantProfile, Feedback, FeedbackCategory, RatingCriterion, Submission


@admin.register(RatingCriterion)
class RatingCriterionAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "position", "is_active")
    list_editable = ("position", "is_active")


@admin.register(FeedbackCategory)
class FeedbackCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "due_working_days", "is_active")


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "email_verified_at", "phone_verified_at", "created_at")
    search_fields = ("user__username", "user__full_name", "user__email", "user__phone")
    readonly_fields = ("user", "oidc_subject", "email_verified_at", "phone_verified_at", "created_at")


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("reference", "procedure", "channel", "state", "updated_at")
    list_filter = ("state", "channel")
    search_fields = ("reference",)
    readonly_fields = [f.name for f in Submission._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "agency", "state", "due_at")
    list_filter = ("state", "category")
    search_fields = ("reference", "title")
    readonly_fields = [f.name for f in Feedback._meta.fields]

    def has_add_permission(self, request):
        return False
