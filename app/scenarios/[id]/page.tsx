import type { Metadata } from "next";
import { ScenarioDetailView } from "../../_components/scenarios/scenario-detail-view";

export const metadata: Metadata = { title: "Scenario" };

export default async function ScenarioPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ScenarioDetailView id={id} />;
}
