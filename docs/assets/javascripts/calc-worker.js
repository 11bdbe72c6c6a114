// Module worker: runs the site's Python calculators in a self-hosted Pyodide.
// Messages in:  {id, name, fields, today}  fields = the form's raw strings; today = the reader's local date
//                                          (YYYY-MM-DD), the one way "today" reaches a calculator
//               {type: "prepare", names}   the calculators the page shows: imported before "ready" (the others
//                                          are imported when first run; each costs start-up time)
// Messages out: {type: "progress", read, total, wire} while the start downloads (read and total: bytes as read,
//                                          decompressed; wire: the whole download's size on the wire, for the reader)
//               {type: "ready", marks, snapshot, link} | {type: "failed", message} | {type: "result", id, outcome, marks}
// marks: [name, epoch ms] of the start's stages (calculators.js puts them in the page's performance timeline
// as calc:worker:NAME; `make bench` prints the breakdown). link: {bytes, ms}, the start's download as measured
// here (bytes on the wire, estimated from the sizes below; ms from the first request to the last byte), which
// calculators.js weighs before it fetches the snapshot.
const marks = [];
const mark = (name) => marks.push([name, performance.timeOrigin + performance.now()]);
mark("start");
const assets = new URL("../", import.meta.url);
// The runtime folder, relative to assets/. The build stamps the content-hashed folder here
// (hooks/delivery/runtime.py); its files never change, so servers and the service worker cache them for good.
const RUNTIME = "pyodide/";
const runtime = new URL(RUNTIME, assets);
// The build stamps the name of the runtime's memory snapshot here when it publishes one (hooks/delivery/runtime.py).
const SNAPSHOT = null;
const snapshotURL = SNAPSHOT && new URL(SNAPSHOT, runtime).href;
// The build stamps the sizes of what a start downloads here (hooks/delivery/runtime.py): {files: {name: bytes as
// read}, wire: the whole on the wire}.
const SIZES = null;
const CALCULATORS_ZIP = "/home/pyodide/calculators.zip"; // on sys.path; the same path in the snapshot
const SNAPSHOT_TIMEOUT_MS = 8000; // a start from the snapshot that takes longer is abandoned for a normal one

// Download progress: the bytes of each runtime file read so far (response bodies as they stream in; a module,
// once imported), posted to the page at most every PROGRESS_MS.
const PROGRESS_MS = 200;
const read = new Map();
const download = { first: null, last: null }; // when the first runtime request went out, when its last byte came
let progressTimer = null;
const totalSize = SIZES ? Object.values(SIZES.files).reduce((sum, size) => sum + size, 0) : 0;
const readSize = () => [...read.values()].reduce((sum, size) => sum + size, 0);
function postProgress() {
  progressTimer = null;
  postMessage({ type: "progress", read: readSize(), total: totalSize, wire: SIZES.wire });
}
function countRead(file, bytes) {
  const size = SIZES?.files[file];
  if (size === undefined) return;
  read.set(file, Math.min(size, (read.get(file) ?? 0) + bytes));
  if (read.get(file) === size) download.last = performance.now();
  if (readSize() === totalSize) {
    clearTimeout(progressTimer);
    postProgress(); // the last figure at once: the download is over
  } else {
    progressTimer ??= setTimeout(postProgress, PROGRESS_MS);
  }
}
let wasmArrived;
const wasmRead = new Promise((resolve) => {
  wasmArrived = resolve;
});
// The same response, its body counted as it is read. Not the calculators' zip: it arrives while Python starts,
// which holds this thread, and a plain arrayBuffer() then takes it in one go (counted once read, below).
function counted(response, file) {
  if (!response.body || SIZES?.files[file] === undefined || file === "calculators.zip") return response;
  const counter = new TransformStream({
    transform(chunk, controller) {
      countRead(file, chunk.byteLength);
      controller.enqueue(chunk);
    },
    flush() {
      mark(`read ${file}`);
      if (file === "pyodide.asm.wasm") wasmArrived();
    },
  });
  const { status, statusText, headers } = response;
  return new Response(response.body.pipeThrough(counter), { status, statusText, headers });
}

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
  const file = url.slice(url.lastIndexOf("/") + 1);
  if (watched) mark(`fetch ${file}`);
  if (watched) download.first ??= performance.now();
  let response;
  try {
    response = await plainFetch(resource, options);
  } catch (error) {
    if (watched) runtimeFetchFailed(new Error(`${url}: ${error}`));
    throw error;
  }
  if (watched) mark(`response ${file}`);
  if (watched && !response.ok) runtimeFetchFailed(new Error(`${url}: HTTP ${response.status}`));
  return watched && response.ok ? counted(response, file) : response;
};

