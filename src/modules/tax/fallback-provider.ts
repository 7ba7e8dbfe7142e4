import type { TaxInput, TaxProvider, TaxResult } from "./tax-provider.ts";

export interface FallbackOptions {
  /** How long to wait for the external provider before using the fallback (default 2 s). */
  timeoutMs?: number;
  /** Told why the external provider was skipped, e.g. to log it; must not throw. */
  onFailure?: (error: unknown) => void;
}

class TaxProviderTimeout extends Error {
  constructor(name: string, ms: number) {
    super(`Tax provider ${name} did not answer within ${ms} ms`);
    this.name = "TaxProviderTimeout";
  }
}

/**
 * The external-provider slot: asks `external` first and, when it throws, rejects or does not
 * answer within the timeout, answers with `fallback` (the built-in rates) marked
 * `fallback: true`. A checkout is never blocked by a tax service outage; the flag lets the
 * merchant reconcile later. The timed-out call is aborted through its signal.
 */
export function withFallback(
  external: TaxProvider,
  fallback: TaxProvider,
  options: FallbackOptions = {},
): TaxProvider {
  const timeoutMs = options.timeoutMs ?? 2_000;
  return {
    name: external.name,
    async calculate(input: TaxInput): Promise<TaxResult> {
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new TaxProviderTimeout(external.name, timeoutMs));
        }, timeoutMs);
      });
      try {
        return await Promise.race([external.calculate(input, { signal: controller.signal }), timeout]);
      } catch (error) {
        options.onFailure?.(error);
        const result = await fallback.calculate(input);
        return {
          ...result,
          fallback: true,
          notes: [...result.notes, `Tax computed with built-in rates: ${external.name} was unavailable.`],
        };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
