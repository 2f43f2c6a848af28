"""Warm-ups, 1-2-4-All and storyboards: the domain rules, and what the room may see."""

from __future__ import annotations

import json

import pytest

from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain
from coproduce.workshops.domain import Refused, methods
from coproduce.workshops.events import snapshot_text
from coproduce.workshops.models import (
    Activity,
    Group,
    GroupMember,
    Idea,
    Note,
    StoryStep,
    WarmUpAnswer,
)
from coproduce.workshops.queries import one_two_four_view
from coproduce.workshops.snapshot import room_snapshot
from tests.factories import ActivityFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(initiative):
    return WorkshopFactory(initiative=initiative, title="Garden ideas morning")


def people(workshop, lived: int, learnt: int, named: bool = False):
    made = []
    for n in range(lived + learnt):
        participant, _token = domain.join_workshop(
            workshop,
            capacity=Capacity.LIVED_CARE if n < lived else Capacity.LEARNT,
            display_name=f"Person {n}" if named else "",
        )
        made.append(participant)
    return made


# Warm-ups


@pytest.fixture
def warm_up(workshop, alice):
    activity = ActivityFactory(
        workshop=workshop,
        kind=Activity.Kind.WARM_UP,
        title="Weather report",
        warm_up="emoji_weather",
    )
    domain.start_activity(activity, actor=alice)
    return activity


def test_warm_up_answers_show_on_the_screen_without_names(warm_up, workshop):
    june, tom = people(workshop, 1, 1, named=True)
    methods.answer_warm_up(warm_up, june, text="  ☀️  ")
    methods.answer_warm_up(warm_up, tom, text="rainy")
    methods.answer_warm_up(warm_up, tom, text="windy")  # a new answer replaces the old
    snapshot = room_snapshot(workshop.pk)
    assert snapshot["a"]["answers"] == ["☀️", "windy"]
    assert snapshot["a"]["answered"] == 2
    assert "Person" not in snapshot_text(workshop.pk)


def test_warm_up_answers_are_short(warm_up, workshop):
    (june,) = people(workshop, 1, 0)
    with pytest.raises(Refused) as refused:
        methods.answer_warm_up(warm_up, june, text="x" * 31)
    assert refused.value.code == "too_long"
    with pytest.raises(Refused) as refused:
        methods.answer_warm_up(warm_up, june, text="   ")
    assert refused.value.code == "empty"


def test_facilitator_hides_an_answer_and_it_leaves_the_screen(warm_up, workshop, alice):
    june, tom = people(workshop, 1, 1)
    rude = methods.answer_warm_up(warm_up, june, text="rude word")
    methods.answer_warm_up(warm_up, tom, text="sunny")
    methods.hide_warm_up_answer(rude, actor=alice)
    assert room_snapshot(workshop.pk)["a"]["answers"] == ["sunny"]
    methods.hide_warm_up_answer(rude, hidden=False, actor=alice)
    assert room_snapshot(workshop.pk)["a"]["answers"] == ["rude word", "sunny"]


def test_passing_a_warm_up_is_fine_and_answering_takes_the_pass_back(warm_up, workshop):
    (june,) = people(workshop, 1, 0)
    domain.pass_activity(warm_up, june)
    assert room_snapshot(workshop.pk)["a"]["passes"] == 1
    methods.answer_warm_up(warm_up, june, text="ok")
    assert room_snapshot(workshop.pk)["a"]["passes"] == 0


# 1-2-4-All


@pytest.fixture
def one_two_four(workshop, alice):
    return ActivityFactory(
        workshop=workshop,
        kind=Activity.Kind.ONE_TWO_FOUR,
        title="What should we do next?",
        question="What should we do next to make the garden easier to use?",
        alone_minutes=1,
        pairs_minutes=3,
    )


def view_of(person, activity):
    activity.refresh_from_db()
    return one_two_four_view(person, activity)


def groups_now(activity, phase):
    found = {}
    for group_id, pk in GroupMember.objects.filter(activity=activity, phase=phase).values_list(
        "group__number", "participant_id"
    ):
        found.setdefault(group_id, set()).add(pk)
    return found


