// Queueing formulas the simulator's tests check it against, independent of the code under test.

/** Erlang-B by the stable recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)): the blocking probability of M/G/c/c at offered load a Erlangs. */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}
