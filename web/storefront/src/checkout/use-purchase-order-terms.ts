import { useEffect, useState } from "react";
import { api } from "../api/client.ts";
import type { Money } from "../api/types.ts";

/** What a purchase order offers this shopper: null unless a signed-in account may use one. */
export interface PurchaseOrderTerms {
  netDays: number;
  /** Credit left in the cart's currency; undefined when the account has no limit in it. */
  available: Money | undefined;
}

/**
 * Asks for the account's terms once the store takes purchase orders and a customer is signed in,
 * so the option shows only to accounts the server will accept (it checks again at completion).
 */
export function usePurchaseOrderTerms(
  storeTakesThem: boolean,
  customerId: string | undefined,
  currency: string | undefined,
): PurchaseOrderTerms | null {
  const [terms, setTerms] = useState<PurchaseOrderTerms | null>(null);
  useEffect(() => {
    if (!storeTakesThem || !customerId) {
      setTerms(null);
      return;
    }
    let live = true;
    api
      .getPaymentTerms()
      .then((t) => {
        if (!live) return;
        setTerms(
          t.purchaseOrders
            ? {
                netDays: t.netDays,
                available: t.credit.find((c) => c.available.currency === currency)?.available,
              }
            : null,
        );
      })
      .catch(() => live && setTerms(null));
    return () => {
      live = false;
    };
  }, [storeTakesThem, customerId, currency]);
  return terms;
}
