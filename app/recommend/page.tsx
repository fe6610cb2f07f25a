import type { Metadata } from "next";
import { Suspense } from "react";
import { RecommendView } from "../_components/recommend/recommend-view";

export const metadata: Metadata = { title: "What to buy" };

export default function RecommendPage() {
  return (
    <Suspense>
      <RecommendView />
    </Suspense>
  );
}
