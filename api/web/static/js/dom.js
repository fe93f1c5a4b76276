// Building the DOM from hostile data: every string from the graph becomes a text node or an
// attribute value, never markup. Nothing in the app assigns innerHTML.

/** An element: h("a", {href: "/x", class: "c"}, "text", child, [more children]). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) {
      el.addEventListener(name.slice(2), value);
    } else if (name === "href") {
      el.setAttribute("href", safeHref(value));
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Only http(s) links, this app's own paths and in-page anchors: a source URL of
 *  `javascript:` is no link. */
export function safeHref(value) {
  const text = String(value);
  if ((text.startsWith("/") && !text.startsWith("//")) || text.startsWith("#") || text.startsWith("?")) return text;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : "#";
  } catch {
    return "#";
  }
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

/** The app's path for an entity (ids are encoded: they are data too). */
export function entityPath(id, suffix = "") {
  return `/entities/${encodeURIComponent(id)}${suffix}`;
}

/** A labelled control: <label for=id>text</label> + the control. */
export function field(labelText, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2)}`;
  control.id = id;
  const parts = [h("label", { for: id }, labelText), control];
  if (hint) {
    const hintId = `${id}-hint`;
    control.setAttribute("aria-describedby", hintId);
    parts.push(h("small", { id: hintId, class: "hint" }, hint));
  }
  return h("div", { class: "field" }, parts);
}

export function setTitle(text) {
  document.title = `${text} · Entanglements`;
}
