import type { Metadata } from "next";
import { Suspense } from "react";
import { CompareView } from "../_components/compare/compare-view";
import { Loading } from "../_components/ui/states";

export const metadata: Metadata = { title: "Compare runs" };

export default function ComparePage() {
  return <Suspense fallback={<Loading rows={8} />}><CompareView /></Suspense>;
}
