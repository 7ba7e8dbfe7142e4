import { describe, expect, it } from "vitest";
import type { Db } from "../../shared/db/database.ts";
import type { OrderView } from "../orders/index.ts";
import { keepQueuedOrder, takeQueuedOrder } from "./queued-orders.ts";

const order = (id: string) => ({ id }) as OrderView;
const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1, 10, 0, seconds));

describe("orders kept for the sender", () => {
  it("hands a kept order out once, then leaves the sender to read the database", () => {
    const db = {} as Db;
    keepQueuedOrder(db, order("ord_1"), at(0));
    expect(takeQueuedOrder(db, "ord_1", at(1))?.id).toBe("ord_1");
    expect(takeQueuedOrder(db, "ord_1", at(1))).toBeUndefined();
  });

  it("forgets an order after a minute", () => {
    const db = {} as Db;
    keepQueuedOrder(db, order("ord_1"), at(0));
    expect(takeQueuedOrder(db, "ord_1", at(60))).toBeUndefined();
  });

  it("keeps the orders of each database apart", () => {
    const one = {} as Db;
    const other = {} as Db;
    keepQueuedOrder(one, order("ord_1"), at(0));
    expect(takeQueuedOrder(other, "ord_1", at(1))).toBeUndefined();
    expect(takeQueuedOrder(one, "ord_1", at(1))?.id).toBe("ord_1");
  });

  it("drops the oldest order when full", () => {
    const db = {} as Db;
    for (let i = 0; i <= 500; i++) keepQueuedOrder(db, order(`ord_${i}`), at(0));
    expect(takeQueuedOrder(db, "ord_0", at(1))).toBeUndefined();
    expect(takeQueuedOrder(db, "ord_500", at(1))?.id).toBe("ord_500");
  });
});
