import { describe, expect, it } from "vitest";
import { machine, next, successors, type Action } from "./machine";
import { requestStates, type RequestState } from "./schema";

// Every (state, action) pair: where it leads, or null where the machine refuses it.
const table: [RequestState, Action, RequestState | null][] = [
  ["pending", "claim", "placing"], ["pending", "cancel", "cancelled"], ["pending", "place", null], ["pending", "retry", null],
  ["pending", "provision", null], ["pending", "takeOver", null], ["pending", "finishDelete", null],
  ["placing", "place", "placed"], ["placing", "defer", "pending"], ["placing", "giveUp", "failed"], ["placing", "cancel", "cancelled"],
  ["placing", "takeOver", "placing"], ["placing", "claim", null], ["placing", "activate", null], ["placing", "fail", null],
  ["placed", "provision", "provisioning"], ["placed", "fail", "failed"], ["placed", "cancel", "cancelled"], ["placed", "takeOver", "placed"],
  ["placed", "activate", null], ["placed", "defer", null], ["placed", "finishCancel", null],
  ["provisioning", "activate", "active"], ["provisioning", "fail", "failed"], ["provisioning", "finishCancel", "cancelled"],
  ["provisioning", "takeOver", "provisioning"], ["provisioning", "cancel", null], ["provisioning", "place", null], ["provisioning", "retry", null],
  ["active", "finishDelete", "cancelled"], ["active", "takeOver", "active"], ["active", "cancel", null], ["active", "fail", null],
  ["active", "retry", null], ["active", "claim", null],
  ["failed", "retry", "pending"], ["failed", "cancel", "cancelled"], ["failed", "claim", null], ["failed", "activate", null], ["failed", "takeOver", null],
  ["cancelled", "retry", null], ["cancelled", "claim", null], ["cancelled", "cancel", null], ["cancelled", "takeOver", null], ["cancelled", "finishDelete", null],
];

describe("the request state machine", () => {
  it.each(table)("%s --%s--> %s", (from, action, to) => {
    expect(next(from, action)).toBe(to);
  });

  it("leaves cancelled for nothing, and every other state can end (active, failed or cancelled)", () => {
    expect(successors("cancelled")).toEqual([]);
    const reach = (s: RequestState, seen = new Set<RequestState>()): Set<RequestState> => {
      seen.add(s);
      for (const t of successors(s)) if (!seen.has(t)) reach(t, seen);
      return seen;
    };
    for (const s of requestStates) expect(reach(s).has("cancelled")).toBe(true);
  });

  it("follows DESIGN's happy path pending -> placing -> placed -> provisioning -> active", () => {
    const path: Action[] = ["claim", "place", "provision", "activate"];
    let s: RequestState = "pending";
    const seen: RequestState[] = [s];
    for (const a of path) {
      s = next(s, a)!;
      seen.push(s);
    }
    expect(seen).toEqual(["pending", "placing", "placed", "provisioning", "active"]);
  });

  it("names only real states", () => {
    for (const rule of Object.values(machine)) {
      for (const f of rule.from) expect(requestStates).toContain(f);
      if (rule.to !== null) expect(requestStates).toContain(rule.to);
    }
  });
});
