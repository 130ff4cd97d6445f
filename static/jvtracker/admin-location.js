/* The admin's location widget (django-leaflet), made a map without tiles: the province outlines and
 * the neighbouring provinces of China, Russia and South Korea, drawn under the point; the view opens
 * on the point (or the whole country when there is none); a search over the gazetteer (the places
 * API) puts a place's point into the Coordinates field, which the form parses (projects.coordinates).
 * Data text goes in through textContent. Loaded as the widget's media, before the maps start. */
(function () {
  "use strict";
  // The admin's JavaScript catalog (admin:jsi18n, on every change form; it includes our locale/
  // djangojs catalog) defines these; without it, English.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  };
  var POINT_ZOOM = 11;

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + " " + r.status);
      return r.json();
    });
  }

  function coordinatesInput(tools) {
    // The form's own field: id_coordinates (a venture or a place form has one each).
    var form = tools.closest("form");
    return form ? form.querySelector("input[name=coordinates]") : null;
  }

  function storedPoint(fieldId) {
    var field = document.getElementById(fieldId);
    if (!field || !field.value) return null;
    try {
      var geometry = JSON.parse(field.value);
      if (geometry && geometry.type === "Point") return L.latLng(geometry.coordinates[1], geometry.coordinates[0]);
    } catch (e) { /* not GeoJSON yet */ }
    return null;
  }

  function setUp(map, tools) {
    var outlines = L.featureGroup().addTo(map);
    var ready = [
      getJSON(tools.getAttribute("data-neighbours-url")).then(function (geojson) {
        L.geoJSON(geojson, {
          interactive: false,
          style: function () { return { color: "#8a8a8a", weight: 1, fillColor: "#e6e6e2", fillOpacity: 0.8 }; },
          onEachFeature: function (feature, layer) {
            var p = feature.properties;
            if (!p.borders_dprk) return;
            var label = document.createElement("span");
            label.textContent = p.name + " (" + p.country + ")";
            L.tooltip({ permanent: true, direction: "center", className: "jv-neighbour-label", interactive: false })
              .setLatLng(layer.getBounds().getCenter()).setContent(label).addTo(map);
          }
        }).addTo(outlines);
      }),
      getJSON(tools.getAttribute("data-provinces-url")).then(function (geojson) {
        var provinces = L.geoJSON(geojson, {
          interactive: false,
          style: function () { return { color: "#444", weight: 1.2, fillColor: "#fbfaf4", fillOpacity: 0.9 }; }
        }).addTo(outlines);
        outlines.country = provinces.getBounds();
      })
    ];
    Promise.all(ready).catch(function () { /* the widget still works without outlines */ }).then(function () {
      outlines.bringToBack();
      openView();
    });

    // Open on the point, close enough to see the town; else on the whole country.
    function openView() {
      var point = storedPoint(tools.getAttribute("data-field-id"));
      if (point) map.setView(point, POINT_ZOOM, { animate: false });
      else if (outlines.country) map.fitBounds(outlines.country, { padding: [6, 6], animate: false });
    }

    // Place search over the gazetteer.
    var input = tools.querySelector(".jv-place-search"), results = tools.querySelector(".jv-place-results");
    var timer = null, preview = null, asked = 0;
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    function search() {
      var text = input.value.trim(), id = ++asked;
      while (results.firstChild) results.removeChild(results.firstChild);
      if (text.length < 2) return;
      getJSON(tools.getAttribute("data-places-url") + "?page_size=10&q=" + encodeURIComponent(text)).then(function (body) {
        if (id !== asked) return;
        var places = (body.results || body).filter(function (p) { return p.latitude !== null && p.longitude !== null; });
        if (!places.length) {
          var none = document.createElement("li");
          none.textContent = interpolate(gettext("No place with a point matches “%(text)s”."), { text: text }, true);
          results.appendChild(none);
        }
        places.forEach(function (place) {
          var li = document.createElement("li"), button = document.createElement("button");
          button.type = "button";
          button.className = "jv-place-pick";
          button.textContent = place.name_en + (place.name_ko ? " " + place.name_ko : "") + " · " + place.kind + " · " + place.province;
          button.addEventListener("click", function () { pick(place); });
          li.appendChild(button);
          results.appendChild(li);
        });
      }).catch(function () {
        var failed = document.createElement("li");
        failed.textContent = gettext("The gazetteer could not be searched.");
        results.appendChild(failed);
      });
    }
    function pick(place) {
      var latlng = L.latLng(place.latitude, place.longitude);
      var target = coordinatesInput(tools);
      if (target) {
        target.value = place.latitude.toFixed(5) + ", " + place.longitude.toFixed(5);
        target.dispatchEvent(new Event("change", { bubbles: true }));
      }
      if (preview) map.removeLayer(preview);
      preview = L.circleMarker(latlng, { radius: 7, color: "#b30000", weight: 2, fillOpacity: 0.3 }).addTo(map);
      map.setView(latlng, POINT_ZOOM, { animate: false });
      while (results.firstChild) results.removeChild(results.firstChild);
      var done = document.createElement("li");
      done.textContent = interpolate(gettext("Coordinates set to %(place)s (%(lat)s, %(lng)s); save to keep them."),
        { place: place.name_en, lat: latlng.lat.toFixed(5), lng: latlng.lng.toFixed(5) }, true);
      results.appendChild(done);
    }
  }

  // Typed coordinates move the point; a point put on the map writes the coordinates. Both ask the
  // server (the one parser, projects.coordinates; the one placement rule) what the point is and which
  // province it lies in. The form parses the text again on save, so this is a preview.
  function linkCoordinates(map, tools) {
    var input = coordinatesInput(tools), field = null, timer = null, asked = 0;
    if (!input) return;
    var status = document.createElement("p");
    status.className = "jv-coordinates-status";
    status.id = input.id + "-status";
    status.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", status);
    input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + status.id).trim());
    map.on("map:loadfield", function (e) { field = e.field; });

    function show(kind, text) {
      status.className = "jv-coordinates-status" + (kind ? " jv-coordinates-" + kind : "");
      while (status.firstChild) status.removeChild(status.firstChild);
      if (text) status.appendChild(document.createTextNode(text));
      if (kind === "error") input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    }

    function suggestProvince(province, label) {
      if (!province) return;
      var line = document.createElement("span");
      line.className = "jv-province-suggestion";
      line.textContent = " " + label + ".";
      status.appendChild(line);
      var select = tools.closest("form").querySelector("select[name=province]");
      if (!select || select.value === String(province.id)) return;
      var use = document.createElement("button");
      use.type = "button";
      use.className = "jv-use-province";
      use.textContent = tools.getAttribute("data-use-province");
      use.addEventListener("click", function () {
        var option = Array.prototype.find.call(select.options, function (o) { return o.value === String(province.id); });
        if (!option) { option = new Option(province.name, province.id); select.appendChild(option); }
        select.value = String(province.id);
        if (window.django && window.django.jQuery) window.django.jQuery(select).trigger("change");
        else select.dispatchEvent(new Event("change", { bubbles: true }));
        use.remove();
      });
      status.appendChild(document.createTextNode(" "));
      status.appendChild(use);
    }

    function movePoint(latlng) {
      if (field) {
        field.drawnItems.clearLayers();
        field.drawnItems.addLayer(L.marker(latlng));
        field.store.save(field.drawnItems);
      }
      map.setView(latlng, Math.max(map.getZoom(), POINT_ZOOM), { animate: false });
    }

    function locate(text, moveMap) {
      var id = ++asked;
      if (!text.trim()) { show("", ""); return; }
      fetch(tools.getAttribute("data-locate-url") + "?coordinates=" + encodeURIComponent(text), {
        credentials: "same-origin", headers: { Accept: "application/json" }
      }).then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, body: body }; });
      }).then(function (answer) {
        if (id !== asked) return;
        if (!answer.ok) { show("error", (answer.body.coordinates || []).join(" ")); return; }
        var body = answer.body;
        if (moveMap) movePoint(L.latLng(body.latitude, body.longitude));
        if (body.refusal) { show("error", body.refusal); return; }
        show(body.warning ? "warning" : "ok", body.warning || "");
        suggestProvince(body.province, body.province_label);
      }).catch(function () {
        if (id === asked) show("warning", tools.getAttribute("data-locate-failed"));
      });
    }

    input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); locate(input.value, true); } });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { locate(input.value, true); }, 300);
    });
    input.addEventListener("change", function () { clearTimeout(timer); locate(input.value, true); });

    // The other way round: a point drawn or dragged on the map writes the coordinates.
    function fromMap(e) {
      var layers = e.layer ? [e.layer] : (e.layers ? e.layers.getLayers() : []);
      var marker = layers.filter(function (l) { return l.getLatLng; })[0];
      if (!marker) return;
      var at = marker.getLatLng();
      input.value = Math.abs(at.lat).toFixed(5) + (at.lat >= 0 ? "N" : "S") + " " +
        Math.abs(at.lng).toFixed(5) + (at.lng >= 0 ? "E" : "W");
      locate(input.value, false);
    }
    map.on("draw:created draw:edited", fromMap);
  }

  // The widgets' maps by container id, for the browser tests (django-leaflet keeps no globals).
  window.jvAdminMaps = window.jvAdminMaps || {};
  window.addEventListener("map:init", function (e) {
    var tools = document.querySelector('.jv-location-tools[data-map-id="' + e.detail.id + '"]');
    if (!tools) return;
    window.jvAdminMaps[e.detail.id] = e.detail.map;
    linkCoordinates(e.detail.map, tools);
    setUp(e.detail.map, tools);
  });
})();
