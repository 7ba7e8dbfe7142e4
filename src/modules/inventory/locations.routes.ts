import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendResult } from "../../http/problem.ts";
import { idParam, problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { ok, type Result } from "../../shared/failure.ts";
import { countrySchema, locationSchema, toJson } from "./inventory.schemas.ts";
import { createLocation, listLocations, updateLocation } from "./locations.ts";

const asJson = <T, U>(r: Result<T>, f: (v: T) => U): Result<U> => (r.ok ? ok(f(r.value)) : r);
const admin = { tags: ["admin"], security: [{ apiKey: [] }] };
const locationBody = z.object({
  code: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "must be lowercase letters, digits and dashes")
    .describe("Short unique code, e.g. `berlin`."),
  name: z.string().min(1).max(200),
  country: countrySchema.nullable().optional(),
  priority: z.number().int().min(0).max(10_000).optional(),
  active: z.boolean().optional(),
});

/** Admin API: stock locations (warehouses, stores). */
export const locationsAdminRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/admin/inventory/locations",
      {
        config: { scope: "inventory:read" },
        schema: {
          ...admin,
          summary: "List stock locations, first allocated first",
          response: { 200: z.object({ items: z.array(locationSchema) }), ...problems(401, 403) },
        },
      },
      async () => ({ items: (await listLocations(ctx.db)).map(toJson) }),
    );

    app.post(
      "/admin/inventory/locations",
      {
        config: { scope: "inventory:write" },
        schema: {
          ...admin,
          summary: "Add a stock location",
          body: locationBody,
          response: { 201: locationSchema, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) =>
        sendResult(reply, asJson(await createLocation(ctx.db, req.body, ctx.clock.now()), toJson), 201),
    );

    app.patch(
      "/admin/inventory/locations/:locationId",
      {
        config: { scope: "inventory:write" },
        schema: {
          ...admin,
          summary: "Rename, re-rank or (de)activate a stock location",
          params: idParam("locationId"),
          body: locationBody.partial(),
          response: { 200: locationSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) =>
        sendResult(
          reply,
          asJson(await updateLocation(ctx.db, req.params.locationId as string, req.body), toJson),
        ),
    );
  };
