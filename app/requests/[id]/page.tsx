import type { Metadata } from "next";
import { RequestDetailView } from "../../_components/requests/request-detail-view";

export const metadata: Metadata = { title: "Request" };

// Typed by hand rather than with Next's generated PageProps, so `tsc` passes before any `next build`.
export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RequestDetailView id={id} />;
}
