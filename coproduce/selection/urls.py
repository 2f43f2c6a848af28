"""Selection URLs: `org_urlpatterns` under /o/<org>/, `public_urlpatterns` at the top level."""

from django.urls import path

from coproduce.selection import views

base = "panels/<int:pk>/selection/"
run = f"{base}<int:run_pk>/"

org_urlpatterns = [
    path(base, views.selection_home, name="selection_home"),
    path(f"{base}new/", views.selection_new, name="selection_new"),
    path(f"{base}questions/", views.selection_questions, name="selection_questions"),
    path(run, views.selection_run, name="selection_run"),
    path(f"{run}ranges/", views.selection_quotas, name="selection_quotas"),
    path(f"{run}progress/", views.selection_progress, name="selection_progress"),
    path(f"{run}do/", views.selection_act, name="selection_act"),
    path(f"{run}lottery/", views.selection_lottery, name="selection_lottery"),
    path(f"{run}explained/", views.selection_explain, name="selection_explain"),
]

public_urlpatterns = [
    path("apply/<str:application_token>/chance/", views.selection_chance, name="selection_chance"),
]
