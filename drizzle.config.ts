import { defineConfig } from "drizzle-kit";

// Migrations are generated from drizzle/schema.ts and applied the same way on PGlite and PostgreSQL.
export default defineConfig({
  dialect: "postgresql",
  schema: "./drizzle/schema.ts",
  out: "./drizzle/migrations",
});
