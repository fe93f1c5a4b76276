// Entity-page panels: a panel that fails shows its error inside itself, never breaking the page.
import { h, entityPath } from "./dom.js";
import { gql } from "./gql.js";
import { LISTING, empty, citations, viaListing } from "./format.js";

const PANELS = [
  { id: "cluster", title: "Same party as", render: cluster },
  { id: "ownership", title: "Restricted by ownership", render: ownership },
];

export async function panels(entity, role) {
  const built = [];
  for (const panel of PANELS) {
    const section = h("section", { class: `panel panel-${panel.id}`, "aria-labelledby": `${panel.id}-h` },
      h("h2", { id: `${panel.id}-h` }, panel.title));
    try {
      section.append(await panel.render(entity, role));
    } catch (exc) {
      section.append(h("p", { class: "error" }, `Not available: ${exc.message}`));
    }
    built.push(section);
  }
  return built;
}

// ownershipRules, ownershipStatus(entityId, rule) → OwnershipVerdict.
async function ownership(entity) {
  const rules = (await gql("{ ownershipRules { id name authority inForce } }")).ownershipRules.filter((r) => r.inForce);
  if (!rules.length) return empty("No ownership rule is in force.");
  const fields = `verdict restrictedShareMin restrictedShareMax explanation
    owners { owner { id name } shareMin shareMax listed ownerVerdict
             relationships { id citations { quote locator source { id title url publisher publishedDate } } } }`;
  const aliases = rules.map((r, i) => `r${i}: ownershipStatus(entityId: $id, rule: $rule${i}) { ${fields} }`);
  const variables = rules.map((r, i) => `, $rule${i}: ID!`).join("");
  const values = Object.fromEntries(rules.map((r, i) => [`rule${i}`, r.id]));
  const data = await gql(`query($id: ID!${variables}) { ${aliases.join("\n")} }`, { id: entity.id, ...values });
  return h("dl", { class: "verdicts" }, rules.map((rule, i) => {
    const v = data[`r${i}`];
    const share = v.restrictedShareMin === v.restrictedShareMax ? `${v.restrictedShareMin} %` : `${v.restrictedShareMin}–${v.restrictedShareMax} %`;
    return [h("dt", {}, `${rule.name} (${rule.authority})`),
      h("dd", {}, h("strong", { class: `verdict verdict-${v.verdict.toLowerCase()}` }, v.verdict), ` · restricted share ${share}`,
        h("p", {}, v.explanation),
        v.owners.length ? h("ul", {}, v.owners.map((o) => h("li", {},
          h("a", { href: entityPath(o.owner.id) }, o.owner.name),
          ` · ${o.shareMin ?? "?"}${o.shareMax !== o.shareMin ? `–${o.shareMax ?? "?"}` : ""} %`,
          o.listed ? " · listed" : o.ownerVerdict ? ` · ${o.ownerVerdict.toLowerCase()} itself` : "",
          h("details", {}, h("summary", {}, "evidence"), o.relationships.map((r) => citations(r.citations)))))) : null)];
  }));
}

// Issue 14: Entity.sameAs (the resolution cluster) and Listing.via (the member a carried
// listing comes from). The cluster's members, then the listings the entity carries from them.
async function cluster(entity) {
  const data = await gql(`query($id: ID!) { entity(id: $id) {
    sameAs { id name kind countries } listings { ${LISTING} via { id name } } } }`, { id: entity.id });
  const { sameAs, listings } = data.entity;
  if (!sameAs.length) return empty("No entity is judged the same party as this one.");
  const names = new Map(sameAs.map((m) => [m.id, m.name]));
  const carried = listings.filter((l) => l.via);
  return h("div", {},
    h("ul", { class: "cluster" }, sameAs.map((m) => h("li", { class: "member" },
      h("a", { href: entityPath(m.id) }, m.name), ` · ${m.kind}`,
      m.countries.length ? ` · ${m.countries.map((c) => c.toUpperCase()).join("; ")}` : ""))),
    h("h3", {}, "Listings carried from the cluster"),
    carried.length
      ? h("ul", { class: "listings cluster-listings" }, carried.map((l) => viaListing(l, names.get(l.via.id) ?? l.via.name)))
      : empty("No member of the cluster is listed."));
}
