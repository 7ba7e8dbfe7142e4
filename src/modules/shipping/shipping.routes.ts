import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem, sendResult } from "../../http/problem.ts";
import { currencyCodeSchema, problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { addHolidays, getWarehouse, listHolidays, removeHoliday, setWarehouse } from "./delivery-calendar.ts";
import {
  createShippingMethod,
  listMethodRates,
  listShippingMethods,
  removeMethodRate,
  setMethodRate,
  updateShippingMethod,
} from "./methods.ts";
import {
  addPickupLocation,
  deletePickupLocation,
  isTimeZone,
  listPickupLocations,
  updatePickupLocation,
} from "./pickup-locations.ts";
import {
  holidaySchema,
  isoDate,
  methodChangesSchema,
  methodInputSchema,
  methodSchema,
  pickupLocationInputSchema,
  pickupLocationSchema,
  rateInputSchema,
  rateSchema,
  warehouseSchema,
  zoneInputSchema,
  zoneSchema,
} from "./shipping.schemas.ts";
import { createZone, deleteZone, listZones, updateZone } from "./zones.ts";

const admin = { tags: ["admin"], security: [{ apiKey: [] }] };
const read = { scope: "shipping:read" };
const write = { scope: "shipping:write" };
const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "is not a valid id");
const zoneParams = z.object({ zoneId: id });
const methodParams = z.object({ methodId: id });
const locationParams = z.object({ locationId: id });
const rateParams = z.object({ methodId: id, zoneId: id, currency: currencyCodeSchema });

