import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A benchmark instance with a known optimum: identical bins, items with one demand per dim. */
export type BenchInstance = {
  family: "u120" | "t120" | "vector";
  name: string;
  capacity: number[];
  items: number[][];
  optimum: number;
};

/** The project's data folder (data/: traces and benchmark instances, with their sources in data/README.md). */
export function sharedDataDir(): string {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  return path.resolve(repoRoot, "data");
}

function numbers(text: string): number[] {
  return text.split(/\s+/).filter((t) => t.length > 0).map(Number);
}

/**
 * Falkenauer u120 (OR-Library format). The file's `best` is wrong for two instances; every u120
 * optimum equals ceil(sum of sizes / capacity), which is computed here instead.
 */
export function loadU120(dir = sharedDataDir()): BenchInstance[] {
  const lines = readFileSync(path.join(dir, "benchmarks/bpp/falkenauer-u120.txt"), "utf8").split(/\r?\n/);
  let at = 0;
  const next = () => { while (at < lines.length && lines[at]!.trim() === "") at++; return lines[at++]!.trim(); };
  const count = Number(next());
  const out: BenchInstance[] = [];
  for (let k = 0; k < count; k++) {
    const name = next();
    const [capacity, n] = numbers(next()) as [number, number, number];
    const sizes: number[] = [];
    for (let i = 0; i < n; i++) sizes.push(Number(next()));
    const sum = sizes.reduce((a, b) => a + b, 0);
    out.push({ family: "u120", name, capacity: [capacity], items: sizes.map((s) => [s]), optimum: Math.ceil(sum / capacity) });
  }
  return out;
}

/** Falkenauer triplets t120 (BPPLIB format): every bin of the optimum is exactly full, n/3 bins. */
export function loadT120(dir = sharedDataDir()): BenchInstance[] {
  const folder = path.join(dir, "benchmarks/bpp/triplets-t120");
  return readdirSync(folder).filter((f) => f.endsWith(".txt")).sort().map((f) => {
    const [n, capacity, ...sizes] = numbers(readFileSync(path.join(folder, f), "utf8")) as number[];
    if (sizes.length !== n) throw new Error(`${f}: expected ${n} sizes, found ${sizes.length}`);
    return { family: "t120", name: f.replace(/\.txt$/, ""), capacity: [capacity!], items: sizes.map((s) => [s]), optimum: n! / 3 };
  });
}

/** Vector packing (VPSolver .vbp format), optima from vector/optima.tsv. */
export function loadVector(dir = sharedDataDir()): BenchInstance[] {
  const base = path.join(dir, "benchmarks/vector");
  const optima = new Map<string, number>();
  for (const line of readFileSync(path.join(base, "optima.tsv"), "utf8").split(/\r?\n/).slice(1)) {
    const [name, , opt] = line.trim().split(/\s+/);
    if (name && opt) optima.set(name, Number(opt));
  }
  const folder = path.join(base, "instances");
  return readdirSync(folder).filter((f) => f.endsWith(".vbp")).sort(naturalOrder).map((f) => {
    const name = f.replace(/\.vbp$/, "");
    const v = numbers(readFileSync(path.join(folder, f), "utf8"));
    let at = 0;
    const d = v[at++]!;
    const capacity = v.slice(at, at + d); at += d;
    const m = v[at++]!;
    const items: number[][] = [];
    for (let k = 0; k < m; k++) {
      const w = v.slice(at, at + d); at += d;
      const copies = v[at++]!;
      for (let c = 0; c < copies; c++) items.push(w);
    }
    const optimum = optima.get(name);
    if (optimum === undefined) throw new Error(`${name}: no optimum in optima.tsv`);
    return { family: "vector", name, capacity, items, optimum };
  });
}

export function loadAllInstances(dir = sharedDataDir()): BenchInstance[] {
  if (!existsSync(path.join(dir, "benchmarks"))) throw new Error(`no benchmarks under ${dir} (the project ships them in data/)`);
  return [...loadU120(dir), ...loadT120(dir), ...loadVector(dir)];
}

function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}
