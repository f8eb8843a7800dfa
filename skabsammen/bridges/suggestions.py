"""Suggestions for an idea: similar ideas, organisations and contacts, ranked, each with
its reason in words (the ranking itself is `ranking.py`).

Every candidate's vector, topics, district and flags are held in per-process arrays, so
that one idea's suggestions over 100,000 ideas and 10,000 organisations are a few matrix
products. The arrays are read again when a cheap key changes: the count and latest change
of ideas, of organisations and of contacts, of their topics and districts (the rows of the
many-to-many tables: their ids only grow), and of the stored vectors (an index on their
`computed_at` keeps that a lookup).
"""

import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from skabsammen.initiatives.models import ACTIVE_STATUSES, Initiative, Ownership, Status
from skabsammen.municipality.models import District, Topic
from skabsammen.themes.models import InputVector

from . import ranking
from .models import Contact, Dismissal, Organisation, OrganisationVector, SuggestionKind

SOURCE = "initiative"  # the ideas' source in the stream of citizen input
PUBLIC_STATUSES = (*ACTIVE_STATUSES, Status.REALISED)


@dataclass
class Suggestion:
    kind: str  # a SuggestionKind value
    target_id: int
    title: str  # the idea's title, or the organisation's or contact's name
    score: float  # 0..1, higher is better
    reason: str  # in words, in the reader's language
    object: Any = None  # the Initiative, Organisation or Contact
    is_private: bool = False  # a similar idea that is not public (staff only)
    organisation: str = ""  # a contact's organisation's name


@dataclass
class Suggestions:
    similar_initiatives: list[Suggestion] = field(default_factory=list)
    organisations: list[Suggestion] = field(default_factory=list)
    contacts: list[Suggestion] = field(default_factory=list)
    pending: bool = False  # the idea's text has no stored vector yet


# The per-process arrays --------------------------------------------------------------

_lock = threading.Lock()
_ideas: dict = {}
_directory: dict = {}


def _stamp(queryset, field_name: str) -> tuple:
    # Two queries, not one: alone, each is answered from an index (SQLite scans the whole
    # table for a COUNT and a MAX together).
    return queryset.count(), queryset.aggregate(at=Max(field_name))["at"]


def _areas() -> np.ndarray:
    from skabsammen.insight.themes import area_vectors

    return area_vectors()


def _blob_matrix(blobs: list[bytes]) -> np.ndarray:
    dim = ranking_dim()
    zero = bytes(dim * 4)
    joined = b"".join(bytes(b) if b and len(b) == dim * 4 else zero for b in blobs)
    return np.frombuffer(joined, dtype=np.float32).reshape(len(blobs), dim)


def ranking_dim() -> int:
    from skabsammen.themes.services import DIM

    return DIM


@dataclass
class IdeaArrays:
    key: tuple
    candidates: ranking.Candidates
    public: np.ndarray  # public and active or realised
    private: np.ndarray
    centre: np.ndarray
    areas: np.ndarray
    generation: int


def _ideas_key() -> tuple:
    through = Initiative.topics.through.objects
    return (
        _stamp(Initiative.objects.all(), "updated_at"),
        _stamp(through.all(), "pk"),
        # Index lookups only: counting the vectors would read the whole table. A vector
        # computed again has a later `computed_at`; a deleted one goes with its idea.
        InputVector.objects.aggregate(at=Max("computed_at"))["at"],
        InputVector.objects.aggregate(last=Max("input_id"))["last"],
    )


def idea_arrays() -> IdeaArrays:
    """Every idea's vector, topics, district and flags, read again when they changed."""
    key = _ideas_key()
    with _lock:
        cached = _ideas.get("arrays")
        if cached is None or cached.key != key:
            generation = (cached.generation + 1) if cached else 1
            _ideas["arrays"] = _load_ideas(key, generation)
        return _ideas["arrays"]


