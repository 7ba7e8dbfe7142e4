import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signCarrierWebhook } from "../../src/modules/fulfillment/index.ts";
import { queryRows } from "../../src/shared/db/database.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { carrierSecret, returnsKit } from "./returns-kit.ts";

describe.each(databaseKinds())("return parcel tracking on %s", (kind) => {
  let app: TestApp;
  const kit = returnsKit(() => app);
  beforeAll(async () => {
    app = await startTestApp(kind, {}, { CARRIER_WEBHOOK_SECRET: carrierSecret });
  });
  afterAll(async () => app?.close());

  /** A signed carrier webhook; answers the route's `result`. */
  async function track(trackingNumber: string, status: string, occurredAt: string, id = kit.key("ev")) {
    const body = JSON.stringify({ id, trackingNumber, status, occurredAt });
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await app.call("POST", "/webhooks/carriers/test", {
      headers: {
        "x-carrier-timestamp": String(timestamp),
        "x-carrier-signature": signCarrierWebhook(carrierSecret, timestamp, body),
      },
      body,
    });
    expect(res.status).toBe(200);
    return res.body.result as string;
  }
  const readReturn = async (id: string) =>
    (await app.call("GET", `/admin/returns/${id}`, { headers: kit.admin() })).body;

  it("follows the return label's parcel to the warehouse, forward only, without receiving it", async () => {
    const { order } = await kit.shippedOrder([{ sku: "TEE-M", quantity: 1 }]);
    const requested = await kit.requestReturn(order, {
      lines: [{ sku: "TEE-M", quantity: 1 }],
      reason: "size_or_fit",
    });
    const approved = await kit.approve(requested.body.id);
    expect(approved.status).toBe(200);
    const trackingNumber = approved.body.label.trackingNumber as string;
    expect(approved.body.label).toMatchObject({ trackingStatus: null, trackedAt: null });

    const scanned = kit.key("ev");
    expect(await track(trackingNumber, "in_transit", "2026-03-01T10:00:00Z", scanned)).toBe("applied");
    expect((await readReturn(requested.body.id)).label).toMatchObject({
      trackingStatus: "in_transit",
      trackedAt: "2026-03-01T10:00:00.000Z",
    });
    expect(await track(trackingNumber, "in_transit", "2026-03-01T10:00:00Z", scanned)).toBe("duplicate");

    expect(await track(trackingNumber, "delivered", "2026-03-03T09:00:00Z")).toBe("applied");
    // A late scan from before the delivery changes nothing.
    expect(await track(trackingNumber, "out_for_delivery", "2026-03-02T08:00:00Z")).toBe("stale");
    const read = await readReturn(requested.body.id);
    expect(read.label.trackingStatus).toBe("delivered");
    expect(read.status).toBe("approved");

    const timeline = await queryRows<{ data: { status: string } }>(
      app.ctx.db,
      sql`select data from order_timeline where order_id = ${order.id} and type = 'return_parcel_tracked' order by at`,
    );
    expect(timeline.map((t) => t.data.status)).toEqual(["in_transit", "delivered"]);
    const [events] = await queryRows<{ n: number }>(
      app.ctx.db,
      sql`select count(*)::int as n from outbox where type = 'return.tracking_updated' and aggregate_id = ${requested.body.id}`,
    );
    expect(events!.n).toBe(2);
  });

  it("still answers unknown_shipment for a tracking number that is neither a shipment nor a return", async () => {
    expect(await track("RR000000000US", "in_transit", "2026-03-01T10:00:00Z")).toBe("unknown_shipment");
  });
});
