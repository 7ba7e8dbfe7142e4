import type { Ref } from "react";
import { TextField } from "../components/field.tsx";
import { useAccount } from "../state/account.ts";
import { SignInPanel } from "./sign-in-panel.tsx";

interface ContactProps {
  email: string;
  error: string | undefined;
  inputRef: Ref<HTMLInputElement>;
  onChange(email: string): void;
  onBlur(): void;
  onError(message: string): void;
}

export function ContactSection({ email, error, inputRef, onChange, onBlur, onError }: ContactProps) {
  const { customer, signOut } = useAccount();
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
      {customer ? (
        <p className="sign-in__prompt" role="status">
          Signed in as <strong>{customer.email}</strong>.{" "}
          <button type="button" className="link-button" onClick={() => void signOut()}>
            Sign out
          </button>
        </p>
      ) : customer === null ? (
        <SignInPanel email={email} onEmailError={onError} />
      ) : null}
    </section>
  );
}