def _load_ideas(key: tuple, generation: int) -> IdeaArrays:
    rows = list(
        Initiative.objects.order_by("id").values_list("id", "status", "is_public", "district_id")
    )
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    position = {pk: i for i, pk in enumerate(ids.tolist())}
    topics: list[list[int]] = [[] for _ in rows]
    for initiative_id, topic_id in Initiative.topics.through.objects.values_list(
        "initiative_id", "topic_id"
    ):
        topics[position[initiative_id]].append(topic_id)
    blobs: list[bytes] = [b""] * len(rows)
    stored = InputVector.objects.filter(input__source=SOURCE).values_list("input__key", "vector")
    for key_text, blob in stored.iterator(chunk_size=5000):
        row = position.get(int(key_text)) if key_text.isdigit() else None
        if row is not None:
            blobs[row] = blob
    raw = _blob_matrix(blobs)
    areas = _areas()
    centre = ranking.centre_of(raw)
    space = ranking.project(raw, centre, areas)
    del raw
    statuses = np.array([r[1] for r in rows], dtype="U20")
    is_public = np.fromiter((r[2] for r in rows), dtype=bool, count=len(rows))
    candidates = ranking.Candidates.build(
        ids,
        space,
        topics,
        [[r[3]] if r[3] is not None else [] for r in rows],
        n_topics=_width(t for found in topics for t in found),
        n_districts=_width(r[3] for r in rows if r[3] is not None),
        eligible=statuses != Status.WITHDRAWN.value,
    )
    in_public_status = np.isin(statuses, [str(s.value) for s in PUBLIC_STATUSES])
    return IdeaArrays(
        key=key,
        candidates=candidates,
        public=is_public & in_public_status,
        private=~is_public,
        centre=centre,
        areas=areas,
        generation=generation,
    )


def _width(ids) -> int:
    return max(ids, default=0) + 1


@dataclass
class DirectoryArrays:
    key: tuple
    organisations: ranking.Candidates
    raw: np.ndarray  # the organisations' stored vectors, before projection
    contacts: ranking.Candidates
    contact_organisation: np.ndarray  # each contact's row among the organisations
    generation: int = 0  # of the ideas' arrays whose centre `organisations.space` uses


def _directory_key() -> tuple:
    return (
        _stamp(Organisation.objects.all(), "updated_at"),
        _stamp(Organisation.topics.through.objects.all(), "pk"),
        _stamp(Organisation.districts.through.objects.all(), "pk"),
        _stamp(OrganisationVector.objects.all(), "computed_at"),
        _stamp(Contact.objects.all(), "updated_at"),
        _stamp(Contact.topics.through.objects.all(), "pk"),
        _stamp(Contact.districts.through.objects.all(), "pk"),
    )


def directory_arrays(ideas: IdeaArrays) -> DirectoryArrays:
    """Every organisation's and contact's vector, topics, districts and flags."""
    key = _directory_key()
    with _lock:
        cached = _directory.get("arrays")
        if cached is None or cached.key != key:
            cached = _directory["arrays"] = _load_directory(key)
        if cached.generation != ideas.generation:
            cached.organisations.space = ranking.project(cached.raw, ideas.centre, ideas.areas)
            cached.generation = ideas.generation
        return cached


def _pairs(through, owner: str, other: str) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for pk, value in through.objects.values_list(owner, other):
        found.setdefault(pk, []).append(value)
    return found


def _load_directory(key: tuple) -> DirectoryArrays:
    organisations = list(Organisation.objects.order_by("id").values_list("id", "is_active"))
    ids = [pk for pk, _ in organisations]
    position = {pk: i for i, pk in enumerate(ids)}
    blobs: list[bytes] = [b""] * len(ids)
    for pk, blob in OrganisationVector.objects.values_list("organisation_id", "vector"):
        if pk in position:
            blobs[position[pk]] = blob
    raw = _blob_matrix(blobs)
    topics = _pairs(Organisation.topics.through, "organisation_id", "topic_id")
    districts = _pairs(Organisation.districts.through, "organisation_id", "district_id")
    n_topics = _width(t for found in topics.values() for t in found)
    n_districts = _width(d for found in districts.values() for d in found)
    contact_topics = _pairs(Contact.topics.through, "contact_id", "topic_id")
    contact_districts = _pairs(Contact.districts.through, "contact_id", "district_id")
    n_topics = max(n_topics, _width(t for found in contact_topics.values() for t in found))
    n_districts = max(n_districts, _width(d for found in contact_districts.values() for d in found))
    organisation_candidates = ranking.Candidates.build(
        ids,
        np.zeros((len(ids), 1), np.float32),
        [topics.get(pk, []) for pk in ids],
        [districts.get(pk, []) for pk in ids],
        n_topics=n_topics,
        n_districts=n_districts,
        eligible=[active for _, active in organisations],
        everywhere_when_none=True,
    )
    contacts = list(
        Contact.objects.order_by("id").values_list("id", "organisation_id", "is_active")
    )
    contact_ids = [pk for pk, _, _ in contacts]
    owner_rows = np.array([position[org] for _, org, _ in contacts], dtype=np.int64)
    contact_candidates = ranking.Candidates.build(
        contact_ids,
        np.zeros((len(contacts), 1), np.float32),
        # A contact without topics or districts of its own has its organisation's.
        [contact_topics.get(pk) or topics.get(org, []) for pk, org, _ in contacts],
        [contact_districts.get(pk) or districts.get(org, []) for pk, org, _ in contacts],
        n_topics=n_topics,
        n_districts=n_districts,
        eligible=[
            active and organisation_candidates.eligible[position[org]]
            for _, org, active in contacts
        ],
        everywhere_when_none=True,
    )
    return DirectoryArrays(key, organisation_candidates, raw, contact_candidates, owner_rows)


