import type { Metadata } from "next";
import { ProviderDetailView } from "../../_components/provider/provider-detail-view";

export const metadata: Metadata = { title: "Provider" };

// Typed by hand rather than with Next's generated PageProps, so `tsc` passes before any `next build`.
export default async function ProviderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ProviderDetailView id={id} />;
}
