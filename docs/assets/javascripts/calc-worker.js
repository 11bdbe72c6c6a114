// Module worker: runs the site's Python calculators in a self-hosted Pyodide.
// Messages in:  {id, name, fields}         fields = the form's raw strings
// Messages out: {type: "ready"} | {type: "failed", message} | {type: "result", id, outcome}
const assets = new URL("../", import.meta.url);
// The runtime folder, relative to assets/. The build stamps the content-hashed folder here
// (hooks/runtime.py); its files never change, so servers and the service worker cache them for good.
const RUNTIME = "pyodide/";
const runtime = new URL(RUNTIME, assets);

// Pyodide 314 never settles loadPyodide() when a runtime file cannot be fetched (it logs
// "wasm instantiation failed!" and waits), so the worker watches its own fetches of the runtime folder:
// a network error or an HTTP error there fails the start at once, and the page says so.
let runtimeFetchFailed;
const fetchFailure = new Promise((_, reject) => {
  runtimeFetchFailed = reject;
});
const plainFetch = self.fetch.bind(self);
self.fetch = async (resource, options) => {
  const url = resource instanceof Request ? resource.url : String(resource);
  const watched = url.startsWith(runtime.href);
  let response;
  try {
    response = await plainFetch(resource, options);
  } catch (error) {
    if (watched) runtimeFetchFailed(new Error(`${url}: ${error}`));
    throw error;
  }
  if (watched && !response.ok) runtimeFetchFailed(new Error(`${url}: HTTP ${response.status}`));
  return response;
};

const started = (async () => {
  // The calculators download while Pyodide starts.
  const calculators = fetch(new URL("calculators.zip", runtime)).then((response) => {
    if (!response.ok) throw new Error(`calculators.zip: HTTP ${response.status}`);
    return response.arrayBuffer();
  });
  calculators.catch(() => {}); // reported below, once awaited
  const { loadPyodide } = await import(new URL("pyodide.mjs", runtime).href);
  const pyodide = await loadPyodide({ indexURL: runtime.href });
  pyodide.unpackArchive(await calculators, "zip", { extractDir: "/home/pyodide/site" });
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/site')");
  return pyodide.pyimport("calculators.browser").run;
})();
const ready = Promise.race([started, fetchFailure]);

ready.then(
  () => postMessage({ type: "ready" }),
  (error) => postMessage({ type: "failed", message: String(error) }),
);

onmessage = async (event) => {
  const { id, name, fields } = event.data;
  let outcome;
  try {
    const run = await ready;
    outcome = JSON.parse(run(name, JSON.stringify(fields)));
  } catch (error) {
    outcome = { ok: false, errors: { "": "计算出错了，请检查输入后再试。" }, detail: String(error) };
  }
  postMessage({ type: "result", id, outcome });
};
