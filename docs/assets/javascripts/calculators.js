// In-page calculators: binds every <form data-calculator> to one Pyodide worker per tab.
// Generic for every calculator (no per-calculator code): the DOM contract is in the README —
// data-ready, [data-calculator-output], [data-value=KEY], [data-calculator-rows=KEY], [data-slot=KEY],
// a[data-download=KEY], [data-error-for=FIELD], repeating rows (GROUP.INDEX.FIELD), a second plan (b.FIELD).
// Tickets: every change the reader makes raises the form's data-ticket at once; the output's data-ticket says
// which change its data-state (example | pending | current | invalid) belongs to, so a reader (or a test) knows
// a result is current only when the two match.
// Example rows: rows the page was built with carry data-example="true"; once the reader edits or adds a row of
// that group, the untouched ones become data-example="excluded" (kept in view, not sent) until edited.
// Prefill: a page address ending in #fill=NAME&FIELD=VALUE… fills those fields of form[data-calculator=NAME]
// (a fragment never reaches a server).
// Inputs are computed in this browser and never sent anywhere.
const WORKER_URL = new URL("calc-worker.js", import.meta.url);
const DEBOUNCE_MS = 300;
const COMPUTE_TIMEOUT_MS = 15000; // once ready, a calculation that takes longer is treated as a hung worker
const MAX_RESTARTS = 1;

const MESSAGES = {
  // {progress}: how far the download is (PROGRESS), updated as it goes.
  loading: "计算器正在加载{progress}；可以先填写，加载好后会马上按你的数字计算。你的输入只在本机浏览器里计算，不会发送出去。",
  ready: "计算器已就绪：改动任一项会自动重新计算。输入只在本机浏览器里计算，不会发送出去。",
  failed: "计算器没能加载（浏览器可能不支持，或网络中断）。下面仍是预设示例的结果，可以刷新页面或换个浏览器再试。",
  hung: "计算器没有响应，已经重新启动，正在重新计算。",
  crashed: "计算器出错了，没能算出结果。下面仍是预设示例的结果，不是你的；请刷新页面再试。",
  gaveUp: "计算器重启后仍然没有响应。下面仍是预设示例的结果，不是你的；请刷新页面或换个浏览器再试。",
  example: "预设示例的结果（改动上面任一项，就会按你的数字重新计算）：",
  cleared: "已清除你填的数字；下面又是预设示例的结果，不是你的。填入数字后会自动计算。",
  current: "按你填写的数值计算：",
  pending: "正在准备计算器，准备好马上按你填的数计算。",
  updated: "结果已按你填写的数值更新。输入只在本机浏览器里计算，不会发送出去。",
  invalid: "请先改正上面提示的输入项；改好后会显示新的结果。",
  copied: "已复制到剪贴板。",
  copyFailed: "没能自动复制：请长按文字手动复制。",
};

const PROGRESS = {
  unknown: "（首次打开可能要几秒）",
  // read / total: the share downloaded; size: the whole download on the wire, as the reader's data plan counts it
  downloading: (share, size) => `（已下载 ${share}%，共约 ${size} MB）`,
  starting: "（已下载，正在启动）",
};

// The start's stages in the page's performance timeline (calc:NAME; the worker's as calc:worker:NAME),
// for DevTools and `make bench`.
const mark = (name) => performance.mark(`calc:${name}`);
const workerMarks = (marks = []) => {
  for (const [name, epoch] of marks) {
    performance.mark(`calc:worker:${name}`, { startTime: epoch - performance.timeOrigin });
  }
};
mark("script");

let worker = null;
let state = "idle"; // idle → loading → ready | failed
let progress = null; // the worker's latest {read, total, wire} while it downloads
let restarts = 0;
let failure = MESSAGES.failed; // what the status says once the runtime has failed
let nextId = 1;
const pending = new Map(); // request id → {resolve, timer}

// ---- the worker ---------------------------------------------------------------

