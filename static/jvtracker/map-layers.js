/* Map page, layers: the Leaflet map (bounds, zooms and attribution from the page's JSON config,
 * i.e. from the settings), the optional tiles, the neighbouring provinces (muted, under ours), the
 * province choropleth (quantile classes, 0 on its own) with name-and-count labels, zoom to the chosen
 * provinces, and the legend. The venture symbols and their clusters are map-clusters.js. Exposed as
 * window.jv.mapLayers.create(ctx); it creates ctx.map and the canvas renderer they share. */
(function () {
  "use strict";
  var jv = window.jv = window.jv || {};
  var el = jv.dom.el, sym = jv.symbols, fmt = jv.format, gettext = jv.i18n.gettext;
  var SHADES = ["#f6f5f0", "#e4e0cf", "#cfc8ab", "#b4ab86", "#948a62"];

  // Classes for skewed counts: 0 alone, then up to four quantile classes of the non-zero counts, as
  // [lo, hi] integer ranges without gaps (1 and 272 never share a shade).
  function quantileClasses(counts) {
    var values = counts.filter(function (n) { return n > 0; }).sort(function (a, b) { return a - b; });
    var classes = [[0, 0]];
    if (!values.length) return classes;
    var k = Math.min(SHADES.length - 1, values.length), lo = values[0];
    for (var i = 1; i <= k; i++) {
      var hi = i === k ? values[values.length - 1] : values[Math.ceil((i * values.length) / k) - 1];
      if (hi < lo) continue;
      classes.push([lo, hi]);
      // the next class starts at the next value present above hi
      var next = values.filter(function (v) { return v > hi; })[0];
      if (next === undefined) break;
      lo = next;
    }
    return classes;
  }

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
    // The neighbours on a canvas of their own, below: redrawing the symbols never repaints them, and
    // they take no clicks (the ventures' canvas above receives them all).
    map.createPane("neighbours").style.zIndex = 420;
    var neighbourRenderer = L.canvas({ pane: "neighbours", padding: 0.2 });
    var provinceLayer = null, neighbourLayer = null;
    var classes = [[0, 0]];
    var labelPane = map.createPane("province-labels");
    labelPane.style.zIndex = 460;
    labelPane.style.pointerEvents = "none";
    var labels = {}; // polygon code -> L.tooltip

    map.on("dragstart", function () { state.userMoved = true; });
    mapEl.addEventListener("wheel", function () { state.userMoved = true; }, { passive: true });

    /* ---------- provinces ---------- */

    function applyCounts(rows) {
      state.provinceCounts = foldCounts(rows);
      // One value per polygon drawn (Nampo and Kaesong are folded into theirs).
      var totals = Object.keys(state.provinceCounts).map(function (k) { return state.provinceCounts[k].total; });
      classes = state.shadeClasses = quantileClasses(totals);
      if (provinceLayer) provinceLayer.setStyle(styleProvince);
      updateLabels();
      updateLegendScale();
      if (ctx.list) ctx.list.renderProvinces();
    }

    function classOf(n) {
      for (var i = classes.length - 1; i >= 0; i--) if (n >= classes[i][0]) return i;
      return 0;
    }

    function shadeFor(n) {
      return SHADES[classOf(n || 0)];
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
                layer.bindTooltip(el("span", { text: (info.name || feature.id) + ": " + fmt.number(c.total) }), { sticky: true }).openTooltip();
              });
              layer.on("mouseout", function () { provinceLayer.resetStyle(layer); layer.unbindTooltip(); });
              layer.on("click", function (e) { ctx.popups.open(e.latlng, ctx.popups.provinceContent(feature.id)); });
            }
          }).addTo(map);
          updateLabels();
          if (!state.userMoved) map.fitBounds(homeBounds(), { padding: [8, 8], animate: false });
        });
    }

    // Each drawn polygon labelled with its name and its count of matching ventures.
    function updateLabels() {
      if (!provinceLayer) return;
      provinceLayer.eachLayer(function (layer) {
        var code = layer.feature.id, info = ctx.provinceByCode[code];
        if (!info || !info.label) return;
        var c = state.provinceCounts[code] || { total: 0 };
        var content = el("span", { className: "province-label-text" }, [
          el("span", { className: "province-label-name", text: fmt.leadName(info) }), " ",
          el("b", { className: "province-label-count", text: fmt.number(c.total) })
        ]);
        if (!labels[code]) {
          labels[code] = L.tooltip({ permanent: true, direction: "center", className: "province-label", pane: "province-labels", interactive: false })
            .setLatLng([info.label[1], info.label[0]]);
          labels[code].setContent(content).addTo(map);
        } else {
          labels[code].setContent(content);
        }
      });
    }

    // The neighbouring provinces of China, Russia and South Korea (same Natural Earth layer, so the
    // borders match ours), muted and named, under our provinces; they take no clicks.
    function loadNeighbours() {
      if (!config.neighbours_url) return Promise.resolve();
      return fetch(config.neighbours_url, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error("neighbours " + r.status); return r.json(); })
        .then(function (geojson) {
          neighbourLayer = L.geoJSON(geojson, {
            renderer: neighbourRenderer,
            interactive: false,
            style: function () { return { color: "#9a9a9a", weight: 0.8, fillColor: "#e9e9e6", fillOpacity: 0.9, className: "neighbour" }; },
            onEachFeature: function (feature, layer) {
              var p = feature.properties;
              if (!p.borders_dprk && p.country === "KR") return; // small southern units: outline only
              L.tooltip({ permanent: true, direction: "center", className: "neighbour-label", pane: "province-labels", interactive: false })
                .setLatLng(layer.getBounds().getCenter())
                .setContent(el("span", { text: fmt.leadName(p) + " (" + p.country + ")" }))
                .addTo(map);
            }
          }).addTo(map);
          state.neighbourCount = neighbourLayer.getLayers().length;
        })
        .catch(function () { /* the map works without them */ });
    }

    // The view to come back to: the chosen provinces when the filter names some, else the country.
    function homeBounds() {
      var chosen = state.chosenProvinces || [];
      if (provinceLayer && chosen.length) {
        var polygons = {};
        chosen.forEach(function (code) { var info = ctx.provinceByCode[code]; if (info) polygons[info.map_polygon] = true; });
        var bounds = null;
        provinceLayer.eachLayer(function (layer) {
          if (!polygons[layer.feature.id]) return;
          bounds = bounds ? bounds.extend(layer.getBounds()) : L.latLngBounds(layer.getBounds().getSouthWest(), layer.getBounds().getNorthEast());
        });
        if (bounds) return bounds;
      }
      return provinceLayer ? provinceLayer.getBounds() : countryBounds;
    }

    // Zoom to the provinces the filter chose (or back to the country when it chose none).
    function fitChosen(codes) {
      state.chosenProvinces = codes;
      if (!provinceLayer) return;
      map.fitBounds(homeBounds(), { padding: [16, 16], animate: false });
    }

    // Keep the whole country in view when the map changes size, unless the reader has moved it.
    function refit() {
      map.invalidateSize();
      if (!state.userMoved) map.fitBounds(homeBounds(), { padding: [8, 8], animate: false });
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
      details.appendChild(el("summary", { text: gettext("Legend") }));
      details.appendChild(el("h4", { text: gettext("Current status") }));
      var ul = el("ul");
      config.statuses.forEach(function (pair) { ul.appendChild(el("li", null, [sym.statusIcon(pair[0], 14), " " + pair[1]])); });
      details.appendChild(ul);
      details.appendChild(el("h4", { text: gettext("Sector (letter, zoomed in)") }));
      var sectors = el("ul", { className: "legend-sectors" });
      config.sectors.forEach(function (pair) {
        sectors.appendChild(el("li", { title: pair[1] }, [el("b", { text: sym.SECTOR_LETTER[pair[0]] }), " " + pair[1].split(" ")[0]]));
      });
      details.appendChild(sectors);
      details.appendChild(el("h4", { text: gettext("Location") }));
      details.appendChild(el("ul", { className: "legend-precision" }, [
        el("li", { text: gettext("solid outline: exact site") }),
        el("li", { text: gettext("dashed outline: approximate") }),
        el("li", { text: gettext("dotted ring: county seat") }),
        el("li", { text: gettext("province only: no pin, in the shading") })
      ]));
      details.appendChild(el("h4", { text: gettext("Matching ventures per province") }));
      legendScale = el("ul", { className: "legend-scale" });
      details.appendChild(legendScale);
      div.appendChild(details);
      return div;
    };
    legend.addTo(map);

    function updateLegendScale() {
      jv.dom.clear(legendScale);
      classes.forEach(function (range, i) {
        var label = range[0] === range[1] ? fmt.number(range[0]) : fmt.number(range[0]) + "–" + fmt.number(range[1]);
        var swatch = el("span", { className: "shade shade-" + i, "aria-hidden": "true" });
        legendScale.appendChild(el("li", { "data-range": range.join("-") }, [swatch, " " + label]));
      });
      legendScale.appendChild(el("li", { className: "muted", text: gettext("(classes by quantile; clusters show counts)") }));
    }

    function whenSettled(callback) {
      var panning = map._panAnim && map._panAnim._inProgress;
      if (map._animatingZoom || panning) map.once("moveend", callback);
      else callback();
    }

    ctx.layers = {
      renderer: renderer,
      applyCounts: applyCounts,
      countsFromFeatures: countsFromFeatures,
      provinceCount: function () { return provinceLayer ? provinceLayer.getLayers().length : 0; },
      refit: refit,
      fitChosen: fitChosen,
      whenSettled: whenSettled,
      // Asked once the page is drawn: they never delay the first view.
      neighboursReady: new Promise(function (resolve) {
        document.addEventListener("jv:ready", function () { resolve(loadNeighbours()); }, { once: true });
      }),
      provincesReady: loadProvinces().catch(function () {
        ctx.els.status.textContent = gettext("Province boundaries could not be loaded.");
      })
    };
  }

  jv.mapLayers = { create: create };
})();
