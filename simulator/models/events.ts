/**
 * Priorities of simultaneous events (lower fires first): at one instant, failures and repairs
 * change the inventory first, then VMs leave, boots finish, new VMs arrive, and the metric bucket
 * closes last, so a bucket sees everything that happened up to and including its end.
 */
export const PRIORITY = { failure: 0, repair: 1, departure: 2, boot: 3, arrival: 4, tick: 9 } as const;