function startWorker() {
  if (worker) return;
  state = "loading";
  progress = null; // (a restarted worker counts again)
  window.__calculatorsStarted = true; // sw-register.js starts no worker of its own in this tab
  // The page's <head> may have started it already (hooks/delivery/preload.py), or sw-register.js on the page
  // the reader came from, in the background: adopt it, once. A background start that has failed (the reader was
  // offline then, say) is dropped for a new one.
  let early = window.__calculatorWorker;
  delete window.__calculatorWorker;
  if (early?.background && (early.error || early.messages.some((message) => message.type === "failed"))) {
    early.worker.terminate();
    early = null;
  }
  try {
    if (early) {
      worker = early.worker;
    } else {
      worker = new Worker(WORKER_URL, { type: "module" });
      mark("worker created");
    }
  } catch (error) {
    fail(String(error));
    return;
  }
  worker.addEventListener("message", ({ data }) => received(data));
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    workerError(event.message || "worker error");
  });
  if (early) {
    const { messages, error } = early;
    early.messages = null; // from now on the listeners above get them
    messages.forEach(received);
    if (error && worker) workerError(error);
  }
}

function received(data) {
  if (data.type === "progress") {
    progress = data;
    // Only where the status still says "loading" (a note such as "row added" stays until the next change).
    if (state === "loading") forms().forEach((form) => showProgress(form, false));
  } else if (data.type === "ready") {
    workerMarks(data.marks);
    state = "ready";
    forms().forEach(showReady);
    mark("data-ready");
    const slow = slowOrSaving(data.link);
    window.__calculatorsSlowLink = slow; // sw-register.js weighs it before the service worker's precache
    settled();
    if (data.snapshot && !slow) cacheSnapshotLater(data.snapshot);
    // Requests posted while loading were queued by the worker; start their clocks now.
    for (const [id, request] of pending) armTimeout(id, request);
  } else if (data.type === "failed") {
    fail(data.message);
  } else if (data.type === "result") {
    workerMarks(data.marks);
    const request = pending.get(data.id);
    if (request) {
      clearTimeout(request.timer);
      pending.delete(data.id);
      request.resolve(data.outcome);
    }
  }
}

// The snapshot costs about as many bytes as the runtime itself (about 2.7 MB with brotli). It is never fetched
// where the reader would pay for it in data or in a busy link: the browser says the reader saves data
// (Save-Data), the connection is cellular, or its effective type is 3g, 2g or slow-2g; or this start's own
// download ran slower than SLOW_LINK_MBPS (bytes on the wire over the time from the first request to the last
// byte, measured by the worker). The measurement catches what the browser does not say: Chrome calls a link
// with a 150 ms round trip "4g" however thin it is (1.6 Mbit/s, where the snapshot takes another 14 s).
const SLOW_LINK_MBPS = 5;
const SLOW_TYPES = new Set(["slow-2g", "2g", "3g"]);

function slowOrSaving(link) {
  const connection = navigator.connection;
  if (connection?.saveData || connection?.type === "cellular" || SLOW_TYPES.has(connection?.effectiveType)) return true;
  return Boolean(link && link.ms > 0 && (link.bytes * 8) / 1000 / link.ms < SLOW_LINK_MBPS);
}

// The next visit starts from a memory snapshot of the runtime (calc-worker.js) if the service worker's cache
// holds it: once the service worker controls this page, in idle time, fetch it through the service worker,
// which keeps it (slowOrSaving decides before).
function cacheSnapshotLater(url) {
  if (!("serviceWorker" in navigator)) return;
  const controlled = navigator.serviceWorker.controller
    ? Promise.resolve()
    : new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
  const idle = () => new Promise((resolve) => (window.requestIdleCallback ?? setTimeout)(resolve, { timeout: 10000 }));
  controlled
    .then(idle)
    .then(() => {
      mark("snapshot caching");
      return fetch(url);
    })
    .then((response) => response.body?.cancel())
    .catch(() => {}); // the next visit starts normally
}

function workerError(message) {
  fail(message, state === "ready" ? MESSAGES.crashed : MESSAGES.failed);
}

function stopWorker() {
  if (worker) worker.terminate();
  worker = null;
  for (const request of pending.values()) {
    clearTimeout(request.timer);
    request.resolve(null);
  }
  pending.clear();
}

