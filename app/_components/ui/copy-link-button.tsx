"use client";
import { useState } from "react";

/** Copies the page's address (filters included) for sharing; says so for a moment. */
export function CopyLinkButton({ label = "Copy link" }: { label?: string }) {
  const [copied, setCopied] = useState<"idle" | "done" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied("done");
    } catch {
      setCopied("failed");
    }
    setTimeout(() => setCopied("idle"), 2000);
  }
  return (
    <button type="button" className="btn" onClick={() => void copy()} aria-live="polite">
      {copied === "done" ? "Link copied" : copied === "failed" ? "Copy failed: use the address bar" : label}
    </button>
  );
}
