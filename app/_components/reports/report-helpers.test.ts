import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";
import { rangeSearch, readRange } from "./report-range";

const NOW = Date.parse("2026-12-03T15:30:00Z");
const params = (s: string) => new URLSearchParams(s);

describe("readRange", () => {
  it.each([
    ["", { preset: "12m", from: "2025-12-03", to: undefined }],
    ["range=30d", { preset: "30d", from: "2026-11-03", to: undefined }],
    ["range=18m", { preset: "18m", from: "2025-06-03", to: undefined }],
    ["range=bogus", { preset: "12m", from: "2025-12-03", to: undefined }],
    ["from=2026-01-01&to=2026-02-01", { preset: null, from: "2026-01-01", to: "2026-02-01" }],
    ["from=2026-01-01&to=nope", { preset: null, from: "2026-01-01", to: undefined }],
  ])("%s", (search, expected) => {
    expect(readRange(params(search), NOW)).toMatchObject(expected);
  });
});

describe("rangeSearch", () => {
  it("replaces the range and keeps the other parameters", () => {
    expect(rangeSearch("class=VCPU&range=30d", { range: "90d" })).toBe("class=VCPU&range=90d");
    expect(rangeSearch("class=VCPU&range=30d", { from: "2026-01-01", to: "2026-02-01" })).toBe("class=VCPU&from=2026-01-01&to=2026-02-01");
  });
});

describe("toCsv", () => {
  it("quotes what needs quoting and leaves nulls empty", () => {
    expect(toCsv(["a", "b"], [["x,y", 1.5], ['say "hi"', null], ["plain", 3]])).toBe('a,b\r\n"x,y",1.5\r\n"say ""hi""",\r\nplain,3\r\n');
  });
});
