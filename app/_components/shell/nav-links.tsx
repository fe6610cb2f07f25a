"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Fragment } from "react";
import type { Route } from "next";

type NavLink = { href: Route; label: string; icon: string; match: (path: string) => boolean };

const LINKS: NavLink[] = [
  { href: "/", label: "Overview", icon: "M2 13h3V7H2zm5 0h3V3H7zm5 0h3V9h-3z", match: (p) => p === "/" },
  {
    href: "/providers", label: "Providers", icon: "M2 3h12v3H2zm0 4h12v3H2zm0 4h12v3H2z",
    match: (p) => p === "/providers" || (p.startsWith("/providers/") && p !== "/providers/new"),
  },
  { href: "/providers/new", label: "New provider", icon: "M7 2h2v5h5v2H9v5H7V9H2V7h5z", match: (p) => p === "/providers/new" },
  { href: "/sync", label: "Sync OpenStack", icon: "M8 2a6 6 0 0 1 5.7 4H12l2.5 3L17 6h-1.6A7.5 7.5 0 0 0 .6 7h1.6A6 6 0 0 1 8 2zm0 12a6 6 0 0 1-5.7-4H4L1.5 7-1 10h1.6a7.5 7.5 0 0 0 14.8-1h-1.6A6 6 0 0 1 8 14z", match: (p) => p.startsWith("/sync") },
  { href: "/import", label: "Import", icon: "M7 2h2v7l3-3 1.4 1.4L8 12.8 2.6 7.4 4 6l3 3zM2 13h12v2H2z", match: (p) => p.startsWith("/import") },
  { href: "/admin/users", label: "Users", icon: "M8 2a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM2 14c0-3 3-5 6-5s6 2 6 5z", match: (p) => p.startsWith("/admin/users") },
  { href: "/admin/tokens", label: "API tokens", icon: "M5 5a3 3 0 1 1 2.8 4H9v2h2v2H9v1H7V9.8A3 3 0 0 1 5 5zm3 0a1 1 0 1 0-2 0 1 1 0 0 0 2 0z", match: (p) => p.startsWith("/admin/tokens") },
];

const SCHEDULER_LINKS: NavLink[] = [
  {
    href: "/requests", label: "Requests", icon: "M2 3h2v2H2zm4 0h8v2H6zM2 7h2v2H2zm4 0h8v2H6zm-4 4h2v2H2zm4 0h8v2H6z",
    match: (p) => p === "/requests" || (p.startsWith("/requests/") && p !== "/requests/new"),
  },
  { href: "/requests/new", label: "New request", icon: "M7 2h2v5h5v2H9v5H7V9H2V7h5z", match: (p) => p === "/requests/new" },
  { href: "/workers", label: "Workers", icon: "M3 2h10v5H3zm2 2v1h6V4zM3 9h10v5H3zm2 2v1h6v-1z", match: (p) => p.startsWith("/workers") },
];

const REPORT_LINKS: NavLink[] = [
  { href: "/reports", label: "Capacity report", icon: "M2 14V2h2v10h10v2zm3-4 3-4 2 2 4-5 1.2 1-5 6.2-2-2L6.6 11z", match: (p) => p.startsWith("/reports") },
  { href: "/recommend", label: "What to buy", icon: "M2 3h2l1.6 7h7.2L14 5H5.2L4.8 3H14l1 1-2 7H5l-.4 1H14v2H3l1.2-3.4L2.4 5H2z", match: (p) => p.startsWith("/recommend") },
];

const PLANNING_LINKS: NavLink[] = [
  {
    href: "/scenarios", label: "Scenarios", icon: "M2 12l4-5 3 3 5-7v11H2z",
    match: (p) => p.startsWith("/scenarios") || p.startsWith("/runs"),
  },
  { href: "/compare", label: "Compare runs", icon: "M2 3h5v10H2zm7 3h5v7H9z", match: (p) => p.startsWith("/compare") },
];

const SECTIONS: { title: string; links: NavLink[] }[] = [
  { title: "Inventory", links: LINKS },
  { title: "Scheduler", links: SCHEDULER_LINKS },
  { title: "Reports", links: REPORT_LINKS },
  { title: "Planning", links: PLANNING_LINKS },
];

export function NavLinks() {
  const pathname = usePathname();
  return (
    <>
      {SECTIONS.map((section) => (
        <Fragment key={section.title}>
          <div className="shell-nav-section" aria-hidden="true">{section.title}</div>
          <ul>
            {section.links.map((link) => (
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
        </Fragment>
      ))}
    </>
  );
}
