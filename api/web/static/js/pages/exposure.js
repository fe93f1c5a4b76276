// `/entities/{id}/exposure?maxHops=3&asOf=2024&list=ID&first=50`: the listed parties within
// reach, as a graph (cytoscape) beside the list of paths; the path list is the accessible
// alternative to the graph and selects the same edges. Selecting an edge (in either) shows its
// citations with their quotes, or for a judgement hop (two entities judged one party) who
// judged it, when and why. `throughJudgements=false` leaves judgement hops out.
import { h, field, entityPath, setTitle } from "../dom.js";
import { gql } from "../gql.js";
import { CITATION, citations, dates, empty, entityLink } from "../format.js";
import { drawGraph, listColours } from "../graph.js";
import { exportLinks } from "../access.js";

const REPORT = `query($id: ID!, $maxHops: Int, $asOf: PartialDate, $lists: [ID!], $first: Int,
                      $throughJudgements: Boolean) {
  sanctionsLists { id name authority }
  sanctionsExposure(entityId: $id, maxHops: $maxHops, asOf: $asOf, lists: $lists, first: $first,
                    throughJudgements: $throughJudgements) {
    entity { id name kind }
    maxHops searchedHops asOf totalCount
    exposures {
      entity { id name kind countries }
      distance listedBeforeLink
      listings { list { id name } program listedDate delistedDate }
      paths { length nodes { id name }
              hops { __typename id type from { id name } to { id name }
                     ... on Relationship { role startDate endDate ${CITATION} }
                     ... on JudgementHop { judgement { id by at note } } } }
    }
  }
}`;

/** The typename of a judgement hop (Path.hops holds Relationship and JudgementHop). */
const JUDGED = "JudgementHop";

const FLAG = {
  true: ["before", "Listed before the link began"],
  false: ["after", "Listed after the link began"],
  null: ["unknown", "Listed before the link? Unknown (missing or overlapping dates)"],
};

/** The export of this report: the same parameters as GET /export/… spells them. */
function exportQuery(id, vars) {
  const query = new URLSearchParams({ exposure: id });
  if (vars.maxHops) query.set("hops", String(vars.maxHops));
  if (vars.asOf) query.set("asOf", vars.asOf);
  if (vars.first) query.set("first", String(vars.first));
  for (const list of vars.lists || []) query.append("list", list);
  if (vars.throughJudgements === false) query.set("throughJudgements", "false");
  return query;
}

export async function render(main, { args, params }) {
  const [id] = args;
  performance.mark("exposure-start");
  const vars = {
    id,
    maxHops: params.get("maxHops") ? Number(params.get("maxHops")) : null, // null: the API's default (3)
    asOf: params.get("asOf") || null,
    lists: params.getAll("list").length ? params.getAll("list") : null,
    first: params.get("first") ? Number(params.get("first")) : null,
    throughJudgements: params.get("throughJudgements") !== "false",
  };
  const data = await gql(REPORT, vars);
  performance.mark("exposure-data"); // bench/ui_bench.py reads these marks and measures
  const report = data.sanctionsExposure;
  setTitle(`Exposure of ${report.entity.name}`);
  const details = h("section", { id: "edge-details", class: "edge-details", "aria-live": "polite", "aria-labelledby": "edge-h" },
    h("h2", { id: "edge-h" }, "Selected link"), empty("Select a link in the graph or a hop in the path list to see its evidence."));
  const edges = new Map();
  for (const exposure of report.exposures)
    for (const path of exposure.paths) for (const hop of path.hops) edges.set(hop.id, hop);
  let graph = null;
  const select = (relId) => showEdge(details, edges.get(relId), graph);
  const graphBox = h("div", { id: "graph", class: "graph", role: "img",
    "aria-label": `Graph of ${report.entity.name} and the ${report.exposures.length} listed parties within reach; the path list gives the same links.` });
  main.replaceChildren(
    h("h1", {}, "Sanctions exposure of ", entityLink(report.entity)),
    h("ul", { class: "actions" }, h("li", {}, h("a", { href: `${entityPath(id, "/dossier")}${params.toString() ? `?${params}` : ""}` },
      "Dossier with these parameters")), ...exportLinks(exportQuery(id, vars), `${id}-exposure`)),
    form(data.sanctionsLists, report, params),
    summary(report),
    h("div", { class: "exposure-layout" },
      h("section", { class: "graph-pane", "aria-labelledby": "graph-h" }, h("h2", { id: "graph-h" }, "Graph"), legend(report), graphBox),
      details),
    pathList(report, select),
  );
  // Let the path list (the accessible alternative) paint and take input before the graph,
  // whose construction is the page's longest task (docs/ui.md).
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  performance.measure("exposure-list"); // from navigation start
  graph = report.exposures.length ? drawGraph(graphBox, report, select) : null;
  if (!graph) graphBox.append(empty("No listed party within reach."));
  await graph?.ready;
  performance.measure("exposure-fetch", "exposure-start", "exposure-data");
  performance.measure("exposure-draw", "exposure-data");
  performance.measure("exposure-render"); // from navigation start
}

