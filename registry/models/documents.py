"""A person's files: photos and scanned decisions, stored outside any public URL."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from accounts.scoping import Access, RecordType, ScopedQuerySet, grant_for

from ..choices import DocumentKind
from .people import Person


class _PrivateStorage(LazyObject):
    """`storages["private"]`, looked up again whenever the STORAGES setting changes (as Django
    does for `default_storage`), so that tests and settings overrides apply. A plain callable
    would be evaluated once, when the model class is built."""

    def _setup(self):
        self._wrapped = storages["private"]


_private_storage = _PrivateStorage()


def private_storage():
    """Photos and scanned decisions: outside any public URL (see STORAGES["private"])."""
    return _private_storage


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty


# The types a person's file may have, found from the file's first bytes (never from its name
# or the type the browser claims), with the extensions that go with each.
DOCUMENT_TYPES = {
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "application/pdf": (".pdf",),
}
IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})


def person_document_path(instance, filename) -> str:
    """A random name: never the original filename nor anything about the person."""
    extension = DOCUMENT_TYPES.get(instance.content_type, ("",))[0]
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class PersonDocumentQuerySet(ScopedQuerySet):
    """Scoped through the person: the documents of the people the user may see (with the
    person's own row restrictions, e.g. Health's). A grant limited to identity fields sees
    no documents: a scanned decision says far more than who the person is."""

    @staticmethod
    def grant_allows(user, access: Access = Access.READ) -> bool:
        grant = grant_for(user, RecordType.PERSON)
        if grant.access == Access.NONE or grant.access < access:
            return False
        return access <= Access.COUNT or grant.fields == "full"

    def visible_to(self, user, access: Access = Access.READ):
        if not self.grant_allows(user, access):
            return self.none()
        # Person's own rule (unit path, restrictions), not a copy of it: `restriction_q`
        # speaks of Person's fields.
        return self.filter(person__in=Person.objects.visible_to(user, access).values("pk"))


class PersonDocument(models.Model):
    """A person's file: a photo or a scanned decision. Files are added, never replaced or
    deleted (history, not overwrites)."""

    scope_record_type = RecordType.PERSON
    scope_path_field = "person__scope_path"
    # The record type written to the change log (the access log names the person).
    log_record_type = "person_document"

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="documents", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=person_document_path, max_length=100
    )
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    objects = PersonDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("person's document")
        verbose_name_plural = _("people's documents")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["person", "uploaded_at"], name="document_person_date")]

    def __str__(self):
        return self.title or self.original_name

    def get_absolute_url(self):
        return reverse("registry:person_document", args=[self.person_id, self.pk])

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES
