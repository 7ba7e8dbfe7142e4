import { randomInt } from "node:crypto";
import type { Db } from "../../shared/db/database.ts";
import type { Result } from "../../shared/failure.ts";
import { createPromotion } from "./create-promotion.ts";

// No I, L, O or U: a code typed from an email survives being misread.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * Creates a promotion usable by exactly one order: a fresh random code (60 bits, e.g.
 * `BACK-7KQ2M9XD3HTR`), usage limit 1, valid until `endsAt`. The limit is the same one every
 * promotion has, enforced by the conditional update at placement, so two checkouts racing with
 * the code cannot both get it (G11). Writes `promotion.created` in the caller's transaction.
 */
export async function createSingleUsePromotionCode(
  db: Db,
  input: { label: string; ratePpm: number; currency: string; endsAt: Date; prefix?: string },
  at: Date,
): Promise<Result<{ promotionId: string; code: string }>> {
  const random = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  const code = `${input.prefix ?? "BACK"}-${random}`;
  const created = await createPromotion(
    db,
    {
      label: input.label,
      automatic: false,
      codes: [code],
      priority: 0,
      stacking: "exclusive",
      rules: {
        conditions: { currencies: [input.currency] },
        effect: { kind: "order_percentage", ratePpm: input.ratePpm },
      },
      endsAt: input.endsAt,
      usageLimit: 1,
      perCustomerLimit: 1,
    },
    at,
  );
  return created.ok ? { ok: true, value: { promotionId: created.value.id, code } } : created;
}
