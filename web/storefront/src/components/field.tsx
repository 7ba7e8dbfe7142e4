import type { InputHTMLAttributes, ReactNode, Ref, SelectHTMLAttributes } from "react";

interface FieldShell {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  optional?: boolean;
  className?: string;
}

/** Label, hint and error wired to the control with aria-describedby, so screen readers read all three. */
function Shell({
  id,
  label,
  error,
  hint,
  optional,
  className,
  children,
}: FieldShell & { children: ReactNode }) {
  return (
    <div className={`field${error ? " field--invalid" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>
        {label}
        {optional ? <span className="field__optional"> (optional)</span> : null}
      </label>
      {children}
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {/* Always rendered so an error appearing does not push the form down by a line. */}
      <p className="field__error" id={`${id}-error`}>
        {error ?? ""}
      </p>
    </div>
  );
}

function describedBy(id: string, hint: ReactNode, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return ids || undefined;
}

type InputProps = FieldShell &
  Omit<InputHTMLAttributes<HTMLInputElement>, "id"> & { inputRef?: Ref<HTMLInputElement> };

export function TextField({ id, label, error, hint, optional, className, inputRef, ...input }: InputProps) {
  return (
    <Shell id={id} label={label} error={error} hint={hint} optional={optional} className={className}>
      <input
        id={id}
        name={id}
        ref={inputRef}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        required={!optional}
        {...input}
      />
    </Shell>
  );
}

type SelectProps = FieldShell &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & {
    selectRef?: Ref<HTMLSelectElement>;
    children: ReactNode;
  };

export function SelectField({
  id,
  label,
  error,
  hint,
  optional,
  className,
  selectRef,
  children,
  ...select
}: SelectProps) {
  return (
    <Shell id={id} label={label} error={error} hint={hint} optional={optional} className={className}>
      <select
        id={id}
        name={id}
        ref={selectRef}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...select}
      >
        {children}
      </select>
    </Shell>
  );
}
