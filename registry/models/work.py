"""Work with an owner, a deadline and a result ("rõ người, rõ việc, rõ trách nhiệm, rõ thời
gian, rõ kết quả", 004): tasks assigned by people, and due work the rules raise."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import RecordType, ScopedQuerySet

from ..choices import TaskKind, TaskStatus
from .people import Person


class TaskQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status=TaskStatus.OPEN)


class Task(models.Model):
    scope_record_type = RecordType.PERSON
    scope_path_field = "scope_path"
    scope_owner_prefix = "person__"

    kind = models.CharField(_("kind"), max_length=30, choices=TaskKind.choices)
    title = models.CharField(_("task"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    person = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("person"),
    )
    # The unit the task belongs to (the person's commune, or the unit it was assigned in).
    unit = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+")
    scope_path = models.CharField(max_length=40, editable=False, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    result = models.TextField(_("result"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["scope_path", "status", "due_on"], name="task_scope_open"),
            models.Index(fields=["owner", "status", "due_on"], name="task_owner_open"),
        ]
        constraints = [
            # The rules raise a kind of due work once per person while it is open.
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=models.Q(status="open") & ~models.Q(kind="manual"),
                name="task_one_open_rule_per_person",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.status != TaskStatus.OPEN and not self.result.strip():
            raise ValidationError({"result": _("Say what was done (the result).")})


class Reminder(models.Model):
    """A reminder recorded by the daily job for an officer's item that is due soon or
    overdue (one per item, officer and day)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="reminders", verbose_name=_("user")
    )
    key = models.CharField(_("item"), max_length=60)
    label = models.CharField(_("what"), max_length=200)
    due_on = models.DateField(_("deadline"))
    day = models.DateField(_("reminded on"))
    person = models.ForeignKey(
        Person, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-day", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key", "day"], name="reminder_once_a_day")
        ]

    def __str__(self):
        return self.label
