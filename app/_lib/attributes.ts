/**
 * A provider's free-form attributes as people edit them: one `key = value` per line. Numbers and
 * true/false keep their type (a subnet's prefix stays a number); everything else is text.
 */
export type Attributes = Record<string, string | number | boolean>;

export function attributesToText(attributes: Attributes): string {
  return Object.entries(attributes).map(([k, v]) => `${k} = ${String(v)}`).join("\n");
}

export type ParsedAttributes = { ok: true; value: Attributes } | { ok: false; line: number; message: string };

export function parseAttributes(text: string): ParsedAttributes {
  const value: Attributes = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) return { ok: false, line: i + 1, message: `line ${i + 1}: expected "key = value"` };
    const key = line.slice(0, eq).trim();
    const raw = line.slice(eq + 1).trim();
    if (key in value) return { ok: false, line: i + 1, message: `line ${i + 1}: "${key}" is given twice` };
    value[key] = raw === "true" ? true : raw === "false" ? false : raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return { ok: true, value };
}
