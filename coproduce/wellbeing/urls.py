"""Wellbeing URLs: `org_urlpatterns` under /o/<org>/, `public_urlpatterns` at the top level."""

from django.urls import path

from coproduce.wellbeing import views

panel = "panels/<int:panel_pk>/"

org_urlpatterns = [
    path(f"{panel}support/", views.support_ask, name="support_ask"),
    path(f"{panel}check-in/", views.check_in, name="check_in"),
    path(f"{panel}check-ins/", views.check_in_list, name="check_in_list"),
    path("wellbeing/", views.support_mine, name="support_mine"),
    path("wellbeing/concerns/", views.concern_inbox, name="concern_inbox"),
    path("wellbeing/concerns/<int:concern_pk>/", views.concern_detail, name="concern_detail"),
    path("wellbeing/services/", views.signpost_list, name="signpost_list"),
    path("wellbeing/services/new/", views.signpost_create, name="signpost_create"),
    path("wellbeing/services/<int:service_pk>/", views.signpost_edit, name="signpost_edit"),
    path(
        "wellbeing/services/<int:service_pk>/remove/",
        views.signpost_remove,
        name="signpost_remove",
    ),
    path("wellbeing/settings/", views.support_settings, name="support_settings"),
    path(
        "wellbeing/settings/leads/<int:lead_pk>/remove/",
        views.safeguarding_lead_remove,
        name="safeguarding_lead_remove",
    ),
    path("wellbeing/training/", views.training_list, name="training_list"),
    path("wellbeing/training/new/", views.training_create, name="training_create"),
    path(
        "wellbeing/training/<int:training_pk>/record/",
        views.training_record,
        name="training_record",
    ),
    path(
        "wellbeing/certificates/<int:record_pk>/",
        views.training_certificate,
        name="training_certificate",
    ),
    path("wellbeing/credits/new/", views.credit_create, name="credit_create"),
]

public_urlpatterns = [
    path("support/<str:follow_token>/", views.concern_follow, name="concern_follow"),
]
