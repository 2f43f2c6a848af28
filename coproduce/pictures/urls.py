from django.urls import path

from coproduce.pictures import views

org_urlpatterns = [
    path("pictures/", views.picture_library, name="picture_library"),
    path("pictures/<int:picture_pk>/delete/", views.picture_delete, name="picture_delete"),
    path(
        "pictures/points/<str:kind>/<int:owner_pk>/", views.choose_pictures, name="choose_pictures"
    ),
]

public_urlpatterns = [
    path("pictures/<uuid:token>/", views.picture_file, name="picture_file"),
]
