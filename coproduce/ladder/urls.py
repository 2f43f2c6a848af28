"""Ladder URLs: `org_urlpatterns` under /o/<org>/, `public_urlpatterns` at the top level."""

from django.urls import path

from coproduce.ladder.views import answering, rounds
from coproduce.ladder.views import initiative as results

initiative = "initiatives/<int:pk>/ladder/"
response = f"{initiative}responses/<int:response_pk>/"

org_urlpatterns = [
    path("ladder/", results.overview, name="ladder_overview"),
    path(initiative, results.results, name="ladder_results"),
    path(f"{initiative}summary/", results.summary, name="ladder_summary"),
    path(f"{initiative}summary/share/", results.summary_share, name="ladder_summary_share"),
    path(f"{initiative}answers.csv", rounds.export, name="ladder_export"),
    path(f"{initiative}rounds/open/", rounds.round_open, name="ladder_round_open"),
    path(f"{initiative}rounds/<int:round_pk>/", rounds.round_detail, name="ladder_round_detail"),
    path(
        f"{initiative}rounds/<int:round_pk>/close/", rounds.round_close, name="ladder_round_close"
    ),
    path(f"{initiative}rounds/<int:round_pk>/add/", rounds.round_add, name="ladder_round_add"),
    path(
        f"{initiative}rounds/<int:round_pk>/slips/", rounds.round_slips, name="ladder_round_slips"
    ),
    path(
        f"{initiative}rounds/<int:round_pk>/remind/",
        rounds.round_remind,
        name="ladder_round_remind",
    ),
    path(f"{initiative}actions/adopt/", results.action_adopt, name="ladder_action_adopt"),
    path(
        f"{initiative}actions/<int:action_pk>/done/", results.action_done, name="ladder_action_done"
    ),
    path(response, answering.proxy_start, name="ladder_proxy_start"),
    path(f"{response}q/<int:number>/", answering.proxy_question, name="ladder_proxy_question"),
    path(f"{response}check/", answering.proxy_check, name="ladder_proxy_check"),
    path(f"{response}new-link/", answering.link_renew, name="ladder_link_renew"),
]

public_urlpatterns = [
    path("ladder/", results.guide, name="ladder_guide"),
    path("ladder/shared/<str:token>/", results.shared_summary, name="ladder_shared_summary"),
    path("answer/", answering.answer_code, name="answer_code"),
    path("answer/<str:token>/", answering.answer_start, name="answer_start"),
    path("answer/<str:token>/q/<int:number>/", answering.answer_question, name="answer_question"),
    path("answer/<str:token>/check/", answering.answer_check, name="answer_check"),
    path("answer/<str:token>/saved/", answering.answer_saved, name="answer_saved"),
    path("answer/<str:token>/done/", answering.answer_done, name="answer_done"),
]
