import type { Route } from "next";
import Link from "next/link";
import { KindBadge, StateBadge } from "../ui/badges";
import type { ProviderDetail } from "./types";

export function ChildrenPanel({ items }: { items: ProviderDetail["children"] }) {
  return (
    <section className="panel" aria-labelledby="children-title">
      <div className="panel-head">
        <h2 id="children-title">Children</h2>
        <span className="muted">{items.length}</span>
      </div>
      <div className="table-wrap" style={{ maxHeight: 360, overflowY: "auto" }}>
        <table className="data">
          <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">State</th></tr></thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td className="name"><Link href={`/providers/${c.id}` as Route}>{c.name}</Link></td>
                <td><KindBadge kind={c.kind} /></td>
                <td><StateBadge state={c.state} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
