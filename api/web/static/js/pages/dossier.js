// `/entities/{id}/dossier`: the printable dossier. The API numbers the footnotes (the same
// dossier as `dossier.md`); this page only lays it out. Parameters as the exposure page's.
import { h, entityPath, setTitle } from "../dom.js";
import { gql } from "../gql.js";
import { download } from "../access.js";

const DOSSIER = `query($id: ID!, $maxHops: Int, $asOf: PartialDate, $lists: [ID!], $first: Int) {
  dossier(entityId: $id, maxHops: $maxHops, asOf: $asOf, lists: $lists, first: $first) {
    entity { id } title generatedAt parameters { name value }
    ingestRuns { id startedAt finishedAt inputs sha256 outcome origin } ingestRunsTotal
    sections { heading lines { text level notes entity { id } } }
    footnotes { number quote locator source { title url publisher publishedDate } }
  }
}`;

export async function render(main, { args, params }) {
  const [id] = args;
  const vars = {
    id,
    maxHops: params.get("maxHops") ? Number(params.get("maxHops")) : null,
    asOf: params.get("asOf") || null,
    lists: params.getAll("list").length ? params.getAll("list") : null,
    first: params.get("first") ? Number(params.get("first")) : null,
  };
  const d = (await gql(DOSSIER, vars)).dossier;
  setTitle(`Dossier: ${d.title}`);
  const mdUrl = `${entityPath(id, "/dossier.md")}${params.toString() ? `?${params}` : ""}`;
  main.replaceChildren(h("article", { class: "dossier" },
    h("h1", {}, "Dossier: ", h("a", { href: entityPath(d.entity.id) }, d.title)),
    h("p", { class: "no-print actions" },
      h("button", { type: "button", onclick: () => window.print() }, "Print"), " ",
      h("a", { href: mdUrl, onclick: (event) => download(event, mdUrl, `${id}-dossier.md`) }, "Download Markdown")),
    d.sections.map(section),
    h("section", { "aria-labelledby": "sources-h" }, h("h2", { id: "sources-h" }, "Sources"),
      d.footnotes.length ? h("ol", { class: "footnotes" }, d.footnotes.map(footnote)) : h("p", {}, "No source is cited.")),
    stamp(d)));
}

function section(s) {
  const root = h("ul", { class: "claims" });
  const stack = [root];
  for (const line of s.lines) {
    while (stack.length > line.level + 1) stack.pop();
    while (stack.length < line.level + 1) {
      const nested = h("ul");
      (stack.at(-1).lastElementChild || stack.at(-1)).append(nested);
      stack.push(nested);
    }
    stack.at(-1).append(h("li", {}, line.text, line.notes.map((n) =>
      h("sup", {}, h("a", { href: `#fn-${n}`, "aria-label": `source ${n}` }, `[${n}]`)))));
  }
  return h("section", {}, h("h2", {}, s.heading), root);
}

function footnote(f) {
  const src = f.source;
  const title = src.url ? h("a", { href: src.url, rel: "noreferrer noopener" }, src.title) : src.title;
  const meta = [src.publisher, src.publishedDate, f.locator].filter(Boolean).join(", ");
  return h("li", { id: `fn-${f.number}`, value: f.number }, h("cite", {}, title), meta ? `, ${meta}` : "",
    f.quote ? h("blockquote", {}, f.quote) : null);
}

function stamp(d) {
  return h("section", { class: "stamp", "aria-labelledby": "stamp-h" }, h("h2", { id: "stamp-h" }, "Reproducibility"),
    h("p", {}, `Generated at ${d.generatedAt} (UTC) from the API at ${window.location.origin}.`),
    h("p", {}, "Parameters: ", d.parameters.map((p) => `${p.name} = ${p.value}`).join("; ")),
    h("p", {}, `Ingest runs the graph holds: ${d.ingestRunsTotal}${d.ingestRuns.length < d.ingestRunsTotal ? ` (newest ${d.ingestRuns.length} listed)` : ""}.`),
    h("ul", {}, d.ingestRuns.map((r) => h("li", {}, `${r.id}: ${r.outcome || "?"}, ${r.origin || "?"}, ${r.startedAt || "?"} → ${r.finishedAt || "?"}`,
      r.inputs.length ? `; ${r.inputs.map((p, i) => (r.sha256[i] ? `${p} (sha256 ${r.sha256[i].slice(0, 12)})` : p)).join(", ")}` : ""))));
}
