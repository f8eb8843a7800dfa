"""A selection problem: the pool of volunteers, the quotas and k, grouped into types.

Volunteers with the same feature vector are interchangeable, so the solvers work on
*types*: groups of interchangeable volunteers with a count per type instead of a yes/no
per volunteer. With the one-per-household rule, interchangeability needs more: two
households are alike when their members have the same feature vectors (a *household
class*), and a type is then a pair (household class, feature vector). At most one member
of a household may be chosen, so from a class with N households at most N of its members
are chosen in all, whatever their types. Without the rule every volunteer is a household
of their own and a type is just a feature vector.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import SortitionError, named

MAX_LISTED = 5


@dataclass(frozen=True)
class Quota:
    """At least `min` and at most `max` panel members have `value` in `category`."""

    category: str
    value: str
    min: int
    max: int

    @property
    def label(self) -> str:
        return f"{self.category}={self.value}"


@dataclass(frozen=True)
class HouseholdClass:
    """Households whose members have the same feature vectors.

    `households[h][i]` holds the ids of household h's members of type `types[i]`;
    each household has `multiplicity[i]` of them.
    """

    types: tuple[int, ...]
    multiplicity: tuple[int, ...]
    households: tuple[tuple[tuple[int, ...], ...], ...]


@dataclass(frozen=True)
class Instance:
    """A validated selection problem over types (see the module docstring)."""

    k: int
    quotas: tuple[Quota, ...]
    n: int
    type_size: np.ndarray  # volunteers of each type
    type_cap: np.ndarray  # most volunteers of the type one panel can hold
    quota_types: tuple[np.ndarray, ...]  # for each quota, the types with its value
    classes: tuple[HouseholdClass, ...]
    type_class: np.ndarray  # the household class of each type
    person_type: np.ndarray  # the type of each volunteer

    @property
    def num_types(self) -> int:
        return len(self.type_size)


def check_quotas(quotas: Sequence[Quota]) -> None:
    """Refuse an empty, duplicated or self-contradictory list of quotas."""
    if not quotas:
        raise SortitionError("Der er ingen kvoter: kategorifilen har ingen rækker.")
    seen = set()
    for quota in quotas:
        key = (quota.category, quota.value)
        if key in seen:
            raise SortitionError(f"Kvoten for {quota.label} står mere end én gang.")
        seen.add(key)
        if quota.min < 0 or quota.max < quota.min:
            raise SortitionError(
                f"Kvoten for {quota.label} er ugyldig: min={quota.min}, max={quota.max} "
                "(min skal være mindst 0 og højst max)."
            )


def feature_vectors(
    rows: Sequence[Mapping[str, str]], quotas: Sequence[Quota]
) -> list[tuple[int, ...]]:
    """Return each volunteer's values as quota indices, refusing values without a quota."""
    categories = list(dict.fromkeys(q.category for q in quotas))
    index = {(q.category, q.value): i for i, q in enumerate(quotas)}
    if rows:
        missing = [c for c in categories if c not in rows[0]]
        if missing:
            raise SortitionError(
                f"{named('Kategorien', 'Kategorierne', missing)} findes i kvoterne, "
                "men ikke som kolonne i respondentfilen."
            )
    vectors, unknown = [], {}
    for row_number, row in enumerate(rows):
        vector = []
        for category in categories:
            value = (row.get(category) or "").strip()
            if not value:
                raise SortitionError(
                    f"Person i række {row_number} (talt fra 0) har ingen værdi for «{category}»."
                )
            if (category, value) not in index:
                unknown.setdefault((category, value), row_number)
                continue
            vector.append(index[category, value])
        vectors.append(tuple(vector))
    if unknown:
        listed = [f"{c}={v} (første gang i række {r})" for (c, v), r in unknown.items()]
        raise SortitionError(
            "Disse værdier i respondentfilen har ingen kvote i kategorifilen: "
            + "; ".join(listed[:MAX_LISTED])
            + (f" og {len(listed) - MAX_LISTED} flere" if len(listed) > MAX_LISTED else "")
            + ". Tilføj en række for hver (min 0 og max k, hvis værdien ikke skal styres)."
        )
    return vectors


def household_keys(rows: Sequence[Mapping[str, str]], column: str | None) -> list[str]:
    """Return each volunteer's household key; an empty cell is a household of one."""
    if column is None:
        return [f"#{i}" for i in range(len(rows))]
    if rows and column not in rows[0]:
        raise SortitionError(f"Husstandskolonnen «{column}» findes ikke i respondentfilen.")
    keys = []
    for i, row in enumerate(rows):
        key = (row.get(column) or "").strip()
        keys.append(f"={key}" if key else f"#{i}")
    return keys


def build_instance(
    rows: Sequence[Mapping[str, str]],
    quotas: Sequence[Quota],
    k: int,
    household: str | None = None,
) -> Instance:
    """Validate the input and group the volunteers into household classes and types."""
    quotas = tuple(quotas)
    check_quotas(quotas)
    vectors = feature_vectors(rows, quotas)
    keys = household_keys(rows, household)
    check_panel_size(k, len(rows), len(set(keys)), household is not None)
    houses: dict[str, list[int]] = {}
    for person, key in enumerate(keys):
        houses.setdefault(key, []).append(person)
    by_class: dict[tuple, list[list[int]]] = {}
    for members in houses.values():
        composition = tuple(sorted(vectors[p] for p in members))
        by_class.setdefault(composition, []).append(members)
    return _group(rows, quotas, k, vectors, by_class)


def check_panel_size(k: int, pool: int, households: int, by_household: bool) -> None:
    """Refuse a panel size that no pool of this size can fill."""
    if k < 1:
        raise SortitionError(f"Panelstørrelsen skal være mindst 1 (fik {k}).")
    if k > pool:
        raise SortitionError(
            f"Panelstørrelsen k={k} er større end puljen, som kun har {pool} personer."
        )
    if by_household and k > households:
        raise SortitionError(
            f"Panelstørrelsen k={k} er større end antallet af husstande i puljen ({households}), "
            "og der må højst vælges én person pr. husstand."
        )


def _group(rows, quotas, k, vectors, by_class) -> Instance:
    classes, sizes, caps, type_vectors = [], [], [], []
    person_type = np.zeros(len(rows), dtype=np.int64)
    for composition, members_list in by_class.items():
        distinct = list(dict.fromkeys(composition))
        first = len(sizes)
        class_houses = []
        for members in members_list:
            class_houses.append(
                tuple(tuple(p for p in members if vectors[p] == v) for v in distinct)
            )
        for i, vector in enumerate(distinct):
            multiplicity = composition.count(vector)
            sizes.append(len(members_list) * multiplicity)
            caps.append(len(members_list))
            type_vectors.append(vector)
            for house in class_houses:
                person_type[list(house[i])] = first + i
        classes.append(
            HouseholdClass(
                types=tuple(range(first, first + len(distinct))),
                multiplicity=tuple(composition.count(v) for v in distinct),
                households=tuple(class_houses),
            )
        )
    quota_types = tuple(
        np.array([t for t, v in enumerate(type_vectors) if q in v], dtype=np.int64)
        for q in range(len(quotas))
    )
    return Instance(
        k=k,
        quotas=quotas,
        n=len(rows),
        type_size=np.array(sizes, dtype=np.int64),
        type_cap=np.array(caps, dtype=np.int64),
        quota_types=quota_types,
        classes=tuple(classes),
        type_class=np.array(
            [c for c, cls in enumerate(classes) for _ in cls.types], dtype=np.int64
        ),
        person_type=person_type,
    )
