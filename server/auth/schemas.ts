/**
 * The inputs of access: plain zod, shared by the tRPC procedures, the CLI and the admin forms.
 * No server code here (the browser imports this file).
 */
import { z } from "zod";

export const roleNames = ["viewer", "planner", "operator", "admin"] as const;
export const roleSchema = z.enum(roleNames);
/** A token acts for a script, never as an admin: managing users and tokens takes a person's session. */
export const tokenRoleNames = ["viewer", "planner", "operator"] as const;

export const emailSchema = z.email({ message: "must be an email address" }).max(254).transform((e) => e.toLowerCase());
export const passwordSchema = z.string().min(12, { message: "must be at least 12 characters" }).max(256);

export const userCreateInput = z.strictObject({
  email: emailSchema,
  name: z.string().trim().min(1, { message: "is required" }).max(100),
  role: roleSchema,
  password: passwordSchema,
});
export type UserCreateInput = z.infer<typeof userCreateInput>;

export const userIdInput = z.strictObject({ id: z.string().min(1).max(100) });
export const userSetRoleInput = z.strictObject({ id: z.string().min(1).max(100), role: roleSchema });
export const userSetPasswordInput = z.strictObject({ id: z.string().min(1).max(100), password: passwordSchema });

export const tokenCreateInput = z.strictObject({
  name: z.string().trim().min(1, { message: "is required" }).max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "letters, digits, '.', '_' and '-' only" }),
  role: z.enum(tokenRoleNames),
  expiresInDays: z.number().int().min(1).max(365),
});
export type TokenCreateInput = z.infer<typeof tokenCreateInput>;
export const tokenIdInput = z.strictObject({ id: z.uuid() });