def forget_arrays() -> None:
    """Drop the per-process arrays (tests, and after bulk changes made behind the ORM)."""
    with _lock:
        _ideas.clear()
        _directory.clear()


# Suggestions ---------------------------------------------------------------------------


def idea_text(initiative: Initiative) -> str:
    return f"{initiative.title}\n\n{initiative.description}"


def _query(initiative: Initiative, ideas: IdeaArrays) -> ranking.Query:
    blob = (
        InputVector.objects.filter(input__source=SOURCE, input__key=str(initiative.pk))
        .values_list("vector", flat=True)
        .first()
    )
    vector = _blob_matrix([blob])[0] if blob else None
    space = None
    if vector is not None and np.any(vector):
        space = ranking.project(vector, ideas.centre, ideas.areas)[0]
    return ranking.Query(
        space=space,
        topics=tuple(initiative.topics.values_list("pk", flat=True)),
        district=initiative.district_id,
    )


def _dismissed(initiative: Initiative) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {kind: set() for kind in SuggestionKind.values}
    for kind, target in Dismissal.objects.filter(initiative=initiative).values_list(
        "kind", "target_id"
    ):
        found.setdefault(kind, set()).add(target)
    return found


def _without(candidates: ranking.Candidates, mask: np.ndarray, ids) -> np.ndarray:
    """`mask` with the rows of `ids` switched off."""
    ids = np.fromiter(ids, dtype=np.int64)
    if not len(ids) or not len(candidates):
        return mask
    rows = np.searchsorted(candidates.ids, ids)
    rows = rows[rows < len(candidates.ids)]
    rows = rows[np.isin(candidates.ids[rows], ids)]
    mask = mask.copy()
    mask[rows] = False
    return mask


def _in_words(reason: ranking.Reason, *, topics, district, organisation: str = "") -> str:
    parts = []
    if organisation:
        parts.append(_("at %(organisation)s") % {"organisation": organisation})
    names = [topics[t] for t in reason.topics if t in topics]
    if names:
        parts.append(
            ngettext("same topic: %(topics)s", "same topics: %(topics)s", len(names))
            % {"topics": ", ".join(names)}
        )
    if reason.district == "same":
        parts.append(_("same district: %(district)s") % {"district": district})
    elif reason.district == "serves":
        parts.append(_("works in %(district)s") % {"district": district})
    elif reason.district == "everywhere":
        parts.append(_("works in the whole municipality"))
    if reason.words:
        parts.append(_("similar words: %(words)s") % {"words": ", ".join(reason.words)})
    if len(parts) == (1 if organisation else 0):
        parts.append(_("similar text"))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _names(query: ranking.Query) -> tuple[dict[int, str], str]:
    topics = dict(Topic.objects.filter(pk__in=query.topics).values_list("pk", "name"))
    district = ""
    if query.district is not None:
        district = District.objects.filter(pk=query.district).values_list("name", flat=True)
        district = district.first() or ""
    return topics, district


def _idea_suggestions(initiative, query, ideas, mask, top, names) -> list[Suggestion]:
    parts = ranking.score(query, ideas.candidates)
    rows = ranking.best(parts.total, mask, top)
    found = Initiative.objects.in_bulk([int(ideas.candidates.ids[r]) for r in rows])
    text = idea_text(initiative)
    out = []
    for row in rows:
        other = found.get(int(ideas.candidates.ids[row]))
        if other is None:
            continue
        reason = ranking.reason_for(
            query,
            ideas.candidates,
            int(row),
            kind_of_place="idea",
            text=text,
            other_text=idea_text(other),
        )
        out.append(
            Suggestion(
                kind=SuggestionKind.INITIATIVE,
                target_id=other.pk,
                title=other.title,
                score=round(float(parts.total[row]), 4),
                reason=_in_words(reason, topics=names[0], district=names[1]),
                object=other,
                is_private=not other.is_public,
            )
        )
    return out


