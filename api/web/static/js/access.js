// Who the person is to the API. A key is entered once and kept in this browser's
// localStorage for this origin (docs/ui.md); it is sent only as `Authorization: Bearer` to
// /graphql, never in a URL or a cookie. "Forget key" removes it.
import { h, clear, field } from "./dom.js";

const STORAGE = "entangle.apiKey";
const RANK = { reader: 1, editor: 2, admin: 3 };
let refusal = null;

export function currentKey() {
  return window.localStorage.getItem(STORAGE);
}

export function keyRefused(message) {
  refusal = message;
  renderKeyForm();
}

/** The caller's role ("reader", ...) or null when the API refuses it (the form is shown). */
export async function viewerRole() {
  const { gql } = await import("./gql.js");
  try {
    const data = await gql("{ viewer { role } }");
    renderStatus(data.viewer.role?.toLowerCase() ?? null);
    return data.viewer.role?.toLowerCase() ?? null;
  } catch (exc) {
    if (exc.status === 401) return null;
    throw exc;
  }
}

export function allows(role, needed) {
  return Boolean(role) && RANK[role] >= RANK[needed];
}

function renderStatus(role) {
  const box = clear(document.getElementById("access"));
  const who = currentKey() ? `key · ${role}` : `anonymous · ${role}`;
  box.append(h("span", { class: "role", title: "Your role in the API" }, who));
  if (currentKey()) {
    box.append(h("button", { type: "button", onclick: forget }, "Forget key"));
  } else {
    box.append(h("button", { type: "button", onclick: renderKeyForm }, "Enter a key"));
  }
}

function forget() {
  window.localStorage.removeItem(STORAGE);
  window.location.reload();
}

function renderKeyForm() {
  const box = clear(document.getElementById("access"));
  const input = h("input", { type: "password", name: "key", autocomplete: "off", required: true });
  const form = h(
    "form",
    { class: "key-form", onsubmit: (event) => save(event, input) },
    field("API key", input, "Kept in this browser until you forget it."),
    h("button", { type: "submit" }, "Use key"),
  );
  if (refusal) box.append(h("p", { class: "error", role: "alert" }, `The API refused: ${refusal}`));
  box.append(form);
  input.focus();
}

function save(event, input) {
  event.preventDefault();
  const key = input.value.trim();
  if (!key) return;
  window.localStorage.setItem(STORAGE, key);
  window.location.reload();
}

/** A link to a file the API serves (dossier.md): with a kept key, fetch it with the key and
 *  save it; without one, let the browser follow the link. */
export async function download(event, url, filename) {
  const key = currentKey();
  if (!key) return;
  event.preventDefault();
  const response = await fetch(url, { headers: { Authorization: `Bearer ${key}` } });
  if (!response.ok) {
    keyRefused(`${response.status}: ${await response.text()}`);
    return;
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob()); // a blob: URL of our own response
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** "Download FtM / GraphML": the API's exports (GET /export/…, docs/export.md) of the part
 *  ``query`` names, fetched with the kept key like the dossier. */
export function exportLinks(query, stem) {
  const link = (fmt, suffix, label) => {
    const url = `/export/${fmt}?${query}`;
    return h("li", {}, h("a", { href: url, class: `export-${fmt}`, download: `${stem}${suffix}`,
      onclick: (event) => download(event, url, `${stem}${suffix}`) }, label));
  };
  return [link("ftm", ".ftm.jsonl", "Download FtM"), link("graphml", ".graphml", "Download GraphML")];
}
