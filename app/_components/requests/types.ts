/** One request as the queue and the request page show it. */
export type RequestRow = {
  id: string;
  name: string;
  key: string;
  projectId: string;
  flavorId: string | null;
  state: string;
  priority: number;
  zone: string | null;
  pinnedHost: string | null;
  serverGroup: string | null;
  attempts: number;
  /** The engine's code (NO_CAPACITY, …) and its sentence, or the driver's error. */
  code: string | null;
  reason: string | null;
  /** The chosen host's name, once placed. */
  host: string | null;
  serverId: string | null;
  claimedBy: string | null;
  /** The holding worker's lease: another worker takes the request over after it. */
  leaseUntil: string | Date | null;
  /** A waiting request is not tried again before this (backoff). */
  notBefore: string | Date | null;
  cancelRequested: boolean;
  deleteRequested: boolean;
  createdAt: string | Date;
  updatedAt: string | Date;
  activeAt: string | Date | null;
};
