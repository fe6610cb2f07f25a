import type { ProfileLoad } from "../scenario/schema";
import { ConstantRate, FunctionRate, PiecewiseFunctionRate } from "../trace/rate";
import type { Rate } from "../trace/rate";

const DAY = 86_400;
/** Diurnal swing: the rate runs from 0.5x at 04:00 to 1.5x at 16:00 of every day; its daily mean is baseRps. Time 0 is midnight. */
const DIURNAL_AMPLITUDE = 0.5;
const DIURNAL_TROUGH = 4 * 3600;
/** Peak sale: the crowd gathers over 30 minutes before the opening, then the extra load decays with a 2-hour time constant. */
const SALE_RAMP = 1800;
const SALE_DECAY = 7200;
const SALE_RAMP_SHARE = 0.2;
export const DEFAULT_PEAK_MULTIPLIER = 4;

export function diurnal(t: number): number {
  return 1 - DIURNAL_AMPLITUDE * Math.cos((2 * Math.PI * (t - DIURNAL_TROUGH)) / DAY);
}

/** When a peak sale opens: the profile's peakAt, else 20:00 on the first day, or half the run if it is shorter than a day. */
export function saleOpensAt(load: ProfileLoad, durationSeconds: number): number {
  return load.peakAt ?? (durationSeconds >= DAY ? 20 * 3600 : durationSeconds / 2);
}

/** The extra-load shape of a sale, by piece: 0 long before, rising to SALE_RAMP_SHARE over the ramp, then at the opening 1, decaying after. */
const saleRamp = (t: number, open: number) => (SALE_RAMP_SHARE * (t - (open - SALE_RAMP))) / SALE_RAMP;
const saleDecay = (t: number, open: number) => Math.exp(-(t - open) / SALE_DECAY);

/**
 * The request rate of a load profile:
 * - flat: baseRps;
 * - diurnal: baseRps x (1 - 0.5 cos(2 pi (t - 4 h) / 24 h)), mean baseRps;
 * - peak-sale: the diurnal day plus a sale whose rate at the opening is exactly peakMultiplier x baseRps
 *   (default 4), with a 30-minute crowd ramp before and an exponential decay (2 h) after.
 */
export function profileRate(load: ProfileLoad, durationSeconds: number): Rate {
  const base = load.baseRps;
  switch (load.profile) {
    case "flat":
      return new ConstantRate(base);
    case "diurnal":
      return new FunctionRate((t) => base * diurnal(t));
    case "peak-sale": {
      const open = saleOpensAt(load, durationSeconds);
      const extra = (load.peakMultiplier ?? DEFAULT_PEAK_MULTIPLIER) - diurnal(open);
      // Pieces: the plain day, the ramp, and from the opening (the rate jumps there) the decay.
      const pieces = [
        { from: 0, f: (t: number) => base * diurnal(t) },
        { from: open - SALE_RAMP, f: (t: number) => Math.max(0, base * (diurnal(t) + extra * saleRamp(t, open))) },
        { from: open, f: (t: number) => Math.max(0, base * (diurnal(t) + extra * saleDecay(t, open))) },
      ];
      // A sale that opens within the ramp's length of time 0 starts on its ramp (or its decay).
      const from = pieces.filter((p) => p.from <= 0).pop()!;
      return new PiecewiseFunctionRate([{ ...from, from: 0 }, ...pieces.filter((p) => p.from > 0)]);
    }
  }
}
