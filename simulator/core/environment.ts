import { EventQueue } from "./event-queue";

/** Called when an event of its kind fires; `a` and `b` are the numbers given to `schedule`. */
export type Handler = (a: number, b: number) => void;

/**
 * The event loop (after SimPy's `core.py`): a virtual clock `now` and a heap of pending events
 * keyed (time, priority, seq). Equal-time events fire by priority (lower first), then in insertion
 * order. Handlers are registered once per event kind and get two numbers of payload, so the hot
 * loop allocates nothing. Time never goes backwards: a negative, NaN or infinite delay throws, and
 * an event fires at most once (cancelling one that fired or was cancelled throws).
 */
export class Environment {
  /** The virtual clock, in seconds. */
  now = 0;
  /** Events fired so far. */
  processed = 0;
  private readonly queue = new EventQueue();
  private readonly handlers: Handler[] = [];
  private stopped = false;

  /** Registers a handler; returns the event kind to pass to `schedule`. */
  register(handler: Handler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /** Schedules an event of `kind` after `delay` seconds; returns its id (for `cancel`). */
  schedule(delay: number, kind: number, a = 0, b = 0, priority = 0): number {
    if (!(delay >= 0) || delay === Infinity) throw new RangeError(`delay must be finite and >= 0, got ${delay}`);
    if (kind < 0 || kind >= this.handlers.length || !Number.isInteger(kind)) throw new RangeError(`unknown event kind ${kind}`);
    if (!Number.isInteger(priority)) throw new RangeError(`priority must be an integer, got ${priority}`);
    return this.queue.push(this.now + delay, priority, kind, a, b);
  }

  /** Schedules at an absolute time (>= now). */
  scheduleAt(time: number, kind: number, a = 0, b = 0, priority = 0): number {
    if (!(time >= this.now)) throw new RangeError(`cannot schedule at ${time}, before now (${this.now})`);
    return this.schedule(time - this.now, kind, a, b, priority);
  }

  /** Cancels a pending event; throws if it already fired or was cancelled (a double trigger). */
  cancel(id: number): void {
    this.queue.cancel(id);
  }

  isPending(id: number): boolean {
    return this.queue.isPending(id);
  }

  /** Pending events (cancelled ones excluded). */
  get pending(): number {
    return this.queue.pending;
  }

  /** Time of the next event, or Infinity. */
  peek(): number {
    return this.queue.peekTime();
  }

  /** Fires the next event. Returns false when there is none. */
  step(): boolean {
    const q = this.queue;
    const slot = q.pop();
    if (slot < 0) return false;
    this.now = q.time[slot]!;
    const kind = q.kind[slot]!;
    const a = q.a[slot]!;
    const b = q.b[slot]!;
    this.processed++;
    this.handlers[kind]!(a, b);
    return true;
  }

  /**
   * Fires every event at time <= `until` (inclusive), then sets the clock to `until`. Returns
   * early, with the clock at the last event, when a handler calls `stop()`; call `run` again to go on.
   */
  run(until: number): void {
    if (!(until >= this.now)) throw new RangeError(`cannot run until ${until}, before now (${this.now})`);
    this.stopped = false;
    const q = this.queue;
    while (!this.stopped && q.dueBy(until)) this.step();
    if (!this.stopped) this.now = until;
  }

  /** Makes the current `run` return after the event being fired. */
  stop(): void {
    this.stopped = true;
  }
}
