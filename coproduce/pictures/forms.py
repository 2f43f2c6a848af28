"""Adding a picture and choosing one for a point."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.plain_check import PlainCheckMixin

_FILE_NAME = re.compile(r"\S+\.(png|jpe?g|gif|webp|heic)", re.IGNORECASE)
MAX_BYTES = 5 * 1024 * 1024
# Photos only: an SVG could carry script, so the set of kinds is closed and checked by the
# file's first bytes, not its name.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def sniff(head: bytes) -> str | None:
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


class PictureUploadForm(PlainCheckMixin, forms.Form):
    # The words people hear in place of the picture: checked like any words for members.
    plain_fields = {"alt_text": False}
    plain_exempt = frozenset({"words"})  # only for staff searching the library

    image = forms.FileField(
        label=_("The picture"),
        help_text=_("A photo or drawing: PNG, JPEG, GIF or WebP, up to 5 MB."),
    )
    alt_text = forms.CharField(
        label=_("What the picture shows"),
        max_length=200,
        help_text=_(
            "People who cannot see the picture hear these words. Say what someone would see. "
            "For example: The front door of Riverside Hall."
        ),
    )
    words = forms.CharField(
        label=_("More words to find it by (optional)"), max_length=200, required=False
    )

    def clean_image(self) -> Any:
        upload = self.cleaned_data["image"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The picture is too big. Choose one under 5 MB."))
        head = upload.read(16)
        upload.seek(0)
        kind = sniff(head)
        if kind is None:
            raise forms.ValidationError(_("Choose a PNG, JPEG, GIF or WebP picture."))
        self.content_type = kind
        return upload

    def clean_alt_text(self) -> str:
        text = " ".join(self.cleaned_data["alt_text"].split())
        if len(text) < 3 or _FILE_NAME.fullmatch(text):
            raise forms.ValidationError(
                _("Say what the picture shows, in words. For example: Our named contact, Sam.")
            )
        return text


class ChoosePictureForm(forms.Form):
    plain_exempt = frozenset({"picture"})  # a picture's key, chosen from the list
    picture = forms.CharField(max_length=60)
