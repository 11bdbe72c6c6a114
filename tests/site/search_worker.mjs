// Runs the built site's search worker (the wrapper and Material's own worker) in Node, as a browser would:
// the same files, the same messages. Used by tests/site/test_search_protocol.py (protocol, timing) and for tuning.
//
//   node tests/site/search_worker.mjs SITE_DIR [--material-only] [--title-boost=N] < queries.json > results.json
//
// queries.json: ["逾期5天", …]. Prints [{query, sent, items: [[{location, title, text, score, terms}]], ms, cpu_ms}].
// --material-only loads Material's worker without the wrapper (to check Material's protocol on its own).
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { pathToFileURL, fileURLToPath } from "node:url";

const [siteDir, ...flags] = process.argv.slice(2);
const flag = flags.find((item) => item === "--material-only");
// --title-boost=N: set the SETUP config's title boost before Material reads it (to check that Material honours it).
const titleBoost = flags.find((item) => item.startsWith("--title-boost="));
const workers = path.join(siteDir, "assets", "javascripts", "workers");
const material = fs.readdirSync(workers).find((name) => /^search\.[0-9a-f]+\.min\.js$/.test(name));
const entry = flag === "--material-only" ? material : `search-zh.js?material=${material}&rules=search-rules.js`;

const listeners = [];
const posted = [];
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
};
sandbox.self = sandbox;
vm.createContext(sandbox);
sandbox.importScripts = (...urls) => {
  for (const url of urls) {
    const file = fileURLToPath(new URL(url, sandbox.location));
    vm.runInContext(fs.readFileSync(file, "utf-8"), sandbox, { filename: file });
  }
};
sandbox.importScripts(sandbox.location.href);

async function ask(message) {
  posted.length = 0;
  for (const listener of listeners) listener({ data: message });
  for (let wait = 0; posted.length === 0 && wait < 2000; wait++) await new Promise((resolve) => setTimeout(resolve, 0));
  return posted[0];
}

const index = JSON.parse(fs.readFileSync(path.join(siteDir, "search", "search_index.json"), "utf-8"));
if (titleBoost) index.config.fields.title.boost = Number(titleBoost.split("=")[1]);
const ready = await ask({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: true } } });
const queries = JSON.parse(fs.readFileSync(0, "utf-8"));
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
  });
}
process.stdout.write(JSON.stringify(results));
