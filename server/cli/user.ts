/**
 * `headroom user add <email> --role R [--name N] [--password-stdin] [--json]`: an account (the first
 * admin of a new install is made this way). Without --password-stdin a strong password is generated
 * and printed once. `headroom user list [--json]`, `headroom user set-role <email> --role R`.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import type { ZodType } from "zod";
import { authUsers } from "../../drizzle/schema";
import { emailSchema, passwordSchema, roleNames, roleSchema, userCreateInput } from "../auth/schemas";
import { createUser, listUsers, setUserRole } from "../auth/users";
import { openMigrated } from "../db";
import { envOrUsage } from "./db";
import { UsageError } from "./errors";

const usage =
  "usage: headroom user add <email> --role viewer|planner|operator|admin [--name NAME] [--password-stdin] [--json]\n" +
  "       headroom user list [--json]\n" +
  "       headroom user set-role <email> --role ROLE";
const CLI_ACTOR = "cli";

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: { role: { type: "string" }, name: { type: "string" }, "password-stdin": { type: "boolean" }, json: { type: "boolean" } },
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

function field<T>(name: string, schema: ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${name}: ${i.message}`).join("\n"));
  return parsed.data;
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "add" && sub !== "list" && sub !== "set-role") throw new UsageError(sub === undefined ? usage : `unknown subcommand '${sub}'\n${usage}`);
  const { values, positionals } = parse(rest);
  const expected = sub === "list" ? 0 : 1;
  if (positionals.length !== expected) throw new UsageError(`${sub === "list" ? "list takes no arguments" : "email: expected exactly one email address"}\n${usage}`);
  if (sub === "list" && (values.role !== undefined || values.name !== undefined || values["password-stdin"])) throw new UsageError(`list takes only --json\n${usage}`);
  if (sub === "set-role" && (values.name !== undefined || values["password-stdin"])) throw new UsageError(`set-role takes only --role\n${usage}`);
  if (sub !== "list" && values.role === undefined) throw new UsageError(`--role: required (one of ${roleNames.join(", ")})\n${usage}`);

  const email = sub === "list" ? "" : field("email", emailSchema, positionals[0]);
  const role = sub === "list" ? "viewer" : field("--role", roleSchema, values.role);
  let password = "";
  let generated = false;
  if (sub === "add") {
    if (values["password-stdin"]) password = field("password", passwordSchema, await readStdin());
    else {
      password = randomBytes(18).toString("base64url");
      generated = true;
    }
    field("--name", userCreateInput.shape.name, values.name ?? email.split("@")[0]);
  }

  const env = envOrUsage();
  const handle = await openMigrated(env);
  try {
    if (sub === "list") {
      const users = await listUsers(handle.db);
      if (values.json) process.stdout.write(JSON.stringify(users.map(({ email, name, role, signIns }) => ({ email, name, role, signIns }))) + "\n");
      else for (const u of users) process.stdout.write(`${u.role.padEnd(9)} ${u.email}  ${u.name}\n`);
      return 0;
    }
    if (sub === "set-role") {
      const [user] = await handle.db.select({ id: authUsers.id }).from(authUsers).where(eq(authUsers.email, email));
      if (!user) throw new UsageError(`email: no user ${email}`);
      const outcome = await setUserRole(handle.db, { id: user.id, role }, CLI_ACTOR);
      if (!outcome.ok) throw new UsageError(`${outcome.field ?? "role"}: ${outcome.message}`);
      process.stderr.write(`headroom user: ${email} is now ${role}\n`);
      return 0;
    }
    const outcome = await createUser(handle.db, { email, role, password, name: values.name?.trim() || email.split("@")[0]! }, CLI_ACTOR);
    if (!outcome.ok) throw new UsageError(`${outcome.field ?? "email"}: ${outcome.message}`);
    if (values.json) process.stdout.write(JSON.stringify({ email, role, ...(generated && { password }) }) + "\n");
    else {
      process.stderr.write(`headroom user: added ${email} (${role})\n`);
      if (generated) process.stdout.write(`password (shown once): ${password}\n`);
    }
    return 0;
  } finally {
    await handle.close();
  }
}
