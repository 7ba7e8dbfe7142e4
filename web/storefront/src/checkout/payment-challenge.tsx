import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { ApiProblem, type CheckoutPayment } from "../api/client.ts";
import type { Money, PlacedOrder } from "../api/types.ts";
import { completeAttempt } from "./place-order.ts";
import { runStripeAction } from "./stripe-payment.ts";
import "./payment-challenge.css";

/** What a `payment_action_required` answer asks the shopper to do (3-D Secure). */
export interface PaymentAction {
  type: "three_d_secure";
  /** The provider's challenge page, shown in a frame (the test processor's, a redirect URL). */
  url: string | null;
  /** Stripe: handled by Stripe.js `handleNextAction` instead of a frame. */
  clientSecret?: string;
  attemptId: string;
}

/** How the shopper left the challenge. */
export type ChallengeResult = "approved" | "failed" | "cancelled";

/** The message the test processor's challenge page posts once answered (same origin only). */
const messageType = "cartwright:three_d_secure";

/** At most this many challenges for one press of "Pay" (a bank asking again and again). */
const maxChallenges = 3;

/**
 * Completes the cart like completeAttempt, taking the shopper through 3-D Secure when the
 * server asks: the challenge runs, then the cart is completed again, which resumes the same
 * attempt on the server (one order however often this runs). A closed challenge is cancelled on
 * the server, so the stock and the cart are released at once, and reported as
 * `payment_action_cancelled`; a failed one comes back from the server as a decline.
 */
export async function completeWithChallenges(
  cartId: string,
  cartToken: string,
  payment: CheckoutPayment,
  expectedTotal: Money,
  runChallenge: (action: PaymentAction) => Promise<ChallengeResult>,
): Promise<PlacedOrder> {
  for (let round = 0; ; round++) {
    try {
      return await completeAttempt(cartId, cartToken, payment, expectedTotal);
    } catch (error) {
      if (
        !(error instanceof ApiProblem) ||
        error.code !== "payment_action_required" ||
        round >= maxChallenges
      )
        throw error;
      const action = error.problem.action as PaymentAction;
      const result = await runChallenge(action);
      if (result !== "cancelled") continue;
      const cancelled = await cancelChallenge(cartId, cartToken);
      // Approved at the very last moment: the order exists, and completing returns it.
      if (cancelled === "placed") continue;
      throw new ApiProblem({
        type: "about:blank",
        title: "Payment cancelled",
        status: 402,
        code: "payment_action_cancelled",
        detail:
          "You closed your bank's check, so the payment was cancelled and nothing was charged. Pay again to retry, or use another card.",
      });
    }
  }
}

/** POST …/payment-action/cancel; "none" when nothing was waiting any more. */
async function cancelChallenge(cartId: string, cartToken: string): Promise<"cancelled" | "placed" | "none"> {
  try {
    const res = await fetch(`/store/carts/${encodeURIComponent(cartId)}/payment-action/cancel`, {
      method: "POST",
      headers: { accept: "application/json", "x-cart-token": cartToken },
    });
    if (!res.ok) return "none";
    const body = (await res.json()) as { result: "cancelled" | "placed" };
    return body.result;
  } catch {
    // Offline: the server releases the attempt when the challenge window passes.
    return "none";
  }
}

interface OpenChallenge {
  action: PaymentAction;
  finish(result: ChallengeResult): void;
}

/**
 * The challenge dialog and the function that opens it. Render `dialog` once in the page; `run`
 * resolves when the shopper answered in the provider's page or closed the dialog.
 */
export function usePaymentChallenge(): {
  dialog: ReactNode;
  run(action: PaymentAction): Promise<ChallengeResult>;
} {
  const [open, setOpen] = useState<OpenChallenge | null>(null);
  const run = useCallback((action: PaymentAction) => {
    // Stripe runs its own challenge UI (Stripe.js); the frame is for providers with a page.
    if (!action.url && action.clientSecret) return runStripeAction(action.clientSecret);
    if (!action.url) return Promise.resolve<ChallengeResult>("cancelled");
    return new Promise<ChallengeResult>((resolve) => {
      setOpen({
        action,
        finish: (result) => {
          setOpen(null);
          resolve(result);
        },
      });
    });
  }, []);
  const dialog = open ? <ChallengeDialog challenge={open} /> : null;
  return { dialog, run };
}

/**
 * A modal dialog framing the provider's challenge page: focus moves into it and stays there
 * (native modal <dialog>), Escape and "Cancel payment" give up, the page's message ends it.
 */
function ChallengeDialog({ challenge }: { challenge: OpenChallenge }) {
  const ref = useRef<HTMLDialogElement>(null);
  const done = useRef(false);
  const finish = useCallback(
    (result: ChallengeResult) => {
      if (done.current) return;
      done.current = true;
      ref.current?.close();
      challenge.finish(result);
    },
    [challenge],
  );

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin) return;
      const data = event.data as { type?: string; state?: string } | null;
      if (data?.type !== messageType) return;
      if (data.state === "approved" || data.state === "failed") finish(data.state);
      // "dismissed": Escape pressed inside the bank's frame; "cancelled": the store gave up on it.
      else if (data.state === "cancelled" || data.state === "dismissed") finish("cancelled");
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [finish]);

  return (
    <dialog
      ref={ref}
      className="challenge"
      aria-labelledby="challenge-title"
      aria-describedby="challenge-note"
      onCancel={(event) => {
        // Escape: give up the check (the server releases the cart), rather than hide it half-done.
        event.preventDefault();
        finish("cancelled");
      }}
    >
      <h2 id="challenge-title" className="challenge__title">
        Confirm your payment
      </h2>
      <p id="challenge-note" className="muted challenge__note">
        Your bank asks you to confirm it's you. Nothing is charged until you do.
      </p>
      <iframe
        className="challenge__frame"
        src={challenge.action.url ?? undefined}
        title="Your bank's security check"
      />
      <button type="button" className="button challenge__cancel" onClick={() => finish("cancelled")}>
        Cancel payment
      </button>
    </dialog>
  );
}
