// A small RFC 4180 reader for the screen page's uploads: quoted fields, doubled quotes,
// commas and newlines inside quotes, CRLF or LF. Returns rows of strings.
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let value = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { value += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else value += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(value); value = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i += 1;
      row.push(value); rows.push(row); row = []; value = "";
    } else value += c;
  }
  if (value !== "" || row.length) { row.push(value); rows.push(row); }
  return rows.filter((r) => r.some((v) => v.trim() !== ""));
}

/** Rows with a header → objects keyed by the lower-cased header names. */
export function records(rows) {
  const [header, ...body] = rows;
  const names = (header || []).map((n) => n.trim().toLowerCase().replace(/^\ufeff/, ""));
  return { names, items: body.map((r, i) => ({ line: i + 2, ...Object.fromEntries(names.map((n, j) => [n, (r[j] ?? "").trim()])) })) };
}

// The first characters that make a spreadsheet cell a formula (OWASP, "CSV Injection"); the
// same rule as the command line's CSV writer (cli/output.py), tested with the same names.
const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"];

/** One safe CSV cell: text a spreadsheet would run gets a leading ', numbers stay numbers. */
export function csvCell(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = String(value);
  const safe = FORMULA_STARTS.some((c) => text.startsWith(c)) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows (arrays of scalars; the header first) as CSV text, every cell through csvCell. */
export function toCsv(rows) {
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