def test_one_two_four_moves_through_its_steps_with_their_own_timers(one_two_four, workshop, alice):
    people(workshop, 5, 4)  # nine people: four pairs and one three, then fours of 5 and 4
    domain.start_activity(one_two_four, actor=alice)
    one_two_four.refresh_from_db()
    assert one_two_four.phase == "alone"
    assert one_two_four.seconds_left() in range(59, 61)

    activity = methods.next_phase(workshop, actor=alice)
    assert activity.phase == "pairs"
    assert activity.seconds_left() in range(179, 181)
    pairs = groups_now(activity, "pairs")
    assert sorted(len(p) for p in pairs.values()) == [2, 2, 2, 3]

    methods.next_phase(workshop, actor=alice)
    fours = groups_now(activity, "fours")
    assert sorted(len(f) for f in fours.values()) == [4, 5]
    methods.next_phase(workshop, actor=alice)
    with pytest.raises(Refused) as refused:
        methods.next_phase(workshop, actor=alice)
    assert refused.value.code == "last"


def test_pairs_mix_lived_and_learnt_experience(one_two_four, workshop, alice):
    lived_people = people(workshop, 4, 4)[:4]
    domain.start_activity(one_two_four, actor=alice)
    methods.next_phase(workshop, actor=alice)
    for pair in groups_now(one_two_four, "pairs").values():
        assert len(pair & {p.pk for p in lived_people}) == 1


def test_a_note_on_your_own_stays_private_until_shared(one_two_four, workshop, alice):
    june, tom = people(workshop, 1, 1, named=True)
    domain.start_activity(one_two_four, actor=alice)
    methods.write_note(one_two_four, june, text="A secret worry about the steps")
    assert "secret" not in snapshot_text(workshop.pk)
    methods.next_phase(workshop, actor=alice)
    assert view_of(tom, one_two_four)["view"].shared_alone == []

    methods.share_note(one_two_four, june)
    assert view_of(tom, one_two_four)["view"].shared_alone == [
        ("Person 0", "A secret worry about the steps")
    ]
    assert "secret" not in snapshot_text(workshop.pk)


def test_pair_members_write_their_own_paragraphs_without_losing_each_others(
    one_two_four, workshop, alice
):
    june, tom = people(workshop, 1, 1)
    domain.start_activity(one_two_four, actor=alice)
    methods.next_phase(workshop, actor=alice)
    # Both start from an empty note and save at the same moment: both keep their words.
    methods.write_note(one_two_four, june, text="Ramp first", revision=0)
    methods.write_note(one_two_four, tom, text="Ask the gardeners", revision=0)
    view = view_of(june, one_two_four)["view"]
    assert view.members == ["You", "Someone who stays anonymous"]
    assert view.paragraphs == [("Someone who stays anonymous", "Ask the gardeners")]
    assert view_of(june, one_two_four)["note"].text == "Ramp first"
    # The room learns the pair's revision, never the words.
    snapshot = room_snapshot(workshop.pk)
    assert list(snapshot["a"]["groups"].values()) == [3]  # formed, then two notes
    assert "Ramp" not in snapshot_text(workshop.pk)


def test_a_second_tab_saving_an_old_version_is_caught(one_two_four, workshop, alice):
    (june,) = people(workshop, 1, 0)
    domain.start_activity(one_two_four, actor=alice)
    methods.write_note(one_two_four, june, text="First try", revision=0)
    with pytest.raises(Refused) as refused:
        methods.write_note(one_two_four, june, text="From the old tab", revision=0)
    assert refused.value.code == "stale"
    assert Note.objects.get(participant=june).text == "First try"


def test_each_four_offers_one_best_idea_which_a_later_dotmocracy_takes_in(
    one_two_four, workshop, alice
):
    group_people = people(workshop, 2, 2)
    domain.start_activity(one_two_four, actor=alice)
    for _step in range(3):
        methods.next_phase(workshop, actor=alice)
    four = Group.objects.get(activity=one_two_four, phase="fours")
    first = methods.offer_best_idea(four, text="Ramp by the door", participant=group_people[0])
    second = methods.offer_best_idea(
        four, text="A ramp by the back door", participant=group_people[1]
    )
    # The earlier idea is kept, marked as replaced, and no longer the four's.
    first.refresh_from_db()
    assert (first.group, first.replaced_in, first.replaced_by) == (None, four, second)
    assert (second.group, second.added_by) == (four, group_people[1])
    assert methods.offer_best_idea(four, text="A ramp by the back door") == second  # same words
    assert Idea.objects.filter(activity=one_two_four).count() == 2
    assert room_snapshot(workshop.pk)["a"]["best"] == [
        {"id": second.pk, "text": "A ramp by the back door"}
    ]
    # The four sees what changed, and who offered the earlier idea.
    view = one_two_four_view(group_people[1], Activity.objects.get(pk=one_two_four.pk))["view"]
    assert (view.best_idea, view.replaced) == (
        second,
        [("Ramp by the door", "Someone who stays anonymous")],
    )

    dotmocracy = ActivityFactory(workshop=workshop, order=one_two_four.order + 1)
    assert methods.take_in_ideas(dotmocracy, actor=alice) == 1
    assert methods.take_in_ideas(dotmocracy, actor=alice) == 0  # not twice
    copy = Idea.objects.get(activity=dotmocracy)
    assert (copy.text, copy.source.group) == ("A ramp by the back door", four)


