import type { Ref } from "react";
import { TextField } from "../components/field.tsx";

interface ContactProps {
  email: string;
  error: string | undefined;
  inputRef: Ref<HTMLInputElement>;
  onChange(email: string): void;
  onBlur(): void;
}

export function ContactSection({ email, error, inputRef, onChange, onBlur }: ContactProps) {
  return (
    <section className="step" aria-labelledby="contact-title">
      <h2 id="contact-title" className="step__title">
        <span className="step__number" aria-hidden="true">
          1
        </span>
        Contact
      </h2>
      <TextField
        id="email"
        label="Email"
        type="email"
        autoComplete="email"
        inputMode="email"
        spellCheck={false}
        value={email}
        error={error}
        inputRef={inputRef}
        hint="We'll send your receipt and delivery updates here."
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
      />
    </section>
  );
}
