import type { Metadata } from "next";
import { Suspense } from "react";
import { RequestListView } from "../_components/requests/request-list-view";
import { Loading } from "../_components/ui/states";

export const metadata: Metadata = { title: "Requests" };

export default function RequestsPage() {
  // The queue reads its filters from the URL (useSearchParams), so it renders in the browser.
  return (
    <Suspense fallback={<Loading label="Loading requests…" rows={10} />}>
      <RequestListView />
    </Suspense>
  );
}
