import { electronicFormatIBAN, friendlyFormatIBAN, isValidBIC, isValidIBAN } from "ibantools";

/** Where shoppers send bank transfers: the merchant's account, from config. */
export interface BankAccount {
  /** Electronic format (no spaces), validated. */
  iban: string;
  bic: string;
  accountName: string;
}

/** Checks and normalizes an IBAN (country format and check digits); undefined when it is not one. */
export function normalizeIban(text: string): string | undefined {
  const iban = electronicFormatIBAN(text);
  return iban && isValidIBAN(iban) ? iban : undefined;
}

export function isBic(text: string): boolean {
  return isValidBIC(text.toUpperCase());
}

/** "DE89 3704 0044 0532 0130 00": how an IBAN is printed for people. */
export function printableIban(iban: string): string {
  return friendlyFormatIBAN(iban) ?? iban;
}
