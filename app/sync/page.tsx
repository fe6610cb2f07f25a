import type { Metadata } from "next";
import { SyncView } from "../_components/sync/sync-view";

export const metadata: Metadata = { title: "Sync OpenStack" };

export default function SyncPage() {
  return <SyncView />;
}
