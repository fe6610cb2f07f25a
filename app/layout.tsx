import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppProviders } from "./_components/app-providers";
import { Shell } from "./_components/shell/shell";
import "./styles/tokens.css";
import "./styles/base.css";
import "./styles/shell.css";
import "./styles/components.css";
import "./styles/forms.css";
import "./styles/charts.css";
import "./styles/requests.css";

export const metadata: Metadata = {
  title: { default: "Headroom", template: "%s · Headroom" },
  description: "Capacity planning and placement for OpenStack private clouds",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <AppProviders>
          <Shell>{children}</Shell>
        </AppProviders>
      </body>
    </html>
  );
}
