import { realpathSync } from "node:fs";
import path from "node:path";
import type { NextConfig } from "next";

/**
 * Turbopack resolves packages only under its root (the project by default). A git worktree whose
 * node_modules is a link into another checkout needs the folder holding both as its root, or the
 * build cannot find `next` itself; a plain checkout keeps the default.
 */
function turbopackRoot(): string | undefined {
  const project = process.cwd();
  let modules: string;
  try {
    modules = path.dirname(realpathSync(path.join(project, "node_modules")));
  } catch {
    return undefined;
  }
  if (modules === project) return undefined;
  let root = project;
  while (!(modules + path.sep).startsWith(root + path.sep) && path.dirname(root) !== root) root = path.dirname(root);
  return root;
}
const root = turbopackRoot();

/**
 * Server-only packages stay out of the bundles: the database drivers (PGlite ships WASM and data
 * files it loads from its own folder) and the solvers (WASM loaded at run time). The route handlers
 * require them from node_modules as they are.
 */
const nextConfig: NextConfig = {
  typedRoutes: true,
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "highs", "glpk.js", "pg-boss", "playwright-core", "@sparticuz/chromium", "tsx", "esbuild"],
  poweredByHeader: false,
  reactStrictMode: true,
  // The browser tests address the server as 127.0.0.1; in `next dev` that origin must be allowed.
  allowedDevOrigins: ["127.0.0.1"],
  ...(root !== undefined && { turbopack: { root } }),
};

export default nextConfig;
