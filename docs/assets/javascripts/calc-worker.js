// Module worker: runs the site's Python calculators in a self-hosted Pyodide.
// Messages in:  {id, name, fields}         fields = the form's raw strings
// Messages out: {type: "ready"} | {type: "failed", message} | {type: "result", id, outcome}
const assets = new URL("../", import.meta.url);
// The runtime folder, relative to assets/. The build stamps the content-hashed folder here
// (hooks/runtime.py); its files never change, so servers and the service worker cache them for good.
const RUNTIME = "pyodide/";
const runtime = new URL(RUNTIME, assets);

const ready = (async () => {
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
