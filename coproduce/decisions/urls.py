"""Decisions URLs, under /o/<org>/ (`org_urlpatterns`, mounted in config/urls.py)."""

from django.urls import path

from coproduce.decisions.views import backing, proposals
from coproduce.decisions.views import decisions as views

initiative = "initiatives/<int:pk>/decisions/"
panel = "panels/<int:panel_pk>/decisions/"
proposal = "proposals/<int:proposal_pk>/"

org_urlpatterns = [
    # Decisions
    path(initiative, views.decisions_initiative, name="decisions_initiative"),
    path(f"{initiative}new/", views.decision_add, name="decision_add"),
    path(panel, views.decisions_panel, name="decisions_panel"),
    path(f"{panel}new/", views.decision_panel_add, name="decision_panel_add"),
    path("decisions/<int:decision_pk>/edit/", views.decision_edit, name="decision_edit"),
    # Proposals and backing
    path(
        "panels/<int:panel_pk>/proposals/new/",
        proposals.proposal_create,
        name="proposal_create",
    ),
    path(proposal, proposals.proposal_detail, name="proposal_detail"),
    path(f"{proposal}answer/", proposals.proposal_answer, name="proposal_answer"),
    path(f"{proposal}record/", proposals.proposal_record, name="proposal_record"),
    path(f"{proposal}close/", proposals.proposal_close, name="proposal_close"),
    path("panels/<int:panel_pk>/backing/new/", backing.backing_panel_add, name="backing_panel_add"),
    path(
        "initiatives/<int:pk>/backing/new/",
        backing.backing_initiative_add,
        name="backing_initiative_add",
    ),
    path("backing/<int:backing_pk>/", backing.backing_kept, name="backing_kept"),
]
