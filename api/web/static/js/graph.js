// The exposure graph: cytoscape (served from /static/vendor), concentric by distance so that
// 500 parties lay out in one pass. Listed parties are coloured by their first list.
import cytoscape from "/static/vendor/cytoscape.esm.min.js";

export const PALETTE = ["#c0392b", "#8e44ad", "#d35400", "#16a085", "#2c3e50", "#b8860b", "#7f8c8d", "#d4ac0d"];

/** The colour index of each list that is some party's first listing (app.css: .list-N). */
export function listColours(report) {
  const index = new Map();
  for (const x of report.exposures) {
    const first = x.listings[0]?.list;
    if (first && !index.has(first.id)) index.set(first.id, { i: index.size % PALETTE.length, name: first.name });
  }
  return index;
}

/** Labels are cut in JS: cytoscape's ellipsis measures every label's text (slow at 500). */
function short(name) {
  return name.length > 30 ? `${name.slice(0, 29)}…` : name;
}

export function drawGraph(box, report, onSelectEdge) {
  const listIndex = listColours(report);
  const nodes = new Map([[report.entity.id, { id: report.entity.id, label: short(report.entity.name), level: 0, cls: "start" }]]);
  const edges = new Map();
  for (const x of report.exposures) {
    for (const p of x.paths) {
      p.nodes.forEach((n, i) => {
        const known = nodes.get(n.id);
        if (!known || known.level > i) nodes.set(n.id, { id: n.id, label: short(n.name), level: i, cls: known?.cls || "plain" });
      });
      for (const r of p.hops) {
        if (r.__typename === "JudgementHop") {
          edges.set(r.id, { id: r.id, source: r.from.id, target: r.to.id, label: "same party (judged)", cls: "judgement" });
          continue;
        }
        const span = r.startDate || r.endDate ? ` ${r.startDate || "?"}–${r.endDate || ""}` : "";
        edges.set(r.id, { id: r.id, source: r.from.id, target: r.to.id, label: `${r.type}${span}` });
      }
    }
  }
  for (const x of report.exposures) {
    const node = nodes.get(x.entity.id);
    node.cls = `listed list-${listIndex.get(x.listings[0]?.list.id)?.i ?? 0}`;
  }
  const maxLevel = Math.max(...[...nodes.values()].map((n) => n.level));
  const cy = cytoscape({
    container: box,
    elements: [
      ...[...nodes.values()].map((n) => ({ data: n, classes: n.cls })),
      ...[...edges.values()].map((e) => ({ data: e, classes: e.cls || "" })),
    ],
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 9,
        "min-zoomed-font-size": 5, "text-valign": "bottom", "text-margin-y": 2,
        "background-color": "#aab7b8", width: 14, height: 14 } },
      { selector: "node.start", style: { "background-color": "#1a5276", width: 22, height: 22, "font-weight": "bold" } },
      ...PALETTE.map((color, i) => ({ selector: `node.list-${i}`, style: { "background-color": color, shape: "diamond", width: 18, height: 18 } })),
      { selector: "edge", style: { label: "data(label)", "font-size": 7, "curve-style": "bezier",
        "min-zoomed-font-size": 6, color: "#566573",
        "target-arrow-shape": "triangle", width: 1.5, "line-color": "#95a5a6", "target-arrow-color": "#95a5a6",
        "text-background-color": "#fff", "text-background-opacity": 0.8, "text-rotation": "autorotate" } },
      // A judgement hop: an identity, not a relationship: double dashed line, no arrow.
      { selector: "edge.judgement", style: { "line-style": "dashed", "line-dash-pattern": [6, 3], width: 3,
        "line-color": "#2874a6", "target-arrow-shape": "none", color: "#2874a6" } },
      { selector: "edge.selected", style: { width: 4, "line-color": "#e67e22", "target-arrow-color": "#e67e22",
        "font-size": 10, "min-zoomed-font-size": 0, "z-index": 10 } },
    ],
    layout: { name: "concentric", concentric: (n) => maxLevel - n.data("level"), levelWidth: () => 1,
      minNodeSpacing: 45, animate: false },
    // Large graphs: pan and zoom move a snapshot, not 500 labelled shapes (responsiveness).
    textureOnViewport: nodes.size > 200,
    hideEdgesOnViewport: nodes.size > 200,
  });
  // A large graph labels its edges only when zoomed in (min-zoomed-font-size) or selected.
  cy.on("tap", "edge", (event) => onSelectEdge(event.target.id()));
  cy.on("tap", "node", (event) => {
    if (event.target.id() !== report.entity.id) window.location.assign(`/entities/${encodeURIComponent(event.target.id())}`);
  });
  box.dataset.nodes = String(nodes.size);
  box.dataset.edges = String(edges.size);
  box.dataset.judgementEdges = String([...edges.values()].filter((e) => e.cls === "judgement").length);
  let selected = null;
  const ready = new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return {
    ready,
    highlight(relId) {
      // Only the previous selection changes class: restyling all edges costs a frame at 500.
      selected?.removeClass("selected");
      selected = cy.getElementById(relId).addClass("selected");
    },
  };
}
