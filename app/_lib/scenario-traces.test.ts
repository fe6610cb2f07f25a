import { describe, expect, it } from "vitest";
import { tracePaths } from "./scenario-traces";

describe("tracePaths", () => {
  it("lists each trace a service load or a churn rate names, once, sorted; profiles and fixed rates name none", () => {
    expect(tracePaths({
      services: [
        { load: { trace: "traces/upload-1.csv", column: "rps" } },
        { load: { profile: "diurnal", baseRps: 10 } },
        { load: { trace: "traces/a.csv", column: "count" } },
      ],
      churn: [{ arrivalsPerHour: 30 }, { arrivalsPerHour: { trace: "traces/a.csv", column: "cpu" } }],
    })).toEqual(["traces/a.csv", "traces/upload-1.csv"]);
    expect(tracePaths({})).toEqual([]);
  });
});
