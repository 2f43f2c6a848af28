"""Decisions URLs: `org_urlpatterns` under /o/<org>/."""

from django.urls import path

from coproduce.decisions.views import backing, proposals

# Proposals and backing
proposal = "proposals/<int:proposal_pk>/"

org_urlpatterns = [
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
