import type { Metadata } from "next";
import { ScenarioListView } from "../_components/scenarios/scenario-list-view";

export const metadata: Metadata = { title: "Scenarios" };

export default function ScenariosPage() {
  return <ScenarioListView />;
}
