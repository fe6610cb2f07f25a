/**
 * Every CLI command (the list `headroom --help` prints, so commands added later are covered) fed
 * malformed arguments and files (issue 15, item 6): unknown options and subcommands, missing
 * arguments, and for every `<file.json>` a missing, empty, non-JSON, wrongly typed or random JSON
 * file (fast-check), and non-numbers for numeric options. Required: exit 2 (never a crash, never 1
 * or 0) with a message naming the bad option, subcommand or file. Nothing valid is ever passed, so
 * no command does real work (nor opens a database outside a temporary folder).
 */
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../server/cli/main";

const PER_CASE_MS = 30_000;
const dir = mkdtempSync(path.join(tmpdir(), "headroom-cli-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Run = { code: number | "timeout" | "threw"; stderr: string; stdout: string };

/** Runs the CLI in this process with stdout/stderr captured and process.exit disarmed. */
async function run(argv: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const exit = process.exit.bind(process);
  const env = { dataDir: process.env.HEADROOM_DATA_DIR, url: process.env.DATABASE_URL };
  process.env.HEADROOM_DATA_DIR = path.join(dir, "pglite");
  process.env.DATABASE_URL = "";
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  process.exit = ((code?: number) => { throw new Error(`process.exit(${code})`); }) as typeof process.exit;
  let timer: NodeJS.Timeout | undefined;
  try {
    const code = await Promise.race([
      main(argv),
      new Promise<"timeout">((resolve) => { timer = setTimeout(() => resolve("timeout"), PER_CASE_MS); }),
    ]);
    return { code, stderr, stdout };
  } catch (error) {
    return { code: "threw", stderr: stderr + String(error), stdout };
  } finally {
    clearTimeout(timer);
    process.stdout.write = out;
    process.stderr.write = err;
    process.exit = exit;
    if (env.dataDir === undefined) delete process.env.HEADROOM_DATA_DIR;
    else process.env.HEADROOM_DATA_DIR = env.dataDir;
    if (env.url === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = env.url;
  }
}

type Command = { name: string; segments: { sub: string | null; tokens: string[] }[] };

/** The commands and their subcommands, read from the usage text. */
async function commands(): Promise<Command[]> {
  const help = await run(["--help"]);
  const list: Command[] = [];
  for (const line of help.stdout.split("\n")) {
    const m = /^\s+headroom (\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, name, rest] = m as unknown as [string, string, string];
    const segments: Command["segments"] = [];
    // "db migrate | db seed [--reset] | ..." -> segments; a description after two spaces is dropped.
    for (const raw of rest.split(/\s{2,}/)[0]!.split(/\s\|\s/)) {
      const words = raw.trim().replace(new RegExp(`^${name}\\s+`), "").split(/\s+/).filter(Boolean);
      const first = words[0] ?? "";
      const subs = /^[a-z][a-z-]*(\|[a-z][a-z-]*)*$/.test(first) ? first.split("|") : [null];
      for (const sub of subs) segments.push({ sub, tokens: sub === null ? words : words.slice(1) });
    }
    list.push({ name, segments });
  }
  return list;
}

/** The required tokens of a segment (bracketed options dropped), with each `<x.json>` replaced by `file`. */
function required(tokens: string[], file: string): string[] {
  const text = tokens.join(" ").replace(/\[[^\]]*\]/g, " ");
  return text.split(/\s+/).filter(Boolean).map((t) => (/^<[^>]*\.json>$/.test(t) ? file : t));
}

const malformedFiles: [string, string][] = [
  ["empty", ""], ["not JSON", "{not json"], ["a number", "42"], ["null", "null"], ["a string", "\"text\""], ["an array", "[1, 2, 3]"],
  ["an empty object", "{}"], ["oversized", JSON.stringify({ x: "a".repeat(1_000_000) })], ["binary", "\u0000\u0001\u0002\ufffd"],
  ...fc.sample(fc.object({ maxDepth: 3 }), { numRuns: 6, seed: 15 }).map((v, i): [string, string] => [`random object #${i}`, JSON.stringify(v)]),
  ...fc.sample(fc.jsonValue({ maxDepth: 2 }), { numRuns: 3, seed: 16 }).map((v, i): [string, string] => [`random JSON #${i}`, JSON.stringify(v) ?? "null"]),
];

describe("every CLI command with malformed arguments and files", () => {
  it("exits 2 naming the bad option, subcommand or file", async () => {
    const all = await commands();
    expect(all.length).toBeGreaterThan(0);
    const problems: string[] = [];
    let cases = 0;
    const expectRefusal = async (argv: string[], names: string) => {
      cases++;
      const r = await run(argv);
      const shown = `headroom ${argv.map((a) => (a.length > 60 ? `${a.slice(0, 60)}…` : a)).join(" ")}`;
      if (r.code !== 2) problems.push(`${shown}: exit ${r.code} (expected 2): ${r.stderr.split("\n").slice(0, 3).join(" | ").slice(0, 300)}`);
      else if (!r.stderr.includes(names)) problems.push(`${shown}: the message does not name '${names}': ${r.stderr.slice(0, 200)}`);
    };

    for (const c of all) {
      await expectRefusal([c.name, "--fuzz-unknown-option"], "fuzz-unknown-option");
      const subs = c.segments.map((s) => s.sub).filter((s): s is string => s !== null);
      if (subs.length > 0) await expectRefusal([c.name, "fuzz-no-such-subcommand"], "fuzz-no-such-subcommand");
      for (const s of c.segments) {
        const head = s.sub === null ? [c.name] : [c.name, s.sub];
        if (s.sub !== null) await expectRefusal([...head, "--fuzz-unknown-option"], "fuzz-unknown-option");
        if (!s.tokens.some((t) => /^<[^>]*\.json>$/.test(t))) continue;
        for (const [label, content] of malformedFiles) {
          const file = path.join(dir, `${c.name}-${s.sub ?? "main"}-${label.replace(/\W+/g, "-")}.json`);
          writeFileSync(file, content);
          await expectRefusal([...head, ...required(s.tokens, file)], path.basename(file));
        }
        const missing = path.join(dir, "no-such-file.json");
        await expectRefusal([...head, ...required(s.tokens, missing)], "no-such-file.json");
        // A numeric option given a non-number, beside a malformed file: refused either way, never run.
        for (const [, option] of s.tokens.join(" ").matchAll(/\[(--[a-z-]+) N\]/g)) {
          await expectRefusal([...head, ...required(s.tokens, path.join(dir, `${c.name}-${s.sub ?? "main"}-empty.json`)), option!, "not-a-number"], "");
        }
      }
    }
    console.log(`CLI fuzz: ${all.length} commands covered (${all.map((c) => c.name).join(", ")}), ${cases} cases`);
    expect(problems).toEqual([]);
  }, 600_000);
});
