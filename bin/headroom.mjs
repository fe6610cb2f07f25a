#!/usr/bin/env node
// The `headroom` command. Runs the TypeScript sources directly through tsx, so no build step comes first.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../server/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
