/* jvtracker map page: wires the modules together. Loaded last, after Leaflet and, in this order,
 * dom.js, symbols.js, map-state.js (URL state and filters), map-layers.js (the map, provinces,
 * symbols, legend), map-popups.js, map-list.js and map-data.js (loading and the page cache).
 * Data: /api/v1/ventures/?<filters>&format=geojson (markers, list) and /api/v1/provinces/?<filters>
 * (choropleth counts). All text from data reaches the page through textContent, never innerHTML. */
(function () {
  "use strict";
  var jv = window.jv;
  var config = JSON.parse(document.getElementById("map-config").textContent);
  // Dates, numbers and names in the page's language (rules from the server: projects/formatting.py).
  jv.format.useLanguage(config);

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
  // Links to pages in the page's language (/ko/ventures/…), never the API's English `url`.
  ctx.ventureUrl = function (props) { return config.venture_url_prefix + encodeURIComponent(props.public_id) + "/"; };
  ctx.provinceName = function (code) { var info = ctx.provinceByCode[code]; return info ? info.name : ""; };
  ctx.statusText = function (props) {
    var label = ctx.labels.status[props.status] || jv.i18n.gettext("No status yet");
    var date = jv.format.preciseDate(props.status_date, props.status_date_precision);
    return date ? label + " (" + date + ")" : label;
  };
  ctx.onFiltersChanged = function (source) {
    window.jvFilterStartedAt = performance.now();
    var params = ctx.urlState.paramsFromForm();
    ctx.urlState.pushUrl(params, typeof source === "string" ? source : null);
    if (source === "province") {
      ctx.layers.fitChosen(params.getAll("province"));
      if (ctx.urlState.readView()) ctx.urlState.writeView(ctx.map);
    }
    ctx.data.load(params);
  };

  jv.mapState.create(ctx);
  jv.mapLayers.create(ctx);
  jv.mapClusters.create(ctx);
  jv.mapPopups.create(ctx);
  jv.mapList.create(ctx);
  jv.mapTime.create(ctx);
  jv.mapData.create(ctx);

  /* ---------- filter events ---------- */

  var form = ctx.els.form, orderingEl = ctx.els.ordering;
  var searchTimer = null, settleTimer = null;
  // A value is complete when it is empty or a whole date (a year being typed reads 0002-…, 0020-…).
  function completeDate(input) {
    return !input.value || /^[1-9]\d{3}-\d{2}-\d{2}$/.test(input.value);
  }
  form.addEventListener("change", function (e) {
    var target = e.target;
    if (target.name === "q") return; // handled by input, debounced
    clearTimeout(settleTimer);
    if (target.type === "date") {
      if (!completeDate(target)) return;
      settleTimer = setTimeout(function () { ctx.onFiltersChanged(target.name); }, 500);
      return;
    }
    if (target.name === "province") {
      // Arrow keys move the selection one option at a time: apply once it rests.
      settleTimer = setTimeout(function () { ctx.onFiltersChanged("province"); }, 300);
      return;
    }
    // A checkbox or a choice is complete as it is: an entry of its own.
    ctx.onFiltersChanged(null);
  });
  // "Sort by" sits outside the form (form="filters"): its change never bubbles to the form.
  // A new sort order re-sorts what is loaded: no new request.
  orderingEl.addEventListener("change", function () {
    var params = ctx.urlState.paramsFromForm();
    ctx.urlState.pushUrl(params, "ordering");
    ctx.state.features = ctx.list.sortFeatures(ctx.state.features, orderingEl.value);
    ctx.urlState.updateExportLinks(params);
    ctx.list.render(true);
  });
  form.elements.q.addEventListener("input", function () {
    clearTimeout(searchTimer);
    // Typing pauses run the search; the words of one search make one history entry.
    searchTimer = setTimeout(function () { ctx.onFiltersChanged("q"); }, 350);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(searchTimer); ctx.onFiltersChanged(); });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      orderingEl.value = "name";
      ctx.urlState.clearExtraParams();
      ctx.time.reset();
      ctx.onFiltersChanged();
    }, 0);
  });
  window.addEventListener("popstate", function () {
    var params = new URLSearchParams(window.location.search);
    ctx.urlState.formFromParams(params);
    ctx.time.syncFromForm();
    restoreView();
    ctx.data.load(params);
  });

  /* ---------- the view in the URL (#map=zoom/lat/lon) ---------- */

  function restoreView() {
    var v = ctx.urlState.readView();
    if (!v) return false;
    ctx.state.userMoved = true;
    ctx.map.setView([v.lat, v.lon], v.zoom, { animate: false });
    return true;
  }
  var map = ctx.map;
  // Anything the reader does to the view (drag, wheel, keys, the zoom buttons, a cluster) marks it
  // as theirs; from then on each settled view replaces the URL's fragment.
  ctx.els.map.addEventListener("keydown", function (e) {
    if (/^(Arrow|\+|-|=)/.test(e.key) && !e.target.closest(".leaflet-popup")) ctx.state.userMoved = true;
  });
  map.zoomControl.getContainer().addEventListener("click", function () { ctx.state.userMoved = true; });
  map.on("moveend", function () { if (ctx.state.userMoved) ctx.urlState.writeView(map); });

  /* ---------- popups opened from the list: Esc closes them, focus goes back to the row ---------- */

  map.on("popupopen", function (e) {
    var container = e.popup.getElement();
    ctx.popups.keepClearOfLegend(e.popup);
    container.addEventListener("keydown", function (k) {
      if (k.key === "Escape") { k.stopPropagation(); map.closePopup(); }
    });
  });
  map.on("popupclose", function (e) {
    var row = e.popup._jvReturnFocus;
    if (row && document.contains(row)) {
      // Another popup replacing this one keeps the focus where it is.
      setTimeout(function () { if (!map._popup || !map.hasLayer(map._popup)) row.focus(); }, 0);
    }
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
  ctx.narrow = narrow;
  ctx.setPanel = setPanel;
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
  ctx.time.syncFromForm();
  window.history.replaceState({ jv: true }, "", window.location.href);
  // A view in the URL wins; else the provinces the filter chose; else the whole country.
  if (!restoreView()) ctx.state.chosenProvinces = initial.getAll("province");
  ctx.data.load(initial);

  // For tests and the benchmark: what is drawn, and where.
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
    provinceCount: ctx.layers.provinceCount,
    // What the current zoom draws: clusters {count, x, y} and single symbols {id, x, y}.
    shown: function () {
      return ctx.layers.shownItems().map(function (i) {
        var p = map.latLngToContainerPoint(i.latlng);
        return i.cluster !== undefined ? { count: i.count, x: p.x, y: p.y } : { id: i.feature.properties.public_id, x: p.x, y: p.y };
      });
    }
  };
})();
