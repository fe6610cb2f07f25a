import Link from "next/link";

export default function NotFound() {
  return (
    <div className="panel">
      <div className="state">
        <h3>Page not found</h3>
        <p>There is nothing at this address. Try the <Link href="/">overview</Link> or the <Link href="/providers">provider list</Link>.</p>
      </div>
    </div>
  );
}
