// Registers the site's service worker (sw.js at the site root, made by hooks/offline.py) once the page
// has loaded, so its precache never competes with what the reader opened. Without it — blocked,
// unsupported, or on file:// — the site works the same, online only.
(() => {
  if (!("serviceWorker" in navigator) || !document.currentScript) return;
  const url = new URL("../../sw.js", document.currentScript.src);
  const register = () => navigator.serviceWorker.register(url).catch(() => {});
  if (document.readyState === "complete") register();
  else addEventListener("load", register, { once: true });
})();