// The runtime has started or failed: sw-register.js waits for this before it installs the offline cache.
function settled() {
  window.__calculatorsSettled = true;
  dispatchEvent(new Event("calculators:settled"));
}

function fail(message, text = MESSAGES.failed) {
  console.warn("calculators: runtime unavailable:", message);
  settled();
  stopWorker();
  state = "failed";
  failure = text;
  forms().forEach((form) => {
    delete form.dataset.ready;
    restoreExample(form);
    setStatus(form, text, "failed");
  });
}

function hung() {
  console.warn("calculators: a calculation did not answer in time");
  stopWorker();
  state = "idle";
  if (restarts >= MAX_RESTARTS) {
    fail("no answer after a restart", MESSAGES.gaveUp);
    return;
  }
  restarts += 1;
  startWorker();
  forms().forEach((form) => {
    delete form.dataset.ready;
    setStatus(form, MESSAGES.hung, "failed");
    form.dispatchEvent(new Event("calculator-retry")); // the reader's last input, computed again
  });
}

function armTimeout(id, request) {
  clearTimeout(request.timer);
  request.timer = setTimeout(() => {
    if (pending.has(id)) hung();
  }, COMPUTE_TIMEOUT_MS);
}

// The reader's own date, as their device's clock and time zone give it: the one way "today" reaches Python.
function readerToday() {
  const now = new Date();
  const pad = (number) => String(number).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function compute(name, fields) {
  if (state !== "loading" && state !== "ready") return Promise.resolve(null);
  const id = nextId++;
  return new Promise((resolve) => {
    const request = { resolve, timer: null };
    pending.set(id, request);
    if (state === "ready") armTimeout(id, request);
    worker.postMessage({ id, name, fields, today: readerToday() });
  });
}

// ---- reading the form ----------------------------------------------------------

const ROW_NAME = /^([A-Za-z_]\w*)\.(\d+)\.([A-Za-z_]\w*)$/;

function readFields(form) {
  const fields = {};
  for (const group of form.querySelectorAll("[data-group]")) fields[group.dataset.group] = [];
  for (const element of form.elements) {
    if (!element.name || !(element.tagName === "INPUT" || element.tagName === "SELECT")) continue;
    if (element.closest("template") || element.closest('[data-example="excluded"]')) continue;
    if (element.type === "radio" && !element.checked) continue; // a radio group posts its checked answer only
    const row = ROW_NAME.exec(element.name);
    if (row) {
      const [, group, index, field] = row;
      const rows = (fields[group] ??= []);
      (rows[Number(index)] ??= {})[field] = element.value;
    } else {
      fields[element.name] = element.value;
    }
  }
  // Rows not sent (excluded examples) leave holes: Python numbers the rows it gets from 0, so keep each sent
  // row's place on the page to put an error back at the field the reader sees.
  const places = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!Array.isArray(value)) continue;
    places[key] = [...value.keys()].filter((index) => value[index]);
    fields[key] = value.filter(Boolean);
  }
  return { fields, places };
}

// GROUP.I.FIELD of the rows as sent → the same field's name on the page.
function pageName(key, places) {
  const row = ROW_NAME.exec(key);
  if (!row) return key;
  const [, group, index, field] = row;
  const place = places[group]?.[Number(index)];
  return place === undefined ? key : `${group}.${place}.${field}`;
}

// ---- showing results and errors ---------------------------------------------------

function forms() {
  return Array.from(document.querySelectorAll("form[data-calculator]"));
}

function setStatus(form, text, kind) {
  const status = form.querySelector("[data-calculator-status]");
  if (status) {
    status.textContent = text;
    status.dataset.kind = kind;
  }
}

