import type { Metadata } from "next";
import { Suspense } from "react";
import { NewScenarioView } from "../../_components/scenarios/new-scenario-view";
import { Loading } from "../../_components/ui/states";

export const metadata: Metadata = { title: "New scenario" };

export default function NewScenarioPage() {
  // The template comes from the URL (useSearchParams), so the form renders in the browser.
  return <Suspense fallback={<Loading rows={10} />}><NewScenarioView /></Suspense>;
}
