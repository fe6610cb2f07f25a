/**
 * Next's start-up hook: runs once when the server process starts. On the Node runtime it starts the
 * services that live in the web process (server/runtime/in-process.ts): on the embedded PGlite, which
 * only one process can open, the scheduler worker and the job workers run here, so `npm start` alone
 * schedules and runs what-if jobs.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startInProcess } = await import("./server/runtime/in-process");
  await startInProcess();
}