// "Loading" with how far the download is. The figure is hidden from screen readers: the status is a live
// region read whole at each change, and a figure changing five times a second would drown everything else.
function showProgress(form, start = true) {
  const status = form.querySelector("[data-calculator-status]");
  if (!status || (!start && status.dataset.kind !== "loading")) return;
  let figure = PROGRESS.unknown;
  if (progress?.total > 0) {
    const share = Math.floor((progress.read / progress.total) * 100);
    figure = share >= 100 ? PROGRESS.starting : PROGRESS.downloading(share, (progress.wire / 1e6).toFixed(1));
  }
  let shown = status.querySelector("[data-calculator-progress]");
  if (status.dataset.kind !== "loading" || !shown) {
    const [before, after] = MESSAGES.loading.split("{progress}");
    shown = document.createElement("span");
    shown.dataset.calculatorProgress = "";
    shown.setAttribute("aria-hidden", "true");
    status.replaceChildren(before, shown, after);
    status.dataset.kind = "loading";
  }
  if (shown.textContent !== figure) shown.textContent = figure;
}

function showReady(form) {
  form.dataset.ready = "true";
  setStatus(form, MESSAGES.ready, "ready");
}

const examples = new WeakMap(); // form → the build-time example's output HTML

function restoreExample(form, caption = MESSAGES.example) {
  const output = form.querySelector("[data-calculator-output]");
  if (!examples.has(form) || !output) return;
  output.innerHTML = examples.get(form);
  output.dataset.state = "example";
  output.dataset.ticket = form.dataset.ticket ?? "0";
  setCaption(output, caption);
}

// Waiting for the runtime with the reader's input in hand: never let the example look like their answer.
function showPending(form) {
  const output = form.querySelector("[data-calculator-output]");
  output.dataset.state = "pending";
  output.dataset.ticket = form.dataset.ticket;
  output.querySelectorAll("[data-value]").forEach((value) => (value.textContent = "…"));
  output.querySelectorAll("[data-calculator-rows]").forEach((rows) => rows.replaceChildren());
  output.querySelectorAll("[data-slot]").forEach((slot) => slot.replaceChildren());
  output.querySelectorAll("[data-download]").forEach((link) => (link.hidden = true));
  setCaption(output, MESSAGES.pending);
}

function setCaption(output, text) {
  const caption = output.querySelector("[data-calculator-caption]");
  if (caption) caption.textContent = text;
}

function clearErrors(form) {
  form.querySelectorAll("[data-error-for]").forEach((slot) => (slot.textContent = ""));
  form.querySelectorAll("[aria-invalid]").forEach((field) => field.removeAttribute("aria-invalid"));
}

function showErrors(form, errors, places = {}) {
  const output = form.querySelector("[data-calculator-output]");
  for (const [key, message] of Object.entries(errors)) {
    const field = pageName(key, places);
    const slot = field ? form.querySelector(`[data-error-for="${CSS.escape(field)}"]`) : null;
    if (slot) {
      slot.textContent = message;
      const control = form.elements.namedItem(field); // a radio group is a RadioNodeList: mark its fieldset
      (control instanceof RadioNodeList ? control[0]?.closest("fieldset") : control)?.setAttribute("aria-invalid", "true");
    } else {
      setStatus(form, message, "error");
    }
  }
  // No stale number may look current while an error shows.
  output.dataset.state = "invalid";
  output.querySelectorAll("[data-value]").forEach((value) => (value.textContent = "—"));
  output.querySelectorAll("[data-calculator-rows]").forEach((rows) => rows.replaceChildren());
  output.querySelectorAll("[data-slot]").forEach((slot) => slot.replaceChildren());
  output.querySelectorAll("[data-download]").forEach((link) => (link.hidden = true));
  setCaption(output, MESSAGES.invalid);
  output.dataset.ticket = form.dataset.ticket;
}

// Each cell carries its column's name (data-label), as the build labels the example's rows
// (hooks/pages/table_cards.py): a narrow screen shows a row as a card of named values (phone.css).
function tableRow(columns, row) {
  const tr = document.createElement("tr");
  columns.forEach(({ key, label }, index) => {
    const cell = document.createElement(index === 0 ? "th" : "td");
    if (index === 0) cell.scope = "row";
    cell.dataset.label = label;
    cell.textContent = row[key] ?? "";
    tr.append(cell);
  });
  return tr;
}

