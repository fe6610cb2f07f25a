"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Route } from "next";

const LINKS: { href: Route; label: string; icon: string; match: (path: string) => boolean }[] = [
  { href: "/", label: "Overview", icon: "M2 13h3V7H2zm5 0h3V3H7zm5 0h3V9h-3z", match: (p) => p === "/" },
  {
    href: "/providers", label: "Providers", icon: "M2 3h12v3H2zm0 4h12v3H2zm0 4h12v3H2z",
    match: (p) => p === "/providers" || (p.startsWith("/providers/") && p !== "/providers/new"),
  },
  { href: "/providers/new", label: "New provider", icon: "M7 2h2v5h5v2H9v5H7V9H2V7h5z", match: (p) => p === "/providers/new" },
  { href: "/import", label: "Import", icon: "M7 2h2v7l3-3 1.4 1.4L8 12.8 2.6 7.4 4 6l3 3zM2 13h12v2H2z", match: (p) => p.startsWith("/import") },
];

export function NavLinks() {
  const pathname = usePathname();
  return (
    <>
      <div className="shell-nav-section" aria-hidden="true">Inventory</div>
      <ul>
        {LINKS.map((link) => (
          <li key={link.href}>
            <Link href={link.href} aria-current={link.match(pathname) ? "page" : undefined}>
              <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
                <path d={link.icon} fill="currentColor" />
              </svg>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
