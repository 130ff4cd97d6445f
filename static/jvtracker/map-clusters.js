/* Map page, venture symbols and their clusters: every pinned venture of the filter state on one
 * canvas layer (jv.symbols.VentureDots); up to CLUSTER_MAX_ZOOM, ventures close together are drawn as
 * one disc with their count, indexed by Supercluster (npm `supercluster`, pinned in package-lock.json;
 * why this library: docs/map.md). A click on a cluster zooms to where it splits; past that zoom each
 * symbol is where it is, and symbols at one point open as one grouped popup. Adds the markers' part of
 * ctx.layers: window.jv.mapClusters.create(ctx), after jv.mapLayers.create(ctx). */
(function () {
  "use strict";
  var jv = window.jv = window.jv || {};
  var sym = jv.symbols;
  var CLUSTER_MAX_ZOOM = 12, CLUSTER_RADIUS = 44, CLUSTER_MIN = 3;

  // A cluster: a disc whose size grows with the log of its count, the count written in it.
  function clusterStyle(count) {
    var radius = Math.round(Math.min(26, 11 + 2.4 * Math.log(count) / Math.LN2));
    var label = count < 1000 ? String(count) : count < 10000 ? (count / 1000).toFixed(1).replace(/\.0$/, "") + "k" : Math.round(count / 1000) + "k";
    return { key: label + "|" + radius, radius: radius, label: label };
  }

  // Each cluster disc is painted once per count and size, then stamped like the symbols' sprites.
  var sprites = {};
  function clusterSprite(st) {
    var sprite = sprites[st.key];
    if (sprite) return sprite;
    var ratio = window.devicePixelRatio || 1, half = st.radius + 2, size = half * 2;
    var canvas = document.createElement("canvas");
    canvas.width = canvas.height = Math.ceil(size * ratio);
    var c = canvas.getContext("2d");
    c.scale(ratio, ratio);
    c.beginPath();
    c.arc(half, half, st.radius, 0, Math.PI * 2, false);
    c.fillStyle = "rgba(40, 52, 70, 0.82)";
    c.fill();
    c.lineWidth = 2;
    c.strokeStyle = "#fff";
    c.stroke();
    c.font = "bold " + (st.radius > 16 ? 13 : 12) + "px sans-serif";
    c.textAlign = "center";
    c.textBaseline = "middle";
    c.fillStyle = "#fff";
    c.fillText(st.label, half, half + 0.5);
    sprite = sprites[st.key] = { canvas: canvas, half: half, size: size };
    return sprite;
  }

  function create(ctx) {
    var map = ctx.map, state = ctx.state, view = ctx.config.view;
    var dots = null, pinned = [], clusterIndex = null, clusterCache = new WeakMap();

    map.on("zoomend", function () { if (dots) showClusters(); });

    function latLngOf(feature) {
      var c = feature.geometry.coordinates;
      return L.latLng(c[1], c[0]);
    }

    /* ---------- venture symbols ---------- */

    function drawMarkers(features, source) {
      var items = [], byId = {};
      for (var i = 0; i < features.length; i++) {
        var f = features[i];
        if (!f.geometry) continue;
        var item = { latlng: latLngOf(f), feature: f, style: sym.dotStyle(f.properties) };
        items.push(item);
        byId[f.properties.public_id] = item;
      }
      pinned = items;
      state.pinnedById = byId;
      // Supercluster reads only geometry.coordinates: the API's features go in as they are.
      clusterIndex = null;
      if (items.length) {
        // One index per API response: going back to a cached filter state reuses it.
        clusterIndex = source && clusterCache.get(source);
        if (!clusterIndex) {
          clusterIndex = new Supercluster({ radius: CLUSTER_RADIUS, minZoom: view.min_zoom, maxZoom: CLUSTER_MAX_ZOOM, minPoints: CLUSTER_MIN });
          clusterIndex.load(items.map(function (it) { return it.feature; }));
          if (source) clusterCache.set(source, clusterIndex);
        }
      }
      if (!dots) {
        dots = new sym.VentureDots({ renderer: ctx.layers.renderer });
        dots.on("click", onMarkerClick);
        dots.addTo(map);
      }
      showClusters();
    }

    // What the current zoom shows: clusters with their counts, and the ventures no cluster took.
    function showClusters() {
      var zoom = Math.round(map.getZoom()), shown = [];
      if (zoom > CLUSTER_MAX_ZOOM || !clusterIndex) {
        shown = pinned;
      } else {
        var found = clusterIndex.getClusters([-180, -85, 180, 85], Math.max(zoom, view.min_zoom));
        for (var i = 0; i < found.length; i++) {
          var f = found[i], c = f.geometry.coordinates;
          if (f.properties.cluster) {
            var n = f.properties.point_count;
            var st = clusterStyle(n);
            shown.push({ latlng: L.latLng(c[1], c[0]), cluster: f.properties.cluster_id, count: n, radius: st.radius, sprite: clusterSprite(st) });
          } else {
            shown.push(state.pinnedById[f.properties.public_id]);
          }
        }
      }
      dots.setItems(shown);
      state.clusterCount = shown.filter(function (it) { return it.cluster !== undefined; }).length;
    }

    function clusterFeatures(item) {
      return clusterIndex.getLeaves(item.cluster, Infinity);
    }

    function onMarkerClick(e) {
      var hit = dots.itemsNear(e.layerPoint, 32).filter(function (it) {
        return it.point.distanceTo(e.layerPoint) <= (it.radius || dots._radius) + 3;
      })[0];
      if (!hit) return;
      if (hit.cluster !== undefined) {
        var zoom = clusterIndex.getClusterExpansionZoom(hit.cluster);
        if (zoom <= CLUSTER_MAX_ZOOM || map.getZoom() <= CLUSTER_MAX_ZOOM) {
          state.userMoved = true;
          map.setView(hit.latlng, Math.min(Math.max(zoom, map.getZoom() + 1), view.max_zoom));
          return;
        }
        ctx.popups.openGroup(clusterFeatures(hit), hit.latlng);
        return;
      }
      // Ventures at the same or nearly the same point open together in one popup.
      var near = dots.itemsNear(hit.point, 8).filter(function (it) { return it.cluster === undefined; })
        .map(function (item) { return item.feature; });
      if (near.length <= 1) ctx.popups.openVenture(hit.feature, hit.latlng);
      else ctx.popups.openGroup(near, hit.latlng);
    }

    function pinnedItems() {
      return pinned;
    }

    Object.assign(ctx.layers, {
      latLngOf: latLngOf,
      drawMarkers: drawMarkers,
      pinnedItems: pinnedItems,
      pinnedCount: function () { return pinned.length; },
      singleZoom: CLUSTER_MAX_ZOOM + 1,
      clusterFeatures: clusterFeatures,
      shownItems: function () { return dots ? dots.items() : []; }
    });
  }

  jv.mapClusters = { create: create, clusterStyle: clusterStyle };
})();
