from django.urls import path

from coproduce.people import views

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("me/access/", views.my_access_needs, name="my_access_needs"),
    path("me/access/new/", views.my_access_need_add, name="my_access_need_add"),
    path("me/access/<int:need_pk>/", views.my_access_need_edit, name="my_access_need_edit"),
    path("messages/", views.messages_to_send, name="messages_to_send"),
    path("messages/letters/", views.letters_to_print, name="letters_to_print"),
    path("messages/mine/", views.my_messages, name="my_messages"),
    path("messages/<int:pk>/letter/", views.message_letter, name="message_letter"),
    path("messages/<int:pk>/sent/", views.message_mark_sent, name="message_mark_sent"),
]

# Not under an organisation: GOV.UK Notify calls one address for every message.
public_urlpatterns = [
    path("notify/delivery/", views.notify_callback, name="notify_callback"),
]