function showResult(form, result) {
  const output = form.querySelector("[data-calculator-output]");
  for (const [key, text] of Object.entries(result.values ?? {})) {
    output.querySelectorAll(`[data-value="${CSS.escape(key)}"]`).forEach((slot) => (slot.textContent = text));
  }
  for (const [key, rows] of Object.entries(result.tables ?? {})) {
    const body = output.querySelector(`[data-calculator-rows="${CSS.escape(key)}"]`);
    if (!body) continue;
    const columns = Array.from(body.closest("table").querySelectorAll("th[data-column]"), (th) => ({
      key: th.dataset.column,
      label: th.textContent.trim(),
    }));
    body.replaceChildren(...rows.map((row) => tableRow(columns, row)));
  }
  for (const slot of output.querySelectorAll("[data-slot]")) {
    // Made by the site's own Python, which escapes every text the reader typed.
    slot.innerHTML = result.html?.[slot.dataset.slot] ?? "";
  }
  for (const link of output.querySelectorAll("[data-download]")) {
    const file = result.downloads?.[link.dataset.download];
    link.hidden = !file;
    if (file) link.href = `data:${file.mime};charset=utf-8,${encodeURIComponent(file.text)}`;
  }
  output.dataset.state = "current";
  output.dataset.ticket = form.dataset.ticket;
  setCaption(output, MESSAGES.current);
  // The status line is the one live region: it announces that the result changed, not every cell.
  if (state === "ready") setStatus(form, MESSAGES.updated, "ready");
}

// ---- repeating rows -----------------------------------------------------------------

const ROW_ATTRIBUTES = ["name", "id", "for", "aria-describedby", "aria-controls", "data-error-for"];

function renumber(group) {
  const name = group.dataset.group;
  const pattern = new RegExp(`(^|[\\s-])${name}([.-])(\\d+|__INDEX__)(?=[.-])`, "g");
  const rows = Array.from(group.querySelectorAll(`[data-rows] > [data-row-group]`));
  rows.forEach((row, index) => {
    row.dataset.rowIndex = String(index);
    const legend = row.querySelector("[data-row-legend]");
    if (legend) legend.textContent = group.dataset.itemLabel.replace("{n}", String(index + 1));
    for (const element of row.querySelectorAll("*")) {
      for (const attribute of ROW_ATTRIBUTES) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace(pattern, `$1${name}$2${index}`));
      }
    }
  });
  const count = rows.length;
  const add = group.querySelector("[data-row-add]");
  if (add) add.disabled = count >= Number(group.dataset.maxRows);
  rows.forEach((row) => {
    const remove = row.querySelector("[data-row-remove]");
    if (remove) remove.disabled = count <= Number(group.dataset.minRows);
  });
  return rows;
}

// A row's example state: "true" (the page's example, counted), "excluded" (an example left out of the reader's
// case, its note shown) or null (the reader's own row).
function setExample(row, value) {
  if (value) row.dataset.example = value;
  else delete row.dataset.example;
  const note = row.querySelector("[data-example-note]");
  if (note) note.hidden = value !== "excluded";
}

// The reader works on their own rows: the example rows of that group they have not touched leave the sum.
function excludeUntouchedExamples(group, touched = null) {
  if (touched) setExample(touched, null);
  group.querySelectorAll('[data-rows] > [data-example="true"]').forEach((row) => setExample(row, "excluded"));
}

// The reader removed the last row of their own: the example rows they never touched count again.
function restoreExamplesIfNoneOwn(group) {
  const rows = Array.from(group.querySelectorAll("[data-rows] > [data-row-group]"));
  if (!rows.some((row) => !row.dataset.example)) rows.forEach((row) => setExample(row, "true"));
}

function includeRow(row) {
  if (row?.dataset.example) setExample(row, null);
}

function addRow(form, group) {
  const template = group.querySelector("template[data-row-template]");
  const rows = group.querySelector("[data-rows]");
  if (rows.children.length >= Number(group.dataset.maxRows)) return;
  excludeUntouchedExamples(group);
  rows.append(template.content.cloneNode(true));
  const all = renumber(group);
  all[all.length - 1].querySelector("input, select")?.focus();
  const note = `已添加${all[all.length - 1].querySelector("[data-row-legend]")?.textContent ?? ""}。`;
  setStatus(form, note, "info");
  return note;
}

