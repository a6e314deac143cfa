"""The jurisdiction rule, defined once.

What a user sees is the intersection of three rules, applied by `visible_to(user)` on every
scoped model:

1. the user's scope unit: the record's unit path starts with the user's unit path;
2. the record types the user's role may see, and how (count only, read, write);
3. where the grant is tied to a sector, facility or organisation, that restriction, given as
   a Q object by the app that owns the records (a provider registry, filled in each app's
   ``AppConfig.ready()``, so that this module imports no higher app).

No grant, no rows: a user with no scope unit, an inactive user, an unknown role or record type
sees nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from django.db import models
from django.db.models import Q

from .choices import Role, Sector


class Access(IntEnum):
    NONE = 0
    COUNT = 1  # aggregates only: dashboards and reports, never a record
    READ = 2
    WRITE = 3


class RecordType:
    PERSON = "person"


@dataclass(frozen=True)
class Grant:
    access: Access
    # Name of a row restriction registered by the owning app (e.g. "health"). Applies to
    # READ/WRITE; counting covers the whole scope, since a count reveals no record.
    only: str | None = None
    # "full": every field; "identity": only the identity fields the sector needs.
    fields: str = "full"


NO_GRANT = Grant(Access.NONE)

# role -> record type -> grant. Department and organisation roles are refined by the sector
# of the user's agency (see `grant_for`).
ROLE_GRANTS: dict[str, dict[str, Grant]] = {
    Role.COMMUNE_OFFICER: {RecordType.PERSON: Grant(Access.WRITE)},
    Role.COMMUNE_LEADER: {RecordType.PERSON: Grant(Access.WRITE)},
    Role.PROVINCIAL_POLICE: {RecordType.PERSON: Grant(Access.WRITE)},
    # Identity only, of the people placed at the officer's facility (rehab registers "facility").
    Role.FACILITY_OFFICER: {
        RecordType.PERSON: Grant(Access.READ, only="facility", fields="identity")
    },
    Role.DEPARTMENT: {RecordType.PERSON: Grant(Access.COUNT)},
    Role.ORGANISATION: {RecordType.PERSON: Grant(Access.COUNT)},
    Role.READER: {RecordType.PERSON: Grant(Access.COUNT)},
    Role.ADMIN: {RecordType.PERSON: Grant(Access.COUNT)},
}
SECTOR_GRANTS: dict[tuple[str, str], dict[str, Grant]] = {
    (Role.DEPARTMENT, Sector.HEALTH): {
        RecordType.PERSON: Grant(Access.READ, only="health", fields="identity"),
    },
}


def register_grants(
    record_type: str,
    roles: dict[str, Grant],
    sectors: dict[tuple[str, str], Grant] | None = None,
) -> None:
    """Called from a higher app's ``AppConfig.ready()`` to say what each role may do with its
    record type (e.g. rehab: facility officers write placements of their facility). A role
    or sector left out gets no grant (deny by default). The sector table of a (role, sector)
    replaces that role's table, so a sector grant must be given for each record type the
    sector may reach."""
    for role, grant in roles.items():
        ROLE_GRANTS.setdefault(role, {})[record_type] = grant
    for key, grant in (sectors or {}).items():
        SECTOR_GRANTS.setdefault(key, {})[record_type] = grant


# (record type, restriction name) -> function(user) -> Q over that record type's model.
_RESTRICTIONS: dict[tuple[str, str], Callable] = {}


def register_restriction(record_type: str, name: str, build: Callable) -> None:
    """Called from an app's ready(): rows of `record_type` that a grant `only=name` allows."""
    _RESTRICTIONS.setdefault((record_type, name), build)


def prefix_q(q: Q, prefix: str) -> Q:
    """The same condition seen from a related model: Q(a=1) -> Q(person__a=1)."""
    if not prefix:
        return q
    clone = Q()
    clone.connector, clone.negated = q.connector, q.negated
    clone.children = [
        prefix_q(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
        for child in q.children
    ]
    return clone


def restriction_q(user, record_type: str, name: str, prefix: str = "") -> Q:
    """The rows a restriction allows, written against the record type's own model and seen
    through `prefix` from a model that belongs to it (e.g. a person's tasks: "person__")."""
    build = _RESTRICTIONS.get((record_type, name))
    # A restriction nobody registered allows nothing (deny by default).
    return prefix_q(build(user), prefix) if build else Q(pk__in=[])


def grant_for(user, record_type: str) -> Grant:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_GRANT
    if not user.scope_unit_id:
        return NO_GRANT
    sector = getattr(user.agency, "sector", None) if user.agency_id else None
    grants = SECTOR_GRANTS.get((user.role, sector)) or ROLE_GRANTS.get(user.role, {})
    return grants.get(record_type, NO_GRANT)


def can(user, record_type: str, access: Access) -> bool:
    return grant_for(user, record_type).access >= access


def path_q(field: str, path: str) -> Q:
    """Records whose unit path is `path` or below it."""
    return Q(**{field: path}) | Q(**{f"{field}__startswith": path + "."})


class ScopedQuerySet(models.QuerySet):
    """Base queryset of every scoped model. The model declares:

    - ``scope_record_type``: the record type the grants speak of;
    - ``scope_path_field``: the lookup to the unit path, e.g. ``"residence_unit__path"``;
    - ``scope_owner_prefix`` (optional): the lookup from this model to the record type's own
      model, for restrictions, e.g. ``"person__"`` on a person's task.
    """

    def visible_to(self, user, access: Access = Access.READ):
        model = self.model
        grant = grant_for(user, model.scope_record_type)
        if grant.access < access or grant.access == Access.NONE:
            return self.none()
        qs = self.filter(path_q(model.scope_path_field, user.scope_unit.path))
        if grant.only and access > Access.COUNT:
            prefix = getattr(model, "scope_owner_prefix", "")
            qs = qs.filter(restriction_q(user, model.scope_record_type, grant.only, prefix))
        return qs

    def countable_by(self, user):
        """Rows a user may count (dashboards, report figures), never show."""
        return self.visible_to(user, Access.COUNT)

    def editable_by(self, user):
        return self.visible_to(user, Access.WRITE)
