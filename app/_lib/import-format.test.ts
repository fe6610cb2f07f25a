import { describe, expect, it } from "vitest";
import { detectFormat } from "./import-format";

describe("detectFormat", () => {
  it.each([
    ["hosts.json", "name,kind", "json"],
    ["HOSTS.CSV", "[1]", "csv"],
    [null, "  [ {\"name\": 1} ]", "json"],
    [null, "{\"providers\": []}", "json"],
    [null, "name,kind\nh1,host", "csv"],
    ["notes.txt", "", "csv"],
  ] as const)("%s / %j -> %s", (file, content, expected) => {
    expect(detectFormat(file, content)).toBe(expected);
  });
});
