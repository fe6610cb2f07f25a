// Lint rules that carry the design (shared DESIGN.md section 1): scheduler/ and simulator/ are pure
// cores. They import nothing from server/, app/, drizzle/, Next, React or a database driver, and never
// read the wall clock or Math.random(); randomness and time come in as parameters.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const impure = [
  { group: ["**/server/**", "~/server/**", "**/app/**", "~/app/**", "**/drizzle/**", "~/drizzle/**"],
    message: "scheduler/ and simulator/ are pure cores: no imports of server/, app/ or drizzle/ (DESIGN.md §1)." },
  { group: ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*", "drizzle-orm", "drizzle-orm/*",
            "postgres", "@electric-sql/pglite", "@electric-sql/pglite/*", "node:fs", "fs", "node:fs/*", "fs/*"],
    message: "scheduler/ and simulator/ are pure cores: no framework, database driver or file I/O (DESIGN.md §1)." },
];
const clock = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: "No wall clock in a pure core: take time as a parameter (DESIGN.md §1)." },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: "No wall clock in a pure core: take time as a parameter (DESIGN.md §1)." },
  { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
    message: "No Math.random() in a pure core: take a seeded generator (DESIGN.md §1)." },
];

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", ".data/**", "drizzle/migrations/**", "test-results/**",
              "playwright-report/**", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // Plain JavaScript entry points (bin/, config files) run on Node.
    files: ["**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
  {
    files: ["scheduler/**/*.ts", "simulator/**/*.ts"],
    ignores: ["**/*.test.ts", "**/bench/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: impure }],
      "no-restricted-syntax": ["error", ...clock],
    },
  },
  {
    // app/ talks to the server through tRPC only: types, never runtime imports of server code.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["**/drizzle/**", "~/drizzle/**", "drizzle-orm", "drizzle-orm/*", "postgres", "@electric-sql/pglite"],
          message: "app/ reaches data through tRPC only (DESIGN.md §1)." },
      ] }],
    },
  },
);
