/*
 * Visitflow field app service worker: the shell (styles, script, icons) from the cache, refreshed in the
 * background; the app's pages from the network, and from the cache when there is no signal; on request from
 * the page it caches the pages of the rep's next days (GET /api/field/offline-urls). Nothing that changes state
 * goes through here: actions wait in the page's IndexedDB outbox.
 */
var VERSION = 'vf-field-v2';
var SHELL = ['/field/field.css', '/field/field.js', '/field/manifest.webmanifest', '/field/icons/icon-192.png',
  '/field/icons/icon-512.png'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(VERSION).then(function (cache) { return cache.addAll(SHELL); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== VERSION && k.indexOf('vf-field') === 0; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === '/field/csrf' || url.pathname === '/field/sw.js') { return; }
  if (SHELL.indexOf(url.pathname) >= 0 || url.pathname.indexOf('/webjars/fullcalendar/') === 0) {
    event.respondWith(staleWhileRevalidate(request));
    return;
  }
  if (url.pathname.indexOf('/field/') === 0) {
    event.respondWith(networkFirst(request));
  }
});

self.addEventListener('message', function (event) {
  if (event.data && event.data.type === 'prefetch') {
    event.waitUntil(prefetch());
  }
});

function staleWhileRevalidate(request) {
  return caches.open(VERSION).then(function (cache) {
    return cache.match(request, { ignoreVary: true }).then(function (hit) {
      var fresh = fetch(request).then(function (res) {
        if (res.ok) { cache.put(request, res.clone()); }
        return res;
      });
      if (hit) {
        fresh.catch(function () { });
        return hit;
      }
      return fresh;
    });
  });
}

function networkFirst(request) {
  return caches.open(VERSION).then(function (cache) {
    return fetch(request).then(function (res) {
      if (res.ok && !res.redirected) { cache.put(request, res.clone()); }
      return res;
    }).catch(function (err) {
      return cache.match(request, { ignoreVary: true }).then(function (hit) {
        if (hit) { return hit; }
        return cache.match('/field/', { ignoreVary: true }).then(function (day) {
          if (day) { return day; }
          throw err;
        });
      });
    });
  });
}

function prefetch() {
  return fetch('/api/field/offline-urls', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (res) {
      if (!res.ok || res.redirected) { return []; }
      return res.json();
    }).then(function (urls) {
      return caches.open(VERSION).then(function (cache) {
        return urls.reduce(function (chain, u) {
          return chain.then(function () {
            return fetch(u, { credentials: 'same-origin' }).then(function (res) {
              if (res.ok && !res.redirected) { return cache.put(u, res); }
            }).catch(function () { });
          });
        }, Promise.resolve());
      });
    }).catch(function () { });
}
