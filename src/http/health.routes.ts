import { sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../shared/db/database.ts";
import { isMigrated } from "../shared/db/migrate.ts";

/** Liveness and readiness, for load balancers and orchestrators. */
export const healthRoutes =
  (database: Database, expectedMigrations: number): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/health",
      {
        schema: {
          tags: ["ops"],
          summary: "Liveness: the process is up",
          response: { 200: z.object({ status: z.literal("ok") }) },
        },
      },
      async () => ({ status: "ok" as const }),
    );
    app.get(
      "/ready",
      {
        schema: {
          tags: ["ops"],
          summary: "Readiness: the database answers and every migration is applied",
          response: {
            200: z.object({ status: z.literal("ready"), database: z.string() }),
            503: z.object({ status: z.literal("unavailable"), reason: z.string() }),
          },
        },
      },
      async (_req, reply) => {
        try {
          await database.db.execute(sql`select 1`);
          if (!(await isMigrated(database, expectedMigrations))) {
            return reply.code(503).send({ status: "unavailable" as const, reason: "migrations pending" });
          }
          return { status: "ready" as const, database: database.kind };
        } catch {
          reply.header("retry-after", "5");
          return reply.code(503).send({ status: "unavailable" as const, reason: "database unreachable" });
        }
      },
    );
  };
