// Precompile Pyodide's standard library to bytecode, with the very interpreter the browser runs,
// keep only the modules the site needs, and precompress the runtime files for the web server.
//
// Start-up in the browser is dominated by compiling the standard library from source
// (see `make bench`). This runs the pinned Pyodide in Node, does what the browser's worker does
// (start, put the calculators.zip on sys.path, run every calculator's defaults, bad input and an error), records
// `sys.modules`, and writes a zip of the .pyc files of exactly those modules (plus KEEP below).
// It all runs on Pyodide's standard library with two of Pyodide's own files patched (scripts/pyodide_patches.py:
// asyncio, its web event loop and what they import — socket, ssl, subprocess, logging, concurrent.futures… —
// are imported on first use instead of at start), so those modules are not recorded and not shipped. The
// patch checks each original file's SHA-256 and fails here if a new Pyodide changed it.
// Members are stored, not deflated, so the server's brotli or gzip can compress the zip on the wire.
// Usage: node scripts/precompile_stdlib.mjs OUTPUT.zip
//   writes OUTPUT.zip, OUTPUT.zip.version (the Pyodide version), OUTPUT.zip.modules (kept modules),
//   OUTPUT.zip.loaded (sys.modules after the run, built-in modules included)
//   and, in OUTPUT's folder, precompressed/<file>.br and .gz for every runtime file;
//   and snapshot.bin (+ .br, .gz, and snapshot.bin.source: what it was made from, checked by hooks/delivery/runtime.py):
//   a memory snapshot of this Pyodide on that zip with the calculators imported, for warm visits (calc-worker.js);
//   and calculators-pyc/: each calculators/*.py as bytecode of this interpreter, with the SHA-256 of the source it
//   was compiled from (sources.json): hooks/delivery/runtime.py ships a .pyc in calculators.zip only for that very source.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const output = resolve(process.argv[2] ?? ".cache/pyodide/python_stdlib.zip");
const require = createRequire(import.meta.url);
const pyodideDir = dirname(require.resolve("pyodide/pyodide.mjs"));
const { loadPyodide } = await import(join(pyodideDir, "pyodide.mjs"));
// Pyodide's standard library with scripts/pyodide_patches.py applied (asyncio imported on first use, not at
// start): everything below runs on it, so sys.modules records the patched start.
const patchedSource = output + ".patched-source";
mkdirSync(dirname(output), { recursive: true });
execFileSync(resolve(".venv/bin/python"), ["scripts/pyodide_patches.py", join(pyodideDir, "python_stdlib.zip"), patchedSource], {
  stdio: "inherit",
});
// The bytecode leaves out the column ranges of each instruction (PYTHONNODEBUGRANGES, as `python -X
// no_debug_ranges`): they only place the ^^^ under a traceback's line, and are about a third of the
// compressed bytes. The worker never shows a traceback to a reader.
const pyodide = await loadPyodide({ stdLibURL: patchedSource, env: { PYTHONNODEBUGRANGES: "1" } });
const version = pyodide.version;
// Kept whatever the run imported: Pyodide's own packages whole (the browser side may import parts
// Node does not; only their files: pyodide.webloop is shipped but asyncio, which it imports, is not), and the
// Unicode and Latin codecs, which are looked up by name at run time.
const KEEP = ["pyodide", "_pyodide", "_sysconfigdata__emscripten_wasm32-emscripten"];
// 2 = like `python -OO`: no docstrings, no asserts (smaller); the check below runs the calculators on it.
const OPTIMIZE = Number(process.env.STDLIB_OPTIMIZE ?? 2);
const CODECS = ["aliases", "utf_8", "utf_8_sig", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le",
  "utf_32_be", "ascii", "latin_1", "charmap", "raw_unicode_escape", "unicode_escape", "idna", "punycode"];

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

