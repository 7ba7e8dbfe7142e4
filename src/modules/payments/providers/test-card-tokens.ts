import { eq } from "drizzle-orm";
import type { Db } from "../../../shared/db/database.ts";
import { newSecret } from "../../../shared/ids.ts";
import { type CardInput, checkCard } from "../domain/card-number.ts";
import { testProcessorTokens } from "../schema.ts";
import { behaviourOfNumber, literalTokens, type TestCardBehaviour } from "./test-card-behaviours.ts";

export interface TestCardToken {
  token: string;
  brand: string;
  last4: string;
}

export type TokenizeResult =
  | { ok: true; value: TestCardToken }
  | { ok: false; errors: { field: string; code: string; message: string }[] };

/**
 * The test processor's hosted fields: checks a card and swaps it for a random token. Only the
 * behaviour, brand, last 4 and expiry are kept; the number and CVC leave with this call (G15).
 */
export async function tokenizeTestCard(db: Db, input: CardInput, now: Date): Promise<TokenizeResult> {
  const checked = checkCard(input, now);
  if (!checked.ok) return { ok: false, errors: checked.errors };
  const token = newSecret("tok_test");
  await db.insert(testProcessorTokens).values({
    token,
    behaviour: behaviourOfNumber(checked.digits),
    brand: checked.brand,
    last4: checked.last4,
    expMonth: input.expMonth,
    expYear: input.expYear < 100 ? 2000 + input.expYear : input.expYear,
    createdAt: now,
  });
  return { ok: true, value: { token, brand: checked.brand, last4: checked.last4 } };
}

/** What a payment source stands for at the test processor, or undefined for an unknown source. */
export async function resolveTestSource(
  db: Db,
  source: string,
): Promise<{ behaviour: TestCardBehaviour; brand: string; last4: string } | undefined> {
  const literal = literalTokens[source];
  if (literal) return literal;
  if (!source.startsWith("tok_test_")) return undefined;
  const [row] = await db.select().from(testProcessorTokens).where(eq(testProcessorTokens.token, source));
  return row && { behaviour: row.behaviour as TestCardBehaviour, brand: row.brand, last4: row.last4 };
}
