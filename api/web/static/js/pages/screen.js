// `/screen`: paste names (one per line) or upload a CSV (columns name, kind, birth_date,
// countries, identifiers; lists `;`-separated, as `entangle screen` reads them) → the best
// candidates with score, match and explanation. Editors judge a candidate against the entity
// the screen came from (`?entity=ID`, the entity page's "screen this entity").
// Needs the screening API (`screenMany`); a server without it says so.
import { h, field, entityPath, setTitle } from "../dom.js";
import { gql } from "../gql.js";
import { allows } from "../access.js";
import { parseCsv, records } from "../csv.js";
import { empty } from "../format.js";

const BATCH = 100; // screenMany's limit
const SCREEN = `query($queries: [ScreeningQuery!]!, $lists: [ID!], $threshold: Float) {
  screenMany(queries: $queries, lists: $lists, threshold: $threshold, first: 5) {
    candidates { score match explanation features { name score weight detail }
                 entity { id name kind countries listings { list { name } } } }
    warnings error
  }
}`;
const JUDGE = "mutation($a: ID!, $b: ID!, $j: JudgementVerdict!) { judge(a: $a, b: $b, judgement: $j) { id verdict } }";

export async function render(main, { params, role }) {
  setTitle("Screen names");
  main.replaceChildren(h("h1", {}, "Screen names against the lists"));
  const lists = (await gql("{ sanctionsLists { id name } }")).sanctionsLists;
  const names = h("textarea", { name: "names", rows: 6 });
  names.value = params.get("name") || "";
  const file = h("input", { type: "file", name: "file", accept: ".csv,text/csv" });
  const threshold = h("input", { type: "number", name: "threshold", min: 0, max: 1, step: 0.01, placeholder: "server default" });
  const results = h("section", { "aria-live": "polite", "aria-labelledby": "screen-results-h" });
  const form = h("form", { class: "filters", "aria-label": "Names to screen", onsubmit: (event) => {
    event.preventDefault();
    run(form, { names, file, threshold, params, role }, results).catch((exc) => {
      results.replaceChildren(h("p", { class: "error", role: "alert" }, `${exc.code || "ERROR"}: ${exc.message}`));
    });
  } },
    field("Names, one per line", names, "or upload a CSV below"),
    field("CSV file", file, "columns: name (required), kind, birth_date, countries, identifiers"),
    field("Threshold", threshold, "score from which a candidate is a match"),
    h("details", { class: "lists", onchange: chosen }, h("summary", {}, "Lists: all"),
      h("fieldset", { class: "kinds" }, h("legend", {}, "Only candidates on these lists"),
        lists.map((l) => h("label", { class: "check" }, h("input", { type: "checkbox", name: "list", value: l.id }), l.name)))),
    h("button", { type: "submit" }, "Screen"));
  main.append(form, results);
}

// The summary says which lists the screen keeps, so a closed list box does not hide a filter.
function chosen(event) {
  const box = event.currentTarget;
  const names = [...box.querySelectorAll("input[name=list]:checked")].map((c) => c.parentElement.textContent);
  box.querySelector("summary").textContent = names.length ? `Lists: ${names.join("; ")}` : "Lists: all";
}

async function queriesFrom({ names, file, params }) {
  if (file.files.length) {
    const { names: columns, items } = records(parseCsv(await file.files[0].text()));
    if (!columns.includes("name")) throw Object.assign(new Error("the CSV has no name column"), { code: "BAD_INPUT" });
    return items.map((r) => ({ label: `line ${r.line}`, query: query(r.name, r.kind, r.birth_date, r.countries, r.identifiers) }));
  }
  return names.value.split("\n").map((s) => s.trim()).filter(Boolean).map((name, i) => ({
    label: `#${i + 1}`, query: query(name, params.get("kind"), null, i === 0 ? params.get("countries") : null, null),
  }));
}

function query(name, kind, birthDate, countries, identifiers) {
  const split = (s) => (s || "").split(";").map((v) => v.trim()).filter(Boolean);
  const q = { name };
  if (kind) q.kind = kind;
  if (birthDate) q.birthDate = birthDate;
  if (split(countries).length) q.countries = split(countries);
  if (split(identifiers).length) q.identifiers = split(identifiers);
  return q;
}

async function run(form, inputs, results) {
  const rows = await queriesFrom(inputs);
  if (!rows.length) throw Object.assign(new Error("give at least one name"), { code: "BAD_INPUT" });
  const lists = [...form.querySelectorAll("input[name=list]:checked")].map((c) => c.value);
  const answers = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    results.replaceChildren(h("p", {}, `Screening ${i + 1}–${Math.min(i + BATCH, rows.length)} of ${rows.length}…`));
    const data = await gql(SCREEN, { queries: rows.slice(i, i + BATCH).map((r) => r.query), lists: lists.length ? lists : null,
      threshold: inputs.threshold.value ? Number(inputs.threshold.value) : null });
    answers.push(...data.screenMany);
  }
  const subject = inputs.params.get("entity");
  results.replaceChildren(h("h2", { id: "screen-results-h" }, `${rows.length} name${rows.length === 1 ? "" : "s"} screened`),
    h("table", { class: "data screen-results" },
      h("thead", {}, h("tr", {}, ["Row", "Name", "Candidates"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, rows.map((r, i) => h("tr", {}, h("td", {}, r.label), h("td", {}, r.query.name),
        h("td", {}, answer(answers[i], subject, inputs.role)))))));
  document.body.dataset.screened = String(rows.length);
}

// A row's candidates, what of it the server ignored, or why it was not screened (no name).
function answer(a, subject, role) {
  if (a.error) return h("p", { class: "error" }, a.error);
  const warnings = a.warnings.length ? h("ul", { class: "warnings" }, a.warnings.map((w) => h("li", {}, w))) : null;
  const found = a.candidates.length ? h("ol", {}, a.candidates.map((c) => candidate(c, subject, role))) : empty("No candidate.");
  return [warnings, found];
}

function candidate(c, subject, role) {
  const judge = subject && allows(role, "editor") && subject !== c.entity.id
    ? h("span", { class: "judge" }, ["SAME", "DIFFERENT", "UNSURE"].map((j) => h("button", { type: "button", onclick: async (event) => {
        const box = event.target.closest(".judge");
        try {
          await gql(JUDGE, { a: subject, b: c.entity.id, j });
          box.replaceChildren(`judged ${j.toLowerCase()}`);
        } catch (exc) { // a refusal (role, bad pair) is shown where the buttons were
          box.replaceChildren(h("span", { class: "error", role: "alert" }, `${exc.code || "ERROR"}: ${exc.message}`));
        }
      } }, j.toLowerCase())))
    : null;
  return h("li", { class: "candidate" },
    h("a", { href: entityPath(c.entity.id) }, c.entity.name), ` · ${c.entity.kind} · score ${c.score.toFixed(2)} · `,
    h("strong", {}, c.match ? "match" : "no match"),
    c.entity.listings.length ? h("span", { class: "listed" }, ` · ${c.entity.listings.map((l) => l.list.name).join("; ")}`) : null,
    h("p", {}, c.explanation),
    h("details", {}, h("summary", {}, "features"), h("ul", {}, c.features.map((f) =>
      h("li", {}, `${f.name}: ${f.score.toFixed(2)} × ${f.weight} — ${f.detail}`)))),
    judge);
}