// The calculators as bytecode: importing them from source compiles 150 kB of Python in the browser first.
// Unchecked hash-based .pyc (PEP 552), imported without their source; hooks/delivery/runtime.py checks the source instead.
{
  const folder = join(dirname(output), "calculators-pyc");
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const sources = {};
  for (const name of readdirSync("calculators").filter((file) => file.endsWith(".py")).sort()) {
    const source = readFileSync(join("calculators", name));
    pyodide.FS.writeFile("/tmp/source.py", source);
    pyodide.globals.set("FILENAME", `/home/pyodide/calculators.zip/calculators/${name}`);
    pyodide.runPython(`
import importlib.util, marshal
with open("/tmp/source.py", "rb") as f:
    code = compile(f.read(), FILENAME, "exec", dont_inherit=True)
with open("/tmp/compiled.pyc", "wb") as f:
    f.write(importlib.util.MAGIC_NUMBER + (0b01).to_bytes(4, "little") + bytes(8) + marshal.dumps(code))
`);
    writeFileSync(join(folder, name + "c"), pyodide.FS.readFile("/tmp/compiled.pyc"));
    sources[name] = sha256(source);
  }
  writeFileSync(join(folder, "sources.json"), JSON.stringify({ pyodide: version, sources }) + "\n");
}

// Do what the browser does, with the same files.
// The calculators exactly as the browser gets them: hooks/delivery/runtime.py's zip, with the data sets as JSON.
const calculatorsZip = execFileSync(resolve(".venv/bin/python"), [
  "-c",
  "import pathlib, sys; from hooks.delivery.runtime import calculators_zip; sys.stdout.buffer.write(calculators_zip(pathlib.Path('.').resolve()))",
]);
// As the worker does (calc-worker.js): the zip itself on sys.path, its modules imported by zipimport.
const CALCULATORS_PATH = "/home/pyodide/calculators.zip";
function placeCalculators(py) {
  py.FS.writeFile(CALCULATORS_PATH, new Uint8Array(calculatorsZip));
  py.runPython(`import sys\nif ${JSON.stringify(CALCULATORS_PATH)} not in sys.path: sys.path.insert(0, ${JSON.stringify(CALCULATORS_PATH)})`);
}
placeCalculators(pyodide);
const run = pyodide.pyimport("calculators.browser").run;
const names = pyodide.runPython("from calculators.browser import CALCULATORS; list(CALCULATORS)").toJs();
for (const name of names) {
  const defaults = pyodide.runPython(`import json; json.dumps(CALCULATORS[${JSON.stringify(name)}].form.defaults())`);
  const bad = pyodide.runPython(
    `json.dumps({f.name: "x" for f in CALCULATORS[${JSON.stringify(name)}].form.fields})`,
  );
  for (const fields of [defaults, bad, "not json", "{}"]) JSON.parse(run(name, fields));
}
try {
  pyodide.runPython("raise ValueError('the worker formats Python errors too')");
} catch (error) {
  String(error);
}
const loaded = pyodide.runPython(`
import sys
sorted(name for name in sys.modules)
`).toJs().concat(CODECS.map((codec) => `encodings.${codec}`));

pyodide.globals.set("LOADED", pyodide.toPy(loaded));
pyodide.globals.set("KEEP", pyodide.toPy(KEEP));
pyodide.globals.set("OPTIMIZE", OPTIMIZE);
pyodide.globals.set("CALCULATORS_PATH", CALCULATORS_PATH);
const kept = pyodide.runPython(`
import importlib.util, marshal, zipfile

def module_of(member):
    """'json/decoder.py' -> 'json.decoder'; 'json/__init__.py' -> 'json'; None for data files."""
    if not member.endswith(".py"):
        return None
    parts = member[:-3].split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)

wanted = set(LOADED)
source_zip = next(p for p in sys.path if p.endswith(".zip") and p != CALCULATORS_PATH)
kept = []
with zipfile.ZipFile(source_zip) as src, zipfile.ZipFile("/tmp/stdlib.zip", "w", zipfile.ZIP_STORED) as out:
    for info in src.infolist():
        name = info.filename
        module = module_of(name)
        top = name.split("/")[0].removesuffix(".py")
        if top not in KEEP and module not in wanted:
            continue
        data = src.read(name)
        if module is None:
            out.writestr(zipfile.ZipInfo(name, date_time=info.date_time), data)
            continue
        try:
            code = compile(data, name, "exec", dont_inherit=True, optimize=OPTIMIZE)
        except SyntaxError:
            out.writestr(zipfile.ZipInfo(name, date_time=info.date_time), data)
            continue
        # an unchecked-hash pyc: valid whatever the file's timestamp (PEP 552)
        header = importlib.util.MAGIC_NUMBER + (0b01).to_bytes(4, "little") + bytes(8)
        out.writestr(zipfile.ZipInfo(name + "c", date_time=info.date_time), header + marshal.dumps(code))
        kept.append(module)
sorted(kept)
`).toJs();

