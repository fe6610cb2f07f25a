/**
 * The pending-event set: a binary min-heap keyed (time, priority, seq), stored in typed arrays.
 * Event records live in reusable slots (struct of arrays: time, kind, two payload numbers, state),
 * and the heap holds (time, priority-and-seq, slot) inline, so scheduling and firing allocate
 * nothing once the arrays have grown to the peak
 * number of pending events. Ordering is total: `seq` is unique, so equal (time, priority) events
 * come out in insertion order.
 *
 * An event id is `slot + SLOTS * generation`: a slot reused later has a new generation, so a stale
 * id is recognised and refused instead of cancelling an unrelated event.
 */
const SLOTS = 1 << 24;
/** Priorities are small integers; (priority, seq) pack into one exactly representable double: (priority + 2^10) * 2^42 + seq. */
const PRIORITY_BIAS = 1024;
const SEQ_SPAN = 2 ** 42;
const FREE = 0;
const PENDING = 1;
const CANCELLED = 2;

export class EventQueue {
  time = new Float64Array(1024);
  kind = new Int32Array(1024);
  a = new Float64Array(1024);
  b = new Float64Array(1024);
  private state = new Uint8Array(1024);
  private generation = new Uint32Array(1024);
  // The heap keeps its keys inline (time, and (priority, seq) as one number) beside the slot, so
  // sifting reads contiguous memory instead of chasing slots.
  private heapTime = new Float64Array(1024);
  private heapTie = new Float64Array(1024);
  private heap = new Int32Array(1024);
  private size = 0;
  private free = new Int32Array(1024);
  private freeCount = 0;
  private slotsUsed = 0;
  private nextSeq = 0;
  /** Pending (not cancelled) events. */
  pending = 0;

  /** Inserts an event; returns its id. */
  push(time: number, priority: number, kind: number, a: number, b: number): number {
    const slot = this.allocSlot();
    if (!(priority >= -PRIORITY_BIAS && priority < PRIORITY_BIAS)) throw new RangeError(`priority must be in [-1024, 1024), got ${priority}`);
    if (this.nextSeq >= SEQ_SPAN) throw new Error("more than 2^42 events scheduled");
    this.time[slot] = time;
    this.kind[slot] = kind;
    this.a[slot] = a;
    this.b[slot] = b;
    this.state[slot] = PENDING;
    this.pending++;
    if (this.size === this.heap.length) {
      this.heap = grow(this.heap);
      this.heapTime = grow(this.heapTime);
      this.heapTie = grow(this.heapTie);
    }
    this.siftUp(this.size++, time, (priority + PRIORITY_BIAS) * SEQ_SPAN + this.nextSeq++, slot);
    return slot + SLOTS * this.generation[slot]!;
  }

  /**
   * Removes the earliest pending event and returns its slot, or -1 when nothing is pending. The
   * slot is already free for reuse: read time/kind/a/b at it before the next push.
   */
  pop(): number {
    while (this.size > 0) {
      const top = this.heap[0]!;
      this.removeTop();
      if (this.state[top] === CANCELLED) {
        this.releaseSlot(top);
        continue;
      }
      this.pending--;
      this.releaseSlot(top);
      return top;
    }
    return -1;
  }

  private releaseSlot(slot: number): void {
    this.state[slot] = FREE;
    this.generation[slot] = (this.generation[slot]! + 1) % 0x20000000;
    if (this.freeCount === this.free.length) this.free = grow(this.free);
    this.free[this.freeCount++] = slot;
  }

  /** Drops cancelled events found on top; true when an event is pending. */
  private settle(): boolean {
    while (this.size > 0) {
      const top = this.heap[0]!;
      if (this.state[top] !== CANCELLED) return true;
      this.removeTop();
      this.releaseSlot(top);
    }
    return false;
  }

  /** Time of the earliest pending event, or Infinity. */
  peekTime(): number {
    return this.settle() ? this.heapTime[0]! : Infinity;
  }

  /** True when the earliest pending event is at or before `until` (a boolean, so the hot loop boxes no number). */
  dueBy(until: number): boolean {
    return this.settle() && this.heapTime[0]! <= until;
  }

  isPending(id: number): boolean {
    const slot = id % SLOTS;
    return slot < this.slotsUsed && this.generation[slot] === Math.floor(id / SLOTS) && this.state[slot] === PENDING;
  }

  /** Cancels a pending event. Cancelling one that already fired or was cancelled throws. */
  cancel(id: number): void {
    if (!this.isPending(id)) throw new Error(`event ${id} is not pending: it already fired or was cancelled`);
    const slot = id % SLOTS;
    this.state[slot] = CANCELLED;
    this.pending--;
  }

  private allocSlot(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount]!;
    if (this.slotsUsed === SLOTS) throw new Error(`more than ${SLOTS} pending events`);
    if (this.slotsUsed === this.time.length) this.growSlots();
    return this.slotsUsed++;
  }

  private growSlots(): void {
    this.time = grow(this.time);
    this.kind = grow(this.kind);
    this.a = grow(this.a);
    this.b = grow(this.b);
    this.state = grow(this.state);
    this.generation = grow(this.generation);
  }

  /** Drops the root and restores the heap with the last entry. */
  private removeTop(): void {
    const n = --this.size;
    if (n > 0) this.siftDown(0, this.heapTime[n]!, this.heapTie[n]!, this.heap[n]!);
  }

  private siftUp(index: number, time: number, tie: number, slot: number): void {
    const heap = this.heap;
    const heapTime = this.heapTime;
    const heapTie = this.heapTie;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = heapTime[parent]!;
      if (!(time < pt || (time === pt && tie < heapTie[parent]!))) break;
      heap[i] = heap[parent]!;
      heapTime[i] = pt;
      heapTie[i] = heapTie[parent]!;
      i = parent;
    }
    heap[i] = slot;
    heapTime[i] = time;
    heapTie[i] = tie;
  }

  private siftDown(index: number, time: number, tie: number, slot: number): void {
    const heap = this.heap;
    const heapTime = this.heapTime;
    const heapTie = this.heapTie;
    const n = this.size;
    let i = index;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let ct = heapTime[child]!;
      let cq = heapTie[child]!;
      const right = child + 1;
      if (right < n) {
        const rt = heapTime[right]!;
        const rq = heapTie[right]!;
        if (rt < ct || (rt === ct && rq < cq)) {
          child = right;
          ct = rt;
          cq = rq;
        }
      }
      if (!(ct < time || (ct === time && cq < tie))) break;
      heap[i] = heap[child]!;
      heapTime[i] = ct;
      heapTie[i] = cq;
      i = child;
    }
    heap[i] = slot;
    heapTime[i] = time;
    heapTie[i] = tie;
  }
}

type TypedArray = Float64Array | Int32Array | Uint8Array | Uint32Array;

function grow<T extends TypedArray>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
