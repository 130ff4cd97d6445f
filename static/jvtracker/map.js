/* jvtracker map page: wires the modules together. Loaded last, after Leaflet and, in this order,
 * dom.js, symbols.js, map-state.js (URL state and filters), map-layers.js (the map, provinces,
 * symbols, legend), map-popups.js, map-list.js and map-data.js (loading and the page cache).
 * Data: /api/v1/ventures/?<filters>&format=geojson (markers, list) and /api/v1/provinces/?<filters>
 * (choropleth counts). All text from data reaches the page through textContent, never innerHTML. */
(function () {
  "use strict";
  var jv = window.jv;
  var config = JSON.parse(document.getElementById("map-config").textContent);
  jv.format.useDatePrecisionLengths(config.date_precision_lengths);

  function toMap(pairs) {
    var out = {};
    pairs.forEach(function (pair) { out[pair[0]] = pair[1]; });
    return out;
  }

  var ctx = {
    config: config,
    labels: {
      sector: toMap(config.sectors), status: toMap(config.statuses), form: toMap(config.forms),
      country: toMap(config.countries), precision: toMap(config.precisions)
    },
    provinceByCode: {},
    state: {
      features: [], // matching features, in list order
      provinceCounts: {}, // polygon code -> folded counts
      shown: 0,
      requestId: 0
    },
    els: {
      map: document.getElementById("map"),
      form: document.getElementById("filters"),
      list: document.getElementById("venture-list"),
      more: document.getElementById("list-more"),
      summary: document.getElementById("match-summary"),
      error: document.getElementById("filter-error"),
      status: document.getElementById("map-status"),
      ordering: document.getElementById("f-ordering")
    }
  };
  config.provinces.forEach(function (p) { ctx.provinceByCode[p.code] = p; });
  ctx.statusText = function (props) {
    var label = ctx.labels.status[props.status] || "No status yet";
    var date = jv.format.preciseDate(props.status_date, props.status_date_precision);
    return date ? label + " (" + date + ")" : label;
  };
  ctx.onFiltersChanged = function () {
    window.jvFilterStartedAt = performance.now();
    var params = ctx.urlState.paramsFromForm();
    ctx.urlState.pushUrl(params);
    ctx.data.load(params);
  };

  jv.mapState.create(ctx);
  jv.mapLayers.create(ctx);
  jv.mapPopups.create(ctx);
  jv.mapList.create(ctx);
  jv.mapData.create(ctx);

  /* ---------- filter events ---------- */

  var form = ctx.els.form, orderingEl = ctx.els.ordering;
  var searchTimer = null;
  form.addEventListener("change", function (e) {
    if (e.target.name === "q") return; // handled by input, debounced
    if (e.target === orderingEl) {
      // A new sort order re-sorts what is loaded: no new request.
      var params = ctx.urlState.paramsFromForm();
      ctx.urlState.pushUrl(params);
      ctx.state.features = ctx.list.sortFeatures(ctx.state.features, orderingEl.value);
      ctx.urlState.updateExportLinks(params);
      ctx.list.render(true);
      return;
    }
    ctx.onFiltersChanged();
  });
  form.elements.q.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(ctx.onFiltersChanged, 350);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(searchTimer); ctx.onFiltersChanged(); });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      orderingEl.value = "name";
      ctx.urlState.clearExtraParams();
      ctx.onFiltersChanged();
    }, 0);
  });
  window.addEventListener("popstate", function () {
    var params = new URLSearchParams(window.location.search);
    ctx.urlState.formFromParams(params);
    ctx.data.load(params);
  });

  /* ---------- small screens: the panel collapses ---------- */

  var toggle = document.getElementById("panel-toggle");
  var layout = document.getElementById("map-layout");
  var narrow = window.matchMedia("(max-width: 760px)");
  function setPanel(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    layout.classList.toggle("panel-closed", !open);
    setTimeout(ctx.layers.refit, 50);
  }
  toggle.addEventListener("click", function () { setPanel(toggle.getAttribute("aria-expanded") !== "true"); });
  setPanel(!narrow.matches);

  // Legend swatches beside the filter checkboxes.
  Array.prototype.forEach.call(document.querySelectorAll(".status-swatch"), function (span) {
    span.appendChild(jv.symbols.statusIcon(span.getAttribute("data-status"), 14));
  });
  Array.prototype.forEach.call(document.querySelectorAll(".sector-letter"), function (span) {
    span.textContent = jv.symbols.SECTOR_LETTER[span.getAttribute("data-sector")] || "";
  });

  var initial = new URLSearchParams(window.location.search);
  ctx.urlState.formFromParams(initial);
  window.history.replaceState({ jv: true }, "", window.location.href);
  ctx.data.load(initial);

  // For tests and the benchmark: what is drawn, and where.
  var map = ctx.map;
  window.jvMap = {
    map: map,
    state: ctx.state,
    pinnedIds: function () { return ctx.layers.pinnedItems().map(function (i) { return i.feature.properties.public_id; }); },
    markerPoint: function (publicId) {
      var item = ctx.layers.pinnedItems().filter(function (i) { return i.feature.properties.public_id === publicId; })[0];
      var p = map.latLngToContainerPoint(item.latlng);
      return { x: p.x, y: p.y };
    },
    pointOf: function (lat, lon) { var p = map.latLngToContainerPoint([lat, lon]); return { x: p.x, y: p.y }; },
    provinceCount: ctx.layers.provinceCount
  };
})();
