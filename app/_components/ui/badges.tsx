export function StateBadge({ state }: { state: string }) {
  return <span className={`badge badge-${state}`}>{state}</span>;
}

export function KindBadge({ kind, subtype }: { kind: string; subtype?: string | null }) {
  return <span className="badge badge-kind">{subtype ? `${kind} · ${subtype}` : kind}</span>;
}

export function TraitTags({ traits, max }: { traits: readonly string[]; max?: number }) {
  const shown = max === undefined ? traits : traits.slice(0, max);
  const rest = traits.length - shown.length;
  return (
    <span className="tags">
      {shown.map((t) => <span key={t} className="tag">{t}</span>)}
      {rest > 0 && <span className="faint" title={traits.slice(shown.length).join(", ")}>+{rest}</span>}
    </span>
  );
}
