import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attributesToText, parseAttributes } from "./attributes";

describe("parseAttributes", () => {
  it.each([
    ["", {}],
    ["bmc = 10.0.0.1\nrack_units = 2\nsriov = true", { bmc: "10.0.0.1", rack_units: 2, sriov: true }],
    ["  # comment\n\nname=x = y", { name: "x = y" }],
    ["empty =", { empty: "" }],
  ])("%j", (text, expected) => {
    expect(parseAttributes(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["no equals sign", "just words", 1],
    ["no key", "= 3", 1],
    ["a key twice", "a = 1\nb = 2\na = 3", 3],
  ])("refuses %s, naming the line", (_name, text, line) => {
    const parsed = parseAttributes(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.line).toBe(line);
  });

  it("reads back what it writes", () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,15}$/);
    const value = fc.oneof(fc.integer(), fc.boolean(), fc.stringMatching(/^[a-z][a-z0-9 ./:-]{0,20}[a-z0-9]$/).filter((s) => s !== "true" && s !== "false"));
    fc.assert(fc.property(fc.dictionary(key, value), (attrs) => {
      expect(parseAttributes(attributesToText(attrs))).toEqual({ ok: true, value: attrs });
    }));
  });
});
