/**
 * A CSV text to columns: the first line is the header; fields are split on commas, with double
 * quotes for fields that hold commas or quotes (RFC 4180). Values stay strings; the simulator turns
 * the columns it uses into numbers and says which row is not one. Pure: the caller reads the file.
 */
export function parseCsv(text: string): Record<string, string[]> {
  const rows = splitRows(text);
  const header = rows.shift();
  if (header === undefined || header.length === 0 || (header.length === 1 && header[0] === "")) throw new Error("empty CSV: no header line");
  const columns: Record<string, string[]> = {};
  for (const name of header) columns[name] = [];
  const lists = header.map((name) => columns[name]!);
  rows.forEach((row, r) => {
    if (row.length === 1 && row[0] === "") return; // blank line
    if (row.length !== header.length) throw new Error(`line ${r + 2}: ${row.length} fields, header has ${header.length}`);
    for (let c = 0; c < lists.length; c++) lists[c]!.push(row[c]!);
  });
  return columns;
}

function splitRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const n = text.charCodeAt(0) === 0xfeff ? (i = 1, text.length) : text.length;
  for (; i < n; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") { row.push(field); field = ""; }
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
