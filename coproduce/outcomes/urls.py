"""You said, we did URLs: `org_urlpatterns` under /o/<org>/, `public_urlpatterns` at the top."""

from django.urls import path

from coproduce.outcomes import views

initiative = "initiatives/<int:pk>/you-said-we-did/"
panel = "panels/<int:panel_pk>/you-said-we-did/"
contribution = "you-said-we-did/<int:contribution_pk>/"

org_urlpatterns = [
    path(initiative, views.outcomes_initiative, name="outcomes_initiative"),
    path(f"{initiative}new/", views.outcomes_contribution_add, name="outcomes_contribution_add"),
    path(f"{initiative}import/", views.outcomes_import, name="outcomes_import"),
    path(f"{initiative}publish/", views.outcomes_publish, name="outcomes_publish"),
    path(panel, views.outcomes_panel, name="outcomes_panel"),
    path(
        f"{panel}new/",
        views.outcomes_panel_contribution_add,
        name="outcomes_panel_contribution_add",
    ),
    path(f"{panel}publish/", views.outcomes_panel_publish, name="outcomes_panel_publish"),
    path("you-said-we-did/mine/", views.outcomes_mine, name="outcomes_mine"),
    path(contribution, views.outcomes_contribution, name="outcomes_contribution"),
    path(f"{contribution}response/", views.outcomes_response_add, name="outcomes_response_add"),
    path(f"{contribution}change/", views.outcomes_change_add, name="outcomes_change_add"),
    path(f"{contribution}outcome/", views.outcomes_outcome_add, name="outcomes_outcome_add"),
    path(f"{contribution}feedback/", views.outcomes_feedback_add, name="outcomes_feedback_add"),
    path(
        "you-said-we-did/evidence/<int:change_pk>/",
        views.outcomes_evidence,
        name="outcomes_evidence",
    ),
]

public_urlpatterns = [
    path("you-said-we-did/<str:public_slug>/", views.outcomes_public, name="outcomes_public"),
]
