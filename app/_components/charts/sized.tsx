"use client";
import type { ReactNode } from "react";
import { useElementWidth } from "./use-width";

/** Measures the space it is given and hands the width to a chart; height is the chart's business. */
export function Sized({ children, minHeight }: { children: (width: number) => ReactNode; minHeight: number }) {
  const { ref, width } = useElementWidth<HTMLDivElement>();
  return (
    <div ref={ref} className="chart-sized" style={{ minHeight }}>
      {width > 0 ? children(width) : null}
    </div>
  );
}
