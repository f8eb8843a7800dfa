"""The principles as a living document: a draft is written, members and citizens comment
on it ("kvalificering"), and a version is adopted. Adopted versions are never changed;
the next draft starts as a copy of the newest version."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.common.errors import too_long
from skabsammen.common.permissions import require
from skabsammen.common.text import danish_slug

from ..models import (
    COMMENT_MAX,
    PRINCIPLE_TEXT_MAX,
    TITLE_MAX,
    Body,
    Principle,
    PrincipleComment,
    PrinciplesDocument,
    PrinciplesVersion,
    VersionStatus,
)


def _clean_principles(principles) -> list[tuple[int | None, str, str]]:
    """Rows of (id or None, title, text), or of (title, text); empty rows left out."""
    cleaned = []
    for row in principles:
        pk, title, text = row if len(row) == 3 else (None, *row)
        title, text = title.strip(), text.strip()
        if not title and not text:
            continue
        if not title or not text:
            raise ValidationError(
                _("Each principle needs both a title and a text."), code="incomplete_principle"
            )
        if len(title) > TITLE_MAX:
            raise ValidationError(too_long(_("A title"), TITLE_MAX))
        if len(text) > PRINCIPLE_TEXT_MAX:
            raise ValidationError(too_long(_("A principle's text"), PRINCIPLE_TEXT_MAX))
        cleaned.append((pk, title, text))
    if not cleaned:
        raise ValidationError(_("Write at least one principle."), code="no_principles")
    return cleaned


@transaction.atomic
def principles_document_create(*, actor, body: Body, title: str) -> PrinciplesDocument:
    if actor is not None:
        require("committees.manage", actor)
    title = title.strip()
    if not title:
        raise ValidationError(
            {"title": ValidationError(_("Give the document a title."), "required")}
        )
    slug = danish_slug(title)[:80] or "principper"
    if PrinciplesDocument.objects.filter(body=body, slug=slug).exists():
        raise ValidationError(
            {
                "title": ValidationError(
                    _("The body already has a document by that name."), "duplicate"
                )
            }
        )
    document = PrinciplesDocument.objects.create(body=body, title=title[:TITLE_MAX], slug=slug)
    audit_record(actor=actor, action="principles.create", obj=document)
    return document


@transaction.atomic
def principles_draft_save(
    *, actor, document: PrinciplesDocument, introduction: str, principles: list[tuple[str, str]]
) -> PrinciplesVersion:
    """Write the draft: the open one is replaced, else a new version number is begun.

    A row that names a principle of the draft by its id changes it, so its comments
    stay with it; a principle with comments cannot be taken out of the draft."""
    if actor is not None:
        require("committees.manage", actor)
    cleaned = _clean_principles(principles)
    draft = document.versions.select_for_update().filter(status=VersionStatus.DRAFT).first()
    if draft is None:
        number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        draft = PrinciplesVersion.objects.create(document=document, number=number)
    draft.introduction = introduction.strip()
    draft.save(update_fields=["introduction"])
    kept = {p.pk: p for p in draft.principles.all()}
    chosen = {pk for pk, _title, _text in cleaned if pk is not None}
    if dropped := [p for pk, p in kept.items() if pk not in chosen and p.comments.exists()]:
        raise ValidationError(
            _("“%(title)s” has comments and cannot be taken out of this draft.")
            % {"title": dropped[0].title},
            code="has_comments",
        )
    for position, (pk, title, text) in enumerate(cleaned, 1):
        principle = kept.pop(pk, None) or Principle(version=draft)
        principle.position, principle.title, principle.text = position, title, text
        principle.save()
    for gone in kept.values():
        gone.delete()
    audit_record(actor=actor, action="principles.draft", obj=draft, principles=len(cleaned))
    return draft


@transaction.atomic
def principle_comment_add(*, actor, principle: Principle, text: str) -> PrincipleComment:
    """A member's or a citizen's comment on a principle in a draft open for comments."""
    require("committees.comment_principles", actor)
    version = PrinciplesVersion.objects.select_for_update().get(pk=principle.version_id)
    if version.status != VersionStatus.DRAFT or not version.comments_open:
        raise ValidationError(_("This version is not open for comments."), code="closed")
    text = text.strip()
    if not text:
        raise ValidationError({"text": ValidationError(_("Write your comment."), "required")})
    if len(text) > COMMENT_MAX:
        raise ValidationError({"text": too_long(_("The comment"), COMMENT_MAX)})
    comment = PrincipleComment.objects.create(principle=principle, author=actor, text=text)
    audit_record(actor=actor, action="principles.comment", obj=comment)
    return comment


@transaction.atomic
def principles_version_adopt(*, actor, version: PrinciplesVersion) -> PrinciplesVersion:
    """Adopt the draft; the version adopted before it is superseded."""
    if actor is not None:
        require("committees.manage", actor)
    version = PrinciplesVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be adopted."), code="wrong_status")
    version.document.versions.filter(status=VersionStatus.ADOPTED).update(
        status=VersionStatus.SUPERSEDED
    )
    version.status = VersionStatus.ADOPTED
    version.comments_open = False
    version.adopted_at = timezone.now()
    version.save(update_fields=["status", "comments_open", "adopted_at"])
    audit_record(actor=actor, action="principles.adopt", obj=version)
    return version


@transaction.atomic
def principles_draft_from(*, actor, document: PrinciplesDocument) -> PrinciplesVersion:
    """Begin a new draft as a copy of the newest version."""
    if actor is not None:
        require("committees.manage", actor)
    if document.versions.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationError(_("There is already a draft."), code="draft_exists")
    newest = document.versions.order_by("-number").first()
    principles = [(None, p.title, p.text) for p in newest.principles.all()] if newest else []
    return principles_draft_save(
        actor=actor,
        document=document,
        introduction=newest.introduction if newest else "",
        principles=principles or [(None, _("New principle"), "…")],
    )
