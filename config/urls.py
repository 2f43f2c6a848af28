from django.urls import include, path

from coproduce.accounts import views as account_views
from coproduce.core import views as core_views

org_patterns = [
    path("", core_views.dashboard, name="dashboard"),
    path("audit/", core_views.audit_log, name="audit_log"),
    path("members/", include("coproduce.accounts.urls")),
    path("people/", include("coproduce.people.urls")),
    path("initiatives/", include("coproduce.initiatives.urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("display/", core_views.display, name="display"),
    path("organisations/new/", core_views.create_organisation, name="organisation_create"),
    path("invitations/<str:token>/", account_views.accept_invitation, name="accept_invitation"),
    path("accounts/", include("allauth.urls")),
    path("o/<slug:org>/", include(org_patterns)),
]
