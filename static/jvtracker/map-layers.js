/* Map page, layers: the Leaflet map (bounds, zooms and attribution from the page's JSON config,
 * i.e. from the settings), the optional tiles, the province choropleth with its counts, the venture
 * symbols (one canvas layer, jv.symbols.VentureDots) and the legend. Exposed as
 * window.jv.mapLayers.create(ctx); it creates ctx.map. */
(function () {
  "use strict";
  var jv = window.jv = window.jv || {};
  var el = jv.dom.el, sym = jv.symbols;
  var SHADES = ["#f6f5f0", "#e4e0cf", "#cfc8ab", "#b4ab86", "#948a62"];

  function create(ctx) {
    var config = ctx.config, state = ctx.state, mapEl = ctx.els.map;
    var view = config.view;
    // The country's extent is the first view, before the boundaries arrive (no jump, no animation).
    var countryBounds = L.latLngBounds(view.bounds);
    var map = ctx.map = L.map(mapEl, { minZoom: view.min_zoom, maxZoom: view.max_zoom });
    map.fitBounds(countryBounds, { padding: [8, 8], animate: false });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(config.data_attribution);
    if (config.tiles_url) {
      // Tiles are optional: when the server is unreachable the provinces and markers still draw.
      L.tileLayer(config.tiles_url, { attribution: config.tiles_attribution, maxZoom: view.max_zoom }).addTo(map);
    } else {
      mapEl.classList.add("no-tiles");
    }
    map.createPane("ventures").style.zIndex = 450;
    // One canvas for provinces and markers: a second canvas on top would swallow the clicks meant for
    // the provinces below it. Provinces are added first, so markers are drawn over them.
    var renderer = L.canvas({ pane: "ventures", padding: 0.2, tolerance: 3 });
    var provinceLayer = null;
    var dots = null;
    var breaks = [0, 1, 2, 3, 4];

    map.on("dragstart", function () { state.userMoved = true; });
    mapEl.addEventListener("wheel", function () { state.userMoved = true; }, { passive: true });

    function latLngOf(feature) {
      var c = feature.geometry.coordinates;
      return L.latLng(c[1], c[0]);
    }

    /* ---------- venture symbols ---------- */

    function drawMarkers(features) {
      var items = [];
      for (var i = 0; i < features.length; i++) {
        var f = features[i];
        if (!f.geometry) continue;
        items.push({ latlng: latLngOf(f), feature: f, style: sym.dotStyle(f.properties) });
      }
      if (!dots) {
        dots = new sym.VentureDots({ renderer: renderer });
        dots.on("click", onMarkerClick);
        dots.setItems(items).addTo(map);
      } else {
        dots.setItems(items);
      }
    }

    function onMarkerClick(e) {
      var hit = dots.itemsNear(e.layerPoint, dots._radius + 3)[0];
      if (!hit) return;
      // Ventures at the same or nearly the same point open together in one popup.
      var near = dots.itemsNear(hit.point, 8).map(function (item) { return item.feature; });
      if (near.length <= 1) ctx.popups.openVenture(hit.feature, hit.latlng);
      else ctx.popups.openGroup(near, hit.latlng);
    }

    function pinnedItems() {
      return dots ? dots.items() : [];
    }

    /* ---------- provinces ---------- */

    function applyCounts(rows) {
      state.provinceCounts = foldCounts(rows);
      var max = 0;
      Object.keys(state.provinceCounts).forEach(function (k) { max = Math.max(max, state.provinceCounts[k].total); });
      breaks = computeBreaks(max);
      if (provinceLayer) provinceLayer.setStyle(styleProvince);
      updateLegendScale();
    }

    function computeBreaks(max) {
      if (max <= 4) return [0, 1, 2, 3, 4].map(function (b) { return Math.min(b, Math.max(max, 1)); });
      var step = max / 4;
      return [0, 1, Math.ceil(step * 2), Math.ceil(step * 3), Math.ceil(step * 4)];
    }

    function shadeFor(n) {
      if (!n) return SHADES[0];
      for (var i = breaks.length - 1; i >= 1; i--) if (n >= breaks[i]) return SHADES[i];
      return SHADES[1];
    }

    function foldCounts(rows) {
      var counts = {};
      config.provinces.forEach(function (p) {
        counts[p.map_polygon] = counts[p.map_polygon] || { total: 0, by_status: {}, by_sector: {}, members: [] };
      });
      rows.forEach(function (row) {
        var info = ctx.provinceByCode[row.code];
        if (!info) return;
        var c = counts[info.map_polygon];
        c.total += row.venture_count || 0;
        c.members.push({ code: row.code, count: row.venture_count || 0 });
        [["by_status", row.by_status], ["by_sector", row.by_sector]].forEach(function (pair) {
          Object.keys(pair[1] || {}).forEach(function (k) { c[pair[0]][k] = (c[pair[0]][k] || 0) + pair[1][k]; });
        });
      });
      return counts;
    }

    // When the provinces endpoint is unavailable, count the matching features we already have.
    function countsFromFeatures(features) {
      var rows = {};
      features.forEach(function (f) {
        var p = f.properties;
        if (!p.province) return;  // province not known: listed, never shaded into a province
        var row = rows[p.province] = rows[p.province] || { code: p.province, venture_count: 0, by_status: {}, by_sector: {} };
        row.venture_count += 1;
        row.by_status[p.status] = (row.by_status[p.status] || 0) + 1;
        row.by_sector[p.sector] = (row.by_sector[p.sector] || 0) + 1;
      });
      return Object.keys(rows).map(function (k) { return rows[k]; });
    }

    function styleProvince(feature) {
      var c = state.provinceCounts[feature.id] || { total: 0 };
      return { color: "#555", weight: 1, fillColor: shadeFor(c.total), fillOpacity: 0.75 };
    }

    function loadProvinces() {
      return fetch(config.provinces_url, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error("provinces " + r.status); return r.json(); })
        .then(function (geojson) {
          provinceLayer = L.geoJSON(geojson, {
            renderer: renderer,
            style: styleProvince,
            onEachFeature: function (feature, layer) {
              layer.on("mouseover", function () {
                var c = state.provinceCounts[feature.id] || { total: 0 };
                var info = ctx.provinceByCode[feature.id] || {};
                layer.setStyle({ weight: 3, color: "#222" });
                layer.bindTooltip(el("span", null, [info.name_en + " ", el("span", { lang: "ko", text: info.name_ko }), ": " + c.total]), { sticky: true }).openTooltip();
              });
              layer.on("mouseout", function () { provinceLayer.resetStyle(layer); layer.unbindTooltip(); });
              layer.on("click", function (e) { ctx.popups.open(e.latlng, ctx.popups.provinceContent(feature.id)); });
            }
          }).addTo(map);
          if (!state.userMoved) map.fitBounds(provinceLayer.getBounds(), { padding: [8, 8], animate: false });
        });
    }

    // Keep the whole country in view when the map changes size, unless the reader has moved it.
    function refit() {
      map.invalidateSize();
      if (!state.userMoved) map.fitBounds(provinceLayer ? provinceLayer.getBounds() : countryBounds, { padding: [8, 8], animate: false });
    }

    /* ---------- legend ---------- */

    var legend = L.control({ position: "bottomright" });
    var legendScale;
    legend.onAdd = function () {
      var div = el("div", { className: "legend" });
      L.DomEvent.disableClickPropagation(div);
      var details = el("details");
      // Open by default where there is room; on phones it starts folded.
      if (!window.matchMedia("(max-width: 760px), (max-height: 600px)").matches) details.open = true;
      details.appendChild(el("summary", { text: "Legend" }));
      details.appendChild(el("h4", { text: "Current status" }));
      var ul = el("ul");
      config.statuses.forEach(function (pair) { ul.appendChild(el("li", null, [sym.statusIcon(pair[0], 14), " " + pair[1]])); });
      details.appendChild(ul);
      details.appendChild(el("h4", { text: "Sector (letter, zoomed in)" }));
      var sectors = el("ul", { className: "legend-sectors" });
      config.sectors.forEach(function (pair) {
        sectors.appendChild(el("li", { title: pair[1] }, [el("b", { text: sym.SECTOR_LETTER[pair[0]] }), " " + pair[1].split(" ")[0]]));
      });
      details.appendChild(sectors);
      details.appendChild(el("h4", { text: "Location" }));
      details.appendChild(el("ul", { className: "legend-precision" }, [
        el("li", { text: "solid outline: exact site" }),
        el("li", { text: "dashed outline: approximate" }),
        el("li", { text: "dotted ring: county seat" }),
        el("li", { text: "province only: no pin, in the shading" })
      ]));
      details.appendChild(el("h4", { text: "Matching ventures per province" }));
      legendScale = el("ul", { className: "legend-scale" });
      details.appendChild(legendScale);
      div.appendChild(details);
      return div;
    };
    legend.addTo(map);

    function updateLegendScale() {
      jv.dom.clear(legendScale);
      var seen = {};
      for (var i = 0; i < SHADES.length; i++) {
        var lo = i === 0 ? 0 : breaks[i], hi = i + 1 < breaks.length ? breaks[i + 1] - 1 : null;
        var label = i === 0 ? "0" : hi === null ? lo + "+" : lo === hi ? String(lo) : lo + "–" + hi;
        if (seen[label] || (hi !== null && hi < lo)) continue;
        seen[label] = true;
        var swatch = el("span", { className: "shade shade-" + i, "aria-hidden": "true" });
        legendScale.appendChild(el("li", null, [swatch, " " + label]));
      }
    }

    function whenSettled(callback) {
      var panning = map._panAnim && map._panAnim._inProgress;
      if (map._animatingZoom || panning) map.once("moveend", callback);
      else callback();
    }

    ctx.layers = {
      latLngOf: latLngOf,
      drawMarkers: drawMarkers,
      pinnedItems: pinnedItems,
      pinnedCount: function () { return pinnedItems().length; },
      applyCounts: applyCounts,
      countsFromFeatures: countsFromFeatures,
      provinceCount: function () { return provinceLayer ? provinceLayer.getLayers().length : 0; },
      refit: refit,
      whenSettled: whenSettled,
      provincesReady: loadProvinces().catch(function () {
        ctx.els.status.textContent = "Province boundaries could not be loaded.";
      })
    };
  }

  jv.mapLayers = { create: create };
})();
