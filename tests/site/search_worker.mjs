// Runs the built site's search worker (the wrapper and Material's own worker) in Node, as a browser would:
// the same files, the same messages. Used by tests/site/test_search_protocol.py (protocol, timing) and for tuning.
//
//   node tests/site/search_worker.mjs SITE_DIR [--material-only | --lazy] [--title-boost=N] [--serve] < queries.json > results.json
//
// queries.json: ["逾期5天", …]. Prints [{query, sent, items: [[{location, title, text, score, terms}]], ms, cpu_ms,
// loaded, languageScripts}], loaded: the files the worker had fetched or imported once it answered that query;
// languageScripts: what material-protocol.js says Material's worker imports at SETUP.
// By default the wrapper (search-zh.js) runs alone and is sent SETUP with the whole index.
// --serve keeps the worker for a test module, as a page keeps it: each line read is a JSON list of queries, each line
// written their results (one Node start and one SETUP for many questions).
// --material-only loads Material's worker without the wrapper (to check Material's protocol on its own).
// --lazy runs what pages start (search-lazy.js), sent SETUP with search/search_index.json as Material's bundle
// sends it: the worker fetches the whole index itself.
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import vm from "node:vm";
import { pathToFileURL, fileURLToPath } from "node:url";

const [siteDir, ...flags] = process.argv.slice(2);
const flag = flags.find((item) => item === "--material-only" || item === "--lazy");
// --title-boost=N: set the SETUP config's title boost before Material reads it (to check that Material honours it).
const titleBoost = flags.find((item) => item.startsWith("--title-boost="));
const workers = path.join(siteDir, "assets", "javascripts", "workers");
const material = fs.readdirSync(workers).find((name) => /^search\.[0-9a-f]+\.min\.js$/.test(name));
const FULL_INDEX = path.join("search", "search_index.full.json"); // hooks/search/index.py, FULL_INDEX_FILE
const entry = {
  "--material-only": material,
  "--lazy": `search-lazy.js?material=${material}&rules=search-rules.js&index=../../../${FULL_INDEX}`,
}[flag] ?? `search-zh.js?material=${material}&rules=search-rules.js`;

const listeners = [];
const posted = [];
const loaded = [];
const sandbox = {
  console,
  URL,
  TextEncoder,
  TextDecoder,
  Intl,
  performance,
  setTimeout,
  clearTimeout,
  queueMicrotask,
  location: new URL(entry, pathToFileURL(workers + "/")),
  addEventListener: (type, listener) => type === "message" && listeners.push(listener),
  postMessage: (message) => posted.push(message),
  fetch: async (url) => {
    const file = fileURLToPath(new URL(url, sandbox.location));
    loaded.push(path.relative(siteDir, file));
    const text = fs.readFileSync(file, "utf-8");
    return { ok: true, status: 200, url: String(url), json: async () => JSON.parse(text) };
  },
};
sandbox.self = sandbox;
vm.createContext(sandbox);
sandbox.importScripts = (...urls) => {
  for (const url of urls) {
    const file = fileURLToPath(new URL(url, sandbox.location));
    loaded.push(path.relative(siteDir, file));
    vm.runInContext(fs.readFileSync(file, "utf-8"), sandbox, { filename: file });
  }
};
sandbox.importScripts(sandbox.location.href);

async function ask(message) {
  posted.length = 0;
  for (const listener of listeners) listener({ data: message });
  const start = performance.now();
  while (posted.length === 0 && performance.now() - start < 30000) await new Promise((resolve) => setTimeout(resolve, 0));
  return posted[0];
}

// What Material's bundle sends: search_index.json, which pages fetch (config only); the wrapper alone needs all.
const index = JSON.parse(fs.readFileSync(path.join(siteDir, flag === "--lazy" ? path.join("search", "search_index.json") : FULL_INDEX), "utf-8"));
if (titleBoost) index.config.fields.title.boost = Number(titleBoost.split("=")[1]);
const ready = await ask({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: true } } });
// What material-protocol.js expects Material's worker to import at SETUP, as site paths (compared with `loaded`).
function languageScripts() {
  if (!sandbox.MaterialSearch) vm.runInContext(fs.readFileSync(path.join(workers, "material-protocol.js"), "utf-8"), sandbox);
  return sandbox.MaterialSearch.languageScripts(index.config)
    .map((url) => path.relative(siteDir, fileURLToPath(new URL(url, pathToFileURL(workers + "/")))));
}

async function answer(queries) {
  const results = [];
  for (const query of queries) {
    const message = { type: 2, data: query };
    const start = performance.now();
    const cpu = process.cpuUsage();
    const reply = await ask(message);
    const used = process.cpuUsage(cpu);
    results.push({
      query,
      sent: message.data,
      ready: ready && ready.type,
      type: reply && reply.type,
      items: reply && reply.data && reply.data.items,
      ms: performance.now() - start, // wall clock: includes other processes taking the CPU
      cpu_ms: (used.user + used.system) / 1000, // this process's own CPU time for the query
      loaded: [...loaded],
    });
  }
  const scripts = languageScripts();
  for (const result of results) result.languageScripts = scripts;
  return results;
}

if (flags.includes("--serve")) {
  for await (const line of readline.createInterface({ input: process.stdin })) {
    process.stdout.write(JSON.stringify(await answer(JSON.parse(line))) + "\n");
  }
} else {
  process.stdout.write(JSON.stringify(await answer(JSON.parse(fs.readFileSync(0, "utf-8")))));
}
