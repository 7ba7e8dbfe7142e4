import { useEffect, useRef, useState } from "react";
import { ApiProblem, api } from "../api/client.ts";

type State =
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "ready"; url: string }
  | { kind: "error"; message: string };

/**
 * The receipt PDF behind the order token. A plain link cannot send the `x-order-token` header, so
 * the PDF is fetched as a Blob and offered through an object URL (saved at once, and kept as a
 * link for a second click).
 */
export function ReceiptDownload({
  orderId,
  orderToken,
  orderNumber,
}: {
  orderId: string;
  orderToken: string;
  orderNumber: string;
}) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const link = useRef<HTMLAnchorElement>(null);
  const startDownload = useRef(false);
  const url = state.kind === "ready" ? state.url : null;

  useEffect(() => {
    if (!url) return;
    // The click that asked for the receipt should save it, not only reveal a link.
    if (startDownload.current) {
      startDownload.current = false;
      link.current?.click();
    }
    // The Blob stays in memory until its URL is revoked; leaving the page is the last use.
    return () => URL.revokeObjectURL(url);
  }, [url]);

  const fetchReceipt = async () => {
    setState({ kind: "loading" });
    try {
      const blob = await api.getReceipt(orderId, orderToken);
      startDownload.current = true;
      setState({ kind: "ready", url: URL.createObjectURL(blob) });
    } catch (error) {
      setState({
        kind: "error",
        message:
          error instanceof ApiProblem && error.status === 404
            ? "We couldn't find the receipt for this order."
            : "We couldn't prepare your receipt. Please try again.",
      });
    }
  };

  const fileName = `receipt-${orderNumber}.pdf`;
  return (
    <div className="receipt">
      {url ? (
        <a ref={link} className="button" href={url} download={fileName} type="application/pdf">
          Download receipt (PDF)
        </a>
      ) : (
        <button
          type="button"
          className="button"
          disabled={state.kind === "loading"}
          onClick={() => void fetchReceipt()}
        >
          {state.kind === "loading" ? "Preparing receipt…" : "Download receipt (PDF)"}
        </button>
      )}
      <p className="receipt__status" aria-live="polite">
        {state.kind === "error" ? <span className="field__error">{state.message}</span> : null}
        {state.kind === "ready" ? <span className="visually-hidden">Your receipt is ready.</span> : null}
      </p>
    </div>
  );
}
