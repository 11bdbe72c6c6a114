// Module worker: runs the site's Python calculators in a self-hosted Pyodide.
// Messages in:  {id, name, fields}         fields = the form's raw strings
// Messages out: {type: "ready"} | {type: "failed", message} | {type: "result", id, outcome}
const assets = new URL("../", import.meta.url);

const ready = (async () => {
  const { loadPyodide } = await import(new URL("pyodide/pyodide.mjs", assets).href);
  const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", assets).href });
  const response = await fetch(new URL("calculators.zip", assets), { cache: "no-cache" });
  if (!response.ok) throw new Error(`calculators.zip: HTTP ${response.status}`);
  pyodide.unpackArchive(await response.arrayBuffer(), "zip", { extractDir: "/home/pyodide/site" });
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
