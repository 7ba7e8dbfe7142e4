import { useEffect, useState } from "react";
import { api } from "../api/client.ts";
import type { Address, Customer, SavedAddress } from "../api/types.ts";
import { SelectField } from "../components/field.tsx";

/** A saved address in one line, as the picker lists it. */
export function addressLine(a: Address): string {
  return [`${a.firstName} ${a.lastName}`, a.line1, a.city, a.region, a.postalCode, a.country]
    .filter(Boolean)
    .join(", ");
}

const sameAddress = (a: Address, b: Address) => addressLine(a) === addressLine(b) && a.line2 === b.line2;

/** The signed-in customer's saved addresses; empty for a guest or while loading. */
export function useSavedAddresses(customer: Customer | null | undefined): {
  addresses: SavedAddress[];
  /** Saves the address to the account unless it is there already; failures are not the shopper's problem. */
  remember(address: Address): Promise<void>;
} {
  const [addresses, setAddresses] = useState<SavedAddress[]>([]);
  useEffect(() => {
    if (!customer) {
      setAddresses([]);
      return;
    }
    let live = true;
    api.listSavedAddresses().then(
      (r) => live && setAddresses(r.addresses),
      () => live && setAddresses([]),
    );
    return () => {
      live = false;
    };
  }, [customer]);
  return {
    addresses,
    async remember(address) {
      if (!customer || addresses.some((s) => sameAddress(s.address, address))) return;
      await api.saveAddress(address).catch(() => undefined);
    },
  };
}

interface PickerProps {
  addresses: SavedAddress[];
  current: Address;
  onPick(address: Address): void;
}

/** Offers the account's addresses above the form; picking one fills (and saves) the form. */
export function SavedAddressPicker({ addresses, current, onPick }: PickerProps) {
  if (addresses.length === 0) return null;
  const selected = addresses.find((s) => sameAddress(s.address, current))?.id ?? "";
  return (
    <SelectField
      id="saved-address"
      label="Saved addresses"
      className="span-2"
      value={selected}
      onChange={(e) => {
        const picked = addresses.find((s) => s.id === e.target.value);
        if (picked) onPick(picked.address);
      }}
    >
      <option value="">Enter a new address</option>
      {addresses.map((s) => (
        <option key={s.id} value={s.id}>
          {addressLine(s.address)}
        </option>
      ))}
    </SelectField>
  );
}