function removeRow(form, group, row) {
  const rows = group.querySelector("[data-rows]");
  if (rows.children.length <= Number(group.dataset.minRows)) return;
  const legend = row.querySelector("[data-row-legend]")?.textContent ?? "";
  const next = row.nextElementSibling ?? row.previousElementSibling;
  row.remove();
  restoreExamplesIfNoneOwn(group);
  renumber(group);
  (next?.querySelector("[data-row-remove]:not([disabled])") ?? group.querySelector("[data-row-add]"))?.focus();
  setStatus(form, `已删除${legend}。`, "info");
  return `已删除${legend}。`;
}

// ---- mounting --------------------------------------------------------------------------

function mount(form) {
  if (form.dataset.mounted === "true") return;
  form.dataset.mounted = "true";
  const name = form.dataset.calculator;
  const output = form.querySelector("[data-calculator-output]");
  examples.set(form, output.innerHTML); // restored by 清除, and when the runtime fails
  let latest = 0; // the ticket of the reader's latest change
  let timer = null;
  form.dataset.ticket = output.dataset.ticket = "0";
  const touch = () => {
    latest += 1;
    form.dataset.ticket = String(latest);
  };

  // `note` says what the reader just did (a row added or removed): the live region keeps it in front of
  // "result updated", so the one announcement covers both.
  const update = async (note = "") => {
    clearTimeout(timer);
    const ticket = latest;
    if (state === "loading") showPending(form);
    const { fields, places } = readFields(form);
    const outcome = await compute(name, fields);
    if (ticket !== latest || outcome === null) return; // a newer input is on its way, or no runtime
    clearErrors(form);
    if (outcome.ok) {
      showResult(form, outcome.result);
      if (note && state === "ready") setStatus(form, note + MESSAGES.updated, "ready");
    } else showErrors(form, outcome.errors, places);
  };
  const soon = (event) => {
    touch();
    const row = event?.target?.closest?.("[data-row-group]");
    if (row && form.contains(row)) {
      if (row.dataset.example === "excluded") includeRow(row);
      else excludeUntouchedExamples(row.closest("[data-group]"), row);
    }
    clearTimeout(timer);
    timer = setTimeout(update, DEBOUNCE_MS);
  };

  const clear = () => {
    touch(); // drop any answer still on its way
    clearTimeout(timer);
    form.querySelectorAll("[data-row-group]").forEach(includeRow);
    for (const element of form.elements) {
      if (element.closest("template") || element.type === "hidden") continue;
      if (element.type === "radio") element.checked = element.defaultChecked; // back to the preset answer
      else if (element.tagName === "INPUT") element.value = "";
      if (element.tagName === "SELECT") {
        const preset = Array.from(element.options).findIndex((option) => option.defaultSelected);
        element.selectedIndex = Math.max(preset, 0);
      }
    }
    clearErrors(form);
    restoreExample(form, MESSAGES.cleared);
    form.querySelector("input:not([type=hidden])")?.focus();
  };

  const toggleCompare = (button) => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "收起第二个方案" : button.dataset.label;
    form.querySelector("[data-compare]").hidden = !open;
    form.querySelector("[data-compare-output]").hidden = !open;
    form.elements.namedItem("compare").value = open ? "on" : "";
    if (open) form.querySelector("[data-compare] input")?.focus();
    touch();
    update();
  };

  const copy = async (button) => {
    const source = document.getElementById(button.dataset.copy);
    try {
      await navigator.clipboard.writeText(source?.innerText ?? "");
      setStatus(form, MESSAGES.copied, "info");
    } catch {
      setStatus(form, MESSAGES.copyFailed, "error");
    }
  };

  const print = (button) => {
    const target = document.getElementById(button.dataset.print);
    if (target) {
      target.classList.add("print-target");
      document.documentElement.dataset.printOnly = "true";
    }
    window.print();
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    touch();
    update();
  });
  form.addEventListener("input", soon);
  form.addEventListener("calculator-retry", () => update());
  form.addEventListener("change", (event) => {
    if (event.target.tagName === "SELECT" || event.target.type === "radio") {
      clearTimeout(timer); // a choice: no typing to wait for
      update();
    }
  });
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button, a");
    if (!button || !form.contains(button)) return;
    const group = button.closest("[data-group]");
    if (button.matches("[data-row-add]")) {
      touch();
      update(addRow(form, group));
    } else if (button.matches("[data-row-remove]")) {
      touch();
      update(removeRow(form, group, button.closest("[data-row-group]")));
    } else if (button.matches("[data-compare-toggle]")) {
      toggleCompare(button);
    } else if (button.matches("[data-calculator-clear]")) {
      clear();
    } else if (button.matches("[data-copy]")) {
      copy(button);
    } else if (button.matches("[data-print]")) {
      print(button);
    }
  });

  // Controls that only work with JavaScript are shown now that it runs.
  form.querySelectorAll("[data-row-add], [data-calculator-clear], [data-compare-toggle]").forEach((element) => {
    element.hidden = false;
  });
  form.querySelectorAll("[data-compare-toggle]").forEach((button) => (button.dataset.label = button.textContent));
  form.querySelectorAll("[data-group]").forEach(renumber);
  form.querySelector('button[type="submit"]').disabled = false;
  setCaption(output, MESSAGES.example);

  startWorker();
  // The worker imports this form's calculator before it says ready (or now, if it already has).
  worker?.postMessage({ type: "prepare", names: [name] });
  if (state === "ready") showReady(form);
  else if (state === "failed") setStatus(form, failure, "failed");
  else showProgress(form);
  prefill(form);
}

