import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { needsBuild } from "./start";

describe("needsBuild", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const project = (files: Record<string, number>) => {
    const root = mkdtempSync(path.join(tmpdir(), "headroom-build-"));
    dirs.push(root);
    const freshDirs: string[] = [];
    for (const [file, mtimeSeconds] of Object.entries(files)) {
      const full = path.join(root, file);
      if (file.endsWith("/")) {
        freshDirs.push(full);
        continue;
      }
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, "x");
      utimesSync(full, mtimeSeconds, mtimeSeconds);
    }
    // Directories get the oldest time, so only files decide.
    const touchDirs = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) {
          touchDirs(path.join(dir, entry.name));
          utimesSync(path.join(dir, entry.name), 1, 1);
        }
      }
    };
    touchDirs(root);
    for (const d of freshDirs) mkdirSync(d, { recursive: true }); // mtime now, and its parent's too
    return root;
  };

  it.each([
    ["no build yet", { "app/page.tsx": 100 }, true],
    ["a build newer than every source", { "app/page.tsx": 100, "server/a.ts": 150, ".next/BUILD_ID": 200 }, false],
    ["a page changed after the build", { "app/page.tsx": 300, ".next/BUILD_ID": 200 }, true],
    ["a nested server file changed after the build", { "app/x/y.tsx": 100, "server/api/deep/z.ts": 250, ".next/BUILD_ID": 200 }, true],
    ["next.config.ts changed after the build", { "next.config.ts": 201, ".next/BUILD_ID": 200 }, true],
    ["a file was added to a source folder after the build (folder newer)", { "app/page.tsx": 100, ".next/BUILD_ID": 200, "app/new/": -1 }, true],
    ["only files outside the sources changed", { "README.md": 900, "app/page.tsx": 100, ".next/BUILD_ID": 200 }, false],
  ])("%s -> %s", (_label, files, expected) => {
    expect(needsBuild(project(files))).toBe(expected);
  });
});
