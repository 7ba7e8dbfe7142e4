import fastifyCookie from "@fastify/cookie";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { customerAccountRoutes } from "./customer-account.routes.ts";
import { customerSessionRoutes } from "./customers.routes.ts";
import type { CustomersContext } from "./customers-context.ts";

/** Every /store/customers route, with cookie parsing scoped to them (nothing else reads cookies). */
export const customerStoreRoutes =
  (ctx: CustomersContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(fastifyCookie);
    await app.register(customerSessionRoutes(ctx));
    await app.register(customerAccountRoutes(ctx));
  };
