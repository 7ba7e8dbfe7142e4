import { useEffect, useState } from "react";
import { ApiProblem, api } from "../api/client.ts";
import type { Product } from "../api/types.ts";

const cache = new Map<string, Product[]>();

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
