// `/entities/{id}`: identity, listings with citations, relationships (paged, filtered by type,
// direction and date) with citations, and the panels this server's API supports.
import { h, field, entityPath, setTitle } from "../dom.js";
import { gql } from "../gql.js";
import { LISTING, CITATION, citations, viaListing, dates, empty } from "../format.js";
import { panels } from "../panels.js";
import { download, exportLinks } from "../access.js";

// Identity fields shown when the entity has them.
const OPTIONAL = ["weakAliases", "identifiers", "birthDates", "birthPlaces", "gender", "addresses"];
const LABELS = {
  aliases: "Aliases", weakAliases: "Weak aliases", identifiers: "Identifiers", birthDates: "Birth dates",
  birthPlaces: "Birth places", gender: "Gender", addresses: "Addresses", countries: "Countries", tags: "Tags",
};
const PAGE = 20;

function entityQuery() {
  return `query($id: ID!, $types: [String!], $direction: Direction, $asOf: PartialDate, $first: Int, $after: String) {
    relationshipTypes
    entity(id: $id) {
      id kind name aliases countries tags description ${OPTIONAL.join(" ")}
      listings { ${LISTING} via { id name } }
      relationships(types: $types, direction: $direction, asOf: $asOf, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { id type role description share startDate endDate
                       from { id name } to { id name } ${CITATION} } }
      }
    }
  }`;
}

export async function render(main, { args, params, role }) {
  const [id] = args;
  const filters = {
    types: params.get("type") ? [params.get("type")] : null,
    direction: params.get("direction") || "BOTH",
    asOf: params.get("asOf") || null,
    after: params.get("after") || null,
  };
  const data = await gql(entityQuery(), { id, ...filters, first: PAGE });
  const e = data.entity;
  if (!e) {
    setTitle("Not found");
    main.replaceChildren(h("h1", {}, "No such entity"), h("p", {}, `No entity has the id “${id}”.`));
    return;
  }
  setTitle(e.name);
  main.replaceChildren(
    h("h1", { class: "entity-name" }, e.name),
    h("p", { class: "kind" }, `${e.kind} · id `, h("code", {}, e.id)),
    actions(e),
    identity(e, OPTIONAL),
    h("section", { "aria-labelledby": "listings-h" }, h("h2", { id: "listings-h" }, "Listings"),
      e.listings.length ? h("ul", { class: "listings" }, e.listings.map((l) => viaListing(l))) : empty("Not listed.")),
    relationships(e, data.relationshipTypes, filters, params),
  );
  for (const panel of await panels(e, role)) main.append(panel);
}

function actions(e) {
  const screen = new URLSearchParams({ name: e.name, kind: e.kind, countries: e.countries.join(";"), entity: e.id });
  return h("ul", { class: "actions" },
    h("li", {}, h("a", { href: entityPath(e.id, "/exposure") }, "Sanctions exposure")),
    h("li", {}, h("a", { href: entityPath(e.id, "/dossier") }, "Dossier")),
    h("li", {}, h("a", { href: entityPath(e.id, "/dossier.md"),
      onclick: (event) => download(event, entityPath(e.id, "/dossier.md"), `${e.id}-dossier.md`) }, "Dossier (Markdown)")),
    h("li", {}, h("a", { href: `/screen?${screen}` }, "Screen this entity")),
    ...exportLinks(new URLSearchParams({ entity: e.id, hops: "1" }), `${e.id}-export`));
}

function identity(e, optional) {
  const rows = [];
  for (const name of ["aliases", ...optional, "countries", "tags"]) {
    let value = e[name];
    if (value === null || value === undefined || (Array.isArray(value) && !value.length)) continue;
    if (name === "countries") value = value.map((c) => c.toUpperCase());
    rows.push(h("dt", {}, LABELS[name] || name), h("dd", {}, Array.isArray(value) ? value.join("; ") : String(value)));
  }
  return h("section", { "aria-labelledby": "identity-h" }, h("h2", { id: "identity-h" }, "Identity"),
    e.description ? h("p", { class: "description" }, e.description) : null,
    rows.length ? h("dl", { class: "identity" }, rows) : empty("No aliases, identifiers or countries recorded."));
}

function relationships(e, types, filters, params) {
  const conn = e.relationships;
  const typeSelect = h("select", { name: "type" }, h("option", { value: "" }, "all types"),
    types.map((t) => h("option", { value: t, selected: filters.types?.[0] === t }, t)));
  const dirSelect = h("select", { name: "direction" }, ["BOTH", "OUTGOING", "INCOMING"].map((d) =>
    h("option", { value: d, selected: filters.direction === d }, d.toLowerCase())));
  const asOf = h("input", { name: "asOf", value: filters.asOf || "", pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", placeholder: "YYYY[-MM[-DD]]" });
  const form = h("form", { method: "get", class: "filters", "aria-label": "Filter relationships" },
    field("Type", typeSelect), field("Direction", dirSelect), field("In force on", asOf, "a year, month or day"),
    h("button", { type: "submit" }, "Filter"));
  const rows = conn.edges.map(({ node: r }) => {
    const outgoing = r.from.id === e.id;
    const other = outgoing ? r.to : r.from;
    return h("tr", {},
      h("td", {}, r.type, r.role ? h("div", { class: "muted" }, r.role) : null),
      h("td", {}, outgoing ? "→ " : "← ", h("a", { href: entityPath(other.id) }, other.name)),
      h("td", {}, dates(r.startDate, r.endDate), r.share !== null ? h("div", {}, `${r.share} %`) : null),
      h("td", {}, r.description ? h("p", {}, r.description) : null,
        h("details", {}, h("summary", {}, `${r.citations.length} citation${r.citations.length === 1 ? "" : "s"}`), citations(r.citations))));
  });
  const next = new URLSearchParams(params);
  next.set("after", conn.pageInfo.endCursor || "");
  const first = new URLSearchParams(params);
  first.delete("after");
  const nav = h("nav", { class: "pager", "aria-label": "Relationship pages" },
    filters.after ? h("a", { href: `?${first}` }, "First page") : null,
    conn.pageInfo.hasNextPage ? h("a", { href: `?${next}`, rel: "next" }, "Next page") : null);
  return h("section", { "aria-labelledby": "rels-h" },
    h("h2", { id: "rels-h" }, `Relationships (${conn.totalCount})`), form,
    rows.length
      ? h("table", { class: "rels" }, h("caption", { class: "sr-only" }, `Relationships of ${e.name}`),
          h("thead", {}, h("tr", {}, ["Type", "With", "Dates", "Evidence"].map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, rows))
      : empty("No relationship matches."),
    nav);
}