def test_in_the_all_step_late_arrivals_join_a_four_and_leavers_leave_it(
    one_two_four, workshop, alice
):
    four_people = people(workshop, 2, 2)
    domain.start_activity(one_two_four, actor=alice)
    for _step in range(3):
        methods.next_phase(workshop, actor=alice)
    four = Group.objects.get(activity=one_two_four, phase="fours")
    late = domain.join_workshop(workshop, capacity=Capacity.LEARNT)[0]
    assert GroupMember.objects.filter(participant=late, group=four).exists()  # joined late
    domain.leave_workshop(four_people[0])
    assert not GroupMember.objects.filter(participant=four_people[0], phase="fours").exists()


def test_late_arrivals_join_a_pair_and_leavers_leave_nobody_alone(one_two_four, workshop, alice):
    june, tom, ann, bea = people(workshop, 2, 2)
    domain.start_activity(one_two_four, actor=alice)
    methods.next_phase(workshop, actor=alice)
    late = domain.join_workshop(workshop, capacity=Capacity.LIVED_CARER)[0]
    sizes = sorted(len(p) for p in groups_now(one_two_four, "pairs").values())
    assert sizes == [2, 3]
    assert any(late.pk in p for p in groups_now(one_two_four, "pairs").values())

    pair_of_two = next(p for p in groups_now(one_two_four, "pairs").values() if len(p) == 2)
    leaver = next(person for person in (june, tom, ann, bea) if person.pk in pair_of_two)
    domain.leave_workshop(leaver)
    assert sorted(len(p) for p in groups_now(one_two_four, "pairs").values()) == [4]


def test_facilitator_swaps_two_people(one_two_four, workshop, alice):
    june, tom, ann, bea = people(workshop, 2, 2)
    domain.start_activity(one_two_four, actor=alice)
    methods.next_phase(workshop, actor=alice)
    before = groups_now(one_two_four, "pairs")
    first = next(iter(before[1]))
    second = next(iter(before[2]))
    methods.swap_people(
        one_two_four,
        first=next(p for p in (june, tom, ann, bea) if p.pk == first),
        second=next(p for p in (june, tom, ann, bea) if p.pk == second),
        actor=alice,
    )
    after = groups_now(one_two_four, "pairs")
    assert after[1] == (before[1] - {first}) | {second}
    assert after[2] == (before[2] - {second}) | {first}


# Storyboards


@pytest.fixture
def storyboard(workshop, alice):
    return ActivityFactory(
        workshop=workshop,
        kind=Activity.Kind.STORYBOARD,
        title="Getting support at home",
        group_size=3,
    )


def test_storyboard_groups_form_when_it_starts_and_steps_reorder(storyboard, workshop, alice):
    june, *_others = people(workshop, 3, 3)
    domain.start_activity(storyboard, actor=alice)
    boards = Group.objects.filter(activity=storyboard, phase="board")
    assert boards.count() == 2
    board = GroupMember.objects.get(participant=june).group
    first = methods.add_step(board, participant=june)
    second = methods.add_step(board, participant=june)
    methods.move_step(second, up=True, participant=june)
    assert list(board.steps.values_list("pk", flat=True)) == [second.pk, first.pk]
    methods.move_step(second, up=True, participant=june)  # already first: nothing moves
    assert list(board.steps.values_list("pk", flat=True)) == [second.pk, first.pk]
    methods.set_feeling(first, feeling=2, participant=june)
    assert StoryStep.objects.get(pk=first.pk).get_feeling_display() == "Bad"


def test_two_people_editing_one_box_keep_both_their_words(storyboard, workshop, alice):
    people(workshop, 2, 1)
    domain.start_activity(storyboard, actor=alice)
    board = Group.objects.get(activity=storyboard)
    june, tom = [m.participant for m in board.members.order_by("participant_id")[:2]]
    step = methods.add_step(board, participant=june)
    methods.edit_step(step, field="barriers", text="Long forms", base="", participant=june)
    methods.edit_step(step, field="barriers", text="No one calls back", base="", participant=tom)
    methods.edit_step(step, field="who", text="A social worker", base="", participant=tom)
    step.refresh_from_db()
    assert step.barriers == "Long forms\nNo one calls back"
    assert step.who == "A social worker"


