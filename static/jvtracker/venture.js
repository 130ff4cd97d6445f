/* Venture page: a small map of the venture's province with its point (or none, when it is known
 * only to the province), drawn by the map's own symbol layer (jv.symbols.VentureDots). Bounds,
 * zooms and attribution come from the settings through a json_script block, never inline code. */
(function () {
  "use strict";
  var node = document.getElementById("small-map-config");
  var mapEl = document.getElementById("small-map");
  if (!node || !mapEl || !window.L) return;
  var config = JSON.parse(node.textContent);
  var sym = window.jv.symbols;
  var view = config.view;
  var map = L.map(mapEl, { minZoom: view.min_zoom, maxZoom: view.max_zoom, scrollWheelZoom: false });
  map.fitBounds(view.bounds, { animate: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(config.data_attribution);
  if (config.tiles_url) L.tileLayer(config.tiles_url, { attribution: config.tiles_attribution, maxZoom: view.max_zoom }).addTo(map);
  var point = config.point ? L.latLng(config.point[1], config.point[0]) : null;
  var VENTURE_ZOOM = view.venture_zoom;
  fetch(config.provinces_url, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (geojson) {
      var layer = L.geoJSON(geojson, {
        style: function (f) {
          var mine = f.id === config.province;
          return { color: "#555", weight: mine ? 2 : 0.5, fillColor: mine ? "#bfbfb6" : "#f4f4f2", fillOpacity: 0.7 };
        }
      }).addTo(map);
      var own = null;
      layer.eachLayer(function (l) { if (l.feature.id === config.province) own = l; });
      if (point) map.setView(point, VENTURE_ZOOM, { animate: false });
      else if (own) map.fitBounds(own.getBounds(), { padding: [10, 10] });
      mapEl.setAttribute("data-ready", "true");
    })
    .catch(function () { if (point) map.setView(point, VENTURE_ZOOM, { animate: false }); mapEl.setAttribute("data-ready", "true"); });
  if (point) {
    // Its own pane above the province polygons (SVG), so the symbol is never covered.
    map.createPane("venture").style.zIndex = 650;
    var style = sym.dotStyle({ status: config.status, location_precision: config.precision, sector: "" });
    new sym.VentureDots({ renderer: L.canvas({ pane: "venture" }), fixedRadius: 8, interactive: false })
      .setItems([{ latlng: point, feature: null, style: style }])
      .addTo(map);
  }
})();