// #fill=NAME&FIELD=VALUE…: fill this form's fields from the address (a link from another tool), as if the
// reader had typed them. Returns whether anything was filled.
// Material's instant navigation drops a fragment that names no element, so a followed #fill= link is kept
// here (in memory only) for the page it leads to.
let carriedFill = null;
document.addEventListener(
  "click",
  (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href*="#fill="]') : null;
    if (link) carriedFill = new URL(link.href);
  },
  true,
);

function fillParams() {
  if (location.hash.startsWith("#fill=")) return new URLSearchParams(location.hash.slice(1));
  if (carriedFill && carriedFill.pathname === location.pathname) return new URLSearchParams(carriedFill.hash.slice(1));
  return null;
}

function prefill(form) {
  const params = fillParams();
  if (!params || params.get("fill") !== form.dataset.calculator) return false;
  carriedFill = null;
  let filled = false;
  for (const [key, value] of params) {
    const named = key === "fill" ? null : form.elements.namedItem(key);
    // a radio group: its answer with that value (a single radio too: its value is the answer, never overwritten)
    const radios = named instanceof RadioNodeList ? Array.from(named) : named?.type === "radio" ? [named] : null;
    const field = radios ? radios.find((radio) => radio.value === value) : named;
    if (field && (field.tagName === "INPUT" || field.tagName === "SELECT") && field.type !== "hidden") {
      if (field.type === "radio") field.checked = true;
      else field.value = value;
      // As if typed: the change counts as the reader's (its row is theirs) and is computed.
      field.dispatchEvent(new Event("input", { bubbles: true }));
      filled = true;
    }
  }
  if (filled) {
    // The link brought the reader's own numbers: no example row of any group joins them unseen.
    form.querySelectorAll("[data-group]").forEach((group) => excludeUntouchedExamples(group));
    form.scrollIntoView({ block: "start" });
  }
  return filled;
}

function mountAll() {
  forms().forEach(mount);
}

window.addEventListener("afterprint", () => {
  delete document.documentElement.dataset.printOnly;
  document.querySelectorAll(".print-target").forEach((element) => element.classList.remove("print-target"));
});

// Material's instant navigation swaps the page without reloading scripts: mount on every page.
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(mountAll);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mountAll);
} else {
  mountAll();
}
