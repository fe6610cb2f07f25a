import { NextResponse, type NextRequest } from "next/server";

/**
 * Pages need a session: without better-auth's session cookie a page request goes to the sign-in page
 * (with the way back in `next`). This only looks for the cookie; the API checks the session itself
 * on every call (server/auth/identity.ts), so a forged cookie gets a page that can load nothing.
 */
const SESSION_COOKIES = ["better-auth.session_token", "__Secure-better-auth.session_token"];

export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = "";
  const next = request.nextUrl.pathname + request.nextUrl.search;
  if (next !== "/") url.searchParams.set("next", next);
  return NextResponse.redirect(url);
}

export const config = {
  // Everything but the API (it answers 401 itself), the sign-in page and Next's own files.
  matcher: ["/((?!api/|sign-in|_next/|favicon.ico|robots.txt).*)"],
};
