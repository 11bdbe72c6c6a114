// Precompile Pyodide's standard library to bytecode, with the very interpreter the browser runs.
//
// Start-up in the browser is dominated by compiling the standard library from source
// (see `make bench`). This runs the pinned Pyodide in Node, compiles every module of
// python_stdlib.zip, and writes a zip of the .pyc files that loads in its place.
// Packages the calculators never import are left out (UNUSED below); the script checks, by
// importing and running every calculator first, that none of them is loaded.
// Usage: node scripts/precompile_stdlib.mjs OUTPUT.zip
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createRequire } from "node:module";

const output = resolve(process.argv[2] ?? ".cache/pyodide/python_stdlib.zip");
const require = createRequire(import.meta.url);
const { loadPyodide } = await import(require.resolve("pyodide/pyodide.mjs"));
const pyodide = await loadPyodide();
const version = pyodide.version;
const UNUSED = [
  "multiprocessing", "_pyrepl", "unittest", "xml", "email", "http", "pdb", "pydoc", "pydoc_data",
  "doctest", "tarfile", "ctypes", "urllib", "curses", "sqlite3", "wsgiref", "xmlrpc",
  "lib2to3", "idlelib", "tkinter", "turtledemo", "ensurepip", "venv", "turtle", "mailbox", "imaplib",
  "ftplib", "smtplib", "poplib", "nntplib", "telnetlib", "socketserver", "webbrowser",
];

// Run what the browser runs, then make sure none of the left-out packages was needed.
// The calculators exactly as the browser gets them: hooks/runtime.py's zip, with the data sets as JSON.
const calculatorsZip = execFileSync(resolve(".venv/bin/python"), [
  "-c",
  "import pathlib, sys; from hooks.runtime import calculators_zip; sys.stdout.buffer.write(calculators_zip(pathlib.Path('.').resolve()))",
]);
pyodide.unpackArchive(new Uint8Array(calculatorsZip), "zip", { extractDir: "/home/pyodide/site" });
pyodide.globals.set("UNUSED", pyodide.toPy(UNUSED));
pyodide.runPython(`
import json, sys
sys.path.insert(0, "/home/pyodide/site")
from calculators.browser import CALCULATORS, run
for name, calculator in CALCULATORS.items():
    run(name, json.dumps(calculator.form.defaults()))
    run(name, json.dumps({field.name: "x" for field in calculator.form.fields}))
    run(name, "not json")
loaded = {module.split(".")[0] for module in sys.modules}
needed = sorted(set(UNUSED) & loaded)
if needed:
    raise SystemExit(f"these packages are imported, do not leave them out: {needed}")
sys.path.remove("/home/pyodide/site")
`);

pyodide.runPython(`
import importlib.util, marshal, sys, zipfile

source_zip = next(p for p in sys.path if p.endswith(".zip"))
with zipfile.ZipFile(source_zip) as src, zipfile.ZipFile("/tmp/stdlib.zip", "w", zipfile.ZIP_DEFLATED) as out:
    for info in src.infolist():
        name = info.filename
        if name.split("/")[0].removesuffix(".py") in UNUSED:
            continue
        data = src.read(name)
        if name.endswith(".py"):
            try:
                code = compile(data, name, "exec", dont_inherit=True, optimize=0)
            except SyntaxError:
                out.writestr(info, data)  # keep what cannot compile (test data) as source
                continue
            # an unchecked-hash pyc: valid whatever the file's timestamp (PEP 552)
            header = importlib.util.MAGIC_NUMBER + (0b01).to_bytes(4, "little") + bytes(8)
            pyc = zipfile.ZipInfo(name + "c", date_time=info.date_time)
            out.writestr(pyc, header + marshal.dumps(code), zipfile.ZIP_DEFLATED)
        else:
            out.writestr(info, data)
`);

mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, pyodide.FS.readFile("/tmp/stdlib.zip"));
writeFileSync(output + ".version", version + "\n");
console.log(`precompiled standard library for Pyodide ${version}: ${output}`);
