import { inArray, sql } from "drizzle-orm";
import type { Clock } from "../clock.ts";
import { type Db, queryRows } from "../db/database.ts";
import { placeholderFor, preparedQuery } from "../db/prepared-query.ts";
import type { Logger } from "../logger.ts";
import { retryDelayMs } from "./retry-delay.ts";
import { outbox } from "./schema.ts";
import type { PublishedEvent } from "./subscriber.ts";

/** Where the dispatcher sends events: in-process subscribers, or a broker. */
export interface EventSink {
  /**
   * False while the destination is known to be unreachable (broker disconnected). The dispatcher
   * then leaves every event in the outbox untouched, counting no failed attempt. Called often:
   * must be cheap.
   */
  isAvailable(): boolean;
  /**
   * Delivers one event and resolves once the destination has it (every subscriber done, or the
   * broker's ack). Throwing marks this event failed and retries it later with backoff.
   */
  deliver(event: PublishedEvent): Promise<void>;
  /**
   * Optional. Called once per claimed batch, after the claim committed and before the first
   * `deliver` of it. Must not throw (a failure there is the sink's to log).
   */
  prepare?(events: readonly PublishedEvent[]): Promise<void>;
}

/** Test seams: make a crash happen at an exact point instead of hoping for one. */
export interface DispatcherHooks {
  /** After an event was delivered, before it is marked dispatched. Throwing aborts the pass. */
  afterDeliver?(event: PublishedEvent): Promise<void> | void;
}

export interface DispatcherOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  sink: EventSink;
  /** Events claimed per pass. */
  batchSize?: number;
  /** How long a claim holds before another dispatcher may take the events over (crash recovery). */
  leaseMs?: number;
  /** Polling period of the running loop; `kick()` starts a pass sooner. */
  pollIntervalMs?: number;
  hooks?: DispatcherHooks;
}

interface ClaimedRow {
  id: string;
  seq: string | number;
  type: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  occurredAt: Date | string;
  attempts: number;
}

/**
 * Moves events from the outbox to a sink, at least once each, in outbox order.
 *
 * Several dispatchers (processes) may run against one database: each pass claims ready events
 * with `for update skip locked` and a short lease, commits, and only then delivers, so no
 * transaction or lock is held across the network call. A dispatcher that dies mid-pass leaves
 * its events claimed until the lease expires; another then delivers them again (consumers
 * deduplicate by event id). A failed event backs off on its own and does not hold back the others.
 */
export class OutboxDispatcher {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #sink: EventSink;
  readonly #batchSize: number;
  readonly #leaseMs: number;
  readonly #hooks: DispatcherHooks;
  readonly #pollIntervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;

  constructor(options: DispatcherOptions) {
    this.#db = options.db;
    this.#clock = options.clock;
    this.#log = options.log;
    this.#sink = options.sink;
    this.#batchSize = options.batchSize ?? 100;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#hooks = options.hooks ?? {};
    this.#pollIntervalMs = options.pollIntervalMs ?? 200;
  }

  /** Starts polling the outbox in the background. The caller's requests never wait for it (G14). */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#timer = setInterval(() => this.kick(), this.#pollIntervalMs);
    this.#timer.unref();
    this.kick();
  }

  /** Asks for a pass now (e.g. right after a commit that wrote events); coalesces with a running one. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
    });
  }

  /** Stops polling and waits for the pass in flight; what it did not deliver stays in the outbox. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }

  async #drain(): Promise<void> {
    do {
      this.#again = false;
      try {
        // A full batch means there is probably more: keep going without waiting for the timer.
        while (!this.#stopped && (await this.dispatchOnce()) === this.#batchSize);
      } catch (err) {
        this.#log.error({ err }, "outbox dispatch pass failed");
        return;
      }
    } while (this.#again && !this.#stopped);
  }

  /**
   * One pass: claims up to a batch of ready events, delivers them in order, marks the delivered
   * ones dispatched and the failed ones for a later retry. Returns how many were claimed (a full
   * batch means more may be waiting). Does nothing while the sink is unavailable.
   */
  async dispatchOnce(): Promise<number> {
    if (!this.#sink.isAvailable()) return 0;
    const claimed = await this.#claim();
    if (claimed.length > 0) await this.#sink.prepare?.(claimed);
    const delivered: string[] = [];
    const untried: string[] = [];
    for (const event of claimed) {
      if (!this.#sink.isAvailable()) {
        untried.push(event.id);
        continue;
      }
      try {
        await this.#sink.deliver(event);
      } catch (err) {
        await this.#recordFailure(event, err);
        continue;
      }
      await this.#hooks.afterDeliver?.(event);
      delivered.push(event.id);
    }
    const at = this.#clock.now();
    if (delivered.length > 0) await markDispatched(this.#db).execute({ at, ids: JSON.stringify(delivered) });
    // The sink went away mid-pass: hand these back at once rather than after the lease.
    if (untried.length > 0)
      await this.#db.update(outbox).set({ nextAttemptAt: null }).where(inArray(outbox.id, untried));
    return claimed.length;
  }

  async #claim(): Promise<(PublishedEvent & { attempts: number })[]> {
    const now = this.#clock.now();
    const leaseUntil = new Date(now.getTime() + this.#leaseMs);
    const rows = await queryRows<ClaimedRow>(
      this.#db,
      sql`update outbox set next_attempt_at = ${leaseUntil.toISOString()}::timestamptz
          where id in (
            select id from outbox
            where dispatched_at is null
              and (next_attempt_at is null or next_attempt_at <= ${now.toISOString()}::timestamptz)
            order by seq
            limit ${this.#batchSize}
            for update skip locked)
          returning id, seq, type, aggregate_id as "aggregateId", payload,
                    occurred_at as "occurredAt", attempts`,
    );
    // UPDATE … RETURNING does not promise an order.
    return rows
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map((r) => ({
        id: r.id,
        type: r.type,
        aggregateId: r.aggregateId,
        payload: r.payload,
        occurredAt: new Date(r.occurredAt),
        attempts: r.attempts,
      }));
  }

  async #recordFailure(event: PublishedEvent & { attempts: number }, err: unknown): Promise<void> {
    const attempts = event.attempts + 1;
    const retryAt = new Date(this.#clock.now().getTime() + retryDelayMs(attempts));
    const message = err instanceof Error ? err.message : String(err);
    await this.#db
      .update(outbox)
      .set({ attempts, nextAttemptAt: retryAt, lastError: message.slice(0, 1000) })
      .where(inArray(outbox.id, [event.id]));
    // A handful of failures is a blip; many mean someone has to look.
    const level = attempts >= 8 ? "error" : "warn";
    this.#log[level](
      { eventId: event.id, eventType: event.type, attempts, retryAt, err },
      "event delivery failed; will retry",
    );
  }
}

/** Every pass ends with this: built once, ids as one JSON array. */
const markDispatched = preparedQuery((db) =>
  db
    .update(outbox)
    .set({ dispatchedAt: placeholderFor(outbox.dispatchedAt, "at"), nextAttemptAt: null, lastError: null })
    .where(sql`${outbox.id} in (select jsonb_array_elements_text(${sql.placeholder("ids")}::jsonb))`)
    .prepare("outbox_mark_dispatched"),
);
