/* Map page, the list of matching ventures: sorted as the API would sort them, shown a page at a
 * time, each row opening the venture's popup (keyboard reachable). Exposed as
 * window.jv.mapList.create(ctx). */
(function () {
  "use strict";
  var jv = window.jv = window.jv || {};
  var el = jv.dom.el, sym = jv.symbols;
  var LIST_PAGE = 100;
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

  function create(ctx) {
    var state = ctx.state, labels = ctx.labels, listEl = ctx.els.list, moreButton = ctx.els.more;

    function row(feature) {
      var p = feature.properties;
      var button = el("button", { type: "button", className: "row-open", "data-public-id": p.public_id }, [
        sym.statusIcon(p.status, 14), " ", el("span", { className: "row-name", text: p.name })
      ]);
      button.addEventListener("click", function () { focusVenture(feature); });
      var meta = el("span", { className: "row-meta", text:
        (labels.sector[p.sector] || p.sector) + " · " + ctx.statusText(p) + " · " + (p.province_name || p.province || "province not known") +
        (p.province && (p.geometry === null || !feature.geometry) ? " · province only" : "") });
      return el("li", { className: "venture-row" }, [button, meta]);
    }

    function render(reset) {
      if (reset) {
        jv.dom.clear(listEl);
        state.shown = 0;
      }
      var fragment = document.createDocumentFragment();
      var end = Math.min(state.features.length, state.shown + (reset ? LIST_PAGE : LIST_PAGE * 2));
      for (var i = state.shown; i < end; i++) fragment.appendChild(row(state.features[i]));
      listEl.appendChild(fragment);
      state.shown = end;
      moreButton.hidden = state.shown >= state.features.length;
      if (!moreButton.hidden) moreButton.textContent = "Show more (" + (state.features.length - state.shown) + " left)";
    }

    function focusVenture(feature) {
      var map = ctx.map;
      if (feature.geometry) {
        var latlng = ctx.layers.latLngOf(feature);
        map.setView(latlng, Math.max(map.getZoom(), ctx.config.view.venture_zoom), { animate: false });
        ctx.popups.openVenture(feature, latlng);
      } else {
        var info = ctx.provinceByCode[feature.properties.province];
        var label = info && info.label ? [info.label[1], info.label[0]] : map.getCenter();
        ctx.popups.openVenture(feature, label);
      }
      var popup = map.getContainer().querySelector(".leaflet-popup-content a, .leaflet-popup-content button");
      if (popup) popup.focus();
    }

    moreButton.addEventListener("click", function () { render(false); });

    ctx.list = { sortFeatures: sortFeatures, render: render };
  }

  jv.mapList = { create: create, sortFeatures: sortFeatures };
})();
