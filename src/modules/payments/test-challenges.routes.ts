import { randomBytes } from "node:crypto";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { isSupportedCurrency, toDecimalString } from "../../shared/money/index.ts";
import {
  answerTestChallenge,
  challengePath,
  findTestChallenge,
  type TestChallenge,
} from "./providers/test-challenges.ts";

const params = z.object({
  challengeId: z
    .string()
    .min(10)
    .max(80)
    .regex(/^tds_[\w-]+$/)
    .describe("From the action's `url` in a `payment_action_required` answer."),
});

const stateSchema = z
  .object({
    state: z
      .enum(["pending", "approved", "failed", "cancelled"])
      .describe("approved/failed: complete the cart again to resume the checkout; cancelled: it gave up."),
  })
  .meta({ id: "TestChallenge" });

/** The message the challenge page posts to the storefront that framed it once answered. */
export const challengeMessageType = "cartwright:three_d_secure";

/**
 * Store API: the test processor's 3-D Secure challenge, a stand-in for the card issuer's page
 * (like Stripe's test page). The storefront shows it in a dialog; the shopper approves or fails
 * it; the page then tells the storefront, which completes the cart again to resume the attempt.
 */
export const testChallengeRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    // The page's form posts urlencoded; only this plugin accepts that (Fastify encapsulation).
    app.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 1024 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    app.get(
      "/store/payments/test/challenges/:challengeId",
      {
        schema: {
          tags: ["store"],
          summary: "Show a test 3-D Secure challenge (HTML)",
          description:
            "The page a shopper sees when a test card asks for 3-D Secure (e.g. 4000 0000 0000 3220): " +
            "the amount, the card and two buttons, approve or fail. Once answered it posts " +
            `\`{ type: "${challengeMessageType}", state }\` to the window that framed it (\`dismissed\` on Escape).`,
          params,
          response: { 200: z.string().describe("text/html"), ...problems(404) },
        },
      },
      async (req, reply) => {
        const challenge = await findTestChallenge(ctx.db, req.params.challengeId);
        if (!challenge) return sendProblem(reply, notFound);
        const nonce = randomBytes(16).toString("base64");
        return reply
          .header("content-security-policy", pagePolicy(nonce))
          .header("cache-control", "no-store")
          .header("referrer-policy", "no-referrer")
          .type("text/html; charset=utf-8")
          .send(challengePage(req.params.challengeId, challenge, nonce));
      },
    );

    app.post(
      "/store/payments/test/challenges/:challengeId",
      {
        schema: {
          tags: ["store"],
          summary: "Answer a test 3-D Secure challenge",
          description:
            "`approve` authorizes the waiting charge, `fail` declines it (`authentication_failed`). Only a " +
            "waiting challenge changes; answering again returns its state. The page's form is sent " +
            "urlencoded and redirected back to the page (303); a JSON request gets the state.",
          params,
          body: z.object({
            answer: z.enum(["approve", "fail"]).describe("What the shopper did on the issuer's page."),
          }),
          response: { 200: stateSchema, 303: z.null(), ...problems(400, 404) },
        },
      },
      async (req, reply) => {
        const challenge = await answerTestChallenge(ctx.db, req.params.challengeId, req.body.answer);
        if (!challenge) return sendProblem(reply, notFound);
        if (String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
          return reply.code(303).header("location", challengePath(req.params.challengeId)).send(null);
        }
        return { state: challenge.state };
      },
    );
  };

const notFound = { code: "not_found", detail: "No such 3-D Secure challenge." };

const pagePolicy = (nonce: string) =>
  [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src 'nonce-${nonce}'`,
    "form-action 'self'",
    "frame-ancestors 'self'",
    "base-uri 'none'",
  ].join("; ");

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function formatAmount(c: TestChallenge): string {
  if (!isSupportedCurrency(c.currency)) return String(c.amount);
  const decimal = toDecimalString({ amount: c.amount, currency: c.currency });
  return new Intl.NumberFormat("en-US", { style: "currency", currency: c.currency }).format(
    decimal as unknown as number,
  );
}

const outcomeText: Record<Exclude<TestChallenge["state"], "pending">, string> = {
  approved: "You approved this payment. You can close this window; the store finishes your order.",
  failed: "You failed the check, so the payment was declined. Nothing was charged.",
  cancelled: "This payment was cancelled by the store. Nothing was charged.",
};

/** Plain HTML, readable without scripts; the one script only tells the framing storefront. */
function challengePage(challengeId: string, c: TestChallenge, nonce: string): string {
  const card = `${c.brand ? c.brand[0]!.toUpperCase() + c.brand.slice(1) : "Card"} ending in ${c.last4}`;
  const body =
    c.state === "pending"
      ? `<p>Confirm the payment of <strong>${escapeHtml(formatAmount(c))}</strong> with your ${escapeHtml(card)}.</p>
<p class="note">This is the test processor's stand-in for your bank's check. Choose what your bank would say.</p>
<form method="post" action="${escapeHtml(challengePath(challengeId))}">
<button type="submit" name="answer" value="approve" class="primary">Complete authentication</button>
<button type="submit" name="answer" value="fail">Fail authentication</button>
</form>`
      : `<p role="status">${escapeHtml(outcomeText[c.state])}</p>`;
  const type = JSON.stringify(challengeMessageType);
  // Pending: Escape inside this frame must still close the storefront's dialog (keyboard users
  // focused here cannot reach the parent's Escape handler), so it is passed up as "dismissed".
  const notify =
    c.state === "pending"
      ? `<script nonce="${nonce}">
document.addEventListener("keydown", function (e) {
  if (e.key === "Escape" && window.parent !== window) window.parent.postMessage({ type: ${type}, state: "dismissed" }, window.location.origin);
});
</script>`
      : `<script nonce="${nonce}">
if (window.parent !== window) window.parent.postMessage({ type: ${type}, state: ${JSON.stringify(c.state)} }, window.location.origin);
</script>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>3-D Secure check</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; padding: 1.25rem; color: #1a1a1a; background: #fff; line-height: 1.5; }
h1 { font-size: 1.25rem; margin: 0 0 .75rem; }
.note { color: #555; font-size: .9rem; }
form { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1rem; }
button { font: inherit; padding: .6rem 1rem; border-radius: .375rem; border: 1px solid #1a1a1a; background: #fff; color: #1a1a1a; cursor: pointer; }
button.primary { background: #1f4fbf; border-color: #1f4fbf; color: #fff; }
button:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
</style></head>
<body><main>
<h1>Test bank: confirm it's you</h1>
${body}
</main>${notify}</body></html>`;
}
