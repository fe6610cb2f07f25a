"use client";
import { ErrorState } from "./_components/ui/states";

/** The last line of defence for a page that threw while rendering: say so, and offer to retry. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="panel">
      <ErrorState title="This page failed to render" error={error} onRetry={reset} />
    </div>
  );
}
