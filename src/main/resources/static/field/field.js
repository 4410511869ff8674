/*
 * Visitflow field app. Every action goes through an outbox in IndexedDB, online or not: each item gets an
 * Idempotency-Key made here, items are sent one at a time in the order they were made, a lost answer is resent
 * with the same key (the server answers it once), a refusal (409, 4xx) stays in the list with the server's
 * reason until the rep dismisses it. Positions and times are taken when the rep taps, not when sent.
 */
(function () {
  'use strict';
  var DB_NAME = 'visitflow-field';
  var STORE = 'outbox';
  var msgs = (document.getElementById('field-msgs') || { dataset: {} }).dataset;
  var dbPromise = null;
  var flushing = false;
  var voiceBlob = null;

  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var open = indexedDB.open(DB_NAME, 1);
        open.onupgradeneeded = function () { open.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true }); };
        open.onsuccess = function () { resolve(open.result); };
        open.onerror = function () { reject(open.error); };
      });
    }
    return dbPromise;
  }

  function request(mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var tx = d.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && 'result' in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function allItems() {
    return request('readonly', function (s) { return s.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.seq - b.seq; });
    });
  }

  function save(item) { return request('readwrite', function (s) { return s.put(item); }); }

  function remove(seq) { return request('readwrite', function (s) { return s.delete(seq); }); }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return 'k-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  }

  function enqueue(item) {
    item.key = newKey();
    item.status = 'pending';
    item.createdAt = new Date().toISOString();
    return save(item);
  }

  function toast(text) {
    if (!text) { return; }
    var t = document.createElement('div');
    t.className = 'toast';
    t.setAttribute('role', 'status');
    t.textContent = text;
    document.body.appendChild(t);
    setTimeout(function () { t.remove(); }, 3500);
  }

  function freshCsrf() {
    return fetch('/field/csrf', { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (res) {
      if (res.redirected || !res.ok) { return { login: true }; }
      return res.json();
    });
  }

  function send(item, csrf) {
    var headers = { 'Idempotency-Key': item.key, 'X-Sent-At': new Date().toISOString(), Accept: 'application/json' };
    if (csrf && csrf.headerName) { headers[csrf.headerName] = csrf.token; }
    var body;
    if (item.file) {
      body = new FormData();
      body.append('file', item.file, item.fileName || 'file');
    } else {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(item.json || {});
    }
    return fetch(item.url, { method: item.method, headers: headers, body: body, credentials: 'same-origin', redirect: 'follow' });
  }

  function flush() {
    if (flushing) { return Promise.resolve(); }
    flushing = true;
    var sent = 0;
    var next = null;
    return allItems().then(function (items) {
      var pending = items.filter(function (i) { return i.status === 'pending' || i.status === 'sending'; });
      if (!pending.length || !navigator.onLine) { return; }
      return freshCsrf().then(function (csrf) {
        if (csrf.login) { toast(msgs.login); return; }
        var chain = Promise.resolve(true);
        pending.forEach(function (item) {
          chain = chain.then(function (go) {
            if (!go) { return false; }
            item.status = 'sending';
            return save(item).then(render).then(function () { return send(item, csrf); }).then(function (res) {
              if ((res.redirected && /\/login/.test(res.url)) || res.status === 401) {
                item.status = 'pending';
                toast(msgs.login);
                return save(item).then(function () { return false; });
              }
              if (res.ok) {
                sent++;
                if (item.kind === 'unplanned') {
                  return res.json().then(function (card) { next = '/field/visits/' + card.visit.id; }, function () { })
                    .then(function () { return remove(item.seq); }).then(function () { return true; });
                }
                return remove(item.seq).then(function () { return true; });
              }
              if (res.status >= 500 || res.status === 429) {
                item.status = 'pending';
                return save(item).then(function () { return false; });
              }
              return res.text().then(function (text) {
                var reason = '';
                try { var p = JSON.parse(text); reason = p.detail || p.title || ''; } catch (e) { reason = ''; }
                item.status = 'conflict';
                item.message = res.status + (reason ? ': ' + reason : '');
                return save(item).then(function () { return true; });
              });
            }, function () {
              item.status = 'pending';
              return save(item).then(function () { return false; });
            });
          });
        });
        return chain;
      });
    }).catch(function () { }).then(function () {
      flushing = false;
      return render();
    }).then(function () {
      if (!sent) { return; }
      return allItems().then(function (items) {
        var waiting = items.some(function (i) { return i.status === 'pending'; });
        if (waiting) { return; }
        if (next) { location.href = next; } else { location.reload(); }
      });
    });
  }

  function render() {
    return allItems().then(function (items) {
      var open = items.filter(function (i) { return i.status !== 'sent'; });
      var badge = document.getElementById('outbox-badge');
      var box = document.getElementById('outbox');
      var list = document.getElementById('outbox-list');
      if (badge) {
        var waiting = open.filter(function (i) { return i.status !== 'conflict'; }).length;
        badge.textContent = String(open.length);
        badge.hidden = open.length === 0;
        badge.dataset.pending = String(waiting);
      }
      if (!box || !list) { return; }
      box.hidden = open.length === 0;
      list.textContent = '';
      open.forEach(function (i) {
        var li = document.createElement('li');
        li.className = i.status;
        li.dataset.key = i.key;
        var state = i.status === 'conflict' ? msgs.conflict : i.status === 'sending' ? msgs.sending : msgs.pending;
        li.textContent = i.label + ' — ' + state + (i.message ? ' (' + i.message + ')' : '') + ' · ' +
          new Date(i.createdAt).toLocaleTimeString();
        if (i.status === 'conflict') {
          var b = document.createElement('button');
          b.type = 'button';
          b.textContent = msgs.dismiss;
          b.addEventListener('click', function () { remove(i.seq).then(render); });
          li.appendChild(b);
        }
        list.appendChild(li);
      });
    }).catch(function () { });
  }

  function locate() {
    return new Promise(function (resolve) {
      var deviceTime = new Date().toISOString();
      if (!navigator.geolocation) { resolve({ error: 'UNSUPPORTED', deviceTime: deviceTime }); return; }
      toast(msgs.locating);
      navigator.geolocation.getCurrentPosition(function (p) {
        resolve({
          latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy,
          positionTime: new Date(p.timestamp).toISOString(), deviceTime: deviceTime
        });
      }, function (e) {
        toast(msgs.geofail);
        resolve({ error: e.code === 1 ? 'DENIED' : e.code === 3 ? 'TIMEOUT' : 'UNAVAILABLE', deviceTime: deviceTime });
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 });
    });
  }

  function formJson(form) {
    var json = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === 'file' || el.type === 'submit' || el.type === 'button') { return; }
      if (el.hasAttribute('data-list')) {
        json[el.name] = el.value.split('\n').map(function (s) { return s.trim(); }).filter(Boolean);
        return;
      }
      var value = el.value.trim();
      if (el.name.indexOf('fields.') === 0) { json.fields = json.fields || {}; json.fields[el.name.substring(7)] = value; return; }
      if (value !== '' || el.hasAttribute('data-clearable')) { json[el.name] = el.name === 'companyId' ? Number(value) : value; }
    });
    return json;
  }

  /* Photos go out at about 2 megapixels as JPEG, so a result leaves on a weak signal. */
  function resize(file) {
    if (!file.type || file.type.indexOf('image/') !== 0 || !window.createImageBitmap) { return Promise.resolve(file); }
    return createImageBitmap(file).then(function (bmp) {
      var scale = Math.min(1, Math.sqrt(2000000 / (bmp.width * bmp.height)));
      if (scale >= 1 && file.type === 'image/jpeg') { return file; }
      var canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bmp.width * scale));
      canvas.height = Math.max(1, Math.round(bmp.height * scale));
      canvas.getContext('2d').drawImage(bmp, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) { canvas.toBlob(resolve, 'image/jpeg', 0.85); }).then(function (blob) {
        return blob ? new File([blob], file.name.replace(/\.[^.]+$/, '') + '.jpg', { type: 'image/jpeg' }) : file;
      });
    }).catch(function () { return file; });
  }

  function resultFiles(form) {
    var files = [];
    var jobs = [];
    Array.prototype.forEach.call(form.querySelectorAll('input[type=file]'), function (input) {
      Array.prototype.forEach.call(input.files || [], function (f) {
        jobs.push(input.hasAttribute('data-photo') ? resize(f) : Promise.resolve(f));
      });
    });
    return Promise.all(jobs).then(function (done) {
      done.forEach(function (f) { files.push({ blob: f, name: f.name || 'file' }); });
      if (voiceBlob) {
        files.push({ blob: voiceBlob, name: 'voice.' + (voiceBlob.type.indexOf('mp4') >= 0 ? 'm4a' : 'webm') });
      }
      return files;
    });
  }

  function onSubmit(ev) {
    var form = ev.target.closest && ev.target.closest('form[data-outbox]');
    if (!form) { return; }
    ev.preventDefault();
    var kind = form.dataset.kind;
    var base = { method: form.dataset.method, url: form.dataset.url, label: form.dataset.label, kind: kind };
    var main = document.querySelector('main[data-visit]');
    base.visitId = main ? main.dataset.visit : null;
    var buttons = form.querySelectorAll('button');
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    var work;
    if (kind === 'check') {
      work = locate().then(function (pos) { base.json = pos; return enqueue(base); });
    } else if (kind === 'unplanned') {
      work = locate().then(function (pos) { base.json = formJson(form); base.json.position = pos; return enqueue(base); });
    } else if (kind === 'result') {
      work = resultFiles(form).then(function (files) {
        var chain = Promise.resolve();
        files.forEach(function (f) {
          chain = chain.then(function () {
            return enqueue({ method: 'POST', url: form.dataset.attachUrl, file: f.blob, fileName: f.name,
              label: msgs.files + ': ' + f.name, kind: 'file', visitId: base.visitId });
          });
        });
        return chain.then(function () { base.json = formJson(form); return enqueue(base); });
      });
    } else if (kind === 'plan-requests') {
      // one request per company picked (suggestions ticked, or an id typed), same day, type and purpose
      var picked = [];
      Array.prototype.forEach.call(form.querySelectorAll('input[name=companyIds]:checked'), function (c) {
        picked.push({ id: Number(c.value), title: c.dataset.title || null });
      });
      var typed = form.elements.companyId && form.elements.companyId.value.trim();
      if (typed) { picked.push({ id: Number(typed), title: null }); }
      var none = document.getElementById('propose-none');
      if (none) { none.hidden = picked.length > 0; }
      if (!picked.length) {
        Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
        return;
      }
      var common = {
        plannedStart: form.elements.plannedStart.value, visitType: form.elements.visitType.value,
        purpose: form.elements.purpose.value.trim() || null
      };
      work = picked.reduce(function (chain, c) {
        return chain.then(function () {
          var json = { companyId: c.id, companyTitle: c.title };
          Object.keys(common).forEach(function (k) { json[k] = common[k]; });
          return enqueue({ method: base.method, url: base.url, kind: 'json', visitId: null, json: json,
            label: base.label + ': ' + (c.title || ('#' + c.id)) });
        });
      }, Promise.resolve());
    } else {
      base.json = formJson(form);
      work = enqueue(base);
    }
    work.then(function () {
      voiceBlob = null;
      toast(navigator.onLine ? msgs.queued : msgs.offline);
      return render();
    }).then(flush).catch(function (e) { toast(String(e)); }).then(function () {
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
    });
  }

  function voice() {
    var button = document.getElementById('voice-record');
    var state = document.getElementById('voice-state');
    if (!button) { return; }
    var recorder = null;
    var chunks = [];
    button.addEventListener('click', function () {
      if (recorder && recorder.state === 'recording') { recorder.stop(); return; }
      if (!navigator.mediaDevices || !window.MediaRecorder) { state.textContent = msgs.novoice; return; }
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.ondataavailable = function (e) { if (e.data && e.data.size) { chunks.push(e.data); } };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          voiceBlob = new Blob(chunks, { type: recorder.mimeType || 'audio/webm' });
          state.textContent = msgs.recorded + ' (' + Math.round(voiceBlob.size / 1024) + ' KB)';
        };
        recorder.start();
        state.textContent = msgs.recording;
      }, function () { state.textContent = msgs.novoice; });
    });
  }

  function distances() {
    var spots = document.querySelectorAll('.dist[data-lat]');
    if (!spots.length || !navigator.geolocation || !navigator.permissions) { return; }
    navigator.permissions.query({ name: 'geolocation' }).then(function (p) {
      if (p.state !== 'granted') { return; }
      navigator.geolocation.getCurrentPosition(function (pos) {
        Array.prototype.forEach.call(spots, function (s) {
          var d = haversine(pos.coords.latitude, pos.coords.longitude, Number(s.dataset.lat), Number(s.dataset.lon));
          s.textContent = d >= 1000 ? (d / 1000).toFixed(1) + ' ' + msgs.km : Math.round(d) + ' ' + msgs.m;
        });
      }, function () { }, { maximumAge: 60000, timeout: 10000 });
    }, function () { });
  }

  // "Маршрут": one tap; the route starts from the current position when the browser gives it
  function routeLink() {
    var links = document.querySelectorAll('a.route-link');
    Array.prototype.forEach.call(links, function (a) {
      a.addEventListener('click', function (ev) {
        if (!navigator.geolocation || ev.ctrlKey || ev.metaKey) { return; }
        ev.preventDefault();
        var done = false;
        var go = function (pos) {
          if (done) { return; }
          done = true;
          var url = new URL(a.href, location.href);
          if (pos) {
            url.searchParams.set('lat', pos.coords.latitude.toFixed(6));
            url.searchParams.set('lon', pos.coords.longitude.toFixed(6));
          }
          location.href = url.toString();
        };
        toast(msgs.locating);
        setTimeout(function () { go(null); }, 9000);
        navigator.geolocation.getCurrentPosition(go, function () { go(null); },
          { maximumAge: 60000, timeout: 8000 });
      });
    });
  }

  function haversine(lat1, lon1, lat2, lon2) {
    var r = Math.PI / 180;
    var a = Math.pow(Math.sin((lat2 - lat1) * r / 2), 2) +
      Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.pow(Math.sin((lon2 - lon1) * r / 2), 2);
    return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function nearby() {
    var button = document.getElementById('nearby');
    var form = document.getElementById('company-search');
    if (!button || !form) { return; }
    button.addEventListener('click', function () {
      locate().then(function (pos) {
        if (pos.latitude == null) { return; }
        form.elements.q.value = '';
        form.elements.latitude.value = pos.latitude;
        form.elements.longitude.value = pos.longitude;
        form.submit();
      });
    });
  }

  // "Следующий визит": a type or purpose chosen needs the date and time (the browser then asks for it)
  function nextVisit() {
    var start = document.getElementById('next-start');
    if (!start) { return; }
    var extras = document.querySelectorAll('[data-next]');
    var update = function () {
      start.required = Array.prototype.some.call(extras, function (e) { return e.value.trim() !== ''; });
    };
    Array.prototype.forEach.call(extras, function (e) {
      e.addEventListener('change', update);
      e.addEventListener('input', update);
    });
  }

  // monthly targets (supervisors, administrators): saved in place; a refusal shows the server's reason by the field
  function targets() {
    Array.prototype.forEach.call(document.querySelectorAll('form[data-target-form]'), function (form) {
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var err = form.querySelector('.err');
        var ok = form.querySelector('.ok-msg');
        var input = form.elements.visits;
        var value = input.value.trim();
        err.hidden = true;
        ok.hidden = true;
        var headers = { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': newKey() };
        var meta = document.querySelector('meta[name=_csrf_header]');
        var token = document.querySelector('meta[name=_csrf]');
        if (meta && token && meta.content) { headers[meta.content] = token.content; }
        fetch(form.dataset.url, { method: 'PUT', credentials: 'same-origin', headers: headers,
          body: JSON.stringify({ visits: value === '' ? null : Number(value) }) }).then(function (res) {
          if (res.ok) {
            var done = Number(form.dataset.done);
            var share = form.closest('li').querySelector('.share');
            var target = Number(value);
            if (share) { share.textContent = target > 0 ? Math.round(100 * done / target) + ' %' : '—'; }
            ok.textContent = form.dataset.saved;
            ok.hidden = false;
            return;
          }
          return res.json().catch(function () { return {}; }).then(function (p) {
            var e = (p.errors && p.errors[0]) || null;
            err.textContent = res.status === 403 ? form.dataset.forbidden
              : (e ? e.field + ': ' + e.reason : (p.detail || p.title || String(res.status)));
            err.hidden = false;
          });
        }, function () {
          err.textContent = msgs.offline;
          err.hidden = false;
        });
      });
    });
  }

  function network() {
    var net = document.getElementById('net');
    if (net) { net.hidden = navigator.onLine; }
  }

  function serviceWorker() {
    if (!('serviceWorker' in navigator)) { return; }
    navigator.serviceWorker.register('/field/sw.js', { scope: '/field/' }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      var last = Number(localStorage.getItem('vf-prefetch') || 0);
      if (navigator.onLine && reg.active && Date.now() - last > 10 * 60 * 1000) {
        localStorage.setItem('vf-prefetch', String(Date.now()));
        reg.active.postMessage({ type: 'prefetch' });
      }
    }).catch(function () { });
  }

  window.visitflowOutbox = { flush: flush, items: allItems, render: render, enqueue: enqueue };

  document.addEventListener('submit', function (ev) {
    // on logout the cached pages go (another person may use the phone); queued actions stay for the next login
    if (ev.target.matches && ev.target.matches('form.logout') && window.caches) {
      caches.keys().then(function (keys) {
        keys.filter(function (k) { return k.indexOf('vf-field') === 0; }).forEach(function (k) { caches.delete(k); });
      });
    }
  });
  document.addEventListener('submit', onSubmit);
  window.addEventListener('online', function () { network(); flush(); });
  window.addEventListener('offline', network);
  document.addEventListener('DOMContentLoaded', function () {
    network();
    voice();
    nextVisit();
    targets();
    nearby();
    distances();
    routeLink();
    serviceWorker();
    if (navigator.storage && navigator.storage.persist) { navigator.storage.persist().catch(function () { }); }
    allItems().then(function (items) {
      // an item caught mid-send when the page went away is sent again with its key: the server answers it once
      return Promise.all(items.filter(function (i) { return i.status === 'sending'; }).map(function (i) {
        i.status = 'pending';
        return save(i);
      }));
    }).then(render).then(flush);
    setInterval(flush, 20000);
  });
})();
