import { desc, eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { webhookEndpoints } from "./schema.ts";

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

export async function getEndpoint(db: Db, id: string): Promise<EndpointRow | undefined> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row;
}

/** Newest first. A merchant has a handful of endpoints, so no pagination. */
export async function listEndpoints(db: Db): Promise<EndpointRow[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
}

/** Deletes the endpoint and, by cascade, its deliveries. Returns whether it existed. */
export async function deleteEndpoint(db: Db, id: string): Promise<boolean> {
  const deleted = await db
    .delete(webhookEndpoints)
    .where(eq(webhookEndpoints.id, id))
    .returning({ id: webhookEndpoints.id });
  return deleted.length > 0;
}
