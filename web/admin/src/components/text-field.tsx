import type { InputHTMLAttributes, ReactNode } from "react";

/**
 * A labelled input with its error announced and tied to it (aria-describedby), as every admin form
 * needs. `after` sits beside the input (a "Full amount" button, say).
 */
export function TextField({
  id,
  label,
  error,
  after,
  ...input
}: { id: string; label: string; error?: string | undefined; after?: ReactNode } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "id"
>) {
  const errorId = `${id}-error`;
  const field = (
    <input
      id={id}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? errorId : undefined}
      {...input}
    />
  );
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {after ? (
        <div className="input-row">
          {field}
          {after}
        </div>
      ) : (
        field
      )}
      {error ? (
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
