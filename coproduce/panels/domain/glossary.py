"""The organisation's glossary of jargon, with a starter list to build on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.audit import log_action
from coproduce.core.models import Organisation
from coproduce.panels.models import GlossaryTerm

if TYPE_CHECKING:
    from coproduce.accounts.models import User

# (term, plain words, meaning, easy read meaning, other spellings). Social care terms as the
# TLAP Care and Support Jargon Buster explains them, and words the GOV.UK style guide asks
# writers to avoid. Organisations change and add to these.
STARTER = [
    (
        "co-production",
        gettext_lazy("working together as equals"),
        gettext_lazy(
            "People who use services, carers and staff working together as equals, from the "
            "start to the end of a piece of work."
        ),
        gettext_lazy("We work together.\nEveryone has an equal say."),
        "coproduction, co-produce, co-produced",
    ),
    (
        "commissioning",
        gettext_lazy("choosing and paying for services"),
        gettext_lazy("How the council decides which services to pay for, and who provides them."),
        gettext_lazy("How the council chooses services and pays for them."),
        "commission, commissioned, commissioners",
    ),
    (
        "personal budget",
        "",
        gettext_lazy(
            "The money the council says it will cost to meet your care and support needs."
        ),
        gettext_lazy("Money for your care and support."),
        "personal budgets",
    ),
    (
        "direct payment",
        "",
        gettext_lazy(
            "Money paid to you, or someone acting for you, to arrange your own care and support."
        ),
        gettext_lazy("Money paid to you.\nYou use it to choose your own support."),
        "direct payments",
    ),
    (
        "reablement",
        gettext_lazy("short-term help to get back on your feet"),
        gettext_lazy(
            "Short-term support, often after a stay in hospital, to help you do things for "
            "yourself again."
        ),
        gettext_lazy("Help for a short time.\nIt helps you do things for yourself again."),
        "",
    ),
    (
        "care and support plan",
        "",
        gettext_lazy("A written plan of the care and support you will get, and who gives it."),
        gettext_lazy("A plan that says what help you get."),
        "care plan, support plan",
    ),
    (
        "eligibility",
        gettext_lazy("whether you can get it"),
        gettext_lazy("Whether you can get care and support paid for by the council."),
        gettext_lazy("If you can get help from the council."),
        "eligible",
    ),
    (
        "outcomes",
        gettext_lazy("what changes for people"),
        gettext_lazy("The difference something makes to people's lives."),
        gettext_lazy("What gets better for people."),
        "outcome",
    ),
    (
        "stakeholders",
        gettext_lazy("people involved"),
        gettext_lazy("Everyone who has an interest in a service or a decision."),
        gettext_lazy("People who care about what happens."),
        "stakeholder",
    ),
    (
        "utilise",
        gettext_lazy("use"),
        gettext_lazy("Use."),
        gettext_lazy("Use."),
        "utilize, utilisation",
    ),
    (
        "facilitate",
        gettext_lazy("help, run"),
        gettext_lazy("Help something happen, or run a meeting."),
        gettext_lazy("Help or run."),
        "facilitator, facilitating",
    ),
    (
        "key",
        gettext_lazy("important"),
        gettext_lazy("Important. GOV.UK asks writers to say important, or leave it out."),
        gettext_lazy("Important."),
        "",
    ),
]


def add_glossary_term(organisation: Organisation, *, actor: User, **fields: Any) -> GlossaryTerm:
    """Side effects: saves a GlossaryTerm; logs "panels.glossary.added"."""
    if GlossaryTerm.objects.filter(
        organisation=organisation, term__iexact=fields["term"].strip()
    ).exists():
        raise ValidationError(_("The glossary already has this word."), code="duplicate")
    term = GlossaryTerm.objects.create(organisation=organisation, **fields)
    log_action(term, "panels.glossary.added", actor=actor)
    return term


def update_glossary_term(term: GlossaryTerm, /, *, actor: User, **fields: Any) -> GlossaryTerm:
    """Side effects: saves the GlossaryTerm; logs "panels.glossary.updated"."""
    clash = GlossaryTerm.objects.filter(
        organisation=term.organisation, term__iexact=fields.get("term", term.term).strip()
    ).exclude(pk=term.pk)
    if clash.exists():
        raise ValidationError(_("The glossary already has this word."), code="duplicate")
    for name, value in fields.items():
        setattr(term, name, value)
    term.save()
    log_action(term, "panels.glossary.updated", actor=actor)
    return term


def remove_glossary_term(term: GlossaryTerm, *, actor: User) -> None:
    """Side effects: deletes the GlossaryTerm; logs "panels.glossary.removed"."""
    log_action(term, "panels.glossary.removed", actor=actor, data={"term": term.term})
    term.delete()


def add_starter_glossary(organisation: Organisation, *, actor: User) -> int:
    """Add the starter terms the organisation does not have yet. Returns how many.

    Side effects: saves GlossaryTerms; logs "panels.glossary.starter_added" (how many).
    """
    have = {
        t.lower()
        for t in GlossaryTerm.objects.filter(organisation=organisation).values_list(
            "term", flat=True
        )
    }
    with transaction.atomic():
        new = GlossaryTerm.objects.bulk_create(
            GlossaryTerm(
                organisation=organisation,
                term=term,
                plain=str(plain),
                definition=str(definition),
                easy_read=str(easy_read),
                synonyms=synonyms,
                source="TLAP Care and Support Jargon Buster; GOV.UK style guide",
            )
            for term, plain, definition, easy_read, synonyms in STARTER
            if term.lower() not in have
        )
        log_action(
            organisation, "panels.glossary.starter_added", actor=actor, data={"count": len(new)}
        )
    return len(new)
