// The company map: markers by viewport from /api/map/markers (clusters made on the server), the popup,
// planning a visit, supervisors' pins and proposals, the day's route. No build step; Leaflet from webjars.
(function () {
  'use strict';
  var cfg = window.VISITFLOW_MAP, msg = cfg.msg;
  var COLOURS = ['#98a2b3', '#fdd835', '#f79009', '#93370d', '#1570ef', '#d92d20'];
  var api = function (path) { return cfg.base.replace(/\/$/, '') + path; };
  var fmt = function (text) { var args = arguments; return text.replace(/\{(\d)\}/g, function (m, i) { return args[+i + 1]; }); };
  var el = function (tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (k === 'text') { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); } });
    (children || []).forEach(function (c) { if (c) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); } });
    return node;
  };
  var request = function (method, path, body) {
    var headers = body ? { 'Content-Type': 'application/json', 'Accept': 'application/json' } : { 'Accept': 'application/json' };
    // the session's CSRF token (from the layout's meta tags) on changes, as htmx sends it
    var token = document.querySelector('meta[name=_csrf]'), header = document.querySelector('meta[name=_csrf_header]');
    if (method !== 'GET' && token && header) { headers[header.content] = token.content; }
    return fetch(api(path), {
      method: method, credentials: 'same-origin', headers: headers,
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      if (r.status === 204) { return null; }
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) {
          var text = r.status === 403 ? msg.forbidden : (data.errors ? data.errors.map(function (e) { return e.field + ': ' + e.reason; }).join('; ') : (data.detail || r.status));
          throw new Error(text);
        }
        return data;
      });
    });
  };

  var map = L.map('map', { preferCanvas: true });
  // for browser tests and screenshots
  window.visitflowMap = map;
  if (cfg.extent) {
    map.fitBounds([[cfg.extent[0], cfg.extent[1]], [cfg.extent[2], cfg.extent[3]]], { padding: [20, 20], maxZoom: 14 });
  } else {
    map.setView([cfg.centerLatitude, cfg.centerLongitude], 10);
  }
  L.tileLayer(cfg.tileUrl, { maxZoom: 19, attribution: cfg.attribution }).addTo(map);
  var layer = L.layerGroup().addTo(map);
  var proposalLayer = L.layerGroup().addTo(map);
  var routeLayer = L.layerGroup().addTo(map);
  var renderer = L.canvas({ padding: 0.3 });

  var legend = L.control({ position: 'bottomleft' });
  legend.onAdd = function () {
    var box = el('div', { 'class': 'vf-legend' }, [el('strong', { text: msg.legend })]);
    cfg.colours.forEach(function (c, i) {
      box.appendChild(el('div', {}, [el('i', { style: 'background:' + COLOURS[i] }), msg.colour[c]]));
    });
    return box;
  };
  legend.addTo(map);

  var filters = function () {
    var form = document.getElementById('filter-form'), params = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (v) { params.set(k, v); } });
    return params;
  };

  var loading = 0;
  var load = function () {
    var params = filters(), ticket = ++loading;
    params.set('bbox', map.getBounds().toBBoxString());
    params.set('zoom', map.getZoom());
    request('GET', '/api/map/markers?' + params.toString()).then(function (data) {
      if (ticket !== loading) { return; }
      layer.clearLayers();
      data.clusters.forEach(function (c) {
        var size = Math.round(28 + Math.min(24, Math.log(c[2]) * 4));
        var icon = L.divIcon({ className: '', iconSize: [size, size],
          html: '<div class="vf-cluster" style="width:' + size + 'px;height:' + size + 'px;background:' + COLOURS[c[3]] + '">' + c[2] + '</div>' });
        L.marker([c[0], c[1]], { icon: icon, title: fmt(msg.cluster, c[2]) })
          .on('click', function () { map.setView([c[0], c[1]], Math.min(map.getZoom() + 2, 18)); })
          .addTo(layer);
      });
      data.markers.forEach(function (m) {
        L.circleMarker([m[1], m[2]], { renderer: renderer, radius: 8, weight: 2, color: '#fff', fillColor: COLOURS[m[3]], fillOpacity: 0.95 })
          .on('click', function (e) { openCompany(m[0], e.latlng); })
          .addTo(layer);
      });
      document.getElementById('shown').textContent = fmt(msg.shown, data.total);
    }).catch(function (e) { document.getElementById('shown').textContent = fmt(msg.error, e.message); });
  };
  map.on('moveend', load);
  document.getElementById('filter-form').addEventListener('submit', function (e) { e.preventDefault(); load(); });

  var visitLine = function (v) {
    if (!v) { return msg.none; }
    return v.when + ' · ' + (msg.stage[v.stage] || v.stage) + ' · ' + (typeName(v.visitType)) + ' · ' + v.rep;
  };
  var typeName = function (code) {
    var t = cfg.visitTypes.filter(function (x) { return x.value === code; })[0];
    return t ? t.label : code;
  };

  // the popup of the latest click only: an older answer arriving late never replaces it (or a form being sent)
  var popupTicket = 0;
  var openCompany = function (id, latlng) {
    var ticket = ++popupTicket;
    request('GET', '/api/map/companies/' + id).then(function (c) {
      if (ticket !== popupTicket) { return; }
      var dl = el('dl');
      Object.keys(c.fields).forEach(function (k) {
        var value = k === 'source' ? (msg.source[c.fields[k]] || c.fields[k]) : c.fields[k];
        dl.appendChild(el('dt', { text: msg.field[k] || k }));
        dl.appendChild(el('dd', { text: value }));
      });
      dl.appendChild(el('dt', { text: msg.lastVisit })); dl.appendChild(el('dd', { text: visitLine(c.lastVisit) }));
      dl.appendChild(el('dt', { text: msg.nextVisit })); dl.appendChild(el('dd', { text: visitLine(c.nextVisit) }));
      var typeSelect = el('select', { name: 'visitType', 'aria-label': msg.planType });
      cfg.visitTypes.forEach(function (t) { typeSelect.appendChild(el('option', { value: t.value, text: t.label })); });
      var repSelect = null;
      if (cfg.supervisor && cfg.reps.length) {
        // a supervisor plans for one of their reps
        repSelect = el('select', { name: 'repId', 'aria-label': msg.planRep });
        cfg.reps.forEach(function (r) { repSelect.appendChild(el('option', { value: r.value, text: r.label })); });
      }
      var tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
      var status = el('p', { 'class': 'muted plan-status', role: 'status', 'aria-live': 'polite' });
      var form = el('form', { 'class': 'plan-form' }, [
        el('strong', { 'class': 'wide', text: msg.plan }),
        el('input', { type: 'date', name: 'date', value: tomorrow, required: 'required', 'aria-label': msg.planDate }),
        el('input', { type: 'time', name: 'time', value: '10:00', required: 'required', 'aria-label': msg.planTime }),
        el('div', { 'class': 'wide' }, [typeSelect]),
        repSelect ? el('div', { 'class': 'wide' }, [repSelect]) : null,
        el('button', { type: 'submit', 'class': 'primary wide', text: msg.planSubmit })
      ]);
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        var data = new FormData(form), button = form.querySelector('button[type=submit]');
        // sending: no second visit from a second tap, and no other popup replaces this one meanwhile
        button.disabled = true;
        popupTicket++;
        body.setAttribute('data-state', 'sending');
        request('POST', '/api/map/companies/' + id + '/visits', {
          plannedStart: data.get('date') + 'T' + data.get('time'), visitType: data.get('visitType'),
          repId: data.get('repId') || undefined
        }).then(function (v) {
          status.textContent = '';
          status.appendChild(el('span', { 'class': 'ok', text: msg.planDone + ' ' }));
          status.appendChild(el('a', { href: api('/visits/' + v.id), text: msg.planOpen }));
          body.setAttribute('data-state', 'planned');
          load();
        }).catch(function (err) {
          status.textContent = fmt(msg.error, err.message);
          button.disabled = false;
          body.setAttribute('data-state', 'failed');
        });
      });
      var body = el('div', { 'class': 'vf-popup' }, [el('h3', { text: c.title }), dl,
        el('a', { href: c.cardUrl, target: '_blank', rel: 'noopener', text: msg.card }), form, status]);
      if (cfg.supervisor) {
        var move = el('button', { type: 'button', text: msg.move });
        move.addEventListener('click', function () { startMove(c, latlng); });
        body.appendChild(move);
      }
      // "ready" once the popup stands still: after the pan that brings it into view, if there is one
      var panning = false, started = function () { panning = true; };
      var ready = function () { if (!body.getAttribute('data-state')) { body.setAttribute('data-state', 'ready'); } };
      map.once('movestart', started);
      L.popup({ maxWidth: 300 }).setLatLng(latlng).setContent(body).openOn(map);
      map.off('movestart', started);
      if (panning) { map.once('moveend', ready); } else { ready(); }
    }).catch(function (e) {
      if (ticket !== popupTicket) { return; }
      L.popup().setLatLng(latlng).setContent(el('p', { text: fmt(msg.error, e.message) })).openOn(map);
    });
  };

  var startMove = function (company, latlng) {
    map.closePopup();
    var pin = L.marker(latlng, { draggable: true, title: msg.moveHint, autoPan: true }).addTo(map);
    pin.bindTooltip(msg.moveHint, { permanent: true, direction: 'top' }).openTooltip();
    pin.on('dragend', function () {
      var p = pin.getLatLng();
      if (!window.confirm(msg.moveConfirm)) { map.removeLayer(pin); return; }
      request('PUT', '/api/map/companies/' + company.id + '/position', { latitude: p.lat, longitude: p.lng })
        .then(function () { map.removeLayer(pin); load(); })
        .catch(function (e) { window.alert(fmt(msg.error, e.message)); map.removeLayer(pin); });
    });
  };

  var loadProposals = function () {
    if (!cfg.supervisor) { return; }
    request('GET', '/api/map/proposals').then(function (list) {
      proposalLayer.clearLayers();
      document.getElementById('proposal-count').textContent = fmt(msg.proposals, list.length);
      list.forEach(function (p) {
        var approve = el('button', { type: 'button', 'class': 'primary', text: msg.approve });
        var reject = el('button', { type: 'button', text: msg.reject });
        var decide = function (action) {
          request('POST', '/api/map/proposals/' + p.id + '/' + action).then(function () { map.closePopup(); loadProposals(); load(); })
            .catch(function (e) { window.alert(fmt(msg.error, e.message)); });
        };
        approve.addEventListener('click', function () { decide('approve'); });
        reject.addEventListener('click', function () { decide('reject'); });
        L.circleMarker([p.latitude, p.longitude], { radius: 10, color: '#7a5af8', dashArray: '4', weight: 3, fillOpacity: 0.2 })
          .bindPopup(el('div', { 'class': 'vf-popup' }, [el('h3', { text: p.companyTitle || ('#' + p.companyId) }),
            el('p', { text: fmt(msg.proposalTitle, Math.round(p.accuracyMeters)) }), approve, ' ', reject]))
          .addTo(proposalLayer);
      });
    }).catch(function () {});
    request('GET', '/api/map/geocoding').then(function (g) {
      var text = g.enabled ? fmt(msg.geocoding, g.done, g.total) : msg.geocodingNone;
      if (g.failed) { text += ' · ' + fmt(msg.geocodingFailed, g.failed); }
      document.getElementById('geocoding-progress').textContent = text;
      var list = document.getElementById('geocoding-failures');
      list.textContent = '';
      g.failures.slice(0, 10).forEach(function (f) { list.appendChild(el('li', { text: (f.companyTitle || f.companyId) + ': ' + f.address + ' — ' + f.reason })); });
    }).catch(function () {});
  };
  if (cfg.supervisor) {
    document.getElementById('geocode-start').addEventListener('click', function () {
      request('POST', '/api/map/geocoding').then(loadProposals).catch(function (e) { window.alert(fmt(msg.error, e.message)); });
    });
    setInterval(loadProposals, 15000);
  }

  // the day's route
  var routeForm = document.getElementById('route-form');
  routeForm.elements.date.value = new Date().toISOString().slice(0, 10);
  var routeParams = function (position) {
    var data = new FormData(routeForm), params = new URLSearchParams();
    params.set('date', data.get('date'));
    if (data.get('rep')) { params.set('rep', data.get('rep')); }
    if (data.get('suggestions')) { params.set('suggestions', 'true'); }
    if (position) {
      params.set('startLatitude', position.coords.latitude); params.set('startLongitude', position.coords.longitude);
      params.set('fromHere', 'true');
    }
    return params;
  };
  var showRoute = function (route, params) {
    routeLayer.clearLayers();
    var out = document.getElementById('route-result');
    out.textContent = '';
    if (!route.stops.length && !route.unfitted.length) { out.appendChild(el('p', { text: msg.routeEmpty })); return; }
    var line = [[route.startLatitude, route.startLongitude]];
    var ol = el('ol'), keeps = [];
    route.stops.forEach(function (s, i) {
      line.push([s.latitude, s.longitude]);
      // a suggestion (a company due for a visit, no visit yet) is drawn dashed and can be kept
      var keep = null;
      if (s.suggestion) {
        keep = el('input', { type: 'checkbox', name: 'keep', value: s.companyId, 'aria-label': msg.routeKeep });
        keep.checked = true;
        keeps.push(keep);
      }
      L.marker([s.latitude, s.longitude], { icon: L.divIcon({ className: '', iconSize: [26, 26],
        html: '<span class="vf-stop' + (s.suggestion ? ' vf-suggestion' : '') + '">' + (i + 1) + '</span>' }) })
        .bindTooltip((s.companyTitle || '') + (s.suggestion ? ' · ' + msg.routeSuggestion : '')).addTo(routeLayer);
      ol.appendChild(el('li', { 'class': s.suggestion ? 'suggestion' : '' }, [el('strong', { text: s.start + '–' + s.departure + ' ' }), s.companyTitle || ('#' + s.companyId),
        s.fixed ? el('span', { 'class': 'muted', text: ' (' + msg.routeFixed + ')' }) : null,
        s.suggestion ? el('span', { 'class': 'muted', text: ' (' + msg.routeSuggestion + ': ' + (msg.coverage[s.coverageStatus] || s.coverageStatus) + ')' }) : null, ' ',
        el('a', { href: s.yandexUrl, target: '_blank', rel: 'noopener', text: '↗' }),
        keep ? el('label', { 'class': 'check' }, [keep, ' ' + msg.routeKeep]) : null]));
    });
    line.push([route.endLatitude, route.endLongitude]);
    L.polyline(line, { color: '#1d2733', weight: 3, opacity: 0.7, dashArray: '6 6' }).addTo(routeLayer);
    out.appendChild(el('p', { text: fmt(msg.routeTotal, route.totalKm, route.totalTravelMinutes, route.returnAt) }));
    out.appendChild(ol);
    route.links.forEach(function (link, i) {
      out.appendChild(el('div', {}, [el('a', { href: link, target: '_blank', rel: 'noopener',
        text: msg.routeYandex + (route.links.length > 1 ? ' · ' + fmt(msg.routeLeg, i + 1) : '') })]));
    });
    if (route.unfitted.length) {
      out.appendChild(el('strong', { 'class': 'bad', text: msg.routeUnfitted }));
      var ul = el('ul');
      route.unfitted.forEach(function (u) { ul.appendChild(el('li', { text: (u.companyTitle || u.companyId) + ': ' + (msg.reason[u.reason] || u.reason) })); });
      out.appendChild(ul);
    }
    if (route.unreadableHours.length) {
      out.appendChild(el('strong', { text: msg.routeUnreadable }));
      var ur = el('ul');
      route.unreadableHours.forEach(function (u) { ur.appendChild(el('li', { text: (u.companyTitle || u.companyId) + ': ' + u.text })); });
      out.appendChild(ur);
    }
    var apply = el('button', { type: 'button', text: msg.routeApply });
    apply.addEventListener('click', function () {
      var applyParams = new URLSearchParams(params);
      applyParams.delete('suggestions');
      keeps.forEach(function (k) { if (k.checked) { applyParams.append('keep', k.value); } });
      request('POST', '/api/routes/day/apply?' + applyParams.toString()).then(function (r) { applyParams.delete('keep'); showRoute(r, applyParams); out.appendChild(el('p', { 'class': 'ok', text: msg.routeApplied })); load(); })
        .catch(function (e) { window.alert(fmt(msg.error, e.message)); });
    });
    out.appendChild(apply);
    if (route.stops.length) { map.fitBounds(L.latLngBounds(line).pad(0.1)); }
  };
  routeForm.addEventListener('submit', function (e) {
    e.preventDefault();
    var go = function (position) {
      var params = routeParams(position);
      request('GET', '/api/routes/day?' + params.toString()).then(function (r) { showRoute(r, params); })
        .catch(function (err) { document.getElementById('route-result').textContent = fmt(msg.error, err.message); });
    };
    if (routeForm.elements.fromHere.checked && navigator.geolocation) {
      navigator.geolocation.getCurrentPosition(go, function () { go(null); }, { enableHighAccuracy: true, timeout: 10000 });
    } else { go(null); }
  });

  load();
  loadProposals();
}());
