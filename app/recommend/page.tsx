import type { Metadata } from "next";
import { RecommendView } from "../_components/recommend/recommend-view";

export const metadata: Metadata = { title: "What to buy" };

export default function RecommendPage() {
  return <RecommendView />;
}
