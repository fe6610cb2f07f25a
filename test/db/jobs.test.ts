import { afterAll, describe, expect, it } from "vitest";
import { cancelJob, findJob, registerJob, sendJob, startJobWorkers, stopClientBoss, type JobState } from "../../server/jobs";
import { backends, useTestDatabase } from "./harness";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the condition holds (the jobs run on pg-boss's own timers), failing after `ms`. */
async function until(condition: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(50);
  }
}

const taken: { worker: string; n: number }[] = [];
registerJob<{ n: number }>("test.take", async ({ n }, { worker }) => {
  taken.push({ worker, n });
  await sleep(150);
  return { n, worker };
});

const cancelled: { id: string; how: "aborted" | "finished" }[] = [];
const started = new Set<string>();
registerJob<object>("test.long", async (_data, { jobId, signal }) => {
  started.add(jobId);
  for (let i = 0; i < 600; i++) {
    if (signal.aborted) {
      cancelled.push({ id: jobId, how: "aborted" });
      return null;
    }
    await sleep(50);
  }
  cancelled.push({ id: jobId, how: "finished" });
  return null;
});

describe.each(backends())("jobs (pg-boss) on %s", (backend) => {
  const t = useTestDatabase(backend);
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops) await stop();
    await stopClientBoss(t.db);
  });

  it("two workers take the jobs of one queue between them, each job once", async () => {
    stops.push(await startJobWorkers({ db: t.db }, { name: "worker-a", only: ["test.take"] }));
    stops.push(await startJobWorkers({ db: t.db }, { name: "worker-b", only: ["test.take"] }));
    taken.length = 0;
    const count = 8;
    const ids: string[] = [];
    for (let n = 0; n < count; n++) ids.push(await sendJob(t.db, "test.take", { n }));
    const states = async () => Promise.all(ids.map(async (id) => (await findJob(t.db, "test.take", id))?.state));
    await until(async () => (await states()).every((s) => s === "completed")).catch(async (e) => { console.log(await states(), taken); throw e; });
    expect(taken.map((x) => x.n).sort((a, b) => a - b)).toEqual([...Array(count).keys()]);
    const workers = new Set(taken.map((x) => x.worker));
    expect(workers).toEqual(new Set(["worker-a", "worker-b"]));
    const outputs = await Promise.all(ids.map((id) => findJob(t.db, "test.take", id)));
    outputs.forEach((job, n) => expect(job?.output).toMatchObject({ n }));
  });

  it("a cancelled job stops: its handler's signal is aborted and the job ends cancelled", async () => {
    stops.push(await startJobWorkers({ db: t.db }, { name: "worker-c", only: ["test.long"] }));
    const id = await sendJob(t.db, "test.long", {});
    await until(() => started.has(id));
    await cancelJob(t.db, "test.long", id);
    await until(() => cancelled.some((c) => c.id === id));
    expect(cancelled.find((c) => c.id === id)?.how).toBe("aborted");
    const state: JobState | undefined = (await findJob(t.db, "test.long", id))?.state;
    expect(state).toBe("cancelled");
  });

  it("refuses a job kind nobody registered", async () => {
    await expect(sendJob(t.db, "test.nobody", {})).rejects.toThrow(/no job kind 'test.nobody'/);
  });
});
