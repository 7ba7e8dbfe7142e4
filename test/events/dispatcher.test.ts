import { sql } from "drizzle-orm";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/shared/clock.ts";
import { type Database, queryRows } from "../../src/shared/db/database.ts";
import { consumeOnce } from "../../src/shared/outbox/consume-once.ts";
import {
  type DispatcherHooks,
  type EventSink,
  OutboxDispatcher,
} from "../../src/shared/outbox/dispatcher.ts";
import { inProcessSink } from "../../src/shared/outbox/in-process-sink.ts";
import { type DomainEvent, recordEvents } from "../../src/shared/outbox/outbox.ts";
import { type EventSubscriber, SubscriberRegistry } from "../../src/shared/outbox/subscriber.ts";
import { databaseKinds, openTestDatabase } from "../support/database.ts";
import { createEffectsTable, effectCounts, recordingSubscriber } from "./subscribers.ts";

const log = pino({ level: "silent" });

describe.each(databaseKinds())("outbox dispatcher on %s", (kind) => {
  let database: Database;
  let clock: FixedClock;
  beforeEach(async () => {
    database = await openTestDatabase(kind);
    clock = new FixedClock("2026-03-01T10:00:00Z");
    await createEffectsTable(database.db);
  });
  afterEach(async () => database?.close());

  const write = async (...events: DomainEvent[]) =>
    database.db.transaction(async (tx) => recordEvents(tx, clock.now(), events));
  const placed = (n: number): DomainEvent => ({
    type: "order.placed",
    aggregateId: `ord_${n}`,
    payload: { n },
  });
  const dispatcherFor = (subscribers: EventSubscriber[], hooks?: DispatcherHooks, batchSize?: number) => {
    const registry = new SubscriberRegistry();
    for (const s of subscribers) registry.add(s);
    return new OutboxDispatcher({
      db: database.db,
      clock,
      log,
      sink: inProcessSink(registry, log),
      hooks,
      batchSize,
    });
  };
  const outboxRows = () =>
    queryRows<{ id: string; dispatched: boolean; attempts: number; last_error: string | null }>(
      database.db,
      sql`select id, dispatched_at is not null as dispatched, attempts, last_error from outbox order by seq`,
    );

  it("delivers events in the order they were written, also several written in the same millisecond", async () => {
    await write(placed(1), placed(2), placed(3), placed(4), placed(5));
    await write(placed(6));
    const subscriber = recordingSubscriber(database.db, clock, "mailer", ["order.placed"]);
    await dispatcherFor([subscriber]).dispatchOnce();
    expect(subscriber.calls.map((e) => e.payload.n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await outboxRows()).every((r) => r.dispatched)).toBe(true);
  });

  it("gives each subscriber only the event types it asked for", async () => {
    await write(placed(1), { type: "stock.adjusted", aggregateId: "sku_1", payload: {} });
    const mailer = recordingSubscriber(database.db, clock, "mailer", ["order.placed"]);
    const stock = recordingSubscriber(database.db, clock, "stock-feed", ["stock.adjusted"]);
    await dispatcherFor([mailer, stock]).dispatchOnce();
    expect(mailer.calls.map((e) => e.type)).toEqual(["order.placed"]);
    expect(stock.calls.map((e) => e.type)).toEqual(["stock.adjusted"]);
  });

  it("applies each event once per consumer when a crash after delivery makes it be delivered again", async () => {
    await write(placed(1), placed(2));
    const mailer = recordingSubscriber(database.db, clock, "mailer", ["order.placed"]);
    const analytics = recordingSubscriber(database.db, clock, "analytics", ["order.placed"]);
    const crashing = dispatcherFor([mailer, analytics], {
      afterDeliver() {
        throw new Error("process killed before marking the event dispatched");
      },
    });
    await expect(crashing.dispatchOnce()).rejects.toThrow("process killed");
    expect((await outboxRows()).some((r) => r.dispatched)).toBe(false);

    // The crashed dispatcher's claim holds for the lease, then another process takes over.
    const successor = dispatcherFor([mailer, analytics]);
    expect(await successor.dispatchOnce()).toBe(0);
    clock.advance(30_001);
    expect(await successor.dispatchOnce()).toBe(2);

    expect(mailer.calls).toHaveLength(3); // event 1 twice (crash), event 2 once
    for (const consumer of ["mailer", "analytics"]) {
      const counts = await effectCounts(database.db, consumer);
      expect([...counts.values()]).toEqual([1, 1]);
    }
    expect((await outboxRows()).every((r) => r.dispatched)).toBe(true);
  });

  it("retries a failing subscriber with backoff without holding back the other subscriber or later events", async () => {
    await write(placed(1));
    await write(placed(2));
    const [first] = await outboxRows();
    const flaky = recordingSubscriber(database.db, clock, "flaky", ["order.placed"], {
      failFirst: (e) => e.id === first!.id,
    });
    const steady = recordingSubscriber(database.db, clock, "steady", ["order.placed"]);
    const dispatcher = dispatcherFor([flaky, steady]);

    await dispatcher.dispatchOnce();
    const [failed, next] = await outboxRows();
    expect(failed).toMatchObject({ dispatched: false, attempts: 1, last_error: "subscribers failed: flaky" });
    expect(next!.dispatched).toBe(true);
    expect([...(await effectCounts(database.db, "steady")).keys()]).toHaveLength(2);

    expect(await dispatcher.dispatchOnce()).toBe(0); // backing off
    clock.advance(1000);
    expect(await dispatcher.dispatchOnce()).toBe(1);

    expect((await outboxRows()).every((r) => r.dispatched)).toBe(true);
    for (const consumer of ["flaky", "steady"]) {
      expect([...(await effectCounts(database.db, consumer)).values()]).toEqual([1, 1]);
    }
    expect(steady.calls.filter((e) => e.id === first!.id)).toHaveLength(2); // redelivered, skipped
  });

  it("backs off longer after each failure and never drops the event", async () => {
    await write(placed(1));
    const broken: EventSubscriber = {
      name: "broken",
      types: ["order.placed"],
      handle: async () => {
        throw new Error("smtp refused");
      },
    };
    const dispatcher = dispatcherFor([broken]);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      await dispatcher.dispatchOnce();
      const [row] = await queryRows<{ next_attempt_at: Date | string }>(
        database.db,
        sql`select next_attempt_at from outbox`,
      );
      const wait = new Date(row!.next_attempt_at).getTime() - clock.now().getTime();
      waits.push(wait);
      clock.advance(wait);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(await outboxRows()).toMatchObject([{ dispatched: false, attempts: 5 }]);
  });

  it("leaves events untouched while the sink is unavailable and sends them once it is back", async () => {
    await write(placed(1), placed(2));
    let up = false;
    const sent: string[] = [];
    const sink: EventSink = { isAvailable: () => up, deliver: async (e) => void sent.push(e.id) };
    const dispatcher = new OutboxDispatcher({ db: database.db, clock, log, sink });
    expect(await dispatcher.dispatchOnce()).toBe(0);
    expect(await outboxRows()).toMatchObject([
      { dispatched: false, attempts: 0 },
      { dispatched: false, attempts: 0 },
    ]);
    up = true;
    expect(await dispatcher.dispatchOnce()).toBe(2);
    expect(sent).toHaveLength(2);
  });

  it("lets several dispatchers share the outbox without delivering an event twice", async () => {
    for (let i = 0; i < 10; i++) await write(...Array.from({ length: 6 }, (_, j) => placed(i * 6 + j)));
    const delivered: string[] = [];
    const sink: EventSink = {
      isAvailable: () => true,
      deliver: async (e) => {
        delivered.push(e.id);
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
    const runner = async () => {
      const d = new OutboxDispatcher({ db: database.db, clock, log, sink, batchSize: 7 });
      while ((await d.dispatchOnce()) > 0);
    };
    await Promise.all([runner(), runner(), runner()]);
    expect(delivered).toHaveLength(60);
    expect(new Set(delivered).size).toBe(60);
  });

  it("records nothing when the consumer's effect fails, so the retry applies it", async () => {
    const attempt = (fail: boolean) =>
      consumeOnce(database.db, clock, "mailer", "evt_1", async (tx) => {
        await tx.execute(sql`insert into test_effects (consumer, event_id) values ('mailer', 'evt_1')`);
        if (fail) throw new Error("template missing");
        return "sent";
      });
    await expect(attempt(true)).rejects.toThrow("template missing");
    expect(await attempt(false)).toEqual({ consumed: true, value: "sent" });
    expect(await attempt(false)).toEqual({ consumed: false });
    expect([...(await effectCounts(database.db, "mailer")).values()]).toEqual([1]);
  });
});
