import { useCallback, useRef } from "react";
import { newIdempotencyKey } from "./api/client.ts";

/**
 * An Idempotency-Key per distinct request body, for the life of a dialog or form: sending the same
 * body again after a lost answer reuses its key (the server applies it once); a corrected body
 * gets a new key instead of the server's 422 for a key reused with a different body.
 */
export function useIdempotencyKeys(): (body: unknown) => string {
  const keys = useRef(new Map<string, string>());
  return useCallback((body: unknown) => {
    const signature = JSON.stringify(body);
    let key = keys.current.get(signature);
    if (!key) {
      key = newIdempotencyKey();
      keys.current.set(signature, key);
    }
    return key;
  }, []);
}
