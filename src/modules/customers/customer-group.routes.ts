import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { idParam, problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { setCustomerGroup } from "./customer-group.ts";

const groupSchema = z
  .object({ customerId: z.string(), group: z.string().nullable() })
  .meta({ id: "CustomerGroup", example: { customerId: "cus_01JX8ZT2K4", group: "wholesale" } });

/** Admin API: which B2B price list (customer group) an account buys at. */
export const customerGroupAdminRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.put(
      "/admin/customers/:customerId/group",
      {
        config: { scope: "customers:write" },
        schema: {
          tags: ["admin"],
          summary: "Set a customer's price-list group",
          description:
            "Group price rules (catalog) apply to the account's carts from their next read; `null` makes it retail.",
          security: [{ apiKey: [] }],
          params: idParam("customerId"),
          body: z
            .object({
              group: z
                .string()
                .trim()
                .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "must be 1-40 of a-z, 0-9, _ and -")
                .nullable(),
            })
            .meta({ example: { group: "wholesale" } }),
          response: { 200: groupSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const result = await setCustomerGroup(
          ctx.db,
          req.params.customerId as string,
          req.body.group,
          ctx.clock.now(),
        );
        return result.ok ? result.value : sendProblem(reply, result.failure);
      },
    );
  };
