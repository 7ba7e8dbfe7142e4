import cluster, { type Worker } from "node:cluster";
import type { Logger } from "../shared/logger.ts";

/**
 * Several API processes on one port (API_PROCESSES > 1, PostgreSQL only): the primary forks them
 * with node:cluster, restarts one that dies and stops them all on shutdown. The API is stateless
 * and every guarantee comes from the database, so the processes need not know of each other. The
 * primary only tells them when they may start their background work (see waitForBackgroundWork).
 */
export interface ApiProcesses {
  /** Resolves when every process listens; rejects when one exits before (a start-up failure). */
  readonly ready: Promise<void>;
  /** Lets the processes, those running and those restarted later, start their background work. */
  startBackgroundWork(): void;
  /** SIGTERM to every process (SIGKILL after `graceMs`); resolves when all have exited. No restarts after. */
  stop(): Promise<void>;
}

const backgroundWorkMessage = "cartwright:start-background-work";

export function forkApiProcesses(
  count: number,
  log: Logger,
  { restartDelayMs = 1_000, graceMs = 10_000 } = {},
): ApiProcesses {
  const running = new Set<Worker>();
  let listening = 0;
  let started = false;
  let stopping = false;
  let backgroundWork = false;
  let settle!: { resolve(): void; reject(error: Error): void };
  const ready = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });

  const fork = () => {
    const worker = cluster.fork();
    running.add(worker);
    worker.once("listening", () => {
      if (backgroundWork) worker.send(backgroundWorkMessage);
      if (!started && ++listening === count) {
        started = true;
        settle.resolve();
      }
    });
    worker.once("exit", (code, signal) => {
      running.delete(worker);
      if (stopping) return;
      const pid = worker.process.pid;
      if (!started) {
        // A process that cannot start (port taken, database down) fails the same way again.
        settle.reject(new Error(`API process ${pid} exited (${signal ?? code}) before it listened`));
        return;
      }
      log.error({ pid, code, signal }, "API process exited; starting another");
      // A short pause, so a process that dies at once does not spin the primary.
      setTimeout(() => {
        if (!stopping) fork();
      }, restartDelayMs);
    });
  };
  for (let i = 0; i < count; i++) fork();

  return {
    ready,
    startBackgroundWork() {
      backgroundWork = true;
      for (const worker of running) if (worker.isConnected()) worker.send(backgroundWorkMessage);
    },
    async stop() {
      stopping = true;
      const exits = [...running].map((worker) => new Promise((resolve) => worker.once("exit", resolve)));
      for (const worker of running) worker.process.kill("SIGTERM");
      const timer = setTimeout(() => {
        for (const worker of running) worker.process.kill("SIGKILL");
      }, graceMs);
      await Promise.all(exits);
      clearTimeout(timer);
    },
  };
}

/**
 * In an API process: resolves when the primary allows background work (sweeper, outbox, email,
 * webhooks). The primary holds it back while the demo history is written, as a single process
 * does. Call before listening, so the message cannot arrive before anyone waits for it.
 */
export function waitForBackgroundWork(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      if (message !== backgroundWorkMessage) return;
      process.off("message", onMessage);
      resolve();
    };
    process.on("message", onMessage);
  });
}
