import type { NextConfig } from "next";

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
};

export default nextConfig;
