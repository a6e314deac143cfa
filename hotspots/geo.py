"""GeoJSON of hotspots for the map and the API."""

from django.urls import reverse

from .choices import HotspotKind, HotspotStatus

STATUS_COLOURS = {
    HotspotStatus.DETECTED: "#d97706",
    HotspotStatus.VERIFIED: "#ea580c",
    HotspotStatus.UNDER_ACTION: "#dc2626",
    HotspotStatus.RE_EMERGED: "#9f1239",
    HotspotStatus.CLEARED: "#16a34a",
    HotspotStatus.NEUTRALISED: "#0d9488",
    HotspotStatus.WATCHED: "#2563eb",
    HotspotStatus.CLOSED: "#6b7280",
}


def feature(hotspot, *, labels=None, url=None) -> dict | None:
    """A point feature; a hotspot without coordinates is drawn at its commune's centre
    (`approximate`), or left out when the commune has none either."""
    lat, lon, approximate = hotspot.latitude, hotspot.longitude, False
    if lat is None or lon is None:
        lat, lon, approximate = hotspot.commune.latitude, hotspot.commune.longitude, True
    if lat is None or lon is None:
        return None
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "id": hotspot.pk,
            "name": hotspot.name,
            "status": hotspot.status,
            "status_label": (labels or _labels())[0].get(hotspot.status, hotspot.status),
            "kind_label": (labels or _labels())[1].get(hotspot.kind, hotspot.kind),
            "is_hot": hotspot.is_hot,
            "re_emerged_count": hotspot.re_emerged_count,
            "commune": hotspot.commune.name,
            "approximate": approximate,
            "colour": STATUS_COLOURS.get(hotspot.status, "#6b7280"),
            "url": (url or _url_pattern()).replace(_SENTINEL, str(hotspot.pk)),
        },
    }


_SENTINEL = "987654321"


def _labels():
    return (
        {value: str(label) for value, label in HotspotStatus.choices},
        {value: str(label) for value, label in HotspotKind.choices},
    )


def _url_pattern() -> str:
    # Reversed once, the id put in per row (reverse() per row is slow).
    return reverse("hotspots:detail", args=[_SENTINEL])


def feature_collection(rows) -> dict:
    """The features of `rows` (a queryset is read in chunks, labels looked up once)."""
    labels, url = _labels(), _url_pattern()
    if hasattr(rows, "iterator"):
        rows = rows.iterator(chunk_size=2000)
    features = [f for f in (feature(h, labels=labels, url=url) for h in rows) if f is not None]
    return {"type": "FeatureCollection", "features": features}