def test_two_phones_saving_the_same_step_keep_everyone_s_words(storyboard, workshop, alice):
    people(workshop, 2, 1)
    domain.start_activity(storyboard, actor=alice)
    board = Group.objects.get(activity=storyboard)
    june, tom = [m.participant for m in board.members.order_by("participant_id")[:2]]
    step = methods.add_step(board, participant=june)
    empty = ("", "")
    # Both phones show the empty step. June saves first; Tom's page still shows it empty.
    methods.save_step(
        step,
        texts={"happening": ("Calling the GP", ""), "who": empty, "barriers": ("Long forms", "")},
        feeling=(2, None),
        participant=june,
    )
    methods.save_step(
        step,
        texts={"happening": empty, "who": ("A receptionist", ""), "barriers": ("No reply", "")},
        feeling=(None, None),
        participant=tom,
    )
    step.refresh_from_db()
    assert (step.happening, step.who, step.barriers, step.feeling, step.revision) == (
        "Calling the GP",
        "A receptionist",
        "Long forms\nNo reply",
        2,
        2,
    )
    # Tom saw June's words, and adds to them; June, from the same page, changes the feeling.
    methods.save_step(
        step,
        texts={"happening": ("Calling the GP at 8am", "Calling the GP")},
        feeling=(2, 2),
        participant=tom,
    )
    methods.save_step(
        step,
        texts={"happening": ("Calling the GP", "Calling the GP")},
        feeling=(1, 2),
        participant=june,
    )
    step.refresh_from_db()
    assert (step.happening, step.feeling, step.revision) == ("Calling the GP at 8am", 1, 4)


def test_saving_a_step_with_nothing_changed_tells_nobody(storyboard, workshop, alice):
    (june,) = people(workshop, 1, 0)
    domain.start_activity(storyboard, actor=alice)
    board = Group.objects.get(activity=storyboard)
    step = methods.add_step(board, participant=june)
    before = Group.objects.get(pk=board.pk).revision
    methods.save_step(step, texts={"who": ("", "")}, feeling=(None, None), participant=june)
    assert (
        StoryStep.objects.get(pk=step.pk).revision,
        Group.objects.get(pk=board.pk).revision,
    ) == (
        0,
        before,
    )
    with pytest.raises(Refused) as refused:
        methods.save_step(step, texts={"title": ("x", "")}, participant=june)
    assert refused.value.code == "bad_field"


def test_only_a_group_member_edits_its_board(storyboard, workshop, alice):
    people(workshop, 3, 3)
    domain.start_activity(storyboard, actor=alice)
    first, second = Group.objects.filter(activity=storyboard).order_by("number")
    outsider = second.members.first().participant
    with pytest.raises(Refused) as refused:
        methods.add_step(first, participant=outsider)
    assert refused.value.code == "not_in_group"


def test_a_facilitator_enters_a_paper_storyboard_step_by_proxy(storyboard, workshop, alice):
    paper = domain.add_paper_participant(workshop, capacity=Capacity.LIVED_CARE, actor=alice)
    domain.start_activity(storyboard, actor=alice)
    board = GroupMember.objects.get(participant=paper).group
    step = methods.add_step(
        board,
        participant=paper,
        entered_by=alice,
        happening="Waiting for the assessment",
        feeling=1,
    )
    assert (step.happening, step.feeling, step.by_proxy) == ("Waiting for the assessment", 1, True)


def test_the_snapshot_never_carries_board_words(storyboard, workshop, alice):
    (june,) = people(workshop, 1, 0)
    domain.start_activity(storyboard, actor=alice)
    board = Group.objects.get(activity=storyboard)
    step = methods.add_step(board, participant=june)
    methods.edit_step(step, field="happening", text="Calling the GP", base="", participant=june)
    text = snapshot_text(workshop.pk)
    assert "Calling" not in text
    assert json.loads(text)["a"]["groups"] == {str(board.pk): 3}


def test_warm_up_answers_cannot_go_to_a_closed_activity(workshop, alice):
    activity = ActivityFactory(workshop=workshop, kind=Activity.Kind.WARM_UP)
    (june,) = people(workshop, 1, 0)
    with pytest.raises(Refused) as refused:
        methods.answer_warm_up(activity, june, text="hi")
    assert refused.value.code == "closed"
    assert WarmUpAnswer.objects.count() == 0
