"""/api/v1/commune-status/: every commune the user may read with its proposed class (the
criteria, their figures and whether each is met), its decided class for the year and its
drug-free target. The same filters as the list page (?year=, ?q=, ?proposed=, ?decided=,
?differs=, ?sort=). The detail is by commune id; out of scope, 404. Read-only: decisions are
recorded on the pages."""

from django.http import Http404
from rest_framework import viewsets
from rest_framework.response import Response

from accounts.scoping import Access

from . import selectors
from .views import _year, filtered_rows


def _row_json(row) -> dict:
    decision = row.decision
    return {
        "id": row.commune.pk,
        "commune": row.commune.name,
        "code": row.commune.code,
        "year": row.year,
        "proposed_class": row.proposed,
        "criteria_met": row.proposal.met,
        "criteria": [
            {
                "code": str(r.code),
                "label": r.label,
                "value": r.value,
                "threshold": r.threshold,
                "met": r.met,
            }
            for r in row.proposal.results
        ],
        "figures": row.proposal.figures.as_json(),
        "decided_class": row.decided or None,
        "decision": (
            {
                "id": decision.pk,
                "drug_class": decision.drug_class,
                "document_number": decision.document_number,
                "document_date": decision.document_date,
                "deciding_body": decision.deciding_body,
                "proposed_class": decision.proposed_class,
            }
            if decision
            else None
        ),
        "differs": row.differs,
        "drug_free_target_year": row.target.target_year if row.target else None,
    }


class CommuneStatusViewSet(viewsets.ViewSet):
    lookup_value_regex = r"\d+"

    def _require(self):
        if not selectors.status_can(user=self.request.user, access=Access.READ):
            raise Http404

    def list(self, request):
        self._require()
        filterset, rows = filtered_rows(user=request.user, params=request.query_params)
        if not filterset.is_valid():
            return Response(filterset.errors, status=400)
        paginator = self.paginator
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response([_row_json(row) for row in page])

    def retrieve(self, request, pk=None):
        self._require()
        commune = selectors.commune_get(user=request.user, pk=pk)
        row = selectors.status_row(user=request.user, commune=commune, year=_year(request))
        return Response(_row_json(row))

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            from common.api import Pagination

            self._paginator = Pagination()
        return self._paginator