/** Admin API: zones, methods, rates, pickup locations and the delivery calendar. */
export const shippingAdminRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/admin/shipping/zones",
      {
        config: read,
        schema: {
          ...admin,
          summary: "List shipping zones",
          response: { 200: z.object({ zones: z.array(zoneSchema) }), ...problems(401, 403) },
        },
      },
      async () => ({ zones: await listZones(ctx.db) }),
    );

    app.post(
      "/admin/shipping/zones",
      {
        config: write,
        schema: {
          ...admin,
          summary: "Create a shipping zone",
          description:
            "Countries (or `*`), optionally narrowed to ISO 3166-2 regions and postal patterns, minus excluded ones. " +
            "For a method priced in several zones containing an address, the most specific zone's rate applies: " +
            "postal patterns > regions > countries > `*`.",
          body: zoneInputSchema,
          response: { 201: zoneSchema, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => sendResult(reply, await createZone(ctx.db, req.body), 201),
    );

    app.put(
      "/admin/shipping/zones/:zoneId",
      {
        config: write,
        schema: {
          ...admin,
          summary: "Replace a shipping zone",
          params: zoneParams,
          body: zoneInputSchema,
          response: { 200: zoneSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => sendResult(reply, await updateZone(ctx.db, req.params.zoneId, req.body)),
    );

    app.delete(
      "/admin/shipping/zones/:zoneId",
      {
        config: write,
        schema: {
          ...admin,
          summary: "Delete a shipping zone and the rates priced in it",
          params: zoneParams,
          response: { 204: z.null(), ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        const deleted = await deleteZone(ctx.db, req.params.zoneId);
        return deleted.ok ? reply.code(204).send(null) : sendProblem(reply, deleted.failure);
      },
    );

    app.get(
      "/admin/shipping/methods",
      {
        config: read,
        schema: {
          ...admin,
          summary: "List shipping methods",
          response: { 200: z.object({ methods: z.array(methodSchema) }), ...problems(401, 403) },
        },
      },
      async () => ({ methods: await listShippingMethods(ctx.db) }),
    );

    app.post(
      "/admin/shipping/methods",
      {
        config: write,
        schema: {
          ...admin,
          summary: "Create a shipping method, with its rates per zone and currency",
          description:
            "Rate types: flat, weight_tiers (inclusive upper bounds in grams), value_tiers (inclusive lower bounds " +
            "on the discounted subtotal), free_over (free from the threshold, inclusive). Amounts in minor units. " +
            "A method with a weight limit or weight tiers is not offered when a line's weight is not recorded (0 g). " +
            "Pickup methods take no rates: they are free, with pickup locations.",
          body: methodInputSchema,
          response: { 201: methodSchema, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => sendResult(reply, await createShippingMethod(ctx.db, req.body), 201),
    );

    app.patch(
      "/admin/shipping/methods/:methodId",
      {
        config: write,
        schema: {
          ...admin,
          summary: "Change a shipping method (name, transit days, weight limits, active)",
          params: methodParams,
          body: methodChangesSchema,
          response: { 200: methodSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) =>
        sendResult(reply, await updateShippingMethod(ctx.db, req.params.methodId, req.body)),
    );

    app.get(
      "/admin/shipping/methods/:methodId/rates",
      {
        config: read,
        schema: {
          ...admin,
          summary: "List a method's rates per zone and currency",
          params: methodParams,
          response: { 200: z.object({ rates: z.array(rateSchema) }), ...problems(401, 403) },
        },
      },
      async (req) => ({ rates: await listMethodRates(ctx.db, req.params.methodId) }),
    );

    app.put(
      "/admin/shipping/methods/:methodId/rates/:zoneId/:currency",
      {
        config: write,
        schema: {
          ...admin,
          summary: "Set a method's rate in one zone and currency",
          params: rateParams,
          body: rateInputSchema,
          response: { 200: rateSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => sendResult(reply, await setMethodRate(ctx.db, req.params, req.body)),
    );

    app.delete(
      "/admin/shipping/methods/:methodId/rates/:zoneId/:currency",
      {
        config: write,
        schema: {
          ...admin,
          summary: "Remove a method's rate in one zone and currency",
          params: rateParams,
          response: { 204: z.null(), ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const removed = await removeMethodRate(ctx.db, req.params);
        return removed.ok ? reply.code(204).send(null) : sendProblem(reply, removed.failure);
      },
    );

    app.get(
      "/admin/shipping/methods/:methodId/pickup-locations",
      {
        config: read,
        schema: {
          ...admin,
          summary: "List a pickup method's locations",
          params: methodParams,
          response: { 200: z.object({ locations: z.array(pickupLocationSchema) }), ...problems(401, 403) },
        },
      },
      async (req) => ({ locations: await listPickupLocations(ctx.db, req.params.methodId) }),
    );

    app.post(
      "/admin/shipping/methods/:methodId/pickup-locations",
      {
        config: write,
        schema: {
          ...admin,
          summary: "Add a pickup location to a pickup method",
          params: methodParams,
          body: pickupLocationInputSchema,
          response: { 201: pickupLocationSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) =>
        sendResult(reply, await addPickupLocation(ctx.db, req.params.methodId, req.body), 201),
    );

    app.put(
      "/admin/shipping/pickup-locations/:locationId",
      {
        config: write,
        schema: {
          ...admin,
          summary: "Replace a pickup location's details",
          params: locationParams,
          body: pickupLocationInputSchema,
          response: { 200: pickupLocationSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) =>
        sendResult(reply, await updatePickupLocation(ctx.db, req.params.locationId, req.body)),
    );

    app.delete(
      "/admin/shipping/pickup-locations/:locationId",
      {
        config: write,
        schema: {
          ...admin,
          summary: "Delete a pickup location",
          params: locationParams,
          response: { 204: z.null(), ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        const deleted = await deletePickupLocation(ctx.db, req.params.locationId);
        return deleted.ok ? reply.code(204).send(null) : sendProblem(reply, deleted.failure);
      },
    );

    app.get(
      "/admin/shipping/warehouse",
      {
        config: read,
        schema: {
          ...admin,
          summary: "Read the warehouse calendar delivery estimates start from",
          response: { 200: warehouseSchema, ...problems(401, 403) },
        },
      },
      async () => getWarehouse(ctx.db),
    );

    app.put(
      "/admin/shipping/warehouse",
      {
        config: write,
        schema: {
          ...admin,
          summary: "Set the warehouse's country, time zone, processing days and cut-off",
          body: warehouseSchema,
          response: { 200: warehouseSchema, ...problems(400, 401, 403) },
        },
      },
      async (req, reply) => {
        if (!isTimeZone(req.body.timeZone)) {
          const message = `${req.body.timeZone} is not an IANA time zone`;
          return sendProblem(reply, {
            code: "validation_failed",
            detail: `timeZone: ${message}`,
            errors: [{ field: "timeZone", code: "unknown_time_zone", message }],
          });
        }
        await setWarehouse(ctx.db, req.body);
        return getWarehouse(ctx.db);
      },
    );

    app.get(
      "/admin/shipping/holidays",
      {
        config: read,
        schema: {
          ...admin,
          summary: "List holidays (no deliveries, warehouse closed in its country)",
          querystring: z.object({
            country: z
              .string()
              .regex(/^[A-Z]{2}$/)
              .optional(),
          }),
          response: { 200: z.object({ holidays: z.array(holidaySchema) }), ...problems(400, 401, 403) },
        },
      },
      async (req) => ({ holidays: await listHolidays(ctx.db, req.query.country) }),
    );

    app.post(
      "/admin/shipping/holidays",
      {
        config: write,
        schema: {
          ...admin,
          summary: "Add holidays; dates already known are kept as they are",
          body: z.object({ holidays: z.array(holidaySchema).min(1).max(400) }).meta({
            example: {
              holidays: [
                { country: "US", date: "2026-11-26", name: "Thanksgiving Day" },
                { country: "DE", date: "2026-12-25", name: "1. Weihnachtstag" },
              ],
            },
          }),
          response: { 200: z.object({ holidays: z.array(holidaySchema) }), ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const countries = [...new Set(req.body.holidays.map((h) => h.country))];
        await ctx.db.transaction(async (tx) => {
          for (const country of countries)
            await addHolidays(
              tx,
              country,
              req.body.holidays.filter((h) => h.country === country),
            );
        });
        return { holidays: (await listHolidays(ctx.db)).filter((h) => countries.includes(h.country)) };
      },
    );

    app.delete(
      "/admin/shipping/holidays/:country/:date",
      {
        config: write,
        schema: {
          ...admin,
          summary: "Remove a holiday",
          params: z.object({ country: z.string().regex(/^[A-Z]{2}$/), date: isoDate }),
          response: { 204: z.null(), ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) =>
        (await removeHoliday(ctx.db, req.params.country, req.params.date))
          ? reply.code(204).send(null)
          : sendProblem(reply, { code: "not_found", detail: "No such holiday." }),
    );
  };
