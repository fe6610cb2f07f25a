/**
 * Maximum cardinality matching in a general graph: Edmonds' blossom algorithm (augmenting paths
 * found by breadth-first search, odd cycles contracted to their base), O(V^3). `adj[v]` lists the
 * neighbours of v (each edge in both lists). Returns the mate of each vertex, -1 if unmatched.
 */
export function maxMatching(adj: readonly (readonly number[])[]): Int32Array {
  const n = adj.length;
  const match = new Int32Array(n).fill(-1);
  const parent = new Int32Array(n);
  const base = new Int32Array(n);
  const inTree = new Uint8Array(n);
  const inBlossom = new Uint8Array(n);
  const onPath = new Uint8Array(n);
  const queue = new Int32Array(2 * n + 1);

  const lowestCommonBase = (a: number, b: number): number => {
    onPath.fill(0);
    for (;;) {
      a = base[a]!;
      onPath[a] = 1;
      if (match[a] === -1) break;
      a = parent[match[a]!]!;
    }
    for (;;) {
      b = base[b]!;
      if (onPath[b]) return b;
      b = parent[match[b]!]!;
    }
  };
  const markPath = (v: number, b: number, child: number) => {
    while (base[v] !== b) {
      inBlossom[base[v]!] = 1;
      inBlossom[base[match[v]!]!] = 1;
      parent[v] = child;
      child = match[v]!;
      v = parent[match[v]!]!;
    }
  };
  /** end of an augmenting path from root (parent links lead back), or -1 */
  const findPath = (root: number): number => {
    inTree.fill(0);
    parent.fill(-1);
    for (let i = 0; i < n; i++) base[i] = i;
    inTree[root] = 1;
    let head = 0, tail = 0;
    queue[tail++] = root;
    while (head < tail) {
      const v = queue[head++]!;
      for (const to of adj[v]!) {
        if (base[v] === base[to] || match[v] === to) continue;
        if (to === root || (match[to] !== -1 && parent[match[to]!] !== -1)) {
          const cb = lowestCommonBase(v, to);
          inBlossom.fill(0);
          markPath(v, cb, to);
          markPath(to, cb, v);
          for (let i = 0; i < n; i++) {
            if (!inBlossom[base[i]!]) continue;
            base[i] = cb;
            if (!inTree[i]) { inTree[i] = 1; queue[tail++] = i; }
          }
        } else if (parent[to] === -1) {
          parent[to] = v;
          if (match[to] === -1) return to;
          const m = match[to]!;
          inTree[m] = 1;
          queue[tail++] = m;
        }
      }
    }
    return -1;
  };

  for (let v = 0; v < n; v++) {
    if (match[v] !== -1) continue;
    for (const to of adj[v]!) if (match[to] === -1 && to !== v) { match[v] = to; match[to] = v; break; }
  }
  for (let v = 0; v < n; v++) {
    if (match[v] !== -1) continue;
    let u = findPath(v);
    while (u !== -1) {
      const pv = parent[u]!, next = match[pv]!;
      match[u] = pv;
      match[pv] = u;
      u = next;
    }
  }
  return match;
}
