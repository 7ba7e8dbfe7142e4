import type { Db } from "../../shared/db/database.ts";
import { type Failure, fail, ok, type Result } from "../../shared/failure.ts";
import { findSellableVariants, findVariantIdBySku } from "../catalog/index.ts";
import { getStockStatus } from "../inventory/index.ts";
import type { OrderView } from "../orders/index.ts";

/** What the shopper wants instead of a refund for one returned SKU. */
export interface ExchangeWish {
  /** The SKU returned (a line of the order) and how many units of it. */
  sku: string;
  quantity: number;
  /** The variant wanted instead: another variant of the same product. */
  forSku: string;
  /** Out of stock: refund the line instead (`refund`) or refuse the exchange (`refuse`). */
  ifOutOfStock: "refuse" | "refund";
}

export interface ChosenExchange {
  variantId: string;
  sku: string;
  title: string;
  refundIfUnavailable: boolean;
}

/**
 * Checks exchange wishes against the catalog in the order's currency: the replacement must be an
 * active variant of the returned line's product, other than it, at the same current price (price
 * differences are not settled in this version). Stock is only a hint here (no lock): an
 * exchange that cannot be served now is refused with `exchange_out_of_stock`, or dropped (a plain
 * refund line) when the shopper chose `refund`; approval holds the stock for real.
 */
export async function chooseExchanges(
  db: Db,
  order: OrderView,
  wishes: readonly ExchangeWish[],
): Promise<Result<Map<string, ChosenExchange>>> {
  const chosen = new Map<string, ChosenExchange>();
  for (const wish of wishes) {
    const line = order.lines.find((l) => l.sku === wish.sku);
    const wantedId = await findVariantIdBySku(db, wish.forSku);
    if (!line || !wantedId || wish.forSku === wish.sku)
      return fail("exchange_variant_invalid", `${wish.forSku} cannot replace ${wish.sku}.`, {
        meta: { sku: wish.sku, forSku: wish.forSku },
      });
    const variants = await findSellableVariants(db, [line.variantId, wantedId], order.currency);
    const returned = variants.get(line.variantId);
    const wanted = variants.get(wantedId);
    if (!returned || !wanted?.active || wanted.productId !== returned.productId)
      return fail(
        "exchange_variant_invalid",
        `${wish.forSku} is not an available variant of ${wish.sku}'s product.`,
        {
          meta: { sku: wish.sku, forSku: wish.forSku },
        },
      );
    if (wanted.unitPrice === null || wanted.unitPrice !== returned.unitPrice)
      return fail(
        "exchange_price_differs",
        `${wish.forSku} costs ${wanted.unitPrice ?? "nothing"} and ${wish.sku} ${returned.unitPrice} (minor units); only same-price exchanges are possible.`,
        { meta: { sku: wish.sku, forSku: wish.forSku } },
      );
    const free = await freeUnits(db, wanted.sku);
    if (free < wish.quantity) {
      if (wish.ifOutOfStock === "refund") continue;
      return { ok: false, failure: exchangeOutOfStock(wanted.sku, wish.quantity, free) };
    }
    chosen.set(wish.sku, {
      variantId: wanted.variantId,
      sku: wanted.sku,
      title: wanted.variantTitle ? `${wanted.productTitle} – ${wanted.variantTitle}` : wanted.productTitle,
      refundIfUnavailable: wish.ifOutOfStock === "refund",
    });
  }
  return ok(chosen);
}

/** The exchange's 409 when the replacement cannot be held; `meta` says how many are free. */
export function exchangeOutOfStock(sku: string, requested: number, available: number): Failure {
  return {
    code: "exchange_out_of_stock",
    detail: `Only ${available} of ${sku} available for the exchange, ${requested} needed.`,
    meta: { sku, requested, available },
  };
}

/** Units of `sku` a reservation could take now: free stock plus backorder room. No lock: a hint. */
async function freeUnits(db: Db, sku: string): Promise<number> {
  const status = (await getStockStatus(db, [sku])).get(sku)!;
  if (!status.backorder.allowed) return status.available;
  return status.available + (status.backorder.remaining ?? Number.POSITIVE_INFINITY);
}

/**
 * The first exchanged line whose replacement is short now (units of the same replacement SKU
 * counted together), before approval buys a label. No lock: approval's hold decides.
 */
export async function findShortExchange(
  db: Db,
  lines: readonly { exchangeSku: string | null; quantity: number; refundIfUnavailable: boolean }[],
): Promise<{ sku: string; requested: number; available: number; refundIfUnavailable: boolean } | undefined> {
  const need = new Map<string, number>();
  for (const l of lines)
    if (l.exchangeSku) need.set(l.exchangeSku, (need.get(l.exchangeSku) ?? 0) + l.quantity);
  for (const [sku, requested] of need) {
    const available = await freeUnits(db, sku);
    if (available < requested) {
      const refundIfUnavailable = lines.every((l) => l.exchangeSku !== sku || l.refundIfUnavailable);
      return { sku, requested, available, refundIfUnavailable };
    }
  }
  return undefined;
}
