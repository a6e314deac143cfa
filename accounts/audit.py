"""Writing the access and change logs. The request's address reaches the services through a
context variable set by `AuditContextMiddleware`, so services need not take the request."""

import contextvars
import datetime
import decimal
import uuid

from django.db import models
from django.db.models.fields.files import FieldFile

from .choices import AccessAction, ChangeAction
from .models import AccessLog, ChangeLog

# Bookkeeping columns that change on every save: not a change a reader needs to see.
NOT_CHANGES = frozenset({"updated_at"})

current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_ip", default=None)


def client_ip(request) -> str | None:
    """The client's address. X-Forwarded-For is trusted only behind as many reverse proxies
    as TRUSTED_PROXY_COUNT says (each appends the address it saw): anything further left was
    written by the client and could be forged."""
    from django.conf import settings

    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def record_key(record) -> tuple[str, str]:
    if isinstance(record, tuple):
        return record
    return getattr(record, "scope_record_type", record._meta.model_name), str(record.pk)


def access_log_record(*, user, action: AccessAction, record, detail: str = "") -> AccessLog:
    """Log one view, export or download. `record` is a model instance or (type, id)."""
    record_type, record_id = record_key(record)
    return AccessLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        record_type=record_type,
        record_id=record_id,
        detail=detail[:500],
        ip_address=current_ip.get(),
    )


def change_log_record_many(*, user, action: ChangeAction, records: list) -> list[ChangeLog]:
    """Log many changes of one kind at once (a bulk write such as an import): `records` is a
    list of (record, before, after). The same rows as `change_log_record` one by one."""
    user = user if getattr(user, "is_authenticated", False) else None
    ip_address = current_ip.get()
    entries = []
    for record, before, after in records:
        record_type, record_id = record_key(record)
        entries.append(
            ChangeLog(
                user=user,
                action=action,
                record_type=record_type,
                record_id=record_id,
                before=before or {},
                after=after or {},
                ip_address=ip_address,
            )
        )
    return ChangeLog.objects.bulk_create(entries, batch_size=1000)


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(instance, fields=None) -> dict:
    """The values of a row's concrete fields, JSON-safe, for the change log."""
    data = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        data[field.attname] = _plain(getattr(instance, field.attname))
    return data


def change_log_record(
    *, user, action: ChangeAction, record, before: dict | None = None, after: dict | None = None
) -> ChangeLog:
    before, after = before or {}, after or {}
    if action == ChangeAction.UPDATE:
        changed = {
            k
            for k in set(before) | set(after)
            if before.get(k) != after.get(k) and k not in NOT_CHANGES
        }
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after.get(k) for k in sorted(changed)}
    record_type, record_id = record_key(record)
    return ChangeLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        record_type=record_type,
        record_id=record_id,
        before=before,
        after=after,
        ip_address=current_ip.get(),
    )
