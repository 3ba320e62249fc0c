import { scrubbed, type Logger } from './logger';

export interface BackgroundTask {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/**
 * Runs tasks on intervals in this process (the outbox sender, the reminders). A task never overlaps
 * itself; a failure is logged (by name, without the data) and the next tick tries again.
 */
export function startBackground(
  tasks: BackgroundTask[],
  logger: Logger,
): { wake(name: string): void; stop(): Promise<void> } {
  const running = new Map<string, Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  const tick = (task: BackgroundTask) => {
    if (stopped || running.has(task.name)) return;
    const run = task
      .run()
      .then(() => undefined)
      .catch((err: unknown) =>
        logger.error(
          {
            task: task.name,
            err: { name: (err as Error).name, message: scrubbed((err as Error).message) },
          },
          'background task failed',
        ),
      )
      .finally(() => running.delete(task.name));
    running.set(task.name, run);
  };

  for (const task of tasks) {
    const timer = setInterval(() => tick(task), task.everyMs);
    timer.unref();
    timers.push(timer);
    tick(task);
  }

  return {
    wake(name: string) {
      const task = tasks.find((t) => t.name === name);
      if (task) tick(task);
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}
