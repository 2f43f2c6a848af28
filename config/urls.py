from django.urls import include, path

from coproduce.accounts import views as account_views
from coproduce.assurance.urls import org_urlpatterns as assurance_org_patterns
from coproduce.core import views as core_views
from coproduce.decisions.urls import org_urlpatterns as decision_org_patterns
from coproduce.initiatives import views as initiative_views
from coproduce.ladder.urls import org_urlpatterns as ladder_org_patterns
from coproduce.ladder.urls import public_urlpatterns as ladder_public_patterns
from coproduce.outcomes.urls import org_urlpatterns as outcome_org_patterns
from coproduce.outcomes.urls import public_urlpatterns as outcome_public_patterns
from coproduce.panels.urls import org_urlpatterns as panel_org_patterns
from coproduce.panels.urls import public_urlpatterns as panel_public_patterns
from coproduce.payments.urls import org_urlpatterns as payment_org_patterns
from coproduce.people.urls import public_urlpatterns as people_public_patterns
from coproduce.pictures.urls import org_urlpatterns as picture_org_patterns
from coproduce.pictures.urls import public_urlpatterns as picture_public_patterns
from coproduce.selection.urls import org_urlpatterns as selection_org_patterns
from coproduce.selection.urls import public_urlpatterns as selection_public_patterns
from coproduce.wellbeing.urls import org_urlpatterns as wellbeing_org_patterns
from coproduce.wellbeing.urls import public_urlpatterns as wellbeing_public_patterns
from coproduce.workshops.urls import org_urlpatterns as workshop_org_patterns
from coproduce.workshops.urls import public_urlpatterns as workshop_public_patterns

org_patterns = [
    path("", initiative_views.dashboard, name="dashboard"),
    path("audit/", core_views.audit_log, name="audit_log"),
    path("members/", include("coproduce.accounts.urls")),
    path("people/", include("coproduce.people.urls")),
    path("initiatives/", include("coproduce.initiatives.urls")),
    *ladder_org_patterns,
    *panel_org_patterns,
    *selection_org_patterns,
    *payment_org_patterns,
    *workshop_org_patterns,
    *wellbeing_org_patterns,
    *outcome_org_patterns,
    *decision_org_patterns,
    *assurance_org_patterns,
    *picture_org_patterns,
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("display/", core_views.display, name="display"),
    path("organisations/new/", account_views.create_organisation, name="organisation_create"),
    path("invitations/<str:token>/", account_views.accept_invitation, name="accept_invitation"),
    path("accounts/", include("allauth.urls")),
    *ladder_public_patterns,
    *panel_public_patterns,
    *selection_public_patterns,
    *workshop_public_patterns,
    *wellbeing_public_patterns,
    *outcome_public_patterns,
    *picture_public_patterns,
    *people_public_patterns,
    path("o/<slug:org>/", include(org_patterns)),
]
