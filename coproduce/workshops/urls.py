"""Workshop URLs: `org_urlpatterns` under /o/<org>/ (staff), `public_urlpatterns` (no login)."""

from django.urls import path

from coproduce.workshops import views

workshops = "initiatives/<int:pk>/workshops/"
workshop = f"{workshops}<int:workshop_pk>/"
activity = f"{workshop}activities/<int:activity_pk>/"

org_urlpatterns = [
    path(f"{workshops}new/", views.workshop_create, name="workshop_create"),
    path(workshop, views.workshop_detail, name="workshop_detail"),
    path(f"{workshop}edit/", views.workshop_edit, name="workshop_edit"),
    path(f"{workshop}copy/", views.workshop_copy, name="workshop_copy"),
    path(f"{workshop}activities/new/", views.activity_create, name="activity_create"),
    path(activity, views.activity_edit, name="activity_edit"),
    path(f"{activity}move/", views.activity_move, name="activity_move"),
    path(f"{activity}remove/", views.activity_remove, name="activity_remove"),
    path(f"{activity}ideas/", views.idea_create, name="idea_create"),
    path(f"{activity}take-in-ideas/", views.activity_take_in_ideas, name="activity_take_in_ideas"),
    path(
        f"{activity}take-in-storyboards/",
        views.activity_take_in_board_ideas,
        name="activity_take_in_board_ideas",
    ),
    path(f"{workshop}console/", views.workshop_console, name="workshop_console"),
    path(f"{workshop}console/control/", views.workshop_control, name="workshop_control"),
    path(f"{workshop}screen/", views.workshop_screen, name="workshop_screen"),
    path(f"{workshop}qr.svg", views.workshop_qr, name="workshop_qr"),
    path(f"{workshop}proxy/", views.workshop_proxy, name="workshop_proxy"),
    path(f"{workshop}proxy/paper/", views.workshop_paper_add, name="workshop_paper_add"),
    path(f"{workshop}access-needs/", views.workshop_access_needs, name="workshop_access_needs"),
    path(
        f"{workshop}access-needs/arranged/",
        views.workshop_access_arranged,
        name="workshop_access_arranged",
    ),
    path(f"{workshop}record/", views.workshop_record, name="workshop_record"),
    path(f"{workshop}record.csv", views.workshop_record_csv, name="workshop_record_csv"),
    path(
        f"{workshop}record/every-contribution.csv",
        views.workshop_contributions_csv,
        name="workshop_contributions_csv",
    ),
    path(f"{workshop}gallery/", views.workshop_gallery, name="workshop_gallery"),
    path(f"{workshop}invite/", views.workshop_invite, name="workshop_invite"),
    path(
        f"{workshop}sign-ups/<int:invitation_pk>/",
        views.workshop_sign_up_record,
        name="workshop_sign_up_record",
    ),
]

public_urlpatterns = [
    path("join/", views.workshop_join_code, name="workshop_join_code"),
    path("w/<str:code>/", views.workshop_join, name="workshop_join"),
    path("w/<str:code>/room/", views.workshop_room, name="workshop_room"),
    path("w/<str:code>/act/", views.workshop_act, name="workshop_act"),
    path("w/<str:code>/left/", views.workshop_left, name="workshop_left"),
    path("invited/<str:token>/", views.workshop_sign_up, name="workshop_sign_up"),
    path(
        "invited/<str:token>/workshop.ics",
        views.workshop_sign_up_calendar,
        name="workshop_sign_up_calendar",
    ),
]