// What Python needs to start is requested at once, before Pyodide's loader is even imported, and the
// WebAssembly compiles (on V8's background threads, from the stream) while the worker parses Pyodide's
// 1.2 MB of JavaScript. Pyodide's own fetches of these files get the responses already under way, and its
// instantiateStreaming gets the module compiled here. (The page's <link rel=preload> for the same files
// share the download through the HTTP cache.) The calculators' zip, needed only once Python has started, is
// requested when the WebAssembly is in (wasmRead, below): on a slow link it then arrives while Python starts,
// instead of sharing the link with, and delaying, what Python waits for.
const early = new Map(
  ["pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"].map((name) => {
    const url = new URL(name, runtime).href;
    const response = self.fetch(url);
    response.catch(() => {}); // reported through fetchFailure
    return [url, response];
  }),
);
const takeEarly = (url) => {
  const response = early.get(url);
  early.delete(url);
  return response;
};
const watchedFetch = self.fetch;
self.fetch = (resource, options) => {
  const url = resource instanceof Request ? resource.url : String(resource);
  return takeEarly(url) ?? watchedFetch(resource, options);
};
const wasmResponse = early.get(new URL("pyodide.asm.wasm", runtime).href);
const wasmModule = WebAssembly.compileStreaming(wasmResponse).then((module) => {
  mark("wasm compiled");
  wasmArrived(); // (also when its body was not counted)
  return module;
});
wasmModule.catch((error) => runtimeFetchFailed(new Error(`pyodide.asm.wasm: ${error}`)));
const plainInstantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (source, imports) => {
  if (source !== wasmResponse) return plainInstantiateStreaming.call(WebAssembly, source, imports);
  const module = await wasmModule;
  mark("wasm instantiate");
  const instance = await WebAssembly.instantiate(module, imports);
  mark("wasm instantiated");
  return { module, instance };
};
// Pyodide's loader and the module it imports, both at once.
const loader = import(new URL("pyodide.mjs", runtime).href);
loader.then(() => countRead("pyodide.mjs", Infinity), () => {});
import(new URL("pyodide.asm.mjs", runtime).href).then(() => {
  mark("pyodide.asm.mjs imported");
  countRead("pyodide.asm.mjs", Infinity);
}, () => {});

// A warm visit starts from the memory snapshot (Python started, calculators imported: made at build by
// scripts/precompile_stdlib.mjs with this very Pyodide), but only if a cache already holds it: the page
// caches it after a first start (calculators.js); a start never waits for it to download.
let cachedSnapshot = (async () => {
  if (!snapshotURL || !self.caches) return null;
  try {
    const response = await caches.match(snapshotURL);
    if (!response?.ok) return null;
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.length > 0 ? bytes : null; // Pyodide checks its magic number and build id
  } catch {
    return null;
  }
})();

async function startFromSnapshot(loadPyodide, snapshot) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("no answer")), SNAPSHOT_TIMEOUT_MS);
  });
  try {
    const pyodide = await Promise.race([loadPyodide({ indexURL: runtime.href, _loadSnapshot: snapshot }), timeout]);
    mark("python started from the snapshot");
    // Pyodide keeps its options for good: let the snapshot's 31 MB go now that they are in its memory.
    if (pyodide._api?.config) pyodide._api.config._loadSnapshot = undefined;
    return pyodide;
  } catch (error) {
    mark("snapshot failed");
    console.warn("calculators: the snapshot did not start; starting normally:", String(error));
    return null;
  } finally {
    clearTimeout(timer);
  }
}

let usedSnapshot = false;
// The page's calculators ({type: "prepare"} messages): before the start, gathered; after it, imported at once.
const wanted = new Set();
let prepareCalculators = (names) => names.forEach((name) => wanted.add(name));
const started = (async () => {
  const calculators = Promise.race([wasmRead, fetchFailure]).then(() => fetch(new URL("calculators.zip", runtime).href)).then((response) => {
    if (!response.ok) throw new Error(`calculators.zip: HTTP ${response.status}`);
    return response.arrayBuffer();
  });
  calculators.then(() => {
    mark("read calculators.zip");
    countRead("calculators.zip", Infinity);
  }, () => {});
  calculators.catch(() => {}); // reported below, once awaited
  const { loadPyodide } = await loader;
  mark("pyodide.mjs imported");
  const snapshot = await cachedSnapshot;
  cachedSnapshot = null; // nothing keeps the bytes once the start is over
  let pyodide = snapshot && (await startFromSnapshot(loadPyodide, snapshot));
  usedSnapshot = Boolean(pyodide);
  if (!pyodide) {
    pyodide = await loadPyodide({ indexURL: runtime.href });
    mark("python started");
  }
  // Imported from the zip itself (zipimport, as the standard library is): no unpacking, and none of the
  // modules unpacking needs (shutil, tempfile, zipfile, bz2, lzma…) is loaded or shipped.
  pyodide.FS.writeFile(CALCULATORS_ZIP, new Uint8Array(await calculators));
  pyodide.runPython(`import sys\nif ${JSON.stringify(CALCULATORS_ZIP)} not in sys.path: sys.path.insert(0, ${JSON.stringify(CALCULATORS_ZIP)})`);
  mark("calculators in place");
  const browser = pyodide.pyimport("calculators.browser");
  prepareCalculators = (names) => browser.prepare(names);
  prepareCalculators([...wanted]);
  mark("calculators imported");
  return browser.run;
})();
const ready = Promise.race([started, fetchFailure]);

ready.then(
  () => {
    mark("ready");
    // The page caches the snapshot for the next visit (in idle time, and only where that is welcome).
    const link = download.first === null || download.last === null || !totalSize ? null
      : { bytes: Math.round((readSize() / totalSize) * SIZES.wire), ms: Math.round(download.last - download.first) };
    postMessage({ type: "ready", marks, snapshot: usedSnapshot ? null : snapshotURL, link });
  },
  (error) => postMessage({ type: "failed", message: String(error) }),
);

let firstResult = true;
onmessage = async (event) => {
  if (event.data?.type === "prepare") {
    try {
      prepareCalculators(event.data.names.filter((name) => typeof name === "string"));
    } catch (error) {
      console.warn("calculators: could not import ahead", String(error)); // the first run imports it
    }
    return;
  }
  const { id, name, fields, today } = event.data;
  let outcome;
  try {
    const run = await ready;
    outcome = JSON.parse(run(name, JSON.stringify(fields), typeof today === "string" ? today : ""));
  } catch (error) {
    outcome = { ok: false, errors: { "": "计算出错了，请检查输入后再试。" }, detail: String(error) };
  }
  const reply = { type: "result", id, outcome };
  if (firstResult) {
    firstResult = false;
    mark("first result");
    reply.marks = marks.slice(-1);
  }
  postMessage(reply);
};
