import path from "node:path";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it.each([
    [{}, { databaseUrl: undefined, dataDir: path.resolve("/repo", ".data/pglite"), port: 3000 }],
    [{ DATABASE_URL: "" }, { databaseUrl: undefined }],
    [{ DATABASE_URL: "postgres://u@h:5432/db", PORT: "8080" }, { databaseUrl: "postgres://u@h:5432/db", port: 8080 }],
    [{ HEADROOM_DATA_DIR: "/var/lib/headroom" }, { dataDir: "/var/lib/headroom" }],
    [{ HEADROOM_DATA_DIR: "tmp/db" }, { dataDir: path.resolve("/repo", "tmp/db") }],
  ])("%j", (env, expected) => {
    expect(parseEnv(env, "/repo")).toMatchObject(expected);
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ PORT: "99999" }, "PORT"],
    [{ PORT: "http" }, "PORT"],
  ])("%j is refused naming the variable", (env, variable) => {
    try {
      parseEnv(env, "/repo");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ZodError);
      expect((error as ZodError).issues[0]?.path).toEqual([variable]);
    }
  });
});
