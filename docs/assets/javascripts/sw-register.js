// Registers the site's service worker (sw.js at the site root, made by hooks/delivery/offline.py) once the page
// has loaded, so its precache never competes with what the reader opened. On a page with a calculator,
// it waits until the calculator is ready or has failed (calculators.js sends "calculators:settled"):
// on a slow phone the precache would otherwise share the link and the CPU with the runtime's start.
// Without it — blocked, unsupported, or on file:// — the site works the same, online only.
(() => {
  if (!("serviceWorker" in navigator) || !document.currentScript) return;
  const url = new URL("../../sw.js", document.currentScript.src);
  let registered = false;
  const register = () => {
    if (registered) return;
    registered = true;
    navigator.serviceWorker.register(url).catch(() => {});
  };
  const afterLoad = () => {
    if (!document.querySelector("form[data-calculator]") || window.__calculatorsSettled) return register();
    addEventListener("calculators:settled", register, { once: true });
    setTimeout(register, 60000); // whatever happens to the calculator, offline use still comes
  };
  if (document.readyState === "complete") afterLoad();
  else addEventListener("load", afterLoad, { once: true });
})();
