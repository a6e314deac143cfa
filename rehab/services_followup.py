"""Post-rehab follow-up: support given, a relapse (which asks for a compulsory-rehab dossier),
and the certificate of completion (once; not before the last working days of the term, whose
number is the legal term's `due_days_before_end`, 3 for post-rehab under Decree 163/2026)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import nfc
from common.workdays import add_working_days, holidays_between, is_working_day
from registry import selectors as registry_selectors
from registry.choices import PeriodEndReason, PeriodKind, TaskKind
from registry.services.periods import period_end
from registry.services.work import task_raise

from . import selectors
from .choices import RelapseBasis, SupportKind
from .models import PostRehabCertificate, PostRehabRelapse, PostRehabSupport


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _check_write(*, actor, period) -> None:
    """Views answer 404 before this; here it is the last guard."""
    if not selectors.followup_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("You may not record post-rehab follow-up."))
    if (
        not registry_selectors.person_list(user=actor, access=Access.WRITE)
        .filter(pk=period.person_id)
        .exists()
    ):
        raise PermissionError(_("The person is outside your jurisdiction."))
    if period.kind != PeriodKind.POST_REHAB:
        raise ValidationError({"period": _("Choose a post-rehab management period.")})


def _lock(period):
    """The person, then the period, locked (the registry's order)."""
    registry_selectors.person_lock(pk=period.person_id)
    return registry_selectors.period_lock(pk=period.pk)


def _within_period(period, day, field: str) -> dict:
    """A date inside the period (start to its actual end, else the end of its term), not in
    the future."""
    if day is None:
        return {field: _("Enter the date.")}
    if day > timezone.localdate():
        return {field: _("The date cannot be in the future.")}
    last = period.ended_on or period.current_end
    if day < period.start_on or day > last:
        return {
            field: _("The date must lie within the post-rehab period (%(start)s – %(end)s).")
            % {"start": _date(period.start_on), "end": _date(last)}
        }
    return {}


def _relapse_day_errors(period, day) -> dict:
    """A relapse is drug use during post-rehab management: dated from the period's start to
    its end — the certificate of completion's date when one was issued by the end of the
    term, else the recorded end, else the end of the term. Use after that is not a relapse
    during the period: the new positive test goes into the registry, whose rules ask for an
    addiction determination."""
    if day is None:
        return {"occurred_on": _("Enter the date.")}
    if day > timezone.localdate():
        return {"occurred_on": _("The date cannot be in the future.")}
    if day < period.start_on:
        return {
            "occurred_on": _(
                "Post-rehab management began on %(date)s: a relapse before that day is not a "
                "relapse during it."
            )
            % {"date": _date(period.start_on)}
        }
    end = period.ended_on or period.current_end
    certificate = selectors.period_certificate(period=period)
    after = _(
        "Drug use after that day is not a relapse during it: record the new positive drug "
        "test in the person's registry record instead; the registry's usual rule then asks "
        "for an addiction determination."
    )
    if certificate is not None and certificate.issued_on <= end and day > certificate.issued_on:
        return {
            "occurred_on": _(
                "Post-rehab management ended on %(date)s with the certificate of completion "
                "%(number)s."
            )
            % {"date": _date(certificate.issued_on), "number": certificate.number}
            + " "
            + after
        }
    if day > end:
        return {
            "occurred_on": _("Post-rehab management ended on %(date)s.") % {"date": _date(end)}
            + " "
            + after
        }
    return {}


def _save(record, errors: dict, *, actor) -> None:
    try:
        record.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    record.save()
    change_log_record(user=actor, action=ChangeAction.CREATE, record=record, after=snapshot(record))


@transaction.atomic
def post_rehab_support_record(
    *,
    actor,
    period,
    kind: str,
    given_on: datetime.date | None,
    given_by: str,
    note: str = "",
) -> PostRehabSupport:
    """Record support given during post-rehab management (job, study, loan, counselling…)."""
    _check_write(actor=actor, period=period)
    period = _lock(period)
    errors = _within_period(period, given_on, "given_on")
    if kind not in SupportKind.values:
        errors["kind"] = _("Choose the kind of support from the list.")
    if not (given_by or "").strip():
        errors["given_by"] = _("Say who gave the support.")
    support = PostRehabSupport(
        person_id=period.person_id,
        period=period,
        kind=kind,
        given_on=given_on,
        given_by=nfc((given_by or "").strip()),
        note=nfc((note or "").strip()),
        created_by=actor,
    )
    _save(support, errors, actor=actor)
    return support


@transaction.atomic
def post_rehab_relapse_record(
    *,
    actor,
    period,
    occurred_on: datetime.date | None,
    basis: str,
    note: str = "",
) -> PostRehabRelapse:
    """Record a relapse during post-rehab management. Being addicted again during it calls for
    compulsory rehab (DOMAIN.md §3): "compulsory-rehab dossier required" is raised (the
    commune police chief compiles it within 1 working day; one open task per person).
    Refused before the period's start and after its end or its certificate of completion
    (`_relapse_day_errors`)."""
    _check_write(actor=actor, period=period)
    period = _lock(period)
    errors = _relapse_day_errors(period, occurred_on)
    if basis not in RelapseBasis.values:
        errors["basis"] = _("Choose what shows the relapse.")
    if basis == RelapseBasis.OTHER and not (note or "").strip():
        errors["note"] = _("Describe the evidence of the relapse.")
    relapse = PostRehabRelapse(
        person_id=period.person_id,
        period=period,
        occurred_on=occurred_on,
        basis=basis,
        note=nfc((note or "").strip()),
        created_by=actor,
    )
    _save(relapse, errors, actor=actor)
    relapse.task = task_raise(
        person=period.person,
        kind=TaskKind.COMPULSORY_DOSSIER_REQUIRED,
        title=_(
            "Compile the compulsory-rehab dossier: relapse during post-rehab management on %(date)s"
        )
        % {"date": _date(occurred_on)},
        detail=_(
            "%(basis)s on %(date)s. The commune police chief compiles the dossier within 1 "
            "working day; it may be proposed only within 3 months of the violation."
        )
        % {"basis": relapse.get_basis_display(), "date": _date(occurred_on)},
        due_on=max(add_working_days(occurred_on, 1), timezone.localdate()),
        actor=actor,
    )
    relapse.save(update_fields=["task"])
    return relapse


def certificate_earliest(period) -> datetime.date:
    """The first day a completion certificate may be issued: the first of the term's last N
    working days, N being the legal term's `due_days_before_end` (3 for post-rehab: Decree
    163/2026 issues it within the last 3 working days); the last day itself when N is 0."""
    end = period.current_end
    n = period.legal_term.due_days_before_end if period.legal_term_id else 0
    if n <= 0:
        return end
    holidays = holidays_between(end - datetime.timedelta(days=n * 2 + 21), end)
    day, counted = end, 0
    while True:
        if is_working_day(day, holidays):
            counted += 1
            if counted == n:
                return day
        day -= datetime.timedelta(days=1)


@transaction.atomic
def post_rehab_certificate_issue(
    *,
    actor,
    period,
    number: str,
    issued_on: datetime.date | None,
    signer_name: str,
    signer_title: str = "",
    note: str = "",
) -> PostRehabCertificate:
    """Issue the certificate of completion, signed by the commune chairman: once per period;
    refused before the term's last working days, after a relapse, or for a period that ended
    otherwise than completed. Issued on or after the last day of an open period, it also
    records the period's completion on that day, with the certificate as its basis."""
    _check_write(actor=actor, period=period)
    period = _lock(period)
    errors: dict = {}
    existing = selectors.period_certificate(period=period)
    if existing is not None:
        raise ValidationError(
            {
                "number": _(
                    "A certificate was already issued for this period: %(number)s of %(date)s."
                )
                % {"number": existing.number, "date": _date(existing.issued_on)}
            }
        )
    if period.ended_on and period.end_reason != PeriodEndReason.COMPLETED:
        raise ValidationError(
            {
                "issued_on": _("This period ended on %(date)s (%(reason)s): it was not completed.")
                % {"date": _date(period.ended_on), "reason": period.get_end_reason_display()}
            }
        )
    relapse = selectors.period_relapse_first(period=period)
    if relapse is not None:
        errors["issued_on"] = _(
            "A relapse was recorded on %(date)s during this period: it cannot be certified as "
            "completed."
        ) % {"date": _date(relapse.occurred_on)}
    earliest = certificate_earliest(period)
    if issued_on is None:
        errors["issued_on"] = _("Enter the date of issue.")
    elif issued_on > timezone.localdate():
        errors["issued_on"] = _("The date of issue cannot be in the future.")
    elif issued_on < earliest:
        errors.setdefault(
            "issued_on",
            _(
                "The period ends on %(end)s: the certificate is issued from %(earliest)s (the "
                "last working days of the term), not before."
            )
            % {"end": _date(period.current_end), "earliest": _date(earliest)},
        )
    if not (number or "").strip():
        errors["number"] = _("Enter the certificate number.")
    if not (signer_name or "").strip():
        errors["signer_name"] = _("Enter who signed the certificate.")
    certificate = PostRehabCertificate(
        person_id=period.person_id,
        period=period,
        number=nfc((number or "").strip()),
        issued_on=issued_on,
        signer_name=nfc((signer_name or "").strip()),
        signer_title=nfc((signer_title or "").strip()) or "Chủ tịch UBND xã",
        note=nfc((note or "").strip()),
        created_by=actor,
    )
    try:
        with transaction.atomic():
            _save(certificate, errors, actor=actor)
    except IntegrityError as exc:  # a concurrent issue won the race
        raise ValidationError(
            {"number": _("A certificate was already issued for this period.")}
        ) from exc
    if period.ended_on is None and issued_on >= period.current_end:
        period_end(
            actor=actor,
            period=period,
            ended_on=period.current_end,
            end_reason=PeriodEndReason.COMPLETED,
            end_note=_("Certificate of completion %(number)s.") % {"number": certificate.number},
            decision_number=certificate.number,
            decision_date=issued_on,
            decision_body=certificate.signer_title[:200],
        )
    return certificate
