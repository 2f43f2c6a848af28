"""Answering the questions: the same pages serve a private link and staff entering answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.limits import WRONG_CODES, is_limited, note_attempt
from coproduce.core.links import absolute_url
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.ladder import domain
from coproduce.ladder.bank import NOT_SURE, Question, UnknownBankVersion
from coproduce.ladder.forms import AnswerForm, CodeForm, question_wording
from coproduce.ladder.models import Response
from coproduce.ladder.path_bank import AnyBank, PathBank, PathQuestion, load_any_bank
from coproduce.ladder.path_results import view_of
from coproduce.ladder.placement import place
from coproduce.people import reading

# Answering: the same question pages serve a private link and staff entering answers


@dataclass(frozen=True)
class Flow:
    """Where the answer pages of one response link to: the public link or the staff side."""

    response: Response
    proxy: bool
    base: str  # URL of the flow without the trailing page

    def question_url(self, number: int) -> str:
        return f"{self.base}q/{number}/"

    @property
    def check_url(self) -> str:
        return f"{self.base}check/"

    @property
    def start_url(self) -> str:
        return self.base if not self.proxy else self.round_url

    @property
    def voice(self) -> str:
        """Whose words the questions are in: "proxy" (staff typing in someone's answers),
        "person" (lived experience, about what happened to them) or "staff"."""
        if self.proxy:
            return "proxy"
        return "person" if self.response.is_lived else "staff"

    @property
    def round_url(self) -> str:
        r = self.response
        return reverse(
            "ladder_round_detail",
            kwargs={
                "org": r.organisation.slug,
                "pk": r.round.initiative_id,
                "round_pk": r.round_id,
            },
        )


def answer_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page of the private-link flow: no login, found by the token; an unknown token gets
    a plain page, not a bare 404. Never cached: the pages hold private answers."""

    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        response = (
            Response.objects.select_related("round__initiative", "organisation")
            .filter(token=token)
            .first()
        )
        if response is None:
            return _problem(request, None, "unknown", status=404)
        base = reverse("answer_start", kwargs={"token": token})
        return view(request, Flow(response, proxy=False, base=base), *args, **kwargs)

    return wrapper


def _proxy_flow(request: OrgRequest, pk: int, response_pk: int) -> Flow:
    response = get_for_org_or_404(
        Response.objects.select_related("round__initiative", "organisation", "person"),
        request.organisation,
        pk=response_pk,
        round__initiative_id=pk,
    )
    base = reverse(
        "ladder_proxy_start",
        kwargs={"org": request.organisation.slug, "pk": pk, "response_pk": response_pk},
    )
    return Flow(response, proxy=True, base=base)


def _problem(
    request: HttpRequest, flow: Flow | None, reason: str, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "ladder/answer_problem.html",
        {"flow": flow, "reason": reason, "response": flow.response if flow else None},
        status=status,
    )


def _blocked(request: HttpRequest, flow: Flow) -> HttpResponse | None:
    """The page to show instead when this response cannot take answers, else None."""
    try:
        domain.check_can_answer(flow.response, by_staff=flow.proxy)
    except domain.CannotAnswer as error:
        return _problem(request, flow, error.reason)
    if flow.proxy and flow.response.started_at and not flow.response.by_proxy:
        # They began through their own link: their answers are private, even from staff.
        return _problem(request, flow, "private")
    return None


def _bank(request: HttpRequest, flow: Flow) -> AnyBank | HttpResponse:
    try:
        return load_any_bank(flow.response.bank_version)
    except UnknownBankVersion:
        return _problem(request, flow, "bank_missing")


def _easy_read(request: HttpRequest) -> bool:
    return reading.wants_easy_read(request)


@never_cache
@require_http_methods(["GET", "POST"])
def answer_code(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if is_limited(request, WRONG_CODES):
        return render(
            request, "ladder/answer_code.html", {"form": form, "slow_down": True}, status=429
        )
    if request.method == "POST" and form.is_valid():
        response = Response.objects.filter(short_code=form.cleaned_data["code"]).first()
        if response is not None:
            return redirect("answer_start", token=response.token)
        note_attempt(request, WRONG_CODES)
        form.add_error("code", _("We cannot find that code. Check it and try again."))
    return render(request, "ladder/answer_code.html", {"form": form})


@answer_view
def answer_start(request: HttpRequest, flow: Flow) -> HttpResponse:
    bank = _bank(request, flow)
    if isinstance(bank, HttpResponse):
        return bank
    if blocked := _blocked(request, flow):
        return blocked
    return render(request, "ladder/answer_start.html", _flow_context(request, flow, bank))


@require_http_methods(["GET", "POST"])
@answer_view
def answer_question(request: HttpRequest, flow: Flow, number: int) -> HttpResponse:
    return _question_page(request, flow, number)


@require_http_methods(["GET", "POST"])
@answer_view
def answer_check(request: HttpRequest, flow: Flow) -> HttpResponse:
    return _check_page(request, flow)


@answer_view
def answer_saved(request: HttpRequest, flow: Flow) -> HttpResponse:
    if blocked := _blocked(request, flow):
        return blocked
    return render(request, "ladder/answer_saved.html", _flow_context(request, flow, None))


@answer_view
def answer_done(request: HttpRequest, flow: Flow) -> HttpResponse:
    if not flow.response.is_submitted:
        return redirect(flow.start_url)
    try:
        bank = load_any_bank(flow.response.bank_version)
    except UnknownBankVersion:
        bank = None
    own = None
    if isinstance(bank, PathBank):
        own = view_of(bank, place(bank, flow.response.answers))
    context = {
        "flow": flow,
        "response": flow.response,
        "own": own,
        "easy_read": _easy_read(request),
    }
    return render(request, "ladder/answer_done.html", context)


@org_view(Role.STAFF)
def proxy_start(request: OrgRequest, pk: int, response_pk: int) -> HttpResponse:
    flow = _proxy_flow(request, pk, response_pk)
    return redirect(flow.question_url(flow.response.position))


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def proxy_question(request: OrgRequest, pk: int, response_pk: int, number: int) -> HttpResponse:
    return _question_page(request, _proxy_flow(request, pk, response_pk), number)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def proxy_check(request: OrgRequest, pk: int, response_pk: int) -> HttpResponse:
    return _check_page(request, _proxy_flow(request, pk, response_pk))


def _flow_context(request: HttpRequest, flow: Flow, bank: AnyBank | None) -> dict[str, Any]:
    response = flow.response
    return {
        "flow": flow,
        "response": response,
        "initiative": response.round.initiative,
        "bank": bank,
        "total": len(bank.questions) if bank else None,
        "easy_read": _easy_read(request),
        "link": absolute_url(reverse("answer_start", kwargs={"token": response.token}), request),
        "code_url": absolute_url(reverse("answer_code"), request),
    }


def _question_page(request: HttpRequest, flow: Flow, number: int) -> HttpResponse:
    if "easy_read" in request.GET:  # the easy read switch: remembered for this visit
        reading.choose_version(request, request.GET["easy_read"] == "on")
        suffix = "?change=1" if request.GET.get("change") else ""
        return redirect(f"{flow.question_url(number)}{suffix}")
    bank = _bank(request, flow)
    if isinstance(bank, HttpResponse):
        return bank
    if blocked := _blocked(request, flow):
        return blocked
    if not 1 <= number <= len(bank.questions):
        raise Http404
    question = bank.questions[number - 1]
    easy_read = _easy_read(request)
    saving = request.POST.get("save") is not None
    changing = bool(request.POST.get("change") or request.GET.get("change"))
    form = AnswerForm(
        request.POST or None,
        question=question,
        easy_read=easy_read,
        voice=flow.voice,
        optional=saving,
        initial={"answer": flow.response.answers.get(question.key)},
    )
    if request.method == "POST" and form.is_valid():
        following = number + 1 if number < len(bank.questions) else number
        try:
            if form.cleaned_data["answer"]:
                domain.record_answer(
                    flow.response,
                    question.key,
                    form.cleaned_data["answer"],
                    entered_by=request.user if flow.proxy else None,
                    position=number if saving else following,
                )
            elif saving:
                domain.save_position(flow.response, number)
        except domain.CannotAnswer as error:
            return _problem(request, flow, error.reason)
        if saving:
            if flow.proxy:
                messages.success(request, _("The answers so far are saved."))
                return redirect(flow.round_url)
            return redirect("answer_saved", token=flow.response.token)
        if changing or number == len(bank.questions):
            return redirect(flow.check_url)
        return redirect(flow.question_url(number + 1))
    context = _flow_context(request, flow, bank)
    context.update(
        {
            "form": form,
            "question": question,
            "number": number,
            "changing": changing,
            "back_url": flow.check_url
            if changing
            else (flow.question_url(number - 1) if number > 1 else flow.start_url),
            "percent": round(100 * (number - 1) / len(bank.questions)),
        }
    )
    return render(request, "ladder/answer_question.html", context)


def _check_page(request: HttpRequest, flow: Flow) -> HttpResponse:
    bank = _bank(request, flow)
    if isinstance(bank, HttpResponse):
        return bank
    if request.method == "POST":
        try:
            sent = domain.submit_response(
                flow.response, entered_by=request.user if flow.proxy else None
            )
        except domain.CannotAnswer as error:
            return _problem(request, flow, error.reason)
        except UnknownBankVersion:
            return _problem(request, flow, "bank_missing")
        if not sent:
            messages.info(request, _("These answers were already sent. Nothing has changed."))
        if flow.proxy:
            if sent:
                messages.success(request, _("The answers are sent."))
            return redirect(flow.round_url)
        return redirect("answer_done", token=flow.response.token)
    if blocked := _blocked(request, flow):
        return blocked
    easy_read = _easy_read(request)
    rows = []
    questions: tuple[Question | PathQuestion, ...] = bank.questions
    for number, question in enumerate(questions, start=1):
        given = flow.response.answers.get(question.key)
        if given == NOT_SURE:
            shown = _("I don’t know")
        elif given:
            option = question.option(given)
            shown = option.easy_read if easy_read else option.text
        else:
            shown = ""
        rows.append(
            {
                "number": number,
                "question": question_wording(question, flow.voice, easy_read=easy_read),
                "answer": shown,
                "change_url": f"{flow.question_url(number)}?change=1",
            }
        )
    context = _flow_context(request, flow, bank)
    context.update(
        {
            "rows": rows,
            "unanswered": sum(1 for row in rows if not row["answer"]),
            "back_url": flow.question_url(len(bank.questions)),
        }
    )
    return render(request, "ladder/answer_check.html", context)


@org_view(Role.STAFF)
@require_POST
def link_renew(request: OrgRequest, pk: int, response_pk: int) -> HttpResponse:
    flow = _proxy_flow(request, pk, response_pk)
    try:
        domain.renew_link(flow.response, actor=request.user)
    except domain.CannotAnswer:
        messages.error(
            request,
            _("This person cannot get a new link: their answers are sent or the round is closed."),
        )
    else:
        messages.success(
            request,
            _("There is a new link and code. The old ones no longer work. Saved answers are kept."),
        )
    return redirect(flow.round_url)
