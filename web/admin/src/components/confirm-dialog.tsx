import { type ReactNode, useEffect, useRef } from "react";
import type { ApiProblem } from "../api/client.ts";
import { ErrorNotice } from "./states.tsx";

/**
 * A modal confirmation on the native <dialog>: the browser traps focus, Escape cancels, and focus
 * returns to the button that opened it. For actions that move money or cannot be undone.
 * `problem`: the server's refusal of the last attempt, shown under the body in its own words.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  tone = "primary",
  busy,
  problem,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  tone?: "primary" | "danger";
  busy?: boolean;
  problem?: ApiProblem | null;
  onConfirm(): void;
  onCancel(): void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        <h2 id="confirm-title">{title}</h2>
        <div className="dialog__body">
          {children}
          {problem ? <ErrorNotice problem={problem} /> : null}
        </div>
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
            Keep as is
          </button>
          <button type="submit" className={`button button--${tone}`} disabled={busy}>
            {busy ? "Working…" : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
