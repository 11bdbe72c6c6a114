// What this tab fetches in the background, each when it costs the reader least. Loaded on every page
// (extra_javascript) once per tab: Material's instant navigation keeps it running from page to page.
//
// 1. The site's service worker (sw.js at the site root, made by hooks/delivery/offline.py), registered once the
//    page has loaded, so its precache (every page and the search, about 0.6 MB) never competes with what the
//    reader opened. On a page with a calculator it waits until the calculator is ready or has failed
//    (calculators.js sends "calculators:settled"): on a slow phone the precache would otherwise share the link
//    and the CPU with the runtime's start. On a slow or data-saving connection (slowLink) it waits until the
//    reader opens a second page: a reader who reads one page and leaves does not pay for the whole site.
//    Without it — blocked, unsupported, or on file:// — the site works the same, online only.
// 2. The calculators' runtime, on a page without a calculator: once a link to a calculator page (marked
//    data-calculators by hooks/delivery/preload.py) has come into view and the browser is idle, the calculators'
//    worker starts in the background, as a calculator page's <head> starts it (hooks/templates/calculator_start.html):
//    it downloads the runtime (about 3.6 MB; not the memory snapshot) and starts Python, and calculators.js is
//    fetched too. When the reader taps the link, Material's instant navigation brings the calculator in without
//    reloading this page, and calculators.js adopts the worker, ready or nearly. Never when the browser asks to
//    save data, or on a 2g or slow-2g connection. A reader who never taps pays the download and about a second
//    of a worker's CPU (`make bench`, section 9).
(() => {
  const script = document.currentScript;
  if (!script) return;
  const connection = () => navigator.connection;

  // ---- 1. the service worker -----------------------------------------------------------------------------
  // Slow: the browser says the reader saves data or the connection is 3g or slower, or this page's calculator
  // measured its own download as slow (calculators.js, the same rule as for its memory snapshot).
  const SLOW_TYPES = new Set(["slow-2g", "2g", "3g"]);
  const slowLink = () =>
    Boolean(connection()?.saveData || SLOW_TYPES.has(connection()?.effectiveType) || window.__calculatorsSlowLink);
  let registered = false;
  let decided = false;
  let waitsForNextPage = false;
  const register = () => {
    if (registered || !("serviceWorker" in navigator)) return;
    registered = true;
    navigator.serviceWorker.register(new URL("../../sw.js", script.src)).catch(() => {});
  };
  const decide = () => {
    if (decided) return;
    decided = true;
    if (slowLink()) waitsForNextPage = true;
    else register();
  };
  const afterLoad = () => {
    if (!document.querySelector("form[data-calculator]") || window.__calculatorsSettled) return decide();
    addEventListener("calculators:settled", decide, { once: true });
    setTimeout(decide, 60000); // whatever happens to the calculator, offline use still comes
  };
  if (document.readyState === "complete") afterLoad();
  else addEventListener("load", afterLoad, { once: true });

  // ---- 2. the calculators' runtime, started before the reader taps ---------------------------------------
  const NO_WARM_UP = new Set(["slow-2g", "2g"]);
  const WORKER_URL = new URL("calc-worker.js", script.src);
  const CALCULATORS_URL = new URL("calculators.js", script.src);
  let observer = null;

  const started = () => Boolean(window.__calculatorWorker || window.__calculatorsStarted);
  const idle = (callback) =>
    window.requestIdleCallback ? requestIdleCallback(callback, { timeout: 5000 }) : setTimeout(callback, 1000);

  function warmUp(names) {
    if (started()) return;
    try {
      const start = { worker: new Worker(WORKER_URL, { type: "module" }), messages: [], error: null, background: true };
      performance.mark("calc:worker created in the background");
      start.worker.postMessage({ type: "prepare", names });
      // Kept for calculators.js, as calculator_start.html keeps them.
      start.worker.addEventListener("message", (event) => start.messages?.push(event.data));
      start.worker.addEventListener("error", (event) => {
        if (start.messages) start.error ??= event.message || "worker error";
      });
      window.__calculatorWorker = start;
    } catch {
      return; // the calculator page starts its own
    }
    const preload = document.createElement("link");
    preload.rel = "modulepreload";
    preload.href = CALCULATORS_URL.href;
    document.head.append(preload);
  }

  function watchLinks() {
    observer?.disconnect();
    observer = null;
    if (started() || document.querySelector("form[data-calculator]") || !("IntersectionObserver" in window)) return;
    if (connection()?.saveData || NO_WARM_UP.has(connection()?.effectiveType)) return;
    const links = document.querySelectorAll("a[data-calculators]");
    if (links.length === 0) return;
    observer = new IntersectionObserver((entries) => {
      const seen = entries.find((entry) => entry.isIntersecting)?.target;
      if (!seen) return;
      observer.disconnect();
      observer = null;
      const warmUpOnceIdle = () => idle(() => seen.isConnected && warmUp(seen.dataset.calculators.split(" ")));
      if (document.readyState === "complete") warmUpOnceIdle();
      else addEventListener("load", warmUpOnceIdle, { once: true });
    });
    links.forEach((link) => observer.observe(link));
  }

  // Every page the tab shows: the first, then each one instant navigation brings in.
  let pages = 0;
  const onPage = () => {
    pages += 1;
    if (pages > 1 && waitsForNextPage) register();
    watchLinks();
  };
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(onPage);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onPage);
  else onPage();
})();
