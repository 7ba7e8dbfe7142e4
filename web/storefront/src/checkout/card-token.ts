import { ApiProblem, api } from "../api/client.ts";
import type { CardToken } from "../api/types.ts";
import type { Banner } from "./place-order-panel.tsx";
import { asSentence, type CardField, type CardForm, type Errors, toCardInput } from "./validation.ts";

/** The tokenizer's field names → the form's field and its label. */
const cardFieldFromApi: Record<string, [CardField, string]> = {
  cardNumber: ["number", "Card number"],
  expMonth: ["expiry", "Expiry month"],
  expYear: ["expiry", "Expiry date"],
  cvc: ["cvc", "Security code"],
};

/** A token, or what to show instead: errors on the card's fields, or a banner when none fits. */
export type CardTokenResult =
  | { ok: true; token: CardToken }
  | { ok: false; fieldErrors?: Errors<CardField>; banner?: Banner };

/** Sends the card to the test processor's tokenizer (the only call that carries card data). */
export async function tokenizeCardForm(card: CardForm): Promise<CardTokenResult> {
  try {
    return { ok: true, token: await api.tokenizeCard(toCardInput(card)) };
  } catch (e) {
    if (e instanceof ApiProblem && e.problem.errors?.length) {
      const errors: Errors<CardField> = {};
      for (const [field, message] of Object.entries(e.fieldErrors())) {
        const entry = cardFieldFromApi[field];
        if (entry) errors[entry[0]] ??= asSentence(entry[1], message);
      }
      return Object.keys(errors).length > 0
        ? { ok: false, fieldErrors: errors }
        : {
            ok: false,
            fieldErrors: errors,
            banner: { tone: "error", title: "Check your card details", body: e.message },
          };
    }
    return {
      ok: false,
      banner: {
        tone: "error",
        title:
          e instanceof ApiProblem && e.status === 404
            ? "Card payments are not available right now"
            : "We couldn't check your card",
        body: e instanceof ApiProblem ? e.message : "Please try again.",
      },
    };
  }
}