function form(lists, report, params) {
  const chosen = new Set(params.getAll("list"));
  const hops = h("input", { type: "number", name: "maxHops", min: 1, max: 6, value: report.maxHops });
  const asOf = h("input", { name: "asOf", value: report.asOf || "", pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", placeholder: "YYYY[-MM[-DD]]" });
  const first = h("input", { type: "number", name: "first", min: 1, max: 500, value: params.get("first") || 50 });
  // Checked sends nothing (the default); unchecked sends throughJudgements=false.
  const through = h("input", { type: "checkbox", checked: params.get("throughJudgements") !== "false",
    onchange: (event) => { off.disabled = event.target.checked; } });
  const off = h("input", { type: "hidden", name: "throughJudgements", value: "false", disabled: through.checked });
  return h("form", { method: "get", class: "filters", "aria-label": "Exposure parameters" },
    field("Max hops", hops), field("As of", asOf, "a year, month or day; empty: no date filter"),
    field("Parties shown", first),
    h("label", { class: "check" }, through, "Through judgements (entities judged the same party)"), off,
    h("details", { class: "lists", open: chosen.size > 0 },
      h("summary", {}, chosen.size ? `Lists: ${chosen.size} chosen` : "Lists: all"),
      h("fieldset", { class: "kinds" }, h("legend", {}, "Only parties on these lists (none checked: all)"),
        lists.map((l) => h("label", { class: "check" },
          h("input", { type: "checkbox", name: "list", value: l.id, checked: chosen.has(l.id) }), l.name)))),
    h("button", { type: "submit" }, "Update"));
}

function summary(report) {
  const deeper = report.searchedHops < report.maxHops ? ` (searched ${report.searchedHops} hops: a full page was found closer)` : "";
  return h("p", { class: "summary" },
    `${report.totalCount} listed part${report.totalCount === 1 ? "y" : "ies"} within ${report.maxHops} hops${deeper}`,
    report.asOf ? `, as of ${report.asOf}` : "", `; showing ${report.exposures.length}.`);
}

function legend(report) {
  return h("ul", { class: "legend", "aria-label": "Legend: parties are coloured by their first list" },
    h("li", {}, h("span", { class: "swatch start" }), "the entity"),
    [...listColours(report).values()].map(({ i, name }) => h("li", {}, h("span", { class: `swatch list-${i}` }), name)),
    h("li", {}, h("span", { class: "swatch plain" }), "not listed"),
    report.exposures.some((x) => x.paths.some((p) => p.hops.some((r) => r.__typename === JUDGED)))
      ? h("li", {}, h("span", { class: "swatch judgement-line" }), "judged the same party (a judgement hop)") : null);
}

function pathList(report, select) {
  return h("section", { "aria-labelledby": "paths-h", class: "paths" },
    h("h2", { id: "paths-h" }, "Listed parties and paths"),
    report.exposures.length ? h("ol", { class: "exposures" }, report.exposures.map((x) => exposureItem(x, select))) : empty("None."));
}

function exposureItem(x, select) {
  const [cls, text] = FLAG[String(x.listedBeforeLink)];
  return h("li", { class: "exposure", "data-entity": x.entity.id },
    h("h3", {}, entityLink(x.entity), ` · ${x.distance} hop${x.distance === 1 ? "" : "s"}`),
    h("p", { class: `flag flag-${cls}` }, text),
    h("p", { class: "listed" }, x.listings.map((l) =>
      `${l.list.name}${l.program ? ` (${l.program})` : ""}, listed ${l.listedDate || "(date unknown)"}${l.delistedDate ? `, delisted ${l.delistedDate}` : ""}`).join("; ")),
    h("ol", { class: "path-list" }, x.paths.map((p) => h("li", { class: "path" }, hops(p, select)))));
}

function hops(path, select) {
  const parts = [h("a", { href: entityPath(path.nodes[0].id) }, path.nodes[0].name)];
  path.hops.forEach((r, i) => {
    const judged = r.__typename === JUDGED;
    const label = judged ? "═ judged same party ═" : `— ${r.type}${r.startDate || r.endDate ? ` (${dates(r.startDate, r.endDate)})` : ""} →`;
    const what = judged ? `${r.from.name} judged the same party as ${r.to.name}` : `${r.from.name} ${r.type} ${r.to.name}`;
    parts.push(" ", h("button", { type: "button", class: judged ? "hop hop-judgement" : "hop", "data-rel": r.id,
      onclick: () => select(r.id), "aria-label": `Show evidence: ${what}` }, label), " ",
      h("a", { href: entityPath(path.nodes[i + 1].id) }, path.nodes[i + 1].name));
  });
  return parts;
}

function showEdge(details, r, graph) {
  if (!r) return;
  graph?.highlight(r.id);
  details.replaceChildren(h("h2", { id: "edge-h" }, "Selected link"),
    ...(r.__typename === JUDGED ? judgementEvidence(r) : sourcedEvidence(r)));
}

function sourcedEvidence(r) {
  return [h("p", { class: "edge-title" }, entityLink(r.from), ` — ${r.type}${r.role ? ` (${r.role})` : ""} → `, entityLink(r.to)),
    h("p", {}, dates(r.startDate, r.endDate) || "dates unknown"),
    citations(r.citations)];
}

/** A judgement hop's evidence is the analyst's judgement, not a source. */
function judgementEvidence(r) {
  const j = r.judgement;
  return [h("p", { class: "edge-title" }, entityLink(r.from), " ═ same party ═ ", entityLink(r.to)),
    h("p", { class: "judgement" }, `Judged the same party by ${j.by} on ${j.at.slice(0, 10)}`,
      j.note ? [": ", h("q", {}, j.note)] : "."),
    h("p", { class: "muted" }, "A judgement hop: an analyst's decision that both entities are one party (no cited source; the judgement's history is on the entity pages).")];
}
