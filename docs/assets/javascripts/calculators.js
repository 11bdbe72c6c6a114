// In-page calculators: binds every <form data-calculator> to one Pyodide worker per tab.
// The DOM contract (README): data-ready, [data-calculator-output], [data-value=KEY],
// [data-error-for=FIELD]. Inputs are computed in this browser and never sent anywhere.
const WORKER_URL = new URL("calc-worker.js", import.meta.url);
const DEBOUNCE_MS = 300;

const MESSAGES = {
  loading: "计算器正在加载（首次打开可能要几秒）；下方先显示默认示例的结果。你的输入只在本机浏览器里计算，不会发送出去。",
  ready: "计算器已就绪：改动任一项会自动重新计算。输入只在本机浏览器里计算，不会发送出去。",
  failed: "计算器没能加载（浏览器可能不支持，或网络中断）。下方仍是默认示例的结果，可以刷新页面或换个浏览器再试。",
  example: "默认示例的结果（按上面已填的数值计算）：",
  current: "按你填写的数值计算：",
  invalid: "请先改正上面提示的输入项；改好后会显示新的结果。",
};

let worker = null;
let state = "idle"; // idle → loading → ready | failed
let nextId = 1;
const pending = new Map(); // request id → resolve

function startWorker() {
  if (worker) return;
  state = "loading";
  try {
    worker = new Worker(WORKER_URL, { type: "module" });
  } catch (error) {
    fail(String(error));
    return;
  }
  worker.addEventListener("message", ({ data }) => {
    if (data.type === "ready") {
      state = "ready";
      forms().forEach(showReady);
    } else if (data.type === "failed") {
      fail(data.message);
    } else if (data.type === "result") {
      pending.get(data.id)?.(data.outcome);
      pending.delete(data.id);
    }
  });
  worker.addEventListener("error", (event) => fail(event.message || "worker error"));
}

function fail(message) {
  state = "failed";
  console.warn("calculators: runtime unavailable:", message);
  for (const resolve of pending.values()) resolve(null);
  pending.clear();
  forms().forEach((form) => setStatus(form, MESSAGES.failed, "failed"));
}

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

function showReady(form) {
  form.dataset.ready = "true";
  setStatus(form, MESSAGES.ready, "ready");
}

function compute(name, fields) {
  if (state !== "loading" && state !== "ready") return Promise.resolve(null);
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.postMessage({ id, name, fields });
  });
}

function readFields(form) {
  const fields = {};
  for (const element of form.elements) {
    if (element.name && (element.tagName === "INPUT" || element.tagName === "SELECT")) {
      fields[element.name] = element.value;
    }
  }
  return fields;
}

function clearErrors(form) {
  form.querySelectorAll("[data-error-for]").forEach((slot) => (slot.textContent = ""));
  form.querySelectorAll("[aria-invalid]").forEach((field) => field.removeAttribute("aria-invalid"));
}

function showErrors(form, errors) {
  const output = form.querySelector("[data-calculator-output]");
  for (const [field, message] of Object.entries(errors)) {
    const slot = field ? form.querySelector(`[data-error-for="${CSS.escape(field)}"]`) : null;
    if (slot) {
      slot.textContent = message;
      form.elements.namedItem(field)?.setAttribute("aria-invalid", "true");
    } else {
      setStatus(form, message, "error");
    }
  }
  // No stale number may look current while an error shows.
  output.dataset.state = "invalid";
  output.querySelectorAll("[data-value]").forEach((value) => (value.textContent = "—"));
  const rows = output.querySelector("[data-calculator-rows]");
  if (rows) rows.replaceChildren();
  setCaption(output, MESSAGES.invalid);
}

function setCaption(output, text) {
  const caption = output.querySelector("[data-calculator-caption]");
  if (caption) caption.textContent = text;
}

function showResult(form, result) {
  const output = form.querySelector("[data-calculator-output]");
  for (const [key, text] of Object.entries(result.values)) {
    const slot = output.querySelector(`[data-value="${CSS.escape(key)}"]`);
    if (slot) slot.textContent = text;
  }
  const rows = output.querySelector("[data-calculator-rows]");
  if (rows && result.rows) {
    const columns = Array.from(output.querySelectorAll("th[data-column]"), (th) => th.dataset.column);
    rows.replaceChildren(
      ...result.rows.map((row) => {
        const tr = document.createElement("tr");
        for (const column of columns) {
          const td = document.createElement("td");
          td.textContent = row[column] ?? "";
          tr.append(td);
        }
        return tr;
      }),
    );
  }
  output.dataset.state = "current";
  setCaption(output, MESSAGES.current);
  if (state === "ready") setStatus(form, MESSAGES.ready, "ready");
}

function mount(form) {
  if (form.dataset.mounted === "true") return;
  form.dataset.mounted = "true";
  const name = form.dataset.calculator;
  let latest = 0;
  let timer = null;

  const update = async () => {
    clearTimeout(timer);
    const ticket = ++latest;
    const outcome = await compute(name, readFields(form));
    if (ticket !== latest || outcome === null) return; // a newer input is on its way, or no runtime
    clearErrors(form);
    if (outcome.ok) showResult(form, outcome.result);
    else showErrors(form, outcome.errors);
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update();
  });
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, DEBOUNCE_MS);
  });
  form.addEventListener("change", (event) => {
    if (event.target.tagName === "SELECT") update();
  });

  startWorker();
  if (state === "ready") showReady(form);
  else if (state === "failed") setStatus(form, MESSAGES.failed, "failed");
  else setStatus(form, MESSAGES.loading, "loading");
}

function mountAll() {
  forms().forEach(mount);
}

// Material's instant navigation swaps the page without reloading scripts: mount on every page.
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(mountAll);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mountAll);
} else {
  mountAll();
}
