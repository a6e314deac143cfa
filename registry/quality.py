"""Data quality per commune: "đúng, đủ, sạch, sống" (000 §5: correct, complete, clean,
current; 004: 100 % of the groups with a management dossier).

For each commune, over the people of the register:

- with a citizen ID (CCCD);
- verified against the national population database (Person.verification_state "verified"
  or "updated"; shown as not available while the register has no such field);
- with a responsible officer;
- checked this month: a contact or drug test in the last REGISTRY_CHECK_EVERY_DAYS days
  (default 30), counted over the people of the categories that must be checked every month
  (due_checks.CHECKED_CATEGORIES), the others have no such duty;
- with a complete dossier: CCCD + responsible officer + a photo among the person's documents +
  a basis for the current category (the event that set it, corrected entries left out, carries
  a document number).

The score is the mean of the shares that apply (verified only when available; checked only when
the commune has people who must be checked). Computed with aggregate queries: the number of
queries does not depend on the number of communes or people."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import selectors_support
from .due_checks import CHECKED_CATEGORIES, check_every_days

# (key, label, denominator key): the shares shown, in order.
CRITERIA = (
    ("with_cccd", _("With citizen ID"), "people"),
    ("verified", _("Verified (population database)"), "people"),
    ("with_officer", _("With a responsible officer"), "people"),
    ("checked", _("Checked this month"), "must_check"),
    ("complete", _("Complete dossier"), "people"),
)
# What to fix for one person: (key, label).
PROBLEMS = (
    ("no_cccd", _("No citizen ID")),
    ("not_verified", _("Not verified in the population database")),
    ("no_officer", _("No responsible officer")),
    ("not_checked", _("Not checked this month")),
    ("no_photo", _("No photo")),
    ("no_basis", _("No document for the current category")),
)


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class QualityRow:
    commune: object
    counts: dict
    shares: dict
    score: float | None
    # (key, count, share) of the criteria shown, in order.
    cells: list

    def as_dict(self) -> dict:
        return {
            "commune": self.commune.pk,
            "commune_name": self.commune.name,
            **{key: self.counts.get(key) for key in self.counts},
            "shares": self.shares,
            "score": self.score,
        }


def _row(commune, counts: dict, *, verified: bool) -> QualityRow:
    shares = {}
    for key, _label, whole in CRITERIA:
        if key == "verified" and not verified:
            shares[key] = None
            continue
        shares[key] = _share(counts.get(key, 0), counts.get(whole, 0))
    present = [v for v in shares.values() if v is not None]
    score = round(sum(present) / len(present), 1) if present and counts.get("people") else None
    if not verified:
        counts = {**counts, "verified": None}
    cells = [
        (key, counts.get(key), shares[key])
        for key, _label, _whole in CRITERIA
        if verified or key != "verified"
    ]
    return QualityRow(commune=commune, counts=counts, shares=shares, score=score, cells=cells)


def checked_since(today: datetime.date) -> datetime.date:
    """A contact or test after this day counts as "checked this month"."""
    return today - datetime.timedelta(days=check_every_days())


def quality_table(*, user, today: datetime.date) -> dict:
    """Every commune in the user's jurisdiction, with the totals."""
    verified = selectors_support.verification_states() is not None
    communes, totals = selectors_support.data_quality_figures(
        user=user, checked_since=checked_since(today), checked_categories=CHECKED_CATEGORIES
    )
    return {
        "rows": [_row(commune, counts, verified=verified) for commune, counts in communes],
        "total": _row(user.scope_unit, totals, verified=verified),
        "verification_available": verified,
        "criteria": [
            (key, label) for key, label, _whole in CRITERIA if verified or key != "verified"
        ],
    }


def problem_choices(*, verified: bool) -> list[tuple[str, str]]:
    return [(key, label) for key, label in PROBLEMS if verified or key != "not_verified"]


def person_problems(person, *, verified_states) -> list[str]:
    """What to fix for one person annotated by `selectors_support.data_quality_to_fix`."""
    problems = []
    if not person.national_id:
        problems.append("no_cccd")
    if verified_states and getattr(person, "verification_state", "") not in verified_states:
        problems.append("not_verified")
    if person.responsible_officer_id is None:
        problems.append("no_officer")
    if person.category in CHECKED_CATEGORIES and not person.q_checked:
        problems.append("not_checked")
    if not person.q_photo:
        problems.append("no_photo")
    if not person.q_basis:
        problems.append("no_basis")
    return problems


def to_fix(*, user, commune, today: datetime.date, problem: str = ""):
    """The people of one commune with something to fix (a queryset, annotated)."""
    return selectors_support.data_quality_to_fix(
        user=user,
        commune=commune,
        checked_since=checked_since(today),
        checked_categories=CHECKED_CATEGORIES,
        problem=problem,
    )
