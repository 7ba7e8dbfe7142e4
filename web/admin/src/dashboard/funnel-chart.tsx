import type { AnalyticsFunnel } from "../api/types.ts";
import { formatInteger, formatPercent, humanize } from "../format.ts";

const stepNames: Record<string, string> = {
  cart_viewed: "Cart viewed",
  checkout_started: "Checkout started",
  contact: "Contact",
  address: "Address",
  shipping: "Shipping",
  payment: "Payment",
  completed: "Order placed",
};

/** The checkout funnel as horizontal bars (HTML, so it reads as a list), with drop-off to the next step. */
export function FunnelChart({ funnel }: { funnel: AnalyticsFunnel }) {
  const top = Math.max(1, ...funnel.steps.map((s) => s.count));
  return (
    <ol className="funnel">
      {funnel.steps.map((s) => (
        <li key={s.step} className="funnel__step">
          <span className="funnel__name">{stepNames[s.step] ?? humanize(s.step)}</span>
          <span className="funnel__bar" aria-hidden="true">
            <span style={{ width: `${(s.count / top) * 100}%` }} />
          </span>
          <span className="funnel__count">{formatInteger(s.count)}</span>
          <span className={s.dropOff === 0 ? "funnel__drop funnel__drop--none" : "funnel__drop"}>
            {s.step === "completed" || s.dropOffRate === null ? (
              ""
            ) : (
              <>
                <span className="visually-hidden">drop-off to the next step: </span>
                {/* No loss is "0%", not a red "−0%". */}
                {s.dropOff === 0 ? "" : "−"}
                {formatPercent(s.dropOffRate)}
              </>
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}
