from django.urls import path

from coproduce.accounts import views

urlpatterns = [
    path("", views.member_list, name="member_list"),
    path("invite/", views.invite, name="invite"),
    path("<int:pk>/role/", views.member_role, name="member_role"),
    path("invitations/<int:pk>/cancel/", views.invitation_cancel, name="invitation_cancel"),
]
