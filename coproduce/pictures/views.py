from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.pictures import domain
from coproduce.pictures.forms import ChoosePictureForm, PictureUploadForm
from coproduce.pictures.models import OrgPicture
from coproduce.pictures.owners import read_owner
from coproduce.pictures.points import resolve, sections_for
from coproduce.pictures.queries import pictures_for_search, uses_of_picture


@require_GET
def picture_file(request: HttpRequest, token: str) -> FileResponse:
    """An organisation's own picture. Public, like the pages it is on; the address is a
    random token, so pictures cannot be listed by guessing numbers."""
    picture = get_object_or_404(OrgPicture, token=token)
    response = FileResponse(picture.image.open("rb"), content_type=picture.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def picture_library(request: OrgRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    form = PictureUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        domain.add_picture(
            request.organisation,
            actor=request.user,
            upload=form.cleaned_data["image"],
            content_type=form.content_type,
            alt_text=form.cleaned_data["alt_text"],
            words=form.cleaned_data["words"],
        )
        messages.success(request, _("The picture is added. You can choose it for any point."))
        return redirect("picture_library", org=request.organisation.slug)
    return render(
        request,
        "pictures/library.html",
        {
            "form": form,
            "query": query,
            "results": pictures_for_search(request.organisation, query),
            "own": OrgPicture.objects.for_organisation(request.organisation),
        },
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def picture_delete(request: OrgRequest, picture_pk: int) -> HttpResponse:
    """Ask first, saying which points have the picture and what they show instead."""
    picture = get_for_org_or_404(OrgPicture, request.organisation, pk=picture_pk)
    if request.method == "POST":
        points = domain.delete_picture(picture, actor=request.user)
        messages.success(
            request,
            ngettext(
                "The picture is deleted. %(n)s point shows another picture now.",
                "The picture is deleted. %(n)s points show other pictures now.",
                points,
            )
            % {"n": points},
        )
        return redirect("picture_library", org=request.organisation.slug)
    return render(
        request, "pictures/delete.html", {"picture": picture, "uses": uses_of_picture(picture)}
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def choose_pictures(request: OrgRequest, kind: str, owner_pk: int) -> HttpResponse:
    """Every point of one easy read text with its picture; pick one point to change it."""
    owner = f"{kind[:40]}:{owner_pk}"
    owned = read_owner(request.organisation, owner)
    if owned is None:
        raise Http404
    sections = sections_for(
        owned.text,
        organisation=request.organisation,
        owner=owner,
        presets=owned.presets,
        fallback=owned.fallback,
    )
    points = [p for s in sections for p in s.points]
    point_param = request.GET.get("point", "")
    point = None
    if point_param.isascii() and point_param.isdigit() and int(point_param[:5]) < len(points):
        point = points[int(point_param)]
    query = request.GET.get("q", "")[:100]
    form = ChoosePictureForm(request.POST or None)
    if request.method == "POST":
        if point is None:
            raise Http404
        if form.is_valid() and resolve(form.cleaned_data["picture"], request.organisation):
            domain.choose_point_picture(
                request.organisation,
                actor=request.user,
                owner=owner,
                index=point.index,
                picture=form.cleaned_data["picture"],
            )
            messages.success(request, _("The picture is changed."))
            return redirect(f"{request.path}#point-{point.index}")
        form.add_error("picture", _("Choose a picture from the list."))
    htmx = bool(getattr(request, "htmx", False))  # set by django-htmx middleware
    template = "pictures/choose.html#results" if htmx else "pictures/choose.html"
    back = owned.back_url
    if not url_has_allowed_host_and_scheme(back, None):
        back = "/"
    return render(
        request,
        template,
        {
            "owner": owner,
            "owned": owned,
            "back_url": back,
            "sections": sections,
            "point": point,
            "query": query,
            "form": form,
            "results": pictures_for_search(request.organisation, query) if point else [],
        },
    )
