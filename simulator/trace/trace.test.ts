import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv";
import { ConstantRate, FunctionRate, StepRate, scaled } from "./rate";
import { parseTimestamp, traceRate } from "./trace-rate";

describe("parseCsv", () => {
  it.each([
    ["plain", "a,b\n1,2\n3,4\n", { a: ["1", "3"], b: ["2", "4"] }],
    ["CRLF and no final newline", "a,b\r\n1,2\r\n3,4", { a: ["1", "3"], b: ["2", "4"] }],
    ["quoted fields with commas and quotes", 'a,b\n"x,y","say ""hi"""\n', { a: ["x,y"], b: ['say "hi"'] }],
    ["a byte-order mark and blank lines", "\ufeffa\n1\n\n2\n", { a: ["1", "2"] }],
  ])("%s", (_name, text, expected) => {
    expect(parseCsv(text)).toEqual(expected);
  });

  it.each([
    ["empty text", "", /no header/],
    ["a short row", "a,b\n1\n", /line 2: 1 fields, header has 2/],
  ])("refuses %s", (_name, text, message) => {
    expect(() => parseCsv(text)).toThrow(message);
  });
});

describe("parseTimestamp", () => {
  it("reads every date of four centuries as Date.UTC does", () => {
    for (let t = Date.UTC(1800, 0, 1); t < Date.UTC(2200, 0, 1); t += 86_400_000 * 3 + 3_661_000) {
      const text = new Date(t).toISOString().slice(0, 19).replace("T", " ");
      expect(parseTimestamp(text)).toBe(t / 1000);
    }
  });

  it.each([
    ["1998-06-30 21:42:00", Date.UTC(1998, 5, 30, 21, 42) / 1000],
    ["1998-06-30T21:42:00Z", Date.UTC(1998, 5, 30, 21, 42) / 1000],
    ["1998-06-30 21:42", Date.UTC(1998, 5, 30, 21, 42) / 1000],
    ["1998-06-30", Date.UTC(1998, 5, 30) / 1000],
    ["1998-13-01 00:00:00", NaN],
    ["1998-06-00 00:00:00", NaN],
    ["1998-06-30T21:42:07", Date.UTC(1998, 5, 30, 21, 42, 7) / 1000],
    ["1998-06-30 2x:42:00", NaN],
    ["1998/06/30 21:42:00", NaN],
    [" 1998-06-30 21:42:00", Date.UTC(1998, 5, 30, 21, 42) / 1000],
    ["2000-02-29 23:59:59", Date.UTC(2000, 1, 29, 23, 59, 59) / 1000],
    ["1900-03-01 00:00:00", Date.UTC(1900, 2, 1) / 1000],
    ["1969-12-31 23:00:00", Date.UTC(1969, 11, 31, 23) / 1000],
    ["2023-06-31 00:00:00", Date.UTC(2023, 5, 31) / 1000],
    ["2024-01-01 25:00:00", Date.UTC(2024, 0, 1, 25) / 1000],
    ["yesterday", NaN],
  ])("%s", (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });
});

describe("rates", () => {
  const step = new StepRate(Float64Array.from([0, 10, 30]), Float64Array.from([1, 5, 2]));
  it.each([
    [0, 10, 10],
    [5, 15, 5 + 25],
    [0, 30, 10 + 100],
    [25, 40, 25 + 20], // the last value holds past the last row
    [12, 12, 0],
  ])("a step rate integrates exactly over [%d, %d]", (t0, t1, expected) => {
    expect(step.integral(t0, t1)).toBe(expected);
  });

  it.each([[0, 1, 10], [9.99, 1, 10], [10, 5, 30], [35, 2, Infinity]])("at(%d) = %d, next change at %d", (t, value, next) => {
    expect(step.at(t)).toBe(value);
    expect(step.nextChange(t)).toBe(next);
  });

  it("a function rate integrates a smooth curve to high accuracy, a constant one exactly", () => {
    const sine = new FunctionRate((t) => 1 + Math.sin(t / 100));
    const exact = (t0: number, t1: number) => t1 - t0 - 100 * (Math.cos(t1 / 100) - Math.cos(t0 / 100));
    expect(Math.abs(sine.integral(0, 3000) / exact(0, 3000) - 1)).toBeLessThan(1e-5);
    expect(new ConstantRate(3).integral(2, 7)).toBe(15);
    expect(scaled(new ConstantRate(3), 2).integral(0, 1)).toBe(6);
  });
});

describe("traceRate", () => {
  const traces = { "t.csv": { time: ["2026-11-11 00:00:00", "2026-11-11 00:01:00", "2026-11-11 00:03:00"], v: ["60", "120", "6"], bad: ["1", "x", "2"] } };

  it("places rows by the time column from startAt, scaled", () => {
    const out = traceRate({ trace: "t.csv", column: "v", timeColumn: "time", startAt: "2026-11-11 00:01:00", scale: 0.5 }, traces, 60, []);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(Array.from(out.rate.start)).toEqual([0, 120]);
    expect(out.rate.integral(0, 180)).toBe(60 * 120 + 3 * 60);
  });

  it("without a time column, one row per rowSeconds (default: the step)", () => {
    const out = traceRate({ trace: "t.csv", column: "v" }, traces, 300, []);
    expect(out.ok && Array.from(out.rate.start)).toEqual([0, 300, 600]);
  });

  it.each([
    [{ trace: "u.csv", column: "v" }, ["load", "trace"], /not loaded/],
    [{ trace: "t.csv", column: "w" }, ["load", "column"], /no column 'w'/],
    [{ trace: "t.csv", column: "bad" }, ["load", "column"], /row 2: 'x'/],
    [{ trace: "t.csv", column: "v", timeColumn: "when" }, ["load", "timeColumn"], /no column 'when'/],
    [{ trace: "t.csv", column: "v", timeColumn: "v" }, ["load", "timeColumn"], /not a timestamp/],
    [{ trace: "t.csv", column: "v", startAt: "2026-11-11 00:00:00" }, ["load", "startAt"], /needs a timeColumn/],
    [{ trace: "t.csv", column: "v", timeColumn: "time", startAt: "2026-11-11 00:02:00" }, ["load", "startAt"], /not a time in t\.csv/],
    [{ trace: "t.csv", column: "v", timeColumn: "time", rowSeconds: 5 }, ["load", "rowSeconds"], /not both/],
  ])("refuses %o at its field path", (ref, path, message) => {
    const out = traceRate(ref, traces, 60, ["load"]);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.issues[0]!.path).toEqual(path);
    expect(out.issues[0]!.message).toMatch(message);
  });
});
