import { sql } from "drizzle-orm";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/shared/clock.ts";
import type { Database } from "../../src/shared/db/database.ts";
import { consumeOnceInOneStatement } from "../../src/shared/outbox/consume-once.ts";
import { OutboxDispatcher } from "../../src/shared/outbox/dispatcher.ts";
import { inProcessSink } from "../../src/shared/outbox/in-process-sink.ts";
import { recordEvents } from "../../src/shared/outbox/outbox.ts";
import { type PublishedEvent, SubscriberRegistry } from "../../src/shared/outbox/subscriber.ts";
import { databaseKinds, openTestDatabase } from "../support/database.ts";
import { createEffectsTable, effectCounts } from "./subscribers.ts";

const log = pino({ level: "silent" });

describe.each(databaseKinds())("consumption and effect in one statement on %s", (kind) => {
  let database: Database;
  let clock: FixedClock;
  beforeEach(async () => {
    database = await openTestDatabase(kind);
    clock = new FixedClock("2026-03-01T10:00:00Z");
    await createEffectsTable(database.db);
  });
  afterEach(async () => database?.close());

  const apply = (eventId: string, options: { unless?: boolean } = {}) =>
    consumeOnceInOneStatement(
      database.db,
      clock,
      "feed",
      eventId,
      (consumed) => [
        sql`insert into test_effects (consumer, event_id)
            select 'feed', ${eventId} where exists (select 1 from ${consumed})
            returning event_id`,
      ],
      options.unless === undefined ? {} : { unless: sql`${options.unless}::boolean` },
    );

  it("applies the effect once per event id, however often and in parallel it is delivered", async () => {
    expect(await apply("evt_1")).toEqual({ consumed: true, affected: 1, declined: false });
    expect(await apply("evt_1")).toEqual({ consumed: false, affected: 0, declined: false });
    await Promise.all([apply("evt_2"), apply("evt_2"), apply("evt_2")]);
    expect(await effectCounts(database.db, "feed")).toEqual(
      new Map([
        ["evt_1", 1],
        ["evt_2", 1],
      ]),
    );
  });

  it("records nothing and applies nothing when the event is declined, so the long way can take it", async () => {
    expect(await apply("evt_1", { unless: true })).toEqual({ consumed: false, affected: 0, declined: true });
    expect((await effectCounts(database.db, "feed")).size).toBe(0);
    expect(await apply("evt_1", { unless: false })).toEqual({ consumed: true, affected: 1, declined: false });
  });

  it("prepares each subscriber once per dispatched batch, with only the events of its types", async () => {
    await database.db.transaction((tx) =>
      recordEvents(tx, clock.now(), [
        { type: "order.placed", aggregateId: "ord_1", payload: {} },
        { type: "stock.adjusted", aggregateId: "sku_1", payload: {} },
        { type: "order.placed", aggregateId: "ord_2", payload: {} },
      ]),
    );
    const prepared: string[][] = [];
    const handled: string[] = [];
    const registry = new SubscriberRegistry();
    registry.add({
      name: "mailer",
      types: ["order.placed"],
      async prepare(events: readonly PublishedEvent[]) {
        prepared.push(events.map((e) => e.aggregateId));
      },
      async handle(event) {
        handled.push(event.aggregateId);
      },
    });
    const dispatcher = new OutboxDispatcher({
      db: database.db,
      clock,
      log,
      sink: inProcessSink(registry, log),
    });
    await dispatcher.dispatchOnce();
    expect(prepared).toEqual([["ord_1", "ord_2"]]);
    expect(handled).toEqual(["ord_1", "ord_2"]);
  });

  it("still delivers a batch whose prepare failed", async () => {
    await database.db.transaction((tx) =>
      recordEvents(tx, clock.now(), [{ type: "order.placed", aggregateId: "ord_1", payload: {} }]),
    );
    const handled: string[] = [];
    const registry = new SubscriberRegistry();
    registry.add({
      name: "mailer",
      types: ["order.placed"],
      async prepare() {
        throw new Error("database hiccup");
      },
      async handle(event) {
        handled.push(event.aggregateId);
      },
    });
    const dispatcher = new OutboxDispatcher({
      db: database.db,
      clock,
      log,
      sink: inProcessSink(registry, log),
    });
    expect(await dispatcher.dispatchOnce()).toBe(1);
    expect(handled).toEqual(["ord_1"]);
  });
});
