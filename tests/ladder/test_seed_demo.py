from django.core.management import call_command

from coproduce.initiatives.models import Initiative
from coproduce.ladder.models import Action, Response
from coproduce.ladder.queries import ladder_results_for


def test_seed_demo_gives_the_garden_a_scored_round_once(db):
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)
    garden = Initiative.objects.get(title="Make the garden easy to use")
    results = ladder_results_for(garden)
    current = results.current
    assert (
        Response.objects.filter(round__initiative=garden, submitted_at__isnull=False).count() == 12
    )
    assert [r.round.number for r in results.rounds] == [1]
    assert (current.lived.size, current.learnt.size) == (8, 4)
    assert (results.rung.key, results.claim_too_high, current.comparison.rung_flagged) == (
        "engagement",
        True,
        True,
    )
    # Residents and carers say they picked between plans; staff say people designed it.
    assert (current.lived_rung.key, current.learnt_rung.key) == ("consultation", "co_design")
    assert current.comparison.differences
    assert Action.objects.count() == 2
    assert Response.objects.filter(by_proxy=True).count() == 1
