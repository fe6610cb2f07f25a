/**
 * Who the audit trail names for writes from this browser. There is no sign-in yet: the server takes
 * the `x-headroom-user` header at its word (see server/api/trpc.ts), and this is where it comes from.
 */
const KEY = "headroom.actor";

export function cleanActor(raw: string): string {
  return raw.replace(/[^\p{L}\p{N}._@ -]/gu, "").trim().slice(0, 64);
}

export function readActor(): string {
  if (typeof window === "undefined") return "";
  try {
    return cleanActor(window.localStorage.getItem(KEY) ?? "");
  } catch {
    return "";
  }
}

export function writeActor(name: string): string {
  const clean = cleanActor(name);
  try {
    if (clean) window.localStorage.setItem(KEY, clean);
    else window.localStorage.removeItem(KEY);
  } catch {
    // storage disabled: the name lasts for this page only
  }
  return clean;
}
