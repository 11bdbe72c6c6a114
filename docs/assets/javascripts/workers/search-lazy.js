// The search worker Material starts on every page: it downloads nothing big until the reader searches.
//
// Material 9.8's bundle starts its search worker and sends it SETUP with search/search_index.json at every page
// load. hooks/search/index.py writes that file with Material's config only (no documents) and publishes the whole
// index under another name. This worker answers SETUP with READY at once, and loads the whole index, the query
// rules (search-rules.js), the wrapper (search-zh.js) and Material's own worker only:
//  - on the first query with text (Material sends an empty one right after READY: answered at once, with no
//    results, as Material's worker answers it); a query typed while they load is answered once they are in;
//  - or earlier, on a hint from the page (trust.js posts on the BroadcastChannel "wsd-search" when the
//    search field gets focus or the search button is pressed), so they download before the first keystroke.
// If loading fails (offline without the service worker), the reader is told so, and the next query tries again.
//
// Loaded as `search-lazy.js?material=search.HASH.min.js&rules=search-rules.js&index=URL` (hooks/search/index.py);
// search-zh.js reads the same parameters. Everything about Material's protocol is in material-protocol.js.
// In a function: search-zh.js runs in the same global scope and declares names of its own.
(() => {
  const params = new URL(self.location.href).searchParams;
  importScripts("material-protocol.js"); // self.MaterialSearch

  const M = self.MaterialSearch;
  const HINT_CHANNEL = "wsd-search";
  const UNAVAILABLE = "搜索暂时没能加载：请检查网络，再输入一次";
  const post = self.postMessage.bind(self);

  let setup = null; // Material's SETUP data: {config, options}, its docs empty
  let setupArrived;
  const setupReceived = new Promise((resolve) => (setupArrived = resolve));
  let loading = null; // a promise while (and once) the search loads
  let listeners = null; // the message listeners of search-zh.js and Material's worker, in the order they registered
  let ready = false; // Material's worker has answered the whole index's SETUP
  let waiting = null; // the latest query typed before that: the results list shows the answer to the latest only

  // Runs scripts and returns the "message" listeners they register, instead of letting them see this worker's
  // messages directly: until the index is in, every message is this file's to answer.
  function importCapturing(url) {
    const add = self.addEventListener;
    const found = [];
    self.addEventListener = (type, listener, options) =>
      type === "message" ? found.push(listener) : add.call(self, type, listener, options);
    try {
      importScripts(url);
    } finally {
      self.addEventListener = add;
    }
    return found;
  }

  const deliver = (message) => listeners.forEach((listener) => listener({ data: message }));

  // What the loaded workers send passes through here: Material's READY (to the whole index's SETUP) is not the
  // page's (it had one at its own SETUP): it sends the query that waited.
  function relay(message) {
    if (ready || !message || message.type !== M.READY) return post(message);
    ready = true;
    if (waiting !== null) {
      const query = waiting;
      waiting = null;
      deliver({ type: M.QUERY, data: query });
    }
  }

  const prefetch = (url) =>
    fetch(new URL(url, self.location.href))
      .then((response) => response.arrayBuffer())
      .catch(() => {}); // the import that follows reports what went wrong

  async function start() {
    const index = fetch(new URL(params.get("index"), self.location.href)).then((response) => {
      if (!response.ok) throw new Error(`${response.status} ${response.url}`);
      return response.json();
    });
    index.catch(() => {}); // awaited below; the scripts load meanwhile
    // Imported scripts download one after another: fetch the big and the immutable ones at once, so that each
    // import finds its file in the HTTP cache (Material's hashed worker as it is, the others revalidated).
    prefetch(params.get("rules"));
    prefetch(params.get("material"));
    const language = () => M.languageScripts(setup.config).forEach(prefetch);
    if (setup) language(); // now: the imports below keep this worker busy until they are done
    else setupReceived.then(language);
    self.postMessage = relay; // search-zh.js wraps it, Material's worker calls the wrapper
    listeners = importCapturing("search-zh.js"); // it imports the rules, then Material's worker
    const { config, docs } = await index;
    await setupReceived;
    deliver({ type: M.SETUP, data: { ...setup, config, docs } });
  }

  function load() {
    loading ??= start().catch((error) => {
      loading = null; // the next query tries again
      listeners = null;
      console.warn("search could not load:", error);
      if (waiting !== null) {
        waiting = null;
        post({ type: M.RESULT, data: { items: [[M.document({ location: "", title: UNAVAILABLE }, 0)]] } });
      }
    });
    return loading;
  }

  addEventListener("message", (event) => {
    const message = event.data;
    if (ready) return deliver(message);
    if (M.isSetup(message)) {
      setup = message.data;
      setupArrived();
      post({ type: M.READY });
    } else if (M.isQuery(message)) {
      if (message.data === "") return post(M.EMPTY_RESULT);
      waiting = message.data;
      load();
    }
  });

  if ("BroadcastChannel" in self) new BroadcastChannel(HINT_CHANNEL).onmessage = load;
})();
