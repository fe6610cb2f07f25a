/**
 * The state machine's write on every backend: a transition moves the state and writes its event
 * in one statement, so with or without the caller's transaction both are there or neither is.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { transition } from "../../server/requests/machine";
import { backends, rows, useTestDatabase } from "./harness";

describe.each(backends())("request transitions on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });
  const submit = async (key: string) => (await t.caller().requests.submit({ requests: [{ key, flavor: "m1.small" }] })).requests[0]!.id;
  const stateOf = async (id: string) => (await rows<{ state: string; generation: number }>(t.db, sql`select state, generation from placement_requests where id = ${id}`))[0]!;
  const eventsOf = async (id: string) => rows<{ from_state: string | null; to_state: string; actor: string; reason: string }>(
    t.db, sql`select from_state, to_state, actor, reason from placement_request_events where request_id = ${id} order by id`);

  it("moves the state and writes its event outside a transaction, and refuses a move the machine forbids", async () => {
    const id = await submit("machine-a");
    const moved = await transition(t.db, [id], "cancel", { actor: "ops", reason: "cancelled by ops" });
    expect(moved).toEqual([{ id, from: "pending" }]);
    expect(await stateOf(id)).toEqual({ state: "cancelled", generation: 1 });
    expect((await eventsOf(id)).map((e) => [e.from_state, e.to_state, e.actor, e.reason]))
      .toEqual([[null, "pending", "test-user", "submitted"], ["pending", "cancelled", "ops", "cancelled by ops"]]);
    expect(await transition(t.db, [id], "claim", { actor: "w", reason: "claimed" })).toEqual([]);
    expect(await stateOf(id)).toEqual({ state: "cancelled", generation: 1 });
    expect(await eventsOf(id)).toHaveLength(2);
  });

  it("keeps a state to its event: when the event cannot be written, the state does not move either", async () => {
    const id = await submit("machine-b");
    // This database refuses one event (a trigger), as a full disk or a lost connection would refuse it.
    await t.db.execute(sql.raw(`create or replace function refuse_event() returns trigger language plpgsql as $$
      begin if new.reason = 'refused' then raise exception 'event refused'; end if; return new; end $$`));
    await t.db.execute(sql.raw(`create trigger refuse_event before insert on placement_request_events for each row execute function refuse_event()`));
    try {
      await expect(transition(t.db, [id], "cancel", { actor: "ops", reason: "refused" })).rejects.toThrow();
      expect(await stateOf(id)).toEqual({ state: "pending", generation: 0 });
      expect(await eventsOf(id)).toHaveLength(1);
    } finally {
      await t.db.execute(sql.raw(`drop trigger refuse_event on placement_request_events`));
    }
    expect(await transition(t.db, [id], "cancel", { actor: "ops", reason: "cancelled" })).toEqual([{ id, from: "pending" }]);
    expect((await eventsOf(id)).map((e) => e.to_state)).toEqual(["pending", "cancelled"]);
  });

  it("moves many in one statement, each with its own event and the state it left", async () => {
    const ids = [await submit("machine-c"), await submit("machine-d")];
    await transition(t.db, [ids[0]!], "claim", { actor: "w1", reason: "claimed", set: { claimedBy: "w1" } });
    const moved = await transition(t.db, ids, "cancel", { actor: "ops", reason: "both" });
    expect(moved.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [{ id: ids[0]!, from: "placing" }, { id: ids[1]!, from: "pending" }].sort((a, b) => a.id.localeCompare(b.id)));
    for (const id of ids) expect((await eventsOf(id)).at(-1)).toMatchObject({ to_state: "cancelled", reason: "both" });
    // A guard that holds for no row moves none and writes no event.
    const id = await submit("machine-e");
    expect(await transition(t.db, [id], "claim", { actor: "w", reason: "claimed", heldBy: "someone" })).toEqual([]);
    expect(await eventsOf(id)).toHaveLength(1);
  });
});
