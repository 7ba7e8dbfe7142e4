import type { AuthorizeOutcome, PaymentGateway, RetryTiming } from "../../src/modules/payments/index.ts";

type Script = "ok" | "fail_before" | "timeout_after_charge" | "throw";

/**
 * An in-memory card processor for retry tests. Each call to authorize takes the next step of
 * `script` ("ok" once it runs out): fail before doing anything, charge and then time out, or
 * throw like a dropped connection. Its ledger is keyed by idempotency key, like a real provider.
 */
export function createScriptedGateway(provider: string, script: Script[] = []) {
  const charges = new Map<string, AuthorizeOutcome>();
  const calls: string[] = [];
  let lookupFails = 0;
  const steps = [...script];
  const charge = (key: string): AuthorizeOutcome => {
    const existing = charges.get(key);
    if (existing) return existing;
    const outcome: AuthorizeOutcome = {
      status: "authorized",
      providerReference: `ch_${charges.size + 1}`,
      authorizationCode: "A1",
      brand: "visa",
      last4: "4242",
    };
    charges.set(key, outcome);
    return outcome;
  };
  const gateway: PaymentGateway = {
    provider,
    async authorize(request) {
      calls.push("authorize");
      const step = steps.shift() ?? "ok";
      if (step === "fail_before") return { status: "unknown", reason: "provider_error" };
      if (step === "throw") throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      const outcome = charge(request.idempotencyKey);
      return step === "timeout_after_charge" ? { status: "unknown", reason: "timeout" } : outcome;
    },
    async lookup(key) {
      calls.push("lookup");
      if (lookupFails > 0) {
        lookupFails--;
        return { status: "unknown", reason: "timeout" };
      }
      return charges.get(key) ?? { status: "not_found" };
    },
    async void() {
      calls.push("void");
      return { status: "voided" };
    },
    async capture(request) {
      calls.push("capture");
      return { status: "captured", amount: request.amount };
    },
    async refund() {
      calls.push("refund");
      return { status: "refunded", providerReference: "re_1" };
    },
  };
  return {
    gateway,
    charges,
    calls,
    /** Appends steps to the script (e.g. to bring a down provider back). */
    append: (...more: Script[]) => steps.push(...more),
    failNextLookups: (n: number) => {
      lookupFails = n;
    },
  };
}

/** Retry timing that never waits: sleeping moves a fake monotonic clock forward. */
export function instantTiming() {
  const state = { now: 0, sleeps: [] as number[] };
  const timing: RetryTiming = {
    now: () => state.now,
    sleep: async (ms) => {
      state.sleeps.push(ms);
      state.now += ms;
    },
    random: () => 0.5,
  };
  return { timing, state, advance: (ms: number) => (state.now += ms) };
}
