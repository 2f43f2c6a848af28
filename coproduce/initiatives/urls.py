from django.urls import path

from coproduce.initiatives import views

urlpatterns = [
    path("", views.initiative_list, name="initiative_list"),
    path("new/", views.initiative_create, name="initiative_create"),
    path("<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("<int:pk>/edit/", views.initiative_edit, name="initiative_edit"),
    path("<int:pk>/people/add/", views.involvement_add, name="involvement_add"),
    path(
        "<int:pk>/people/<int:involvement_pk>/remove/",
        views.involvement_remove,
        name="involvement_remove",
    ),
]
