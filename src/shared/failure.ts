/**
 * Expected outcomes of a use case are values, not exceptions: `{ ok: false, failure }` carries a
 * stable code that the HTTP layer maps to a status (see http/problem.ts). Bugs are thrown.
 */
export interface FieldError {
  /** JSON pointer-ish path of the offending field, e.g. "shippingAddress.postalCode". */
  field: string;
  code: string;
  message: string;
}

export interface Failure {
  code: string;
  detail: string;
  errors?: FieldError[];
  /** Extra machine-readable facts for the client (e.g. `available` for insufficient stock). */
  meta?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = <T = never>(
  code: string,
  detail: string,
  extra: Omit<Failure, "code" | "detail"> = {},
): Result<T> => ({ ok: false, failure: { code, detail, ...extra } });

/** Thrown when a failure must abort a transaction; caught at the boundary of the use case. */
export class FailureError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.detail);
    this.name = "FailureError";
  }
}
