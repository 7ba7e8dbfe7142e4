import { useId, useRef, useState } from "react";
import { TextField } from "../components/field.tsx";
import { useAccount } from "../state/account.ts";
import { validateEmail } from "./validation.ts";

/** Mirrors the server's policy (customers/password.ts) so a short password is caught before sending. */
const minPasswordLength = 10;

/**
 * Optional sign-in inside the contact step: guests never have to open it. It is not a nested
 * <form> (the checkout is one), so Enter in the password field is handled here.
 */
export function SignInPanel({ email, onEmailError }: { email: string; onEmailError(message: string): void }) {
  const { signIn } = useAccount();
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<"sign_in" | "register">("sign_in");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const panelId = useId();

  const submit = async () => {
    const emailProblem = validateEmail(email);
    if (emailProblem) {
      onEmailError(emailProblem);
      return;
    }
    if (!password) return setError("Enter your password.");
    if (mode === "register" && password.length < minPasswordLength)
      return setError(`Use at least ${minPasswordLength} characters.`);
    setBusy(true);
    const message = await signIn(mode, email, password);
    setBusy(false);
    setError(message ?? undefined);
    if (message) passwordRef.current?.focus();
  };

  if (!open) {
    return (
      <p className="sign-in__prompt">
        Checking out as a guest.{" "}
        <button
          type="button"
          className="link-button"
          aria-expanded="false"
          aria-controls={panelId}
          onClick={() => {
            setOpen(true);
            requestAnimationFrame(() => passwordRef.current?.focus());
          }}
        >
          Sign in
        </button>{" "}
        or{" "}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setMode("register");
            setOpen(true);
            requestAnimationFrame(() => passwordRef.current?.focus());
          }}
        >
          create an account
        </button>{" "}
        for saved addresses and order history.
      </p>
    );
  }
  return (
    <fieldset id={panelId} className="sign-in" aria-busy={busy}>
      <legend>{mode === "sign_in" ? "Sign in to your account" : "Create an account"}</legend>
      <TextField
        id="account-password"
        label="Password"
        type="password"
        autoComplete={mode === "sign_in" ? "current-password" : "new-password"}
        value={password}
        error={error}
        inputRef={passwordRef}
        hint={
          mode === "register"
            ? `At least ${minPasswordLength} characters. Your email above is the account's name.`
            : "With the email above."
        }
        onChange={(e) => setPassword(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            void submit();
          }
        }}
      />
      <div className="sign-in__actions">
        <button type="button" className="button" disabled={busy} onClick={() => void submit()}>
          {busy ? "One moment…" : mode === "sign_in" ? "Sign in" : "Create account"}
        </button>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setMode(mode === "sign_in" ? "register" : "sign_in");
            setError(undefined);
          }}
        >
          {mode === "sign_in" ? "New here? Create an account" : "Have an account? Sign in"}
        </button>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setOpen(false);
            setError(undefined);
          }}
        >
          Continue as guest
        </button>
      </div>
    </fieldset>
  );
}
