import type { Metadata } from "next";
import { Suspense } from "react";
import { ProviderListView } from "../_components/providers/provider-list-view";
import { Loading } from "../_components/ui/states";

export const metadata: Metadata = { title: "Providers" };

export default function ProvidersPage() {
  // The list reads its filters from the URL query (useSearchParams), so it renders in the browser.
  return (
    <Suspense fallback={<Loading label="Loading providers…" rows={10} />}>
      <ProviderListView />
    </Suspense>
  );
}
