import type { Metadata } from "next";
import { Suspense } from "react";
import { ReportsView } from "../_components/reports/reports-view";
import "../styles/reports.css";

export const metadata: Metadata = { title: "Reports" };

export default function ReportsPage() {
  return (
    <Suspense>
      <ReportsView />
    </Suspense>
  );
}
