import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { newId } from "../shared/ids.ts";
import type { Logger } from "../shared/logger.ts";
import { sendProblem } from "./problem.ts";

export type Server = FastifyInstance;
export type RoutePlugin = (app: ReturnType<FastifyInstance["withTypeProvider"]>) => Promise<void> | void;

export interface ServerOptions {
  log: Logger;
  title: string;
  /** Resolves `Authorization: Bearer …` for /admin routes. */
  authenticate(secret: string): Promise<{ keyId: string; scopes: readonly string[] } | undefined>;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** Scope an Admin API key needs for this route; routes without it are public. */
    scope?: string;
  }
  interface FastifyRequest {
    /** The id of the Admin API key that authenticated this request (scoped routes only). */
    apiKeyId?: string | undefined;
  }
}

/**
 * The Fastify instance: zod validation and serialization, OpenAPI at /openapi.json and /docs,
 * API-key checks for routes that declare a scope, and every error as problem+json.
 */
export async function createServer(options: ServerOptions): Promise<Server> {
  const app = Fastify({
    loggerInstance: options.log,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w-]{1,64}$/.test(given) ? given : newId("req");
    },
    requestIdHeader: false,
    bodyLimit: 64 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook("onSend", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: `${options.title} API`,
        version: "0.1.0",
        description:
          "Cartwright: from cart to paid order. Money is `{ amount, currency }` in integer minor units. " +
          "Errors are RFC 9457 problem+json with a stable `code`.",
      },
      tags: [
        { name: "store", description: "Shopper-facing: products, carts, checkout." },
        { name: "admin", description: "Merchant API: needs an API key with the right scope." },
        { name: "ops", description: "Health and readiness." },
      ],
      components: {
        securitySchemes: {
          apiKey: { type: "http", scheme: "bearer", description: "Admin API key (cw_sk_…)" },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  app.addHook("preHandler", async (req, reply) => {
    const scope = req.routeOptions.config.scope;
    if (!scope) return;
    const header = req.headers.authorization ?? "";
    const secret = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
    const principal = secret ? await options.authenticate(secret) : undefined;
    if (!principal) {
      reply.header("www-authenticate", 'Bearer realm="admin"');
      return sendProblem(reply, {
        code: "unauthorized",
        detail: "Send an Admin API key as `Authorization: Bearer cw_sk_…`.",
      });
    }
    if (!principal.scopes.includes(scope)) {
      return sendProblem(reply, { code: "forbidden", detail: `This API key lacks the ${scope} scope.` });
    }
    // Use cases record who acted; the key's id names the integration or person behind it.
    req.apiKeyId = principal.keyId;
  });

  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, { code: "not_found", detail: `No route for ${req.method} ${req.url.split("?")[0]}.` }),
  );
  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((v) => ({
        field: [error.validationContext, ...v.instancePath.split("/").filter(Boolean)].join("."),
        code: v.keyword,
        message: v.message ?? "is invalid",
      }));
      const detail = errors.map((e) => `${e.field}: ${e.message}`).join("; ");
      return sendProblem(reply, { code: "validation_failed", detail, errors });
    }
    const status = error.statusCode ?? 500;
    if (status === 413)
      return sendProblem(reply, {
        code: "payload_too_large",
        detail: "The request body is larger than 64 KiB.",
      });
    if (status === 415)
      return sendProblem(reply, {
        code: "unsupported_media_type",
        detail: "Send the body as application/json.",
      });
    if (status >= 400 && status < 500) {
      const malformed =
        error.code === "FST_ERR_CTP_EMPTY_JSON_BODY" ||
        error instanceof SyntaxError ||
        error.code?.startsWith("FST_ERR_CTP");
      return sendProblem(reply, {
        code: malformed ? "malformed_json" : "validation_failed",
        detail: malformed ? "The request body is not valid JSON." : error.message,
      });
    }
    req.log.error({ err: error }, "request failed");
    if (isUnavailable(error)) {
      return sendProblem(reply, {
        code: "service_unavailable",
        detail: "A backing service is unavailable; retry shortly.",
      });
    }
    return sendProblem(reply, {
      code: "internal_error",
      detail: `Something went wrong; quote request id ${req.id}.`,
    });
  });

  return app.withTypeProvider<ZodTypeProvider>() as unknown as Server;
}

/** Connection failures to the database and the like: the client should retry (G18). */
function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return ["ECONNREFUSED", "ECONNRESET", "57P01", "57P03", "08006", "08001", "08003"].includes(code ?? "");
}
