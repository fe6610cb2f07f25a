import { OverviewView } from "./_components/overview/overview-view";

export default function OverviewPage() {
  return <OverviewView />;
}
