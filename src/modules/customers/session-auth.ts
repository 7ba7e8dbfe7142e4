import type { FastifyReply, FastifyRequest } from "fastify";
import { sendProblem } from "../../http/problem.ts";
import type { CustomersContext } from "./customers-context.ts";
import { type CustomerSession, findSession, sessionTokenPrefix } from "./sessions.ts";

export const sessionCookie = "cw_session";

/** The session token a request carries: `Authorization: Bearer cw_cs_…` first, else the cookie. */
function presentedToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization ?? "";
  if (header.startsWith(`Bearer ${sessionTokenPrefix}_`)) return header.slice(7).trim();
  return req.cookies[sessionCookie];
}

/** The signed-in customer, or a 401 problem sent on `reply` (then undefined). */
export async function requireCustomer(
  ctx: CustomersContext,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<CustomerSession | undefined> {
  const token = presentedToken(req);
  const session = token ? await findSession(ctx.db, token, ctx.clock.now()) : undefined;
  if (session) return session;
  reply.header("www-authenticate", 'Bearer realm="store"');
  sendProblem(reply, {
    code: "unauthorized",
    detail: "Sign in: send the cw_session cookie or `Authorization: Bearer cw_cs_…`.",
  });
  return undefined;
}

/**
 * The storefront's session cookie: HttpOnly (scripts cannot read it), SameSite=Lax (other sites
 * cannot post with it), Secure when the store is served over https, and gone when the session is.
 */
export function setSessionCookie(
  ctx: CustomersContext,
  req: FastifyRequest,
  reply: FastifyReply,
  session: { token: string; expiresAt: Date },
): void {
  reply.setCookie(sessionCookie, session.token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: ctx.secureCookies || req.protocol === "https",
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(ctx: CustomersContext, req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: ctx.secureCookies || req.protocol === "https",
  });
}
