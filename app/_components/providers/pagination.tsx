import { PAGE_SIZES } from "../../_lib/provider-filters";
import { formatCount } from "../../_lib/units";

export function Pagination({ page, pageSize, total, onPage, onPageSize }: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <div className="pager">
      <span aria-live="polite">
        {first > total ? "No rows on this page" : `${formatCount(first)}–${formatCount(last)} of ${formatCount(total)}`}
      </span>
      <nav aria-label="Pagination">
        <label htmlFor="page-size" className="muted">Rows</label>
        <select id="page-size" className="select" style={{ width: 72, height: 26 }} value={pageSize}
          onChange={(e) => onPageSize(Number(e.target.value))}>
          {PAGE_SIZES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
        <button type="button" className="btn btn-sm" onClick={() => onPage(1)} disabled={page <= 1} aria-label="First page">«</button>
        <button type="button" className="btn btn-sm" onClick={() => onPage(page - 1)} disabled={page <= 1} aria-label="Previous page">‹ Previous</button>
        <span className="muted">Page {page} of {pages}</span>
        <button type="button" className="btn btn-sm" onClick={() => onPage(page + 1)} disabled={page >= pages} aria-label="Next page">Next ›</button>
        <button type="button" className="btn btn-sm" onClick={() => onPage(pages)} disabled={page >= pages} aria-label="Last page">»</button>
      </nav>
    </div>
  );
}
