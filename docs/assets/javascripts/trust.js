// Accessibility and privacy glue for every page (no calculator code here).
// - the quick exit: first in the tab order; one click or Esc twice hides this page at once and leaves for a blank
//   page of this site, replacing the history entry, so Back does not come back here. Where the browser has the
//   Navigation API, it first goes back to the first entry this tab opened on the site in one go (Material's instant
//   navigation adds one per page) and replaces that one: Back then leaves the site. What it cannot do (earlier
//   visits, the browser's history) is said on the help page;
// - the help panel (求助电话) closes on Esc, on a tap elsewhere and when the page changes;
// - the colour scheme is remembered only when the reader chose one;
// - Material's search dialog gets a name; tables that scroll sideways become focusable regions;
// - the search worker is told the reader is about to search (the field gets focus, the search button is pressed),
//   so it downloads the index before the first keystroke (workers/search-lazy.js loads nothing until then).
(() => {
  "use strict";
  const ESC_WINDOW_MS = 1500;
  const TRAVERSE_WAIT_MS = 400; // a traversal that has not committed by then is given up: the current entry is replaced

  // The first history entry of this document before the current one (instant navigation keeps one document for
  // every page read since the site was opened), or null: none, or no Navigation API (the current one is replaced).
  function firstEntryOfThisVisit() {
    try {
      const nav = window.navigation;
      if (!nav || typeof nav.entries !== "function" || !nav.currentEntry) return null;
      const here = nav.currentEntry.index;
      return nav.entries().find((entry) => entry.sameDocument && entry.index < here) || null;
    } catch (error) {
      return null; // an opaque origin or an older implementation: replace the current entry only
    }
  }

  let leaving = false;
  function leave(href) {
    if (leaving) return;
    leaving = true;
    document.title = "新标签页";
    document.documentElement.style.display = "none";
    let gone = false;
    const go = () => {
      if (gone) return;
      gone = true;
      window.location.replace(href);
    };
    const first = firstEntryOfThisVisit();
    if (!first) return go();
    try {
      window.navigation.traverseTo(first.key).committed.then(go, go);
    } catch (error) {
      return go();
    }
    setTimeout(go, TRAVERSE_WAIT_MS);
  }

  const bar = document.querySelector("[data-quick-exit-bar]");
  const exit = bar && bar.querySelector("[data-quick-exit]");
  const help = bar && bar.querySelector("[data-quick-help]");
  function closeHelp() {
    if (!help || !help.open) return false;
    help.open = false;
    return true;
  }
  if (bar && exit) {
    // Before Material's skip link: the first Tab lands here. After the drawer and search toggles, so the
    // stylesheet can see them (phone.css moves the bar under the search while the search is open).
    const skip = document.querySelector("[data-md-component='skip']");
    if (skip) skip.before(bar);
    else document.body.prepend(bar);
    // Capture phase, so Material's instant navigation never sees the click.
    document.addEventListener("click", (event) => {
      const target = event.target instanceof Element ? event.target : null;
      const link = target && target.closest("[data-quick-exit]");
      if (!link) {
        if (help && help.open && !(target && help.contains(target))) closeHelp();
        else if (target && target.closest("[data-quick-help] a")) setTimeout(closeHelp);
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      leave(link.href);
    }, true);
    // Two Escapes in a row that nothing else uses: an Escape that closes the search or the help panel, or leaves a
    // form field, belongs to that, and starts the count again.
    let lastEscape = 0;
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      const searchOpen = document.getElementById("__search")?.checked;
      const inField = event.target instanceof Element && event.target.matches("input, select, textarea, [contenteditable]");
      if (help && help.open) {
        const focusInside = help.contains(document.activeElement);
        closeHelp();
        if (focusInside) help.querySelector("summary")?.focus();
        lastEscape = 0;
        return;
      }
      if (searchOpen || inField || event.defaultPrevented) {
        lastEscape = 0;
        return;
      }
      const now = Date.now();
      if (now - lastEscape <= ESC_WINDOW_MS) leave(exit.href);
      lastEscape = now;
    }, true);
    if (typeof document$ !== "undefined") document$.subscribe(() => closeHelp());
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
