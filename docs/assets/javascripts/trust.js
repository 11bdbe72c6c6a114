// Accessibility and privacy glue for every page (no calculator code here).
// - the quick exit: first in the tab order, one click or Esc twice replaces this page and its
//   history entry with a blank page of this site, so Back does not come back here;
// - the colour scheme is remembered only when the reader chose one;
// - Material's search dialog gets a name; tables that scroll sideways become focusable regions;
// - the search worker is told the reader is about to search (the field gets focus, the search button is pressed),
//   so it downloads the index before the first keystroke (workers/search-lazy.js loads nothing until then).
(() => {
  "use strict";
  const ESC_WINDOW_MS = 1500;

  function leave(href) {
    document.title = "新标签页";
    document.documentElement.style.display = "none";
    window.location.replace(href);
  }

  const bar = document.querySelector("[data-quick-exit-bar]");
  const exit = bar && bar.querySelector("[data-quick-exit]");
  if (bar && exit) {
    document.body.prepend(bar); // before Material's skip link: the first Tab lands here
    // Capture phase, so Material's instant navigation never sees the click.
    document.addEventListener("click", (event) => {
      const link = event.target instanceof Element && event.target.closest("[data-quick-exit]");
      if (!link) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      leave(link.href);
    }, true);
    // Two Escapes in a row that nothing else uses: an Escape that closes the search or leaves a form field
    // belongs to that, and starts the count again.
    let lastEscape = 0;
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      const searchOpen = document.getElementById("__search")?.checked;
      const inField = event.target instanceof Element && event.target.matches("input, select, textarea, [contenteditable]");
      if (searchOpen || inField || event.defaultPrevented) {
        lastEscape = 0;
        return;
      }
      const now = Date.now();
      if (now - lastEscape <= ESC_WINDOW_MS) leave(exit.href);
      lastEscape = now;
    }, true);
  }

  // Nothing stored unless the reader asks: Material saves the colour scheme on every load, even the default
  // "follow the system" (index 0). Only a scheme the reader picked with the toggle is kept.
  function forgetDefaultPalette() {
    try {
      for (const key of Object.keys(localStorage)) {
        if (!key.endsWith(".__palette")) continue;
        const saved = JSON.parse(localStorage.getItem(key) || "null");
        if (!saved || saved.index === 0) localStorage.removeItem(key);
      }
    } catch (error) {
      // storage disabled or unreadable: nothing is stored, nothing to forget
    }
  }
  forgetDefaultPalette();
  document.addEventListener("change", (event) => {
    if (event.target instanceof Element && event.target.matches("[data-md-color-media]")) setTimeout(forgetDefaultPalette);
  });

  const search = document.querySelector(".md-search[role='dialog']");
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "搜索本站");

  // Any tab's search worker of this site hears it (a BroadcastChannel has no other address); each loads once.
  let hinted = false;
  function hintSearch(event) {
    if (hinted || !(event.target instanceof Element)) return;
    if (!event.target.closest("[data-md-component='search-query'], label[for='__search']")) return;
    hinted = true;
    if (!("BroadcastChannel" in window)) return; // the first query loads it then
    const channel = new BroadcastChannel("wsd-search");
    channel.postMessage("load");
    channel.close();
  }
  document.addEventListener("focusin", hintSearch, true);
  document.addEventListener("pointerdown", hintSearch, true);

  function labelScrollingTables() {
    for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
      if (wrap.scrollWidth <= wrap.clientWidth || wrap.hasAttribute("tabindex")) continue;
      const caption = wrap.querySelector("caption");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption ? `${caption.textContent.trim()}（可左右滑动）` : "表格（可左右滑动）");
    }
  }
  if (typeof document$ !== "undefined") document$.subscribe(labelScrollingTables);
  else labelScrollingTables();
  window.addEventListener("resize", labelScrollingTables);
})();
