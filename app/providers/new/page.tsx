import type { Metadata } from "next";
import { CreateProviderForm } from "../../_components/providers/create-provider-form";

export const metadata: Metadata = { title: "New provider" };

export default function NewProviderPage() {
  return <CreateProviderForm />;
}
