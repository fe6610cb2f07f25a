import type { Metadata } from "next";
import { presentDemoAccounts } from "~/server/auth/demo";
import { getDb } from "~/server/db";
import { parseEnv } from "~/server/env";
import { SignInView } from "./sign-in-view";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

/** Only a path on this site: `next=//evil.example` or `next=https://…` go home instead. */
function safeNext(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const env = parseEnv();
  // The embedded demo's accounts are named here, and only here, and only when they exist.
  const demo = env.databaseUrl === undefined ? await presentDemoAccounts((await getDb()).db) : [];
  return (
    <SignInView
      next={safeNext(params.next)}
      demoAccounts={demo.map(({ role, email, password }) => ({ role, email, password }))}
      oidcName={env.auth?.oidc?.name ?? null}
    />
  );
}
