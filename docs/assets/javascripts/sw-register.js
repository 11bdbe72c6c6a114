// What this tab fetches in the background, each when it costs the reader least (README, "Ready when the reader
// arrives" and "Offline"). On every page, once per tab: it lives on across Material's instant navigation.
// 1. The service worker (sw.js, hooks/delivery/offline.py): after the page's load; on a calculator page once the
//    calculator has settled; on a slow or data-saving link only once the reader opens a second page.
// 2. On a page without a calculator, once a link to one (data-calculators, hooks/delivery/preload.py) is in view
//    and the page is idle: the calculators' worker, started as calculator_start.html starts it, for
//    calculators.js to adopt when the calculator arrives. Never with Save-Data or on 2g / slow-2g.
(() => {
  const script = document.currentScript;
  if (!script) return;
  const connection = () => navigator.connection;

  // ---- 1. the service worker ---------------------------------------------------------------------------
  // Slow: what calculators.js weighs before the memory snapshot, or its measure of this page's runtime download.
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

  // ---- 2. the calculators' worker, started before the reader taps -------------------------------------
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
    observer = new IntersectionObserver((entries, watching) => {
      const seen = entries.find((entry) => entry.isIntersecting)?.target;
      if (!seen) return;
      watching.disconnect();
      if (observer === watching) observer = null;
      const warmUpOnceIdle = () => idle(() => seen.isConnected && warmUp(seen.dataset.calculators.split(" ")));
      if (document.readyState === "complete") warmUpOnceIdle();
      else addEventListener("load", warmUpOnceIdle, { once: true });
    });
    links.forEach((link) => observer.observe(link));
  }

  // Each page the tab shows: the first, then each one instant navigation brings in.
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
