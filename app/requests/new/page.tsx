import type { Metadata } from "next";
import { NewRequestForm } from "../../_components/requests/new-request-form";

export const metadata: Metadata = { title: "New request" };

export default function NewRequestPage() {
  return <NewRequestForm />;
}
