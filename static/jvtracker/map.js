/* jvtracker map page. The filters are the API's query parameters; the page URL holds them.
 * Data: /api/v1/ventures/?<filters>&format=geojson (markers, list) and /api/v1/provinces/?<filters>
 * (choropleth counts). All text from data reaches the page through textContent, never innerHTML. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("map-config").textContent);
  var sym = window.jvSymbols;
  var LIST_PAGE = 100;
  var FILTER_PARAMS = ["q", "sector", "status", "form", "province", "partner_country", "status_after", "status_before"];
  var LABELS = {
    sector: toMap(config.sectors), status: toMap(config.statuses), form: toMap(config.forms),
    country: toMap(config.countries), precision: toMap(config.precisions)
  };
  var PRECISION_NOTE = {
    exact: "Exact site.",
    approximate: "Approximate point (dashed outline).",
    county: "County-level point: the seat of the county, not the site (dotted ring).",
    province: "Known only to the province: not drawn as a pin, counted in the province."
  };
  var provinceByCode = {};
  config.provinces.forEach(function (p) { provinceByCode[p.code] = p; });

  var mapEl = document.getElementById("map");
  var form = document.getElementById("filters");
  var listEl = document.getElementById("venture-list");
  var moreButton = document.getElementById("list-more");
  var summaryEl = document.getElementById("match-summary");
  var errorEl = document.getElementById("filter-error");
  var statusEl = document.getElementById("map-status");
  var orderingEl = document.getElementById("f-ordering");

  var state = {
    features: [], // matching features, in list order
    provinceCounts: {}, // polygon code -> folded counts
    shown: 0,
    requestId: 0
  };

  function toMap(pairs) {
    var out = {};
    pairs.forEach(function (pair) { out[pair[0]] = pair[1]; });
    return out;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (key === "text") node.textContent = attrs[key];
        else if (key === "className") node.className = attrs[key];
        else node.setAttribute(key, attrs[key]);
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // Only same-site paths and http(s) links become hrefs; anything else stays text.
  function safeHref(url) {
    if (typeof url !== "string") return null;
    if (/^\/(?!\/)/.test(url)) return url;
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(url, text, external) {
    var href = safeHref(url);
    if (!href) return el("span", { text: text });
    var attrs = { href: href, text: text };
    if (external) { attrs.rel = "noopener noreferrer"; attrs.target = "_blank"; }
    return el("a", attrs);
  }

  function preciseDate(date, precision) {
    if (!date) return "";
    if (precision === "year") return date.slice(0, 4);
    if (precision === "month") return date.slice(0, 7);
    return date;
  }

  function statusText(props) {
    var label = LABELS.status[props.status] || "No status yet";
    var date = preciseDate(props.status_date, props.status_date_precision);
    return date ? label + " (" + date + ")" : label;
  }

  /* ---------- URL state ---------- */

  // Filters in the URL that have no control in the panel (partner=, arrangement=, in_bbox=… from a
  // shared link or a partner page) are kept across changes and shown with a way to drop them.
  var extraParams = [];

  function paramsFromForm() {
    var params = new URLSearchParams();
    extraParams.forEach(function (pair) { params.append(pair[0], pair[1]); });
    FILTER_PARAMS.forEach(function (name) {
      var fields = form.elements[name];
      if (!fields) return;
      if (fields.tagName === "SELECT" && fields.multiple) {
        Array.prototype.forEach.call(fields.selectedOptions, function (o) { params.append(name, o.value); });
      } else if (fields.length !== undefined && fields.tagName !== "SELECT") {
        Array.prototype.forEach.call(fields, function (f) { if (f.checked) params.append(name, f.value); });
      } else if (fields.value.trim()) {
        params.append(name, fields.value.trim());
      }
    });
    if (orderingEl.value && orderingEl.value !== "name") params.set("ordering", orderingEl.value);
    return params;
  }

  function formFromParams(params) {
    extraParams = [];
    params.forEach(function (value, name) {
      if (FILTER_PARAMS.indexOf(name) === -1 && name !== "ordering") extraParams.push([name, value]);
    });
    renderExtraParams();
    FILTER_PARAMS.forEach(function (name) {
      var fields = form.elements[name], values = params.getAll(name);
      if (!fields) return;
      if (fields.tagName === "SELECT" && fields.multiple) {
        Array.prototype.forEach.call(fields.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
      } else if (fields.length !== undefined && fields.tagName !== "SELECT") {
        Array.prototype.forEach.call(fields, function (f) { f.checked = values.indexOf(f.value) !== -1; });
      } else {
        fields.value = values[0] || "";
      }
    });
    orderingEl.value = params.get("ordering") || "name";
    if (!orderingEl.value) orderingEl.value = "name";
  }

  function renderExtraParams() {
    var box = document.getElementById("extra-filters");
    while (box.firstChild) box.removeChild(box.firstChild);
    box.hidden = !extraParams.length;
    if (!extraParams.length) return;
    box.appendChild(el("span", { text: "Also filtered by: " }));
    extraParams.forEach(function (pair, index) {
      var button = el("button", { type: "button", className: "extra-filter", "aria-label": "Remove filter " + pair[0] + "=" + pair[1] }, [pair[0] + " = " + pair[1] + " ✕"]);
      button.addEventListener("click", function () {
        extraParams.splice(index, 1);
        renderExtraParams();
        onFiltersChanged();
      });
      box.appendChild(button);
    });
  }

  function filterQuery(params) {
    var copy = new URLSearchParams(params);
    copy.delete("ordering");
    return copy;
  }

  function updateExportLinks(params) {
    ["csv", "geojson"].forEach(function (format) {
      var p = new URLSearchParams(params);
      p.set("format", format);
      document.getElementById("export-" + format).setAttribute("href", config.api_ventures_url + "?" + p.toString());
    });
  }

  /* ---------- the map ---------- */

  // North Korea's extent: the first view, before the boundaries arrive (no jump, no animation).
  var COUNTRY_BOUNDS = L.latLngBounds([37.67, 124.18], [43.01, 130.7]);
  var map = L.map(mapEl, { minZoom: 4, maxZoom: 16 });
  map.fitBounds(COUNTRY_BOUNDS, { padding: [8, 8], animate: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(
    'Boundaries: Made with <a href="https://www.naturalearthdata.com/">Natural Earth</a>; places: ' +
    '<a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0), ' +
    '<a href="https://github.com/open-admin-data/north-korea-administrative-divisions">open-admin-data</a> (CC BY 4.0); ' +
    '<a href="https://leafletjs.com/">Leaflet</a>'
  );
  if (config.tiles_url) {
    // Tiles are optional: when the server is unreachable the provinces and markers still draw.
    L.tileLayer(config.tiles_url, { attribution: config.tiles_attribution, maxZoom: 18 }).addTo(map);
  } else {
    mapEl.classList.add("no-tiles");
  }
  map.createPane("ventures").style.zIndex = 450;
  // One canvas for provinces and markers: a second canvas on top would swallow the clicks meant for
  // the provinces below it. Provinces are added first, so markers are drawn over them.
  var markerRenderer = L.canvas({ pane: "ventures", padding: 0.2, tolerance: 3 });
  // All venture symbols are one canvas path (see jvSymbols.VentureDots), added after the provinces so
  // it is drawn, and hit, on top of them.
  var provinceLayer = null;
  var dots = null;

  map.on("dragstart", function () { state.userMoved = true; });
  mapEl.addEventListener("wheel", function () { state.userMoved = true; }, { passive: true });

  function latLngOf(feature) {
    var c = feature.geometry.coordinates;
    return L.latLng(c[1], c[0]);
  }

  function drawMarkers(features) {
    var items = [];
    for (var i = 0; i < features.length; i++) {
      var f = features[i];
      if (!f.geometry) continue;
      items.push({ latlng: latLngOf(f), feature: f, style: sym.dotStyle(f.properties) });
    }
    if (!dots) {
      dots = new sym.VentureDots({ renderer: markerRenderer });
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
    if (near.length <= 1) openVenturePopup(hit.feature, hit.latlng);
    else openGroupPopup(near, hit.latlng);
  }

  function openPopup(latlng, content) {
    L.popup({ maxWidth: 340, minWidth: 240, autoPanPadding: [20, 20] }).setLatLng(latlng).setContent(content).openOn(map);
  }

  function venturePopupContent(feature, back) {
    var p = feature.properties;
    var wrap = el("div", { className: "popup venture-popup", "data-public-id": p.public_id });
    if (back) {
      var backButton = el("button", { type: "button", className: "popup-back", text: "← All ventures here" });
      backButton.addEventListener("click", back);
      wrap.appendChild(backButton);
    }
    var title = el("h3", { className: "popup-title" }, [sym.statusIcon(p.status, 14), " ", link(p.url, p.name)]);
    wrap.appendChild(title);
    var dl = el("dl", { className: "facts" });
    function fact(label, value) {
      if (value === null || value === undefined || value === "") return;
      dl.appendChild(el("dt", { text: label }));
      dl.appendChild(typeof value === "string" ? el("dd", { text: value }) : el("dd", null, [value]));
    }
    fact("Sector", (sym.SECTOR_LETTER[p.sector] ? sym.SECTOR_LETTER[p.sector] + " · " : "") + (LABELS.sector[p.sector] || p.sector));
    fact("Form", LABELS.form[p.form] || p.form || "not reported");
    fact("Status", statusText(p));
    var where = [p.place, p.province_name].filter(Boolean).join(", ");
    fact("Location", where + " — " + (PRECISION_NOTE[p.location_precision] || p.location_precision));
    if (p.partners && p.partners.length) {
      var ul = el("ul", { className: "partners" });
      p.partners.forEach(function (partner) {
        var text = partner.name + " (" + (LABELS.country[partner.country] || partner.country) + ")";
        ul.appendChild(el("li", null, [partner.id ? link("/partners/" + partner.id + "/", text) : el("span", { text: text })]));
      });
      fact("Partners", ul);
    } else {
      fact("Partners", "none reported");
    }
    var src = p.latest_source;
    if (src) {
      var line = el("span", null, [
        (src.publisher || "Unknown publisher") + (src.published_on ? ", " + src.published_on : "") + ": ",
        link(src.url, src.title || src.url, true)
      ]);
      fact("Latest source", line);
    }
    if (p.source_count) fact("Sources", String(p.source_count));
    wrap.appendChild(dl);
    wrap.appendChild(el("p", { className: "popup-more" }, [link(p.url, "Venture page, with every source →")]));
    return wrap;
  }

  function openVenturePopup(feature, latlng, back) {
    openPopup(latlng, venturePopupContent(feature, back));
  }

  function openGroupPopup(features, latlng) {
    var wrap = el("div", { className: "popup group-popup" });
    wrap.appendChild(el("h3", { className: "popup-title", text: features.length + " ventures at this place" }));
    var ul = el("ul", { className: "group-list" });
    features.forEach(function (f) {
      var button = el("button", { type: "button", className: "linklike" }, [sym.statusIcon(f.properties.status, 12), " ", f.properties.name]);
      button.addEventListener("click", function () {
        openVenturePopup(f, latlng, function () { openGroupPopup(features, latlng); });
      });
      ul.appendChild(el("li", null, [button, el("span", { className: "muted", text: " " + statusText(f.properties) })]));
    });
    wrap.appendChild(ul);
    openPopup(latlng, wrap);
  }

  /* ---------- provinces ---------- */

  var SHADES = ["#f6f5f0", "#e4e0cf", "#cfc8ab", "#b4ab86", "#948a62"];
  var breaks = [0, 1, 2, 3, 4];

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
      var info = provinceByCode[row.code];
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
      var p = f.properties, row = rows[p.province] = rows[p.province] || { code: p.province, venture_count: 0, by_status: {}, by_sector: {} };
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

  function countList(counts, labels, icon) {
    var ul = el("ul", { className: "count-list" });
    Object.keys(labels).forEach(function (k) {
      if (!counts[k]) return;
      ul.appendChild(el("li", null, [icon ? icon(k) : null, " " + labels[k] + ": " + counts[k]]));
    });
    return ul;
  }

  function provincePopupContent(code) {
    var info = provinceByCode[code] || { name_en: code, name_ko: "" };
    var c = state.provinceCounts[code] || { total: 0, by_status: {}, by_sector: {}, members: [] };
    var wrap = el("div", { className: "popup province-popup" });
    wrap.appendChild(el("h3", { className: "popup-title" }, [info.name_en + " ", el("span", { lang: "ko", text: info.name_ko })]));
    wrap.appendChild(el("p", { className: "province-total", text: c.total + (c.total === 1 ? " matching venture" : " matching ventures") }));
    var folded = c.members.filter(function (m) { return m.code !== code; });
    if (folded.length) {
      var note = el("p", { className: "fold-note" });
      note.appendChild(document.createTextNode("Includes "));
      folded.forEach(function (m, i) {
        var fp = provinceByCode[m.code];
        if (i) note.appendChild(document.createTextNode(" and "));
        note.appendChild(link(config.province_url_template.replace("KP-00", m.code), fp.name_en + " " + fp.name_ko));
        note.appendChild(document.createTextNode(" (" + m.count + ")"));
      });
      note.appendChild(document.createTextNode(", which " + (folded.length > 1 ? "have" : "has") + " no boundary of its own on this map."));
      wrap.appendChild(note);
    }
    if (c.total) {
      wrap.appendChild(el("h4", { text: "By status" }));
      wrap.appendChild(countList(c.by_status, LABELS.status, function (k) { return sym.statusIcon(k, 12); }));
      wrap.appendChild(el("h4", { text: "By sector" }));
      wrap.appendChild(countList(c.by_sector, LABELS.sector));
    }
    var unplaced = state.features.filter(function (f) {
      return !f.geometry && provinceByCode[f.properties.province] && provinceByCode[f.properties.province].map_polygon === code;
    });
    if (unplaced.length) {
      wrap.appendChild(el("h4", { text: "Known only to the province (no pin)" }));
      var ul = el("ul", { className: "unplaced-list" });
      unplaced.slice(0, 15).forEach(function (f) {
        ul.appendChild(el("li", null, [sym.statusIcon(f.properties.status, 12), " ", link(f.properties.url, f.properties.name)]));
      });
      if (unplaced.length > 15) ul.appendChild(el("li", { text: "and " + (unplaced.length - 15) + " more (see the list)" }));
      wrap.appendChild(ul);
    }
    // The province page applies the same filters (the same FilterSet), so its counts match these.
    var filters = filterQuery(new URLSearchParams(window.location.search));
    filters.delete("province");
    var qs = filters.toString();
    wrap.appendChild(el("p", { className: "popup-more" }, [
      link(config.province_url_template.replace("KP-00", code) + (qs ? "?" + qs : ""), "Province page →")
    ]));
    return wrap;
  }

  function loadProvinces() {
    return fetch(config.provinces_url, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error("provinces " + r.status); return r.json(); })
      .then(function (geojson) {
        provinceLayer = L.geoJSON(geojson, {
          renderer: markerRenderer,
          style: styleProvince,
          onEachFeature: function (feature, layer) {
            layer.on("mouseover", function () {
              var c = state.provinceCounts[feature.id] || { total: 0 };
              var info = provinceByCode[feature.id] || {};
              layer.setStyle({ weight: 3, color: "#222" });
              layer.bindTooltip(el("span", null, [info.name_en + " ", el("span", { lang: "ko", text: info.name_ko }), ": " + c.total]), { sticky: true }).openTooltip();
            });
            layer.on("mouseout", function () { provinceLayer.resetStyle(layer); layer.unbindTooltip(); });
            layer.on("click", function (e) { openPopup(e.latlng, provincePopupContent(feature.id)); });
          }
        }).addTo(map);
        if (!state.userMoved) map.fitBounds(provinceLayer.getBounds(), { padding: [8, 8], animate: false });
      });
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
    while (legendScale.firstChild) legendScale.removeChild(legendScale.firstChild);
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

  /* ---------- the list ---------- */

  var collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

  function sortFeatures(features, ordering) {
    var key = ordering.replace(/^-/, ""), desc = ordering.charAt(0) === "-";
    var field = key === "status_date" ? "status_date" : key === "updated_at" ? "updated_at" : "name";
    var sorted = features.slice();
    sorted.sort(function (a, b) {
      var x = a.properties[field] || "", y = b.properties[field] || "";
      var cmp = field === "name" ? collator.compare(x, y) : x < y ? -1 : x > y ? 1 : 0;
      if (cmp === 0) cmp = collator.compare(a.properties.public_id, b.properties.public_id);
      return desc ? -cmp : cmp;
    });
    return sorted;
  }

  function listRow(feature) {
    var p = feature.properties;
    var button = el("button", { type: "button", className: "row-open", "data-public-id": p.public_id }, [
      sym.statusIcon(p.status, 14), " ", el("span", { className: "row-name", text: p.name })
    ]);
    button.addEventListener("click", function () { focusVenture(feature); });
    var meta = el("span", { className: "row-meta", text:
      (LABELS.sector[p.sector] || p.sector) + " · " + statusText(p) + " · " + (p.province_name || p.province) +
      (p.geometry === null || !feature.geometry ? " · province only" : "") });
    return el("li", { className: "venture-row" }, [button, meta]);
  }

  function renderList(reset) {
    if (reset) {
      while (listEl.firstChild) listEl.removeChild(listEl.firstChild);
      state.shown = 0;
    }
    var fragment = document.createDocumentFragment();
    var end = Math.min(state.features.length, state.shown + (reset ? LIST_PAGE : LIST_PAGE * 2));
    for (var i = state.shown; i < end; i++) fragment.appendChild(listRow(state.features[i]));
    listEl.appendChild(fragment);
    state.shown = end;
    moreButton.hidden = state.shown >= state.features.length;
    if (!moreButton.hidden) moreButton.textContent = "Show more (" + (state.features.length - state.shown) + " left)";
  }

  function focusVenture(feature) {
    if (feature.geometry) {
      var latlng = latLngOf(feature);
      map.setView(latlng, Math.max(map.getZoom(), 8), { animate: false });
      openVenturePopup(feature, latlng);
    } else {
      var info = provinceByCode[feature.properties.province];
      var label = info && info.label ? [info.label[1], info.label[0]] : map.getCenter();
      openVenturePopup(feature, label);
    }
    var popup = map.getContainer().querySelector(".leaflet-popup-content a, .leaflet-popup-content button");
    if (popup) popup.focus();
  }

  moreButton.addEventListener("click", function () { renderList(false); });

  /* ---------- loading ---------- */

  function whenSettled(callback) {
    var panning = map._panAnim && map._panAnim._inProgress;
    if (map._animatingZoom || panning) map.once("moveend", callback);
    else callback();
  }

  function setReady(ready) {
    mapEl.setAttribute("data-ready", ready ? "true" : "false");
    window.jvReady = ready;
    if (ready) {
      window.jvReadyAt = performance.now(); // read by the benchmark (bench/map.py)
      window.jvDrawCount = (window.jvDrawCount || 0) + 1;
      document.dispatchEvent(new CustomEvent("jv:ready"));
    }
  }

  function showError(body) {
    while (errorEl.firstChild) errorEl.removeChild(errorEl.firstChild);
    errorEl.hidden = !body;
    if (!body) return;
    errorEl.appendChild(el("p", { text: "These filters could not be applied:" }));
    var ul = el("ul");
    if (typeof body === "string") ul.appendChild(el("li", { text: body }));
    else Object.keys(body).forEach(function (k) {
      ul.appendChild(el("li", { text: k + ": " + [].concat(body[k]).join(" ") }));
    });
    errorEl.appendChild(ul);
  }

  function fetchJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { var err = new Error("HTTP " + r.status); err.body = body; throw err; }
        return body;
      }, function () { throw new Error("HTTP " + r.status); });
    });
  }

  // Responses are kept for a couple of minutes: undoing a filter, or the back button, redraws
  // without asking the server again.
  var responseCache = new Map();
  var CACHE_MS = 120000;
  function cachedJSON(url) {
    var hit = responseCache.get(url);
    if (hit && Date.now() - hit.at < CACHE_MS) {
      responseCache.delete(url); // least recently used goes first: re-insert at the end
      responseCache.set(url, hit);
      return hit.promise;
    }
    var promise = fetchJSON(url);
    responseCache.set(url, { at: Date.now(), promise: promise });
    promise.catch(function () { responseCache.delete(url); });
    // Two entries per filter state (ventures + counts): the last four states, bounded memory.
    if (responseCache.size > 8) responseCache.delete(responseCache.keys().next().value);
    return promise;
  }

  var firstLoad = true;
  function load(params) {
    var id = ++state.requestId;
    setReady(false);
    var filters = filterQuery(params);
    var venturesParams = new URLSearchParams(filters);
    venturesParams.set("format", "geojson");
    var qs = filters.toString();
    var venturesUrl = config.api_ventures_url + "?" + venturesParams.toString();
    var countsUrl = config.api_provinces_url + (qs ? "?" + qs : "");
    if (firstLoad && config.initial_ventures_url) {
      // The very URLs the page preloaded (<link rel=preload>), so the preloaded responses are used.
      venturesUrl = config.initial_ventures_url;
      countsUrl = config.initial_provinces_url;
    }
    firstLoad = false;
    updateExportLinks(params);
    statusEl.textContent = "Loading ventures…";
    var ventures = cachedJSON(venturesUrl);
    var counts = cachedJSON(countsUrl).catch(function () { return null; });
    // The counts usually arrive well before the 10,000 features: shade the provinces at once.
    Promise.all([counts, provincesReady]).then(function (results) {
      var rows = results[0] && (Array.isArray(results[0]) ? results[0] : results[0].results);
      if (rows && id === state.requestId && state.drawnRequest !== id) applyCounts(rows);
    });
    return Promise.all([ventures, counts, provincesReady]).then(function (results) {
      if (id !== state.requestId) return; // a newer filter change superseded this one
      showError(null);
      var collection = results[0], rows = results[1];
      var t0 = performance.now(), profile = window.jvProfile = { dataAt: t0 };
      rows = rows && (Array.isArray(rows) ? rows : rows.results);
      state.features = sortFeatures(collection.features || [], params.get("ordering") || "name");
      profile.sort = performance.now() - t0;
      state.drawnRequest = id;
      applyCounts(rows || countsFromFeatures(state.features));
      profile.counts = performance.now() - t0 - profile.sort;
      drawMarkers(state.features);
      profile.markers = performance.now() - t0 - profile.sort - profile.counts;
      renderList(true);
      profile.total = performance.now() - t0;
      var n = state.features.length;
      summaryEl.textContent = n + " of " + config.total + (config.total_is_published_only ? " published" : "") +
        " ventures match" + (filters.toString() ? " these filters." : ".");
      var pinned = dots ? dots.items().length : 0;
      statusEl.textContent = pinned + " on the map, " + (n - pinned) + " known only to their province.";
      map.closePopup();
      // Ready once the view has settled and the canvas has painted this frame.
      whenSettled(function () {
        profile.beforeRaf = performance.now();
        L.Util.requestAnimFrame(function () { profile.raf = performance.now(); if (id === state.requestId) setReady(true); });
      });
    }).catch(function (err) {
      if (id !== state.requestId) return;
      showError(err.body || "The ventures could not be loaded (" + err.message + "). Try again later.");
      statusEl.textContent = "";
      summaryEl.textContent = "No results.";
      setReady(true);
    });
  }

  var provincesReady = loadProvinces().catch(function () {
    statusEl.textContent = "Province boundaries could not be loaded.";
  });

  function onFiltersChanged() {
    window.jvFilterStartedAt = performance.now();
    var params = paramsFromForm();
    var qs = params.toString();
    if (qs !== window.location.search.replace(/^\?/, "")) {
      window.history.pushState({ jv: true }, "", qs ? "?" + qs : window.location.pathname);
    }
    load(params);
  }

  var searchTimer = null;
  form.addEventListener("change", function (e) {
    if (e.target.name === "q") return; // handled by input, debounced
    if (e.target === orderingEl) {
      var params = paramsFromForm();
      window.history.pushState({ jv: true }, "", params.toString() ? "?" + params.toString() : window.location.pathname);
      state.features = sortFeatures(state.features, orderingEl.value);
      updateExportLinks(params);
      renderList(true);
      return;
    }
    onFiltersChanged();
  });
  form.elements.q.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(onFiltersChanged, 350);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(searchTimer); onFiltersChanged(); });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      orderingEl.value = "name";
      extraParams = [];
      renderExtraParams();
      onFiltersChanged();
    }, 0);
  });
  window.addEventListener("popstate", function () {
    var params = new URLSearchParams(window.location.search);
    formFromParams(params);
    load(params);
  });

  /* ---------- small screens: the panel collapses ---------- */

  var toggle = document.getElementById("panel-toggle");
  var layout = document.getElementById("map-layout");
  var narrow = window.matchMedia("(max-width: 760px)");
  function setPanel(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    layout.classList.toggle("panel-closed", !open);
    setTimeout(function () {
      map.invalidateSize();
      // Keep the whole country in view when the map changes size, unless the reader has moved it.
      if (!state.userMoved) map.fitBounds(provinceLayer ? provinceLayer.getBounds() : COUNTRY_BOUNDS, { padding: [8, 8], animate: false });
    }, 50);
  }
  toggle.addEventListener("click", function () { setPanel(toggle.getAttribute("aria-expanded") !== "true"); });
  setPanel(!narrow.matches);

  // Legend swatches beside the filter checkboxes.
  Array.prototype.forEach.call(document.querySelectorAll(".status-swatch"), function (span) {
    span.appendChild(sym.statusIcon(span.getAttribute("data-status"), 14));
  });
  Array.prototype.forEach.call(document.querySelectorAll(".sector-letter"), function (span) {
    span.textContent = sym.SECTOR_LETTER[span.getAttribute("data-sector")] || "";
  });

  var initial = new URLSearchParams(window.location.search);
  formFromParams(initial);
  window.history.replaceState({ jv: true }, "", window.location.href);
  load(initial);
  // For tests and the benchmark: what is drawn, and where.
  window.jvMap = {
    map: map,
    state: state,
    pinnedIds: function () { return dots ? dots.items().map(function (i) { return i.feature.properties.public_id; }) : []; },
    markerPoint: function (publicId) {
      var item = dots.items().filter(function (i) { return i.feature.properties.public_id === publicId; })[0];
      var p = map.latLngToContainerPoint(item.latlng);
      return { x: p.x, y: p.y };
    },
    pointOf: function (lat, lon) { var p = map.latLngToContainerPoint([lat, lon]); return { x: p.x, y: p.y }; },
    provinceCount: function () { return provinceLayer ? provinceLayer.getLayers().length : 0; }
  };
})();
