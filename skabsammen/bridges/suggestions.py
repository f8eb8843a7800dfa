"""Suggestions for an idea: similar ideas, organisations and contacts, ranked, each with
its reason in words. (Interface; the ranking is being built.)"""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Suggestion:
    kind: str  # a SuggestionKind value
    target_id: int
    title: str  # the idea's title, or the organisation's or contact's name
    score: float  # 0..1, higher is better
    reason: str  # in words, in the reader's language
    object: Any = None  # the Initiative, Organisation or Contact


@dataclass
class Suggestions:
    similar_initiatives: list[Suggestion] = field(default_factory=list)
    organisations: list[Suggestion] = field(default_factory=list)
    contacts: list[Suggestion] = field(default_factory=list)
    pending: bool = False  # the idea's text has no stored vector yet


def suggestions_for(initiative, *, top: int = 10) -> Suggestions:
    return Suggestions()


def similar_public_initiatives(initiative, *, top: int = 5) -> list[Suggestion]:
    return []
