import { isEuMemberState } from "./data/eu-vat-rates.ts";
import type { TaxInput } from "./tax-provider.ts";
import { checkVatId } from "./vat-id.ts";

export const reverseChargeNote =
  "Reverse charge: VAT to be accounted for by the recipient, Art. 196 Directive 2006/112/EC";

/**
 * Whether an EU B2B sale is reverse-charged: the buyer gives a well-formed VAT ID of a member
 * state other than the seller's, and the goods go to the EU. The seller's member state is its
 * own VAT ID's, else its country; a seller outside the EU without an EU VAT ID makes no
 * intra-community supply, so this rule does not apply to it.
 */
export function decideReverseCharge(input: TaxInput): { applies: boolean; note?: string } {
  if (!input.customerVatId) return { applies: false };
  const customer = checkVatId(input.customerVatId);
  if (!customer.valid) {
    return {
      applies: false,
      note: `VAT ID ${input.customerVatId} is not valid (${customer.reason}); VAT charged.`,
    };
  }
  const sellerId = input.seller.vatId ? checkVatId(input.seller.vatId) : undefined;
  const sellerState = sellerId?.valid ? sellerId.country : input.seller.country;
  const applies =
    isEuMemberState(sellerState) &&
    isEuMemberState(customer.country) &&
    isEuMemberState(input.destination.country) &&
    customer.country !== sellerState;
  return applies ? { applies, note: reverseChargeNote } : { applies };
}
