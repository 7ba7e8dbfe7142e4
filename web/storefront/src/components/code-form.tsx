import { useEffect, useId, useRef, useState } from "react";

interface CodeFormProps {
  /** Disclosure text, e.g. "Add a promotion code". */
  summary: string;
  label: string;
  /** Resolves to the message to show when the code was refused, else null. */
  onApply(code: string): Promise<string | null>;
  disabled: boolean;
  autoCapitalize?: boolean;
}

/**
 * A code entry behind a disclosure, so the summary stays short for the many shoppers without one.
 * A refusal is shown under the field, tied to it with aria-describedby, and focus returns to the
 * field so the shopper can correct the code straight away.
 */
export function CodeForm({ summary, label, onApply, disabled, autoCapitalize = true }: CodeFormProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const details = useRef<HTMLDetailsElement>(null);
  const toggle = useRef<HTMLElement>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const errorId = `${id}-error`;
  // Focus waits for the render that re-enables the field: a disabled input cannot take focus.
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    if (focusRequest > 0) input.current?.focus();
  }, [focusRequest]);

  const submit = async () => {
    const entered = code.trim();
    if (!entered) {
      setError(`Enter a ${label.toLowerCase()}.`);
      setFocusRequest((n) => n + 1);
      return;
    }
    setPending(true);
    const refusal = await onApply(autoCapitalize ? entered.toUpperCase() : entered);
    setPending(false);
    setError(refusal);
    if (refusal) setFocusRequest((n) => n + 1);
    else {
      // Applied: fold the form away so the new amounts, not an empty field, hold the eye; focus
      // goes to the toggle rather than being lost with the hidden field.
      setCode("");
      if (details.current) details.current.open = false;
      toggle.current?.focus();
    }
  };

  return (
    <details className="code-form" ref={details}>
      <summary className="code-form__toggle" ref={toggle}>
        {summary}
      </summary>
      <form
        className="code-form__row"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className={`field code-form__field${error ? " field--invalid" : ""}`}>
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            ref={input}
            value={code}
            autoComplete="off"
            autoCapitalize={autoCapitalize ? "characters" : "off"}
            spellCheck={false}
            maxLength={64}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            disabled={disabled || pending}
            onChange={(e) => {
              setCode(e.target.value);
              if (error) setError(null);
            }}
          />
        </div>
        <button type="submit" className="button code-form__apply" disabled={disabled || pending}>
          {pending ? "Applying…" : "Apply"}
        </button>
      </form>
      {error ? (
        <p className="field__error code-form__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </details>
  );
}
