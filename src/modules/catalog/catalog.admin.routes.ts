import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { idParam, problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import {
  categorySchema,
  productChanges,
  productDetailSchema,
  productInput,
  toProductJson,
  variantChanges,
  variantInput,
} from "./catalog.admin.schemas.ts";
import { createCategory, listCategories } from "./categories.ts";
import {
  addVariant,
  createCatalogProduct,
  getProductDetail,
  listProductDetails,
  updateProduct,
  updateVariant,
} from "./manage-products.ts";
import { pricingAdminRoutes } from "./pricing.admin.routes.ts";
import { setProductRelations } from "./product-relations.ts";

const security = [{ apiKey: [] }];
const read = { scope: "catalog:read" };
const write = { scope: "catalog:write" };
const withPrices = <T extends { prices: { amount: number; currency: string }[] }>(v: T) => ({
  ...v,
  prices: Object.fromEntries(v.prices.map((p) => [p.currency, p.amount])),
});

/** Admin API: products, variants, prices, categories and relations (and pricing: price rules, FX). */
export const catalogAdminRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(pricingAdminRoutes(ctx));

    app.post(
      "/admin/products",
      {
        config: write,
        schema: {
          tags: ["admin"],
          summary: "Create a product with its variants and prices",
          security,
          body: productInput,
          response: { 201: productDetailSchema, ...problems(400, 401, 403, 409, 422) },
        },
      },
      async (req, reply) => {
        const { variants, ...product } = req.body;
        const created = await createCatalogProduct(ctx, { ...product, variants: variants.map(withPrices) });
        return created.ok
          ? reply.code(201).send(toProductJson(created.value))
          : sendProblem(reply, created.failure);
      },
    );

    app.get(
      "/admin/products",
      {
        config: read,
        schema: {
          tags: ["admin"],
          summary: "List products in every status",
          security,
          response: { 200: z.object({ products: z.array(productDetailSchema) }), ...problems(401, 403) },
        },
      },
      async () => ({ products: (await listProductDetails(ctx.db)).map(toProductJson) }),
    );

    app.get(
      "/admin/products/:productId",
      {
        config: read,
        schema: {
          tags: ["admin"],
          summary: "Read a product",
          security,
          params: idParam("productId"),
          response: { 200: productDetailSchema, ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        const found = await getProductDetail(ctx.db, req.params.productId as string);
        return found
          ? toProductJson(found)
          : sendProblem(reply, { code: "not_found", detail: `No product ${req.params.productId}.` });
      },
    );

    app.patch(
      "/admin/products/:productId",
      {
        config: write,
        schema: {
          tags: ["admin"],
          summary: "Change a product (title, description, status, images, categories)",
          security,
          params: idParam("productId"),
          body: productChanges,
          response: { 200: productDetailSchema, ...problems(400, 401, 403, 404, 422) },
        },
      },
      async (req, reply) => {
        const result = await updateProduct(ctx, req.params.productId as string, req.body);
        return result.ok ? toProductJson(result.value) : sendProblem(reply, result.failure);
      },
    );

    app.post(
      "/admin/products/:productId/variants",
      {
        config: write,
        schema: {
          tags: ["admin"],
          summary: "Add a variant to a product",
          security,
          params: idParam("productId"),
          body: variantInput,
          response: { 201: productDetailSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        const result = await addVariant(ctx, req.params.productId as string, withPrices(req.body));
        return result.ok
          ? reply.code(201).send(toProductJson(result.value))
          : sendProblem(reply, result.failure);
      },
    );

    app.patch(
      "/admin/variants/:variantId",
      {
        config: write,
        schema: {
          tags: ["admin"],
          summary: "Change a variant and its prices",
          description: "Open carts see new prices on their next read; completion refuses with price_changed.",
          security,
          params: idParam("variantId"),
          body: variantChanges,
          response: { 200: productDetailSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        const result = await updateVariant(ctx, req.params.variantId as string, req.body);
        return result.ok ? toProductJson(result.value) : sendProblem(reply, result.failure);
      },
    );

    app.put(
      "/admin/products/:productId/relations",
      {
        config: write,
        schema: {
          tags: ["admin"],
          summary: "Set a product's accessories and frequently-bought-together products",
          description: "Each kind given replaces that kind's list (in the order shown to shoppers).",
          security,
          params: idParam("productId"),
          body: z
            .object({
              accessory: z.array(z.string().min(1).max(64)).max(20).optional(),
              frequently_bought_together: z.array(z.string().min(1).max(64)).max(20).optional(),
            })
            .meta({
              example: { accessory: ["prod_01JX91E6F7"], frequently_bought_together: ["prod_01JX91L2M3"] },
            }),
          response: { 200: productDetailSchema, ...problems(400, 401, 403, 404, 422) },
        },
      },
      async (req, reply) => {
        const productId = req.params.productId as string;
        const result = await setProductRelations(ctx, productId, req.body);
        if (!result.ok) return sendProblem(reply, result.failure);
        return toProductJson((await getProductDetail(ctx.db, productId))!);
      },
    );

    app.post(
      "/admin/categories",
      {
        config: write,
        schema: {
          tags: ["admin"],
          summary: "Create a category",
          security,
          body: z
            .object({
              handle: z
                .string()
                .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lowercase words joined by hyphens")
                .max(100),
              name: z.string().trim().min(1).max(100),
              parentId: z.string().min(1).max(64).nullable().optional(),
            })
            .meta({ example: { handle: "t-shirts", name: "T-shirts", parentId: "cat_01JX91A0A0" } }),
          response: { 201: categorySchema, ...problems(400, 401, 403, 409, 422) },
        },
      },
      async (req, reply) => {
        const result = await createCategory(ctx, req.body);
        return result.ok ? reply.code(201).send(result.value) : sendProblem(reply, result.failure);
      },
    );

    app.get(
      "/admin/categories",
      {
        config: read,
        schema: {
          tags: ["admin"],
          summary: "List categories",
          security,
          response: { 200: z.object({ categories: z.array(categorySchema) }), ...problems(401, 403) },
        },
      },
      async () => ({ categories: await listCategories(ctx.db) }),
    );
  };
