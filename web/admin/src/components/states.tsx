import type { ReactNode } from "react";
import type { ApiProblem } from "../api/client.ts";
import type { Resource } from "../use-resource.ts";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="state state--loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** A failed load or action: what went wrong in words, and a way to try again. */
export function ErrorNotice({ problem, onRetry }: { problem: ApiProblem; onRetry?: () => void }) {
  return (
    <div className="state state--error" role="alert">
      <p>
        <strong>{titleOf(problem)}</strong> {problem.message}
      </p>
      {problem.problem.errors?.length ? (
        <ul>
          {problem.problem.errors.map((e) => (
            <li key={`${e.field}-${e.code}`}>
              {e.field}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

function titleOf(problem: ApiProblem): string {
  if (problem.status === 0) return "Could not reach the server.";
  if (problem.status === 403) return "Not allowed.";
  if (problem.status === 404) return "Not found.";
  if (problem.status >= 500) return "Something went wrong on the server.";
  return "That did not work.";
}

/** A loaded resource's spinner (only before its first answer) or its error with a retry. */
export function LoadStates({
  resource,
  label,
}: {
  resource: Resource<unknown> & { reload(): void };
  label?: string;
}) {
  if (resource.state === "error") return <ErrorNotice problem={resource.problem} onRetry={resource.reload} />;
  if (resource.state === "loading" && resource.data === undefined) return <Loading label={label} />;
  return null;
}

export type FormMessageValue = { tone: "error" | "success"; text: string } | null;

/** A form's outcome under its fields: an error is announced at once, a success politely. */
export function FormMessage({ message, id }: { message: FormMessageValue; id?: string }) {
  if (!message) return null;
  return message.tone === "error" ? (
    <p id={id} className="field__error" role="alert">
      {message.text}
    </p>
  ) : (
    <p id={id} className="notice notice--success" role="status">
      {message.text}
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state--empty">
      <p>
        <strong>{title}</strong>
      </p>
      {children}
    </div>
  );
}

const tones: Record<string, string> = {
  placed: "info",
  cancelled: "neutral",
  paid: "success",
  awaiting_payment: "warning",
  partially_paid: "warning",
  authorized: "warning",
  captured: "success",
  partially_refunded: "warning",
  refunded: "neutral",
  voided: "neutral",
  failed: "danger",
  unfulfilled: "warning",
  partially_fulfilled: "warning",
  fulfilled: "success",
  delivered: "success",
  pending: "warning",
  labelled: "info",
  shipped: "success",
  in_transit: "info",
  out_for_delivery: "info",
  exception: "danger",
  sent: "success",
  dead: "danger",
  active: "success",
  disabled: "neutral",
};

/** A status as a coloured pill, always with its name in words (colour is never the only signal). */
export function Badge({ status }: { status: string }) {
  return <span className={`badge badge--${tones[status] ?? "neutral"}`}>{status.replace(/_/g, " ")}</span>;
}
