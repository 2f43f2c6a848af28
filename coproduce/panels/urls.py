"""Panel URLs: `org_urlpatterns` under /o/<org>/, `public_urlpatterns` at the top level."""

from django.urls import path

from coproduce.panels import views

panel = "panels/<int:pk>/"
application = f"{panel}applications/<int:application_pk>/"
apply = "apply/<str:application_token>/"

org_urlpatterns = [
    path("panels/", views.panel_list, name="panel_list"),
    path("panels/new/", views.panel_create, name="panel_create"),
    path(panel, views.panel_detail, name="panel_detail"),
    path(f"{panel}edit/", views.panel_edit, name="panel_edit"),
    path(f"{panel}role/", views.panel_role, name="panel_role"),
    path(f"{panel}role/regenerate/", views.panel_role_regenerate, name="panel_role_regenerate"),
    path(f"{panel}publish/", views.panel_publish, name="panel_publish"),
    path(f"{panel}targets/", views.panel_targets, name="panel_targets"),
    path(f"{panel}applications/", views.panel_applications, name="panel_applications"),
    path(
        f"{panel}applications.csv",
        views.panel_applications_export,
        name="panel_applications_export",
    ),
    path(
        f"{panel}applications/new/",
        views.panel_application_enter,
        name="panel_application_enter",
    ),
    path(application, views.panel_application_detail, name="panel_application_detail"),
    path(f"{application}status/", views.panel_application_status, name="panel_application_status"),
    path(
        f"{application}attachment/",
        views.panel_application_attachment,
        name="panel_application_attachment",
    ),
    path(f"{application}equality/", views.panel_equality_record, name="panel_equality_record"),
    path(f"{panel}tasks/<int:task_pk>/done/", views.panel_task_done, name="panel_task_done"),
    path(f"{panel}members/", views.panel_members, name="panel_members"),
    path(f"{panel}members/add/", views.panel_member_add, name="panel_member_add"),
    path(f"{panel}members/<int:member_pk>/end/", views.panel_member_end, name="panel_member_end"),
]

public_urlpatterns = [
    path(apply, views.panel_application_form, name="panel_application_form"),
    path(f"{apply}saved/", views.panel_application_saved, name="panel_application_saved"),
    path(f"{apply}equality/", views.panel_equality, name="panel_equality"),
    path(f"{apply}done/", views.panel_application_done, name="panel_application_done"),
    path(f"{apply}equality/delete/", views.panel_equality_withdraw, name="panel_equality_withdraw"),
    path("panels/<slug:org>/<slug:slug>/", views.panel_public, name="panel_public"),
    path("panels/<slug:org>/<slug:slug>/apply/", views.panel_apply, name="panel_apply"),
]
