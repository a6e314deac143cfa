/* Hotspot map: commune centres as the background (no tile server needed), hotspots coloured
   by status and clustered, each linking to its page. On a form, clicking the map fills the
   latitude and longitude fields (typing them works without JavaScript). */
(function () {
  "use strict";
  var el = document.getElementById("hotspot-map");
  if (!el || !window.L) { return; }
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  var units = data("hotspot-units") || [];
  var geojson = data("hotspot-geojson");
  var tileUrl = data("hotspot-tile-url");
  var map = L.map(el, { preferCanvas: true, zoomControl: true, minZoom: 5, maxZoom: 18 });
  if (tileUrl) { L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(map); }
  var pick = Boolean(el.dataset.pick);
  var bounds = L.latLngBounds([]);
  var background = L.layerGroup().addTo(map);
  units.forEach(function (u) {
    var ll = [u.latitude, u.longitude];
    bounds.extend(ll);
    var dot = L.circleMarker(ll, {
      radius: 3, color: "#94a3b8", weight: 1, fillOpacity: 0.6, interactive: !pick
    });
    // When picking a point, a click anywhere (even on a commune centre) picks it.
    if (!pick) { dot.bindTooltip(u.name); }
    dot.addTo(background);
  });
  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }
  if (geojson) {
    var points = L.geoJSON(geojson, {
      pointToLayer: function (feature, ll) {
        var p = feature.properties;
        // When picking a point, known hotspots are shown for reference only: a click on
        // them picks the point under them.
        return L.circleMarker(ll, {
          radius: p.is_hot ? 9 : 7, color: "#111827", weight: p.is_hot ? 2 : 1,
          fillColor: p.colour, fillOpacity: pick ? 0.5 : 0.9,
          dashArray: p.approximate ? "2 2" : null, interactive: !pick
        });
      },
      onEachFeature: function (feature, layer) {
        if (pick) { return; }
        var p = feature.properties;
        layer.bindPopup('<a class="hs-popup" href="' + p.url + '">' + escapeHtml(p.name) +
          "</a><br>" + escapeHtml(p.status_label) + " · " + escapeHtml(p.commune));
        layer.on("dblclick", function () { window.location.href = p.url; });
      }
    });
    if (pick) {
      points.addTo(map);
    } else {
      var cluster = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false });
      cluster.addLayer(points);
      map.addLayer(cluster);
    }
    if (geojson.features.length) { bounds = points.getBounds(); }
  }
  if (bounds.isValid()) { map.fitBounds(bounds.pad(0.1)); } else { map.setView([16, 106], 5); }

  if (pick) {
    var lat = document.getElementById("id_latitude");
    var lon = document.getElementById("id_longitude");
    var marker = null;
    function place(ll) {
      if (marker) { marker.setLatLng(ll); } else { marker = L.marker(ll).addTo(map); }
    }
    if (lat && lon && lat.value && lon.value) {
      place([parseFloat(lat.value), parseFloat(lon.value)]);
      map.setView([parseFloat(lat.value), parseFloat(lon.value)], 14);
    }
    var commune = document.getElementById("id_commune");
    if (commune) {
      commune.addEventListener("change", function () {
        units.forEach(function (u) {
          if (String(u.id) === commune.value) { map.setView([u.latitude, u.longitude], 14); }
        });
      });
      if (!(lat && lat.value) && commune.value) {
        commune.dispatchEvent(new Event("change"));
      }
    }
    map.on("click", function (e) {
      place(e.latlng);
      if (lat) { lat.value = e.latlng.lat.toFixed(6); }
      if (lon) { lon.value = e.latlng.lng.toFixed(6); }
    });
  }
})();
