"""Decisions URLs, under /o/<org>/ (`org_urlpatterns`, mounted in config/urls.py)."""

from django.urls import path

from coproduce.decisions.views import decisions as views

initiative = "initiatives/<int:pk>/decisions/"
panel = "panels/<int:panel_pk>/decisions/"

org_urlpatterns = [
    path(initiative, views.decisions_initiative, name="decisions_initiative"),
    path(f"{initiative}new/", views.decision_add, name="decision_add"),
    path(panel, views.decisions_panel, name="decisions_panel"),
    path(f"{panel}new/", views.decision_panel_add, name="decision_panel_add"),
    path("decisions/<int:decision_pk>/edit/", views.decision_edit, name="decision_edit"),
]
