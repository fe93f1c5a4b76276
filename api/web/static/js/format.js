// Shared pieces of the pages: citations, listings, dates, a message for empty results.
import { h, entityPath } from "./dom.js";

export const CITATION = "citations { quote locator source { id title url publisher publishedDate } }";
export const LISTING = `id list { id name authority } program reason listedDate delistedDate ${CITATION}`;

export function dates(start, end) {
  if (!start && !end) return "";
  return `${start || "?"} – ${end || "present"}`;
}

/** A citation: the source (linked when it has an http(s) URL), its quote and locator. */
export function citation(c) {
  const src = c.source;
  const title = src.url ? h("a", { href: src.url, rel: "noreferrer noopener", target: "_blank" }, src.title) : src.title;
  const meta = [src.publisher, src.publishedDate, c.locator].filter(Boolean).join(" · ");
  return h(
    "li",
    { class: "citation" },
    c.quote ? h("blockquote", {}, c.quote) : null,
    h("cite", {}, title),
    meta ? h("span", { class: "meta" }, ` (${meta})`) : null,
  );
}

export function citations(list) {
  if (!list.length) return h("p", { class: "muted" }, "No citation.");
  return h("ul", { class: "citations" }, list.map(citation));
}

export function listing(l) {
  return h(
    "li",
    { class: "listing" },
    h("strong", {}, l.list.name),
    ` (${l.list.authority})`,
    l.program ? ` · ${l.program}` : "",
    ` · listed ${l.listedDate || "date unknown"}`,
    l.delistedDate ? ` · delisted ${l.delistedDate}` : "",
    l.reason ? h("p", {}, l.reason) : null,
    citations(l.citations),
  );
}

/** A listing carried from a same-as member (`Listing.via`): "· via <member>" after its dates. */
export function viaListing(l, name) {
  const item = listing(l);
  if (l.via) {
    item.insertBefore(h("span", { class: "via" }, " · via ", h("a", { href: entityPath(l.via.id) }, name || l.via.name)),
      item.querySelector("p, ul"));
  }
  return item;
}

export function entityLink(e) {
  return h("a", { href: entityPath(e.id) }, e.name);
}

export function empty(text) {
  return h("p", { class: "muted" }, text);
}

export function csv(value) {
  return (value || "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
