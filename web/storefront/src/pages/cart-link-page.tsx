import { useEffect, useRef, useState } from "react";
import { ApiProblem, api } from "../api/client.ts";
import { Link } from "../components/link.tsx";
import { navigate, usePageTitle } from "../router.ts";
import { useCart } from "../state/cart-context.tsx";

/** The token sits after `#` in the email link so it never reaches a server log or a Referer. */
function tokenFromFragment(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get("token");
  return token?.trim() ? token.trim() : null;
}

type State = { kind: "working" } | { kind: "done" } | { kind: "failed"; message: string };

const messages: Record<string, string> = {
  recovery_link_expired: "This link has expired. Your items may still be in the shop: add them again.",
  cart_not_open: "This cart was already ordered, so there is nothing to restore.",
  recovery_link_invalid: "This link is not complete. Open it from the email again.",
};

/** What a cart reminder's links open: the cart again (then checkout), or no more reminders. */
export default function CartLinkPage({ action }: { action: "restore" | "unsubscribe" }) {
  const { adoptCart } = useCart();
  // Read through a ref: the effect must run once per page, since each restore issues a new token.
  const adopt = useRef(adoptCart);
  adopt.current = adoptCart;
  const started = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const [state, setState] = useState<State>({ kind: "working" });
  const title = action === "restore" ? "Restoring your cart" : "Cart reminders";
  usePageTitle(title, heading);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = tokenFromFragment();
    if (!token) {
      setState({ kind: "failed", message: messages.recovery_link_invalid! });
      return;
    }
    const failed = (error: unknown) =>
      setState({
        kind: "failed",
        message:
          (error instanceof ApiProblem && messages[error.code]) ||
          "Something went wrong. Please try the link again.",
      });
    if (action === "restore")
      api.restoreCart(token).then((created) => {
        adopt.current(created);
        navigate("/checkout", { replace: true });
      }, failed);
    else api.unsubscribeReminders(token).then(() => setState({ kind: "done" }), failed);
  }, [action]);

  return (
    <section className="narrow">
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {state.kind === "working" ? <p className="loading">One moment…</p> : null}
      {state.kind === "done" ? <p>You will get no more cart reminders from us.</p> : null}
      {state.kind === "failed" ? <p role="alert">{state.message}</p> : null}
      <p>
        <Link href="/">Back to the shop</Link>
      </p>
    </section>
  );
}