def suggestions_for(initiative: Initiative, *, top: int = 10) -> Suggestions:
    """Similar ideas (private ones too: for staff), organisations and contacts for
    `initiative`, best first; dismissed ones, the idea itself, withdrawn ideas and
    inactive organisations and contacts never."""
    ideas = idea_arrays()
    directory = directory_arrays(ideas)
    query = _query(initiative, ideas)
    dismissed = _dismissed(initiative)
    names = _names(query)
    candidates = ideas.candidates
    mask = _without(candidates, candidates.eligible, [initiative.pk, *dismissed["initiative"]])
    similar = _idea_suggestions(initiative, query, ideas, mask, top, names)

    organisations = directory.organisations
    parts = ranking.score(query, organisations)
    mask = _without(organisations, organisations.eligible, dismissed["organisation"])
    rows = ranking.best(parts.total, mask, top)
    found = Organisation.objects.in_bulk([int(organisations.ids[r]) for r in rows])
    text = idea_text(initiative)
    organisation_suggestions = []
    for row in rows:
        organisation = found.get(int(organisations.ids[row]))
        if organisation is None:
            continue
        reason = ranking.reason_for(
            query,
            organisations,
            int(row),
            kind_of_place="organisation",
            text=text,
            other_text=f"{organisation.name}\n\n{organisation.description}",
        )
        organisation_suggestions.append(
            Suggestion(
                kind=SuggestionKind.ORGANISATION,
                target_id=organisation.pk,
                title=organisation.name,
                score=round(float(parts.total[row]), 4),
                reason=_in_words(reason, topics=names[0], district=names[1]),
                object=organisation,
            )
        )

    contacts = directory.contacts
    contact_parts = ranking.score(query, contacts, text=parts.text[directory.contact_organisation])
    mask = _without(contacts, contacts.eligible, dismissed["contact"])
    rows = ranking.best(contact_parts.total, mask, top)
    people = Contact.objects.select_related("organisation").in_bulk(
        [int(contacts.ids[r]) for r in rows]
    )
    contact_suggestions = []
    for row in rows:
        contact = people.get(int(contacts.ids[row]))
        if contact is None:
            continue
        organisation = contact.organisation
        reason = ranking.reason_for(
            query,
            contacts,
            int(row),
            kind_of_place="organisation",
            text=text,
            other_text=f"{organisation.name}\n\n{organisation.description}",
        )
        contact_suggestions.append(
            Suggestion(
                kind=SuggestionKind.CONTACT,
                target_id=contact.pk,
                title=contact.name,
                score=round(float(contact_parts.total[row]), 4),
                reason=_in_words(
                    reason, topics=names[0], district=names[1], organisation=organisation.name
                ),
                object=contact,
                organisation=organisation.name,
            )
        )
    return Suggestions(
        similar_initiatives=similar,
        organisations=organisation_suggestions,
        contacts=contact_suggestions,
        pending=query.space is None,
    )


def contact_suggestion(contact: Contact, organisation_suggestion: Suggestion) -> Suggestion:
    """A contact of a suggested organisation, as a suggestion of its own (for proposing an
    introduction from an organisation's row): the organisation's score and reason."""
    return Suggestion(
        kind=SuggestionKind.CONTACT,
        target_id=contact.pk,
        title=contact.name,
        score=organisation_suggestion.score,
        reason=organisation_suggestion.reason,
        object=contact,
        organisation=organisation_suggestion.title,
    )


def similar_public_initiatives(initiative: Initiative, *, top: int = 5) -> list[Suggestion]:
    """Public ideas, active or realised, like `initiative`, for its owners' page: never
    their own ideas, a private or withdrawn one, nor one dismissed for it."""
    ideas = idea_arrays()
    query = _query(initiative, ideas)
    owners = Ownership.objects.filter(initiative=initiative).values("user_id")
    own = Ownership.objects.filter(user_id__in=owners).values_list("initiative_id", flat=True)
    dismissed = _dismissed(initiative)["initiative"]
    mask = ideas.public & ideas.candidates.eligible
    mask = _without(ideas.candidates, mask, [initiative.pk, *own, *dismissed])
    return _idea_suggestions(initiative, query, ideas, mask, top, _names(query))