mkdirSync(dirname(output), { recursive: true });
const stdlib = pyodide.FS.readFile("/tmp/stdlib.zip");

// Every calculator's defaults give, in another Pyodide (its calculators placed as the worker does), exactly what
// they give in this one.
function checkSameResults(other, where) {
  placeCalculators(other);
  const otherRun = other.pyimport("calculators.browser").run;
  for (const name of names) {
    const defaults = pyodide.runPython(`json.dumps(CALCULATORS[${JSON.stringify(name)}].form.defaults())`);
    if (otherRun(name, defaults) !== run(name, defaults)) {
      throw new Error(`calculator ${name} gives another result ${where}`);
    }
  }
}

// Check: a fresh Pyodide on the new zip alone starts, imports and runs every calculator as the worker does.
{
  writeFileSync(output + ".candidate", stdlib);
  const fresh = await loadPyodide({ stdLibURL: output + ".candidate" });
  checkSameResults(fresh, "on the trimmed standard library");
  try {
    fresh.runPython("raise ValueError('errors still format')");
  } catch (error) {
    if (!String(error).includes("errors still format")) throw new Error(`Python errors do not format: ${error}`);
  }
  unlinkSync(output + ".candidate");
}
unlinkSync(patchedSource);
writeFileSync(output, stdlib);
writeFileSync(output + ".modules", kept.join("\n") + "\n");
writeFileSync(output + ".loaded", loaded.join("\n") + "\n"); // sys.modules after the run, built-ins included

// A memory snapshot of a start on that very zip, the calculators imported, as calc-worker.js starts from on a
// warm visit (Pyodide 314's private _makeSnapshot / makeMemorySnapshot: pinned version, made here with it).
// The calculators' files are not in it (Pyodide's file system lives in JavaScript): the worker writes the zip again.
const snapshot = await (async () => {
  const maker = await loadPyodide({ stdLibURL: output, _makeSnapshot: true });
  placeCalculators(maker);
  maker.pyimport("calculators.browser");
  return maker.makeMemorySnapshot();
})();
{
  // Check: a start from the snapshot computes what the normal start does.
  const restored = await loadPyodide({ stdLibURL: output, _loadSnapshot: snapshot });
  checkSameResults(restored, "when started from the snapshot");
}
const snapshotPath = join(dirname(output), "snapshot.bin");
writeFileSync(snapshotPath, snapshot);
writeFileSync(
  snapshotPath + ".source",
  JSON.stringify({ pyodide: version, stdlib: sha256(stdlib), calculators: sha256(calculatorsZip) }) + "\n",
);

// Precompressed copies for the web server (nginx gzip_static / brotli_static); Node has both.
const packed = join(dirname(output), "precompressed");
mkdirSync(packed, { recursive: true });
const runtime = {
  "python_stdlib.zip": stdlib,
  ...Object.fromEntries(
    ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json"].map((name) => [
      name,
      readFileSync(join(pyodideDir, name)),
    ]),
  ),
};
runtime["snapshot.bin"] = snapshot;
for (const [name, data] of Object.entries(runtime)) {
  writeFileSync(join(packed, name + ".gz"), gzipSync(data, { level: name === "snapshot.bin" ? 6 : 9 }));
  writeFileSync(
    join(packed, name + ".br"),
    brotliCompressSync(data, {
      params: {
        // 31 MB of snapshot at 11 takes a minute for a few per cent: 9 there
        [constants.BROTLI_PARAM_QUALITY]: name === "snapshot.bin" ? 9 : 11,
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  );
}
writeFileSync(output + ".version", version + "\n"); // last: the hook trusts the files once this matches
console.log(`standard library for Pyodide ${version}: ${kept.length} modules, ${stdlib.length} bytes: ${output}`);
