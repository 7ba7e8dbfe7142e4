import { useEffect, useState, useSyncExternalStore } from "react";
import { ApiProblem, api } from "../api/client.ts";
import type { Product } from "../api/types.ts";

const cache = new Map<string, Product[]>();

// The currencies the store sells in arrive with every product list; the currency picker reads
// them from here so the storefront never hard-codes the merchant's STORE_CURRENCIES.
let storeCurrencies: readonly string[] = [];
const currencyListeners = new Set<() => void>();

function rememberCurrencies(list: readonly string[]): void {
  if (list.join() === storeCurrencies.join()) return;
  storeCurrencies = list;
  for (const l of currencyListeners) l();
}

/** The store's currencies (default first); empty until the first product list has loaded. */
export function useStoreCurrencies(): readonly string[] {
  return useSyncExternalStore(
    (listener) => {
      currencyListeners.add(listener);
      return () => currencyListeners.delete(listener);
    },
    () => storeCurrencies,
  );
}

/** The catalog priced in `currency`, cached per currency for the visit. */
export function useProducts(currency: string): { products: Product[] | null; error: string | null } {
  const [products, setProducts] = useState<Product[] | null>(() => cache.get(currency) ?? null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const cached = cache.get(currency);
    if (cached) setProducts(cached);
    const controller = new AbortController();
    api.listProducts(currency, controller.signal).then(
      (list) => {
        cache.set(currency, list.products);
        rememberCurrencies(list.currencies);
        setProducts(list.products);
        setError(null);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e instanceof ApiProblem ? e.message : "We couldn't load the products.");
      },
    );
    return () => controller.abort();
  }, [currency]);
  return { products, error };
}
