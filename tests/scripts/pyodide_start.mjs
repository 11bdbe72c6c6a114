// Starts the pinned Pyodide in Node on a given standard library zip, as the calculators' worker does, and runs
// some Python: used by tests/scripts/test_pyodide_patches.py.
// Usage: node pyodide_start.mjs STDLIB.zip CALCULATORS.zip|- sync|async < code.py
// Prints JSON: {"atStart": sys.modules right after the start, "result": the code's last expression (a string)}.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { loadPyodide } = await import(join(root, "node_modules", "pyodide", "pyodide.mjs"));
const [stdlib, calculators, mode] = process.argv.slice(2);
const code = readFileSync(0, "utf8");
// A failure prints its message alone (Node would print Pyodide's minified source line with it).
process.on("uncaughtException", (error) => {
  process.stderr.write(`${error?.message ?? error}\n`);
  process.exit(1);
});
process.on("unhandledRejection", (error) => {
  process.stderr.write(`${error?.message ?? error}\n`);
  process.exit(1);
});
const pyodide = await loadPyodide({ stdLibURL: stdlib });
const atStart = pyodide.runPython("import sys\nsorted(sys.modules)").toJs();
if (calculators !== "-") {
  // as the worker does (calc-worker.js): the zip on sys.path
  pyodide.FS.writeFile("/home/pyodide/calculators.zip", new Uint8Array(readFileSync(calculators)));
  pyodide.runPython("import sys\nsys.path.insert(0, '/home/pyodide/calculators.zip')");
}
const result = mode === "async" ? await pyodide.runPythonAsync(code) : pyodide.runPython(code);
process.stdout.write(JSON.stringify({ atStart, result: String(result) }));
