import { describe, expect, it } from "vitest";
import { append, getIn, removeAt, setIn } from "./spec-edit";

describe("spec edits by path", () => {
  it.each([
    [{ a: 1 }, ["a"], 2, { a: 2 }],
    [{ s: [{ id: "x", n: 1 }] }, ["s", 0, "n"], 5, { s: [{ id: "x", n: 5 }] }],
    [{ a: { b: 1, c: 2 } }, ["a", "b"], undefined, { a: { c: 2 } }],
    [{}, ["x", "y"], 3, { x: { y: 3 } }],
  ])("setIn(%j, %j, %j)", (obj, path, value, want) => {
    const before = JSON.stringify(obj);
    expect(setIn(obj, path, value)).toEqual(want);
    expect(JSON.stringify(obj)).toBe(before);
  });
  it("appends, removes and reads", () => {
    const o = append(append({ l: [] as number[] }, ["l"], 1), ["l"], 2);
    expect(getIn(o, ["l", 1])).toBe(2);
    expect(removeAt(o, ["l"], 0)).toEqual({ l: [2] });
  });
});
