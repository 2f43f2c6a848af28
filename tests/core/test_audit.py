from coproduce.core.audit import entries_for, log_action
from tests.factories import InitiativeFactory


def test_log_action_records_actor_target_and_organisation(org, alice):
    initiative = InitiativeFactory(organisation=org, title="Garden")
    entry = log_action(initiative, "initiatives.test.done", actor=alice, data={"n": 1})
    assert (entry.organisation, entry.actor, entry.action) == (org, alice, "initiatives.test.done")
    assert (entry.target_id, entry.target_repr, entry.data) == (
        str(initiative.pk),
        "Garden",
        {"n": 1},
    )
    assert list(entries_for(initiative)) == [entry]


def test_log_action_without_a_logged_in_actor_records_none(org):
    from django.contrib.auth.models import AnonymousUser

    assert log_action(org, "core.test.anon", actor=AnonymousUser()).actor is None
