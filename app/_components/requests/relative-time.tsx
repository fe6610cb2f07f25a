"use client";
import { useEffect, useState } from "react";
import { formatAgoPrecise } from "../../_lib/durations";
import { formatTime } from "../../_lib/time";

/** The current time, re-read every `everyMs`, so "4 s ago" keeps counting without a refetch. */
export function useNow(everyMs = 5_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "12 s ago" with the absolute UTC time in the tooltip and a machine-readable <time>. */
export function RelativeTime({ value, now, className }: { value: string | Date | null | undefined; now: Date; className?: string }) {
  if (!value) return <span className="faint">—</span>;
  const iso = new Date(value).toISOString();
  return (
    <time dateTime={iso} title={formatTime(value)} className={className}>
      {formatAgoPrecise(value, now)}
    </time>
  );
}
