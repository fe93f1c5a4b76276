// `/`: search names and aliases (?q=...&kind=Person&kind=Company) → hits with matched name and listings.
import { h, field, entityPath, setTitle } from "../dom.js";
import { gql } from "../gql.js";
import { empty } from "../format.js";

const KINDS = ["Person", "Organization", "Company", "PublicBody", "LegalEntity", "Vessel"];
const SEARCH = `query($text: String!, $kinds: [String!], $first: Int) {
  search(text: $text, kinds: $kinds, first: $first) {
    score matchedName
    entity { id kind name countries listings { list { name } listedDate delistedDate } }
  }
}`;

export async function render(main, { params }) {
  const text = params.get("q") || "";
  const kinds = params.getAll("kind");
  setTitle(text ? `Search: ${text}` : "Search");
  const input = h("input", { type: "search", name: "q", value: text, required: true, maxlength: 200 });
  const boxes = KINDS.map((kind) =>
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "kind", value: kind, checked: kinds.includes(kind) }), kind),
  );
  const form = h(
    "form",
    { role: "search", action: "/", method: "get" },
    field("Name or alias", input, "Case, accents and small misspellings are tolerated."),
    h("fieldset", { class: "kinds" }, h("legend", {}, "Kinds (none checked: all)"), boxes),
    h("button", { type: "submit" }, "Search"),
  );
  main.replaceChildren(h("h1", {}, "Search the graph"), form);
  if (!text) {
    input.focus();
    return;
  }
  const data = await gql(SEARCH, { text, kinds: kinds.length ? kinds : null, first: 25 });
  const results = h("section", { "aria-labelledby": "results-h" }, h("h2", { id: "results-h" }, `Results for “${text}”`));
  if (!data.search.length) {
    results.append(empty("No entity matches."));
  } else {
    results.append(h("ol", { class: "results" }, data.search.map(hit)));
  }
  main.append(results);
}

function hit(result) {
  const e = result.entity;
  const listed = e.listings.map((l) => `${l.list.name}${l.delistedDate ? " (delisted)" : ""}`);
  return h(
    "li",
    { class: "hit" },
    h("a", { href: entityPath(e.id), class: "hit-name" }, e.name),
    ` · ${e.kind}`,
    e.countries.length ? ` · ${e.countries.join(", ").toUpperCase()}` : "",
    h("span", { class: "score" }, ` · score ${result.score.toFixed(2)}`),
    result.matchedName !== e.name ? h("div", { class: "matched" }, "matched: ", h("q", {}, result.matchedName)) : null,
    listed.length ? h("div", { class: "listed" }, "Listed: ", listed.join("; ")) : null,
  );
}
