// The site's service worker: the site keeps working offline after a first visit.
// Generated at build by hooks/delivery/offline.py, which stamps BUILD below (the precache list, the build's
// version, the runtime folder); served at the site root so that it controls every page.
//  - install: precache every page, the styles, the scripts and the search index;
//  - the Pyodide runtime (content-hashed, never changes) is cached the first time a calculator loads it;
//  - pages and other unhashed files: network first, so a reader online always sees the deployed site,
//    with the cache as the fallback when the network fails; hashed files: cache first;
//  - a new build has a new version: its caches replace the old ones on activation.
// The site works the same without it (blocked, unsupported, or not yet installed).
const BUILD = {"version": "dev", "precache": [], "runtime": "assets/pyodide/", "runtimeFiles": []};
const SITE_CACHE = `wsd-site-${BUILD.version}`;
const RUNTIME_CACHE = `wsd-runtime-${BUILD.runtime.split("/").filter(Boolean).pop()}`;
const ROOT = new URL("./", self.location.href);
const RUNTIME = new URL(BUILD.runtime, ROOT).href;
const HASHED = /\.[0-9a-f]{8,}\.min\.(js|css)$/;
const inFlight = new Map(); // runtime URL → promise of its caching, so parallel requests download once

// What the page has just loaded is not downloaded again: an unhashed file is revalidated with the server
// (no-cache: a 304 when the browser's copy is current, so the cache still gets what is deployed), a hashed one
// is taken from the browser's cache as it is (it never changes).
const precacheRequest = (path) => {
  const url = new URL(path, ROOT);
  return new Request(url, { cache: HASHED.test(url.pathname) ? "default" : "no-cache" });
};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SITE_CACHE)
      .then((cache) => cache.addAll(BUILD.precache.map(precacheRequest)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  const keep = new Set([SITE_CACHE, RUNTIME_CACHE]);
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("wsd-") && !keep.has(name)).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
      .then(adoptRuntime),
  );
});

// A reader who opened a calculator before this worker was active has the runtime in the browser's
// HTTP cache: copy it into ours (no network: only-if-cached), so the next visit and offline use have it.
// A reader who never opened a calculator has nothing to copy, and nothing is downloaded.
async function adoptRuntime() {
  const cache = await caches.open(RUNTIME_CACHE);
  await Promise.all(
    BUILD.runtimeFiles.map(async (name) => {
      const url = new URL(name, RUNTIME).href;
      if (await cache.match(url)) return;
      try {
        const response = await fetch(url, { cache: "only-if-cached", mode: "same-origin" });
        if (response.ok) await cache.put(url, response);
      } catch {
        // not in the HTTP cache: it is cached on first use instead
      }
    }),
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(ROOT.href)) return;
  if (request.url.startsWith(RUNTIME)) event.respondWith(runtimeFile(request));
  else if (HASHED.test(new URL(request.url).pathname)) event.respondWith(cacheFirst(request));
  else event.respondWith(networkFirst(request));
});

async function runtimeFile(request) {
  const url = request.url;
  const cache = await caches.open(RUNTIME_CACHE);
  const cached = await cache.match(url);
  if (cached) return cached;
  if (!inFlight.has(url)) {
    const caching = fetch(url).then(async (response) => {
      if (response.ok) await cache.put(url, response.clone());
      return response;
    });
    inFlight.set(url, caching);
    caching.finally(() => inFlight.delete(url)).catch(() => {});
    return (await caching).clone();
  }
  await inFlight.get(url).catch(() => null);
  return (await cache.match(url)) ?? fetch(request);
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  return cached ?? networkFirst(request);
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") {
      const copy = response.clone();
      caches.open(SITE_CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, { ignoreSearch: true });
    // A copy without the cached URL: a worker script's query string (search-lazy.js?rules=…) is read by
    // the worker from its own location, which is the response's URL when the response has one.
    if (cached) return cached.url === request.url ? cached : new Response(cached.body, cached);
    if (request.mode === "navigate") {
      const missing = await caches.match(new URL("404.html", ROOT).href);
      if (missing) return new Response(missing.body, { status: 404, headers: missing.headers });
    }
    throw error;
  }
}
