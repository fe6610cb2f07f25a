import Link from "next/link";
import type { ReactNode } from "react";
import { DatabaseBadge } from "./database-badge";
import { NavLinks } from "./nav-links";
import { UserMenu } from "./user-menu";

/** The console frame: brand and header across the top, navigation on the left. */
export function Shell({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      {/* The brand is in the banner landmark with the rest of the header, so no content stands outside a landmark. */}
      <header className="shell-header">
        <Link href="/" className="shell-brand" aria-label="Headroom home">
          <Logo />
          Headroom
        </Link>
        <div className="shell-header-bar">
          <span className="shell-header-title">Capacity and placement for the private cloud</span>
          <div style={{ display: "flex", alignItems: "center", gap: 16 }}>
            <UserMenu />
            <DatabaseBadge />
          </div>
        </div>
      </header>
      <nav className="shell-nav" aria-label="Main">
        <NavLinks />
      </nav>
      <main className="shell-main" id="main">
        {children}
      </main>
    </div>
  );
}

function Logo() {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
      <rect x="1" y="11" width="4" height="8" rx="1" fill="#3a7bd5" />
      <rect x="8" y="6" width="4" height="13" rx="1" fill="#5b9bf0" />
      <rect x="15" y="2" width="4" height="17" rx="1" fill="#8ab4ff" />
      <path d="M1 4h18" stroke="#d98a1c" strokeWidth="1.5" strokeDasharray="2 2" />
    </svg>
  );
}
